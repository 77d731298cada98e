import request from 'supertest';
import { PrintRunService } from '../src/cards/print-run.service.js';
import { RegisterService } from '../src/register/register.service.js';
import { addDays, osloDate } from '../src/reports/calendar-date.js';
import { ReportMaintenance } from '../src/reports/report-maintenance.js';
import { ReportsClock } from '../src/reports/reports-clock.js';
import { createInterpreter } from './factories/interpreter.factory.js';
import {
  addMessage,
  addReporterSession,
  closeReport,
  createReport,
  decide,
  notifyInterpreter,
  referCase,
  reopenReport,
} from './factories/report-case.factory.js';
import { createCitizenUser, createStaffUser, sessionFor } from './factories/user.factory.js';
import { reportMailAddress } from './setup/report-mail.js';
import { fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// The reports feature's jobs, each step run with ReportMaintenance.run(now)
// at chosen times: exclusions ending by the clock, retention deletion,
// receipt expiry, reporter sessions, deadline reminders (each once).

const DAY = 86_400_000;

/** Noon in Oslo on this date: far from midnight, so the Oslo date is the date. */
function noon(date: string): Date {
  return new Date(`${date}T11:00:00Z`);
}

describe('Report maintenance', () => {
  let t: TestApp;
  let jobs: ReportMaintenance;
  let clock: ReportsClock;
  let handler: string;
  let mailless: string;

  const api = () => request(t.server);

  async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const [row]: Array<{ n: number }> = await t.owner.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
      params,
    );
    return row.n;
  }

  beforeAll(async () => {
    t = await startTestApp();
    jobs = t.app.get(ReportMaintenance);
    clock = t.app.get(ReportsClock);
    handler = await createStaffUser(t.dataSource, 'handler-1', 'Siri Saksbehandler', [
      'case_handler',
    ]);
    await t.dataSource.query(`UPDATE users SET email = 'siri@imdi.example' WHERE id = $1`, [
      handler,
    ]);
    mailless = await createStaffUser(t.dataSource, 'handler-2', 'Per Utenpost', ['case_handler']);
  });

  afterEach(() => clock.reset());

  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  it('ends an exclusion for a period on its end date: searchable and the card valid again', async () => {
    const person = await createInterpreter(t.dataSource, {
      givenName: 'Ulrikke',
      familyName: 'Utestengt',
      entries: [{ language: 'ara', category: 'A' }],
    });
    const [card] = await t.app.get(PrintRunService).printRun({
      interpreterNumber: person.interpreterNumber,
    });
    const token = card.verificationUrl.split('/v/')[1];
    const today = osloDate(new Date());
    const endsOn = addDays(today, 30);
    const report = await createReport(t, { interpreterId: person.id, status: 'decided' });
    const listed = async (): Promise<number> =>
      (await api().get(`/api/interpreters?q=${person.interpreterNumber}`).expect(200)).body.items
        .length as number;
    const cardStatus = async (): Promise<string> =>
      (await api().get(`/api/cards/verify/${token}`).expect(200)).body.status as string;
    expect(await listed()).toBe(1);
    expect(await cardStatus()).toBe('valid');
    const register = t.app.get(RegisterService);
    await t.dataSource.transaction((em) =>
      register.restrict(em, {
        interpreterId: person.id,
        reportId: report.id,
        kind: 'period',
        startsOn: today,
        endsOn,
        createdBy: handler,
      }),
    );
    expect(await listed()).toBe(0);
    expect(await cardStatus()).toBe('suspended');

    // The day before: nothing ends.
    let done = await jobs.run(noon(addDays(endsOn, -1)));
    expect(done.restrictionsEnded).toBe(0);
    expect(await cardStatus()).toBe('suspended');

    // On the end date: back in the register.
    done = await jobs.run(noon(endsOn));
    expect(done.restrictionsEnded).toBe(1);
    expect(await listed()).toBe(1);
    expect(await cardStatus()).toBe('valid');
    expect(
      await count(
        'report_events',
        `report_id = $1 AND kind = 'restriction_ended' AND visible_to_interpreter`,
        [report.id],
      ),
    ).toBe(1);
    const [audit]: Array<{ actor_type: string; subject_id: string; details: { kind: string } }> =
      await t.owner.query(
        `SELECT actor_type, subject_id, details FROM audit_events WHERE action = 'register.restriction_ended'`,
      );
    expect(audit).toMatchObject({ actor_type: 'system', subject_id: person.id });
    expect(audit.details.kind).toBe('period');

    // Running again ends nothing twice.
    expect((await jobs.run(noon(addDays(endsOn, 1)))).restrictionsEnded).toBe(0);
  });

  it('deletes a closed report after the retention period; reopening restarts the clock; facts, sanctions and restrictions stay', async () => {
    const person = await createInterpreter(t.dataSource, {
      entries: [{ language: 'pol', category: 'B' }],
    });
    const report = await createReport(t, {
      interpreterId: person.id,
      reporter: {
        name: 'Rita Reporter',
        email: 'rita@example.org',
        phone: null,
        organisation: null,
      },
      status: 'investigating',
      assignedTo: handler,
    });
    await addMessage(t, report.id, { channel: 'reporter', author: 'reporter', text: 'hello' });
    await addReporterSession(t, report.id, new Date(Date.now() + DAY));
    await decide(t, report.id, {
      outcome: 'warning',
      decidedBy: handler,
      interpreterId: person.id,
      reasons: 'reasons',
    });
    await t.dataSource.transaction((em) =>
      t.app.get(RegisterService).restrict(em, {
        interpreterId: person.id,
        reportId: report.id,
        kind: 'temporary',
        startsOn: osloDate(new Date()),
        endsOn: addDays(osloDate(new Date()), 5000),
        createdBy: handler,
      }),
    );
    const firstDate = addDays(osloDate(new Date()), 730);
    await closeReport(t, report.id, { deleteAfter: firstDate });

    // Reopened (a careless reopening even leaves the old date): never deleted while open.
    await reopenReport(t, report.id, true);
    expect((await jobs.run(noon(addDays(firstDate, 1)))).reportsDeleted).toBe(0);
    expect(await count('reports', 'id = $1', [report.id])).toBe(1);

    // Closed again later: the new date counts.
    const secondDate = addDays(firstDate, 100);
    await closeReport(t, report.id, { deleteAfter: secondDate });
    expect((await jobs.run(noon(addDays(secondDate, -1)))).reportsDeleted).toBe(0);
    expect(await count('reports', 'id = $1', [report.id])).toBe(1);

    const done = await jobs.run(noon(secondDate));
    expect(done.reportsDeleted).toBe(1);
    expect(await count('reports', 'id = $1', [report.id])).toBe(0);
    for (const table of [
      'report_messages',
      'report_events',
      'report_decisions',
      'report_sessions',
    ]) {
      expect(await count(table, 'report_id = $1', [report.id])).toBe(0);
    }
    // What outlives the report, unlinked.
    expect(await count('report_facts', 'report_id IS NULL')).toBe(1);
    expect(
      await count('interpreter_sanctions', `interpreter_id = $1 AND report_id IS NULL`, [
        person.id,
      ]),
    ).toBe(1);
    expect(
      await count('register_restrictions', `interpreter_id = $1 AND report_id IS NULL`, [
        person.id,
      ]),
    ).toBe(1);
    const audits: Array<{ subject_id: string; details: object }> = await t.owner.query(
      `SELECT subject_id, details FROM audit_events WHERE action = 'report.deleted'`,
    );
    expect(audits).toEqual([{ subject_id: report.id, details: { caseNumber: report.caseNumber } }]);

    // The interpreter still sees the sanction and the restriction, without the case.
    const userId = await createCitizenUser(t.dataSource, person.nationalId, person.name);
    const headers = fromOurPages(`tr_session=${await sessionFor(t, userId, 'idporten')}`);
    const mine = await api().get('/api/me/report-cases').set(headers).expect(200);
    expect(mine.body.sanctions).toEqual([
      expect.objectContaining({ kind: 'warning', caseNumber: null }),
    ]);
    expect(mine.body.restrictions).toEqual([
      expect.objectContaining({ kind: 'temporary', ended: false }),
    ]);
  });

  it('ends receipt access after the reporter’s inactivity, counted from their last use or the closing', async () => {
    const start = noon('2030-03-01');
    const days = 180;
    const inactive = await createReport(t, {
      status: 'closed',
      receivedAt: start,
      reporterActiveAt: start,
      closedAt: new Date(start.getTime() + 10 * DAY),
    });
    const session = await addReporterSession(t, inactive.id, new Date(start.getTime() + 400 * DAY));
    // The reporter wrote recently: keeps access.
    const active = await createReport(t, {
      status: 'closed',
      receivedAt: start,
      reporterActiveAt: new Date(start.getTime() + 150 * DAY),
      closedAt: new Date(start.getTime() + 10 * DAY),
    });
    // Closed recently: the reporter can still read the outcome.
    const closedLate = await createReport(t, {
      status: 'closed',
      receivedAt: start,
      reporterActiveAt: start,
      closedAt: new Date(start.getTime() + 150 * DAY),
    });
    // Still open: access stays whatever the inactivity.
    const open = await createReport(t, { status: 'investigating', receivedAt: start });

    const done = await jobs.run(new Date(start.getTime() + (days + 11) * DAY));
    expect(done.receiptsExpired).toBe(1);
    const codes: Array<{ id: string; has: boolean }> = await t.owner.query(
      `SELECT id, receipt_index IS NOT NULL AND receipt_hash IS NOT NULL AS has FROM reports
        WHERE id = ANY($1::uuid[])`,
      [[inactive.id, active.id, closedLate.id, open.id]],
    );
    const has = Object.fromEntries(codes.map((c) => [c.id, c.has]));
    expect(has).toEqual({
      [inactive.id]: false,
      [active.id]: true,
      [closedLate.id]: true,
      [open.id]: true,
    });
    expect(await count('report_sessions', 'token_hash = $1', [session])).toBe(0);
    const [audit]: Array<{ details: object }> = await t.owner.query(
      `SELECT details FROM audit_events WHERE action = 'report.receipt_expired' AND subject_id = $1`,
      [inactive.id],
    );
    expect(audit.details).toEqual({ caseNumber: inactive.caseNumber });
    // Once is enough.
    expect((await jobs.run(new Date(start.getTime() + (days + 12) * DAY))).receiptsExpired).toBe(0);
  });

  it('deletes expired reporter sessions and keeps live ones', async () => {
    const report = await createReport(t, { status: 'investigating' });
    const now = noon('2031-01-01');
    const expired = await addReporterSession(t, report.id, new Date(now.getTime() - 1000));
    const live = await addReporterSession(t, report.id, new Date(now.getTime() + 60_000));
    const done = await jobs.run(now);
    expect(done.sessionsDeleted).toBeGreaterThanOrEqual(1);
    expect(await count('report_sessions', 'token_hash = $1', [expired])).toBe(0);
    expect(await count('report_sessions', 'token_hash = $1', [live])).toBe(1);
  });

  describe('deadline reminders', () => {
    async function reminders(caseNumber: string): Promise<Array<{ which: string; to: string }>> {
      const rows: Array<{
        id: string;
        to_address: string | null;
        to_sealed: Buffer | null;
        params: Record<string, string>;
      }> = await t.owner.query(
        `SELECT id, to_address, to_sealed, params FROM notifications
            WHERE template = 'report_deadline_reminder' AND params->>'caseNumber' = $1
            ORDER BY created_at, id`,
        [caseNumber],
      );
      return rows.map((r) => ({ which: r.params.which, to: reportMailAddress(t, r) }));
    }

    it('reminds the handler of the acknowledgement 2 days ahead and once overdue, each once', async () => {
      const received = noon('2032-05-03');
      const report = await createReport(t, {
        status: 'received',
        receivedAt: received,
        assignedTo: handler,
        feedbackAt: received,
      });
      // Acknowledge by 2032-05-10. On the 7th: too early.
      expect((await jobs.run(noon('2032-05-07'))).remindersSent).toBe(0);
      // On the 8th: due within 2 days.
      await jobs.run(noon('2032-05-08'));
      await jobs.run(noon('2032-05-09'));
      expect(await reminders(report.caseNumber)).toEqual([
        { which: 'acknowledge', to: 'siri@imdi.example' },
      ]);
      // The last day itself is not overdue; the day after is, once.
      await jobs.run(noon('2032-05-10'));
      await jobs.run(noon('2032-05-11'));
      await jobs.run(noon('2032-05-20'));
      expect(await reminders(report.caseNumber)).toHaveLength(2);
      const kinds: Array<{ kind: string }> = await t.owner.query(
        `SELECT kind FROM report_events WHERE report_id = $1 ORDER BY id`,
        [report.id],
      );
      expect(kinds.map((k) => k.kind)).toEqual([
        'reminder:acknowledge:due',
        'reminder:acknowledge:overdue',
      ]);
      // The mail names the case and the date, nothing of the report.
      const [mail]: Array<{ body: string }> = await t.owner.query(
        `SELECT body FROM notifications WHERE params->>'caseNumber' = $1 LIMIT 1`,
        [report.caseNumber],
      );
      expect(mail.body).toContain(report.caseNumber);
      expect(mail.body).toContain('2032-05-10');
    });

    it('reminds of feedback 14 days ahead, the interpreter’s reply and the advice 2 days ahead', async () => {
      const person = await createInterpreter(t.dataSource, {
        entries: [{ language: 'som', category: 'C' }],
      });
      const received = noon('2033-01-10');
      const report = await createReport(t, {
        interpreterId: person.id,
        status: 'investigating',
        receivedAt: received,
        acknowledgedAt: received,
        assignedTo: handler,
      });
      await notifyInterpreter(t, report.id, { replyBy: '2033-02-01', at: received });
      await referCase(t, report.id, {
        referredBy: handler,
        question: 'question',
        adviceBy: '2033-02-20',
        at: received,
      });
      // Feedback by 2033-04-10: 14 days ahead is 2033-03-27.
      await jobs.run(noon('2033-01-29'));
      expect(await reminders(report.caseNumber)).toEqual([]);
      await jobs.run(noon('2033-01-30'));
      expect((await reminders(report.caseNumber)).map((r) => r.which)).toEqual([
        'interpreter_reply',
      ]);
      // The interpreter answers: no overdue reminder for the reply.
      await addMessage(t, report.id, {
        channel: 'interpreter',
        author: 'interpreter',
        authorUserId: handler,
        text: 'my side',
        at: noon('2033-01-31'),
      });
      await jobs.run(noon('2033-02-18'));
      await jobs.run(noon('2033-02-25'));
      await jobs.run(noon('2033-03-27'));
      expect((await reminders(report.caseNumber)).map((r) => r.which)).toEqual([
        'interpreter_reply',
        'advice',
        'advice',
        'feedback',
      ]);
    });

    it('sends nothing without a staff e-mail, and nothing twice when nodes run together', async () => {
      const received = noon('2034-06-01');
      const noMail = await createReport(t, {
        status: 'received',
        receivedAt: received,
        assignedTo: mailless,
        feedbackAt: received,
      });
      const withMail = await createReport(t, {
        status: 'received',
        receivedAt: received,
        assignedTo: handler,
        feedbackAt: received,
      });
      const at = noon('2034-06-07');
      await Promise.all([jobs.run(at), jobs.run(at), jobs.run(at)]);
      expect(await reminders(noMail.caseNumber)).toEqual([]);
      expect(await reminders(withMail.caseNumber)).toHaveLength(1);
      // Once the handler has an e-mail, the reminder follows.
      await t.dataSource.query(`UPDATE users SET email = 'per@imdi.example' WHERE id = $1`, [
        mailless,
      ]);
      await jobs.run(at);
      expect(await reminders(noMail.caseNumber)).toEqual([
        { which: 'acknowledge', to: 'per@imdi.example' },
      ]);
    });
  });
});
