import request from 'supertest';
import { SYSTEM } from '../src/audit/actor.js';
import { NotificationsService } from '../src/notifications/notifications.service.js';
import { PrintRunService } from '../src/cards/print-run.service.js';
import { RegisterService } from '../src/register/register.service.js';
import { addDays, osloDate } from '../src/reports/calendar-date.js';
import { ReportsClock } from '../src/reports/reports-clock.js';
import {
  createInterpreter,
  type CreatedInterpreter,
  type EntrySpec,
} from './factories/interpreter.factory.js';
import { committeeAdvises, createReport, interpreterReplies } from './factories/report.factory.js';
import { createCitizenUser, staffSession } from './factories/user.factory.js';
import { reportMailAddress } from './setup/report-mail.js';
import { fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// The case handler's side of reports about interpreters (issue #11), through
// the JSON API: the queue, taking a case, every step, the refusals, the
// sanctions reaching the register at once, and the escalation rule.

interface Staff {
  userId: string;
  headers: Record<string, string>;
}

const SECRET_TEXT = 'Zebra-7731 said the patient’s diagnosis aloud in the waiting room.';

describe('Report cases (case handler)', () => {
  let t: TestApp;
  let clock: ReportsClock;
  let handler: Staff;
  let other: Staff;
  let staffCount = 0;

  const api = () => request(t.server);

  async function staff(name: string, roles: Array<'case_handler'> = ['case_handler']) {
    const { userId, session } = await staffSession(t, `rc-${++staffCount}`, name, roles);
    return { userId, headers: fromOurPages(`tr_session=${session}`) };
  }

  async function interpreter(
    entries: EntrySpec[] = [{ language: 'ara', category: 'D' }],
  ): Promise<CreatedInterpreter & { userId: string }> {
    const person = await createInterpreter(t.dataSource, { entries });
    const userId = await createCitizenUser(t.dataSource, person.nationalId, person.name);
    return { ...person, userId };
  }

  async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const [row]: Array<{ n: number }> = await t.owner.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
      params,
    );
    return row.n;
  }

  const post = (who: Staff, path: string, body: object = {}) =>
    api().post(`/api/report-cases${path}`).set(who.headers).send(body);
  const put = (who: Staff, path: string, body: object) =>
    api().put(`/api/report-cases${path}`).set(who.headers).send(body);
  const get = (who: Staff, path: string) => api().get(`/api/report-cases${path}`).set(who.headers);

  /** A report about `person`, taken, acknowledged, redacted and with the interpreter told and heard. */
  async function heardCase(
    person: CreatedInterpreter & { userId: string },
    who: Staff = handler,
  ): Promise<string> {
    const { id } = await createReport(t, { interpreterId: person.id, text: SECRET_TEXT });
    await post(who, `/${id}/take`, { conflicted: false }).expect(204);
    await post(who, `/${id}/acknowledge`).expect(204);
    await put(who, `/${id}/redacted`, {
      text: 'A patient’s health was discussed in public.',
    }).expect(204);
    await post(who, `/${id}/notify-interpreter`).expect(200);
    await interpreterReplies(t, id, person.userId, 'I did not say that.');
    return id;
  }

  const warning = (who: Staff, id: string, extra: object = {}) =>
    post(who, `/${id}/decision`, { outcome: 'warning', reasons: 'Breach of § 15.', ...extra });

  async function cardStatus(token: string): Promise<string> {
    const res = await api().get(`/api/cards/verify/${token}`).expect(200);
    return res.body.status as string;
  }

  async function listed(person: CreatedInterpreter): Promise<boolean> {
    const res = await api()
      .get(`/api/interpreters?q=${encodeURIComponent(person.name)}&pageSize=100`)
      .expect(200);
    return (res.body.items as Array<{ interpreterNumber: number }>).some(
      (i) => i.interpreterNumber === person.interpreterNumber,
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(ReportsClock);
    handler = await staff('Hanne Handler');
    other = await staff('Otto Other');
  });

  afterEach(() => clock.reset());

  afterAll(async () => {
    await t?.close();
  });

  describe('the queue', () => {
    it('lists reports with their deadlines and the interpreter, never their content', async () => {
      const person = await interpreter();
      const { id, caseNumber } = await createReport(t, {
        interpreterId: person.id,
        text: SECRET_TEXT,
      });
      const res = await get(handler, '?status=received&pageSize=100').expect(200);
      expect(res.headers['cache-control']).toContain('no-store');
      const item = res.body.items.find((i: { id: string }) => i.id === id);
      expect(item).toMatchObject({
        caseNumber,
        kind: 'report',
        status: 'received',
        duties: ['confidentiality'],
        assignedTo: null,
        interpreter: { interpreterNumber: person.interpreterNumber, name: person.name },
        overdue: false,
      });
      const today = osloDate(clock.now());
      expect(item.deadlines).toEqual([
        { which: 'acknowledge', date: addDays(today, 7), overdue: false, dueSoon: true },
        expect.objectContaining({ which: 'feedback', overdue: false, dueSoon: false }),
      ]);
      expect(JSON.stringify(res.body)).not.toContain('Zebra');
    });

    it('flags overdue cases by the clock and lists them first with due=overdue', async () => {
      const { id } = await createReport(t);
      clock.travel(8);
      const res = await get(handler, '?due=overdue&pageSize=100').expect(200);
      const item = res.body.items.find((i: { id: string }) => i.id === id);
      expect(item.overdue).toBe(true);
      expect(item.deadlines[0]).toMatchObject({ which: 'acknowledge', overdue: true });
      expect(res.body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
      const soon = await get(handler, '?due=soon&pageSize=100').expect(200);
      expect(soon.body.items.some((i: { id: string }) => i.id === id)).toBe(false);
    });

    it('pages, with a largest page size, and refuses a filter it does not know', async () => {
      await get(handler, '?pageSize=101').expect(400);
      await get(handler, '?status=lost').expect(400);
      await get(handler, '?due=yesterday').expect(400);
      const res = await get(handler, '?pageSize=1&page=2').expect(200);
      expect(res.body).toMatchObject({ page: 2, pageSize: 1 });
      expect(res.body.total).toBeGreaterThanOrEqual(2);
    });

    it('is for case handlers only', async () => {
      await api().get('/api/report-cases').expect(401);
      const admin = await staffSession(t, 'rc-admin', 'Ada Admin', ['administrator']);
      await api()
        .get('/api/report-cases')
        .set(fromOurPages(`tr_session=${admin.session}`))
        .expect(403);
    });
  });

  describe('taking a case', () => {
    it('a declared conflict is recorded and the case refused; another handler takes it', async () => {
      const { id } = await createReport(t);
      const res = await post(other, `/${id}/take`, {
        conflicted: true,
        statement: 'My cousin.',
      }).expect(409);
      expect(res.body.code).toBe('CONFLICT_OF_INTEREST');
      expect(await count('report_conflicts', 'report_id = $1 AND conflicted', [id])).toBe(1);
      expect(await count('reports', 'id = $1 AND assigned_to IS NULL', [id])).toBe(1);
      // A later "no conflict" does not undo the declaration.
      await post(other, `/${id}/take`, { conflicted: false }).expect(409);
      await post(handler, `/${id}/take`, { conflicted: false }).expect(204);
      const taken = await post(other, `/${id}/take`, { conflicted: false }).expect(409);
      expect(taken.body.code).toBe('CASE_ALREADY_ASSIGNED');
      const view = await get(handler, `/${id}`).expect(200);
      expect(view.body.conflicts).toEqual([
        expect.objectContaining({ name: 'Otto Other', conflicted: true, statement: 'My cousin.' }),
        expect.objectContaining({ name: 'Hanne Handler', conflicted: false, statement: null }),
      ]);
      // The statement is stored sealed.
      const [row]: Array<{ s: Buffer }> = await t.owner.query(
        `SELECT statement_sealed AS s FROM report_conflicts WHERE report_id = $1 AND conflicted`,
        [id],
      );
      expect(row.s.toString('latin1')).not.toContain('cousin');
    });

    it('a report about the handler themselves is refused (OWN_CASE), nothing written', async () => {
      const person = await interpreter();
      const self = await staff('Ivar Interpreter-Handler');
      await t.owner.query(`UPDATE users SET own_national_id = $2 WHERE id = $1`, [
        self.userId,
        person.nationalId,
      ]);
      const { id } = await createReport(t, { interpreterId: person.id });
      const res = await post(self, `/${id}/take`, { conflicted: false }).expect(403);
      expect(res.body.code).toBe('OWN_CASE');
      expect(await count('report_conflicts', 'report_id = $1', [id])).toBe(0);
      // Nor can it become theirs by identifying the interpreter later.
      const unnamed = await createReport(t);
      await post(self, `/${unnamed.id}/take`, { conflicted: false }).expect(204);
      const identify = await put(self, `/${unnamed.id}/interpreter`, {
        interpreterNumber: person.interpreterNumber,
      }).expect(403);
      expect(identify.body.code).toBe('OWN_CASE');
    });

    it('a handler whose own identity number is not recorded cannot take a report, nothing written', async () => {
      const { id } = await createReport(t);
      const unknown = await staff('Ukjent Identitet');
      await t.owner.query(`UPDATE users SET own_national_id = NULL WHERE id = $1`, [
        unknown.userId,
      ]);
      const res = await post(unknown, `/${id}/take`, { conflicted: false }).expect(409);
      expect(res.body.code).toBe('IDENTITY_NOT_RECORDED');
      expect(await count('report_conflicts', 'report_id = $1', [id])).toBe(0);
      expect(await count('reports', 'id = $1 AND assigned_to IS NULL', [id])).toBe(1);
    });

    it('of 20 concurrent takes exactly one wins', async () => {
      const { id } = await createReport(t);
      const handlers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => staff(`Concurrent ${i}`)),
      );
      const results = await Promise.all(
        handlers.map((h) => post(h, `/${id}/take`, { conflicted: false })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 204)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      expect(await count('report_events', `report_id = $1 AND kind = 'assigned'`, [id])).toBe(1);
      expect(await count('report_conflicts', 'report_id = $1', [id])).toBe(1);
    });

    it('bad input writes nothing', async () => {
      const { id } = await createReport(t);
      await post(handler, `/${id}/take`, {}).expect(400);
      await post(handler, `/${id}/take`, { conflicted: 'no' }).expect(400);
      await post(handler, `/${id}/take`, { conflicted: false, statement: 'x'.repeat(2001) }).expect(
        400,
      );
      await post(handler, `/00000000-0000-4000-8000-000000000000/take`, {
        conflicted: false,
      }).expect(404);
      expect(await count('report_conflicts', 'report_id = $1', [id])).toBe(0);
    });
  });

  describe('reading a case', () => {
    it('a handler not assigned gets 403 NOT_ASSIGNED and nothing of the case', async () => {
      const { id, caseNumber } = await createReport(t, {
        text: SECRET_TEXT,
        reporter: {
          name: 'Rita Reporter',
          email: 'rita@example.org',
          phone: null,
          organisation: null,
        },
      });
      await post(handler, `/${id}/take`, { conflicted: false }).expect(204);
      const res = await get(other, `/${id}`).expect(403);
      expect(res.body.code).toBe('NOT_ASSIGNED');
      const body = JSON.stringify(res.body);
      for (const secret of ['Zebra', 'Rita', caseNumber]) expect(body).not.toContain(secret);
      // Nor any step, nor its files.
      await post(other, `/${id}/acknowledge`).expect(403);
      await post(other, `/${id}/messages`, { channel: 'internal', text: 'x' }).expect(403);
      await get(other, `/${id}/letter.pdf`).expect(403);
      expect(await count('report_events', `report_id = $1 AND kind = 'acknowledged'`, [id])).toBe(
        0,
      );
    });

    it('the assigned handler sees everything, and the read is audited without content', async () => {
      const { id } = await createReport(t, {
        text: SECRET_TEXT,
        reporter: {
          name: 'Rita Reporter',
          email: null,
          phone: '+47 900 00 000',
          organisation: 'OUS',
        },
        attachments: [
          { name: 'notat.pdf', mediaType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 x') },
        ],
      });
      await post(handler, `/${id}/take`, { conflicted: false }).expect(204);
      const res = await get(handler, `/${id}`).expect(200);
      expect(res.headers['cache-control']).toContain('no-store');
      expect(res.body).toMatchObject({
        status: 'received',
        anonymous: false,
        reporter: { name: 'Rita Reporter', organisation: 'OUS' },
        content: { text: SECRET_TEXT, place: 'Ward 4' },
        redacted: null,
        interpreter: null,
        attachments: [{ name: 'notat.pdf', mediaType: 'application/pdf', channel: 'reporter' }],
      });
      const file = await get(handler, `/${id}/attachments/${res.body.attachments[0].id}`).expect(
        200,
      );
      expect(file.headers['content-disposition']).toMatch(/^attachment/);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.headers['content-security-policy']).toContain('sandbox');
      expect(file.body.toString()).toBe('%PDF-1.4 x');
      const audits: Array<{ action: string; details: unknown }> = await t.owner.query(
        `SELECT action, details FROM audit_events WHERE subject_id = $1 ORDER BY seq`,
        [id],
      );
      expect(audits.map((a) => a.action)).toEqual([
        'report.conflict_declared',
        'report.assigned',
        'report.read',
        'report.attachment_read',
      ]);
      const trail = JSON.stringify(audits);
      for (const secret of ['Zebra', 'Rita', 'notat', '900 00'])
        expect(trail).not.toContain(secret);
    });
  });

  describe('the steps', () => {
    it('acknowledge, ask the reporter, note, request a public body: sealed, with events and mail', async () => {
      const named = await createReport(t, {
        reporter: {
          name: 'Nora Named',
          email: 'nora@example.org',
          phone: null,
          organisation: null,
        },
      });
      const anonymous = await createReport(t);
      for (const r of [named, anonymous]) {
        await post(handler, `/${r.id}/take`, { conflicted: false }).expect(204);
        await post(handler, `/${r.id}/acknowledge`).expect(204);
        await post(handler, `/${r.id}/messages`, {
          channel: 'reporter',
          text: 'Which ward, Zebra?',
        }).expect(201);
      }
      const again = await post(handler, `/${named.id}/acknowledge`).expect(409);
      expect(again.body.code).toBe('CASE_STATE_CONFLICT');
      await post(handler, `/${named.id}/messages`, {
        channel: 'internal',
        text: 'Check the rota.',
      }).expect(201);
      await post(handler, `/${named.id}/messages`, {
        channel: 'public_body',
        publicBody: 'Oslo universitetssykehus',
        text: 'Please send the booking.',
        dueOn: '2030-01-31',
      }).expect(201);
      await post(handler, `/${named.id}/messages`, {
        channel: 'public_body',
        text: 'No body named.',
      }).expect(400);
      await post(handler, `/${named.id}/messages`, { channel: 'committee', text: 'x' }).expect(400);
      await post(handler, `/${named.id}/messages`, {
        channel: 'internal',
        text: 'x'.repeat(10_001),
      }).expect(400);
      const notTold = await post(handler, `/${named.id}/messages`, {
        channel: 'interpreter',
        text: 'x',
      }).expect(409);
      expect(notTold.body.code).toBe('INTERPRETER_NOT_NOTIFIED');

      const view = await get(handler, `/${named.id}`).expect(200);
      expect(view.body.status).toBe('investigating');
      expect(view.body.acknowledgedAt).not.toBeNull();
      expect(view.body.feedbackAt).not.toBeNull();
      expect(view.body.messages).toEqual([
        expect.objectContaining({
          channel: 'reporter',
          text: 'Which ward, Zebra?',
          authorName: 'Hanne Handler',
        }),
        expect.objectContaining({ channel: 'internal', text: 'Check the rota.' }),
        expect.objectContaining({
          channel: 'public_body',
          publicBody: 'Oslo universitetssykehus',
          text: 'Please send the booking.',
          dueOn: '2030-01-31',
        }),
      ]);
      expect(
        view.body.events
          .filter((e: { visibleToReporter: boolean }) => e.visibleToReporter)
          .map((e: { kind: string }) => e.kind),
      ).toEqual(['received', 'acknowledged', 'message_to_reporter']);
      expect(
        await count('report_facts', 'report_id = $1 AND acknowledged_on IS NOT NULL', [named.id]),
      ).toBe(1);

      // The named reporter is told there is news, never what; the anonymous one gets nothing.
      const mails: Array<{
        id: string;
        to_address: string | null;
        to_sealed: Buffer | null;
        body: string;
      }> = await t.owner.query(
        `SELECT id, to_address, to_sealed, body FROM notifications WHERE template = 'report_reporter_news'`,
      );
      expect(mails).toHaveLength(1);
      // The address is part of the reporter's identity: sealed in the outbox, never in clear.
      expect(reportMailAddress(t, mails[0])).toBe('nora@example.org');
      expect(mails[0].body).not.toContain('Zebra');
      expect(mails[0].body).not.toContain(named.caseNumber);
      // An administrator reading the outbox sees neither the address nor the text.
      const outbox = await t.app.get(NotificationsService).latest(SYSTEM);
      const shown = outbox.find((m) => m.id === mails[0].id)!;
      expect(shown).toMatchObject({ to: null, body: null });
      expect(JSON.stringify(outbox)).not.toContain('nora@example.org');
      // Only ciphertext in the table.
      const bodies: Array<{ b: Buffer }> = await t.owner.query(
        `SELECT body_sealed AS b FROM report_messages WHERE report_id = $1`,
        [named.id],
      );
      for (const b of bodies) expect(b.b.toString('latin1')).not.toMatch(/Zebra|rota|booking/);
    });

    it('identifies the interpreter, redacts, tells the interpreter with a reply date and a mail', async () => {
      const person = await interpreter();
      const { id } = await createReport(t, { text: SECRET_TEXT });
      await post(handler, `/${id}/take`, { conflicted: false }).expect(204);
      await post(handler, `/${id}/acknowledge`).expect(204);
      const unknown = await put(handler, `/${id}/interpreter`, {
        interpreterNumber: 99_999_999,
      }).expect(400);
      expect(unknown.body.errors[0].field).toBe('interpreterNumber');
      const early = await post(handler, `/${id}/notify-interpreter`).expect(409);
      expect(early.body.code).toBe('INTERPRETER_NOT_IDENTIFIED');
      await put(handler, `/${id}/interpreter`, {
        interpreterNumber: person.interpreterNumber,
      }).expect(204);
      const unredacted = await post(handler, `/${id}/notify-interpreter`).expect(409);
      expect(unredacted.body.code).toBe('NOT_REDACTED');
      await put(handler, `/${id}/redacted`, { text: '' }).expect(400);
      // The account as it came is not a redaction, unless the handler says nothing in it identifies anyone.
      const unchanged = await put(handler, `/${id}/redacted`, { text: ` ${SECRET_TEXT} ` }).expect(
        400,
      );
      expect(unchanged.body.code).toBe('REDACTION_UNCHANGED');
      expect(await count('reports', 'id = $1 AND redacted_sealed IS NULL', [id])).toBe(1);
      await put(handler, `/${id}/redacted`, { text: SECRET_TEXT, nothingIdentifying: true }).expect(
        204,
      );
      expect(await count('reports', 'id = $1 AND redacted_sealed IS NOT NULL', [id])).toBe(1);
      await put(handler, `/${id}/redacted`, { text: 'A patient’s health was discussed.' }).expect(
        204,
      );
      await post(handler, `/${id}/notify-interpreter`, { replyBy: osloDate(clock.now()) }).expect(
        400,
      );
      const told = await post(handler, `/${id}/notify-interpreter`).expect(200);
      expect(told.body.replyBy).toBe(addDays(osloDate(clock.now()), 21));
      await post(handler, `/${id}/notify-interpreter`).expect(409);
      await put(handler, `/${id}/interpreter`, {
        interpreterNumber: person.interpreterNumber,
      }).expect(409);
      const view = await get(handler, `/${id}`).expect(200);
      expect(view.body).toMatchObject({
        redacted: 'A patient’s health was discussed.',
        interpreter: { interpreterNumber: person.interpreterNumber, name: person.name },
        interpreterReplyBy: told.body.replyBy,
        interpreterHeard: false,
      });
      expect(view.body.deadlines.map((d: { which: string }) => d.which)).toContain(
        'interpreter_reply',
      );
      const mails: Array<{ body: string }> = await t.owner.query(
        `SELECT body FROM notifications WHERE template = 'report_interpreter_notified'`,
      );
      expect(mails).toHaveLength(1);
      expect(mails[0].body).toContain(told.body.replyBy);
      expect(mails[0].body).not.toMatch(/Zebra|patient/);
      // The interpreter channel is open now.
      await post(handler, `/${id}/messages`, {
        channel: 'interpreter',
        text: 'Your side, please.',
      }).expect(201);
    });

    it('a sanction waits for the interpreter to be heard: a reply, or the reply date passed', async () => {
      const person = await interpreter();
      const { id } = await createReport(t, { interpreterId: person.id });
      await post(handler, `/${id}/take`, { conflicted: false }).expect(204);
      await post(handler, `/${id}/acknowledge`).expect(204);
      let res = await warning(handler, id).expect(409);
      expect(res.body.code).toBe('INTERPRETER_NOT_HEARD');
      await put(handler, `/${id}/redacted`, { text: 'Redacted.' }).expect(204);
      await post(handler, `/${id}/notify-interpreter`).expect(200);
      res = await warning(handler, id).expect(409);
      expect(res.body.code).toBe('INTERPRETER_NOT_HEARD');
      clock.travel(22);
      await warning(handler, id).expect(200);
    });

    it('refers to the committee (one referral at a time) and shows its advice; deciding closes the referral', async () => {
      const person = await interpreter();
      const member = await staff('Mona Member');
      const id = await heardCase(person);
      const adviceBy = addDays(osloDate(clock.now()), 14);
      const { id: fresh } = await createReport(t);
      await post(handler, `/${fresh}/take`, { conflicted: false }).expect(204);
      await post(handler, `/${fresh}/acknowledge`).expect(204);
      const unredacted = await post(handler, `/${fresh}/referral`, {
        question: 'Q?',
        adviceBy,
      }).expect(409);
      expect(unredacted.body.code).toBe('NOT_REDACTED');
      await post(handler, `/${id}/referral`, {
        question: 'Warning?',
        adviceBy: osloDate(clock.now()),
      }).expect(400);
      await post(handler, `/${id}/referral`, { question: 'Warning or guidance?', adviceBy }).expect(
        204,
      );
      await post(handler, `/${id}/referral`, { question: 'Again?', adviceBy }).expect(409);
      await committeeAdvises(t, id, member.userId, 'A warning is proportionate.');
      const view = await get(handler, `/${id}`).expect(200);
      expect(view.body.status).toBe('with_committee');
      expect(view.body.referrals).toEqual([
        expect.objectContaining({
          question: 'Warning or guidance?',
          adviceBy,
          closedAt: null,
          advice: [
            expect.objectContaining({
              memberName: 'Mona Member',
              text: 'A warning is proportionate.',
            }),
          ],
        }),
      ]);
      await warning(handler, id).expect(200);
      expect(await count('report_referrals', 'report_id = $1 AND closed_at IS NULL', [id])).toBe(0);
    });
  });

  describe('sanctions and the register', () => {
    it('a temporary exclusion suspends at once: the card check reads suspended and search stops listing', async () => {
      const person = await interpreter([{ language: 'ara', category: 'D' }]);
      const [card] = await t.app
        .get(PrintRunService)
        .printRun({ interpreterNumber: person.interpreterNumber });
      const token = card.verificationUrl.split('/v/')[1];
      expect(await cardStatus(token)).toBe('valid');
      expect(await listed(person)).toBe(true);
      const id = await heardCase(person);
      const today = osloDate(clock.now());
      const past = await post(handler, `/${id}/temporary-exclusion`, {
        until: today,
        reasons: 'Risk.',
      }).expect(400);
      expect(past.body.errors[0].field).toBe('until');
      await post(handler, `/${id}/temporary-exclusion`, {
        until: '2020-01-01',
        reasons: 'Risk.',
      }).expect(400);
      await post(handler, `/${id}/temporary-exclusion`, {
        until: addDays(today, 30),
        reasons: '',
      }).expect(400);
      expect(await count('register_restrictions', 'interpreter_id = $1', [person.id])).toBe(0);

      const res = await post(handler, `/${id}/temporary-exclusion`, {
        until: addDays(today, 30),
        reasons: 'Risk to patients while we look into it.',
      }).expect(201);
      expect(res.body).toMatchObject({ kind: 'temporary', languageCodes: ['ara'] });
      // The very next requests see it.
      expect(await cardStatus(token)).toBe('suspended');
      expect(await listed(person)).toBe(false);
      const view = await get(handler, `/${id}`).expect(200);
      expect(view.body.interpreter.restrictions).toEqual([
        expect.objectContaining({ kind: 'temporary', endsOn: addDays(today, 30), endedAt: null }),
      ]);
      expect(view.body.interpreter.sanctions).toEqual([
        expect.objectContaining({ kind: 'temporary_exclusion', decidedOn: today }),
      ]);
      // The card check never says why.
      const check = await api().get(`/api/cards/verify/${token}`).expect(200);
      expect(JSON.stringify(check.body)).not.toMatch(/report|exclu|VAR-/i);

      // A warning lifts it (unless told not to): the interpreter is back.
      const decided = await warning(handler, id).expect(200);
      expect(decided.body).toMatchObject({ round: 1, outcome: 'warning', review: null });
      expect(await cardStatus(token)).toBe('valid');
      expect(await listed(person)).toBe(true);
    });

    it('a case that has excluded its interpreter cannot be moved to another interpreter', async () => {
      const first = await interpreter([{ language: 'ara', category: 'D' }]);
      const second = await interpreter([{ language: 'ara', category: 'D' }]);
      const { id } = await createReport(t, { interpreterId: first.id });
      await post(handler, `/${id}/take`, { conflicted: false }).expect(204);
      await post(handler, `/${id}/acknowledge`, {}).expect(204);
      await post(handler, `/${id}/temporary-exclusion`, {
        until: addDays(osloDate(clock.now()), 30),
        reasons: 'Risk.',
      }).expect(201);
      const res = await put(handler, `/${id}/interpreter`, {
        interpreterNumber: second.interpreterNumber,
      }).expect(409);
      expect(res.body.code).toBe('INTERPRETER_SANCTIONED');
      expect(await count('reports', 'id = $1 AND interpreter_id = $2', [id, first.id])).toBe(1);
    });

    it('a sanction on an interpreter with no entries in force is refused, nothing written', async () => {
      const person = await interpreter([{ language: 'ara', category: 'D' }]);
      const id = await heardCase(person);
      await t.owner.query(
        `UPDATE register_entries SET status = 'excluded' WHERE interpreter_id = $1`,
        [person.id],
      );
      const today = osloDate(clock.now());
      let res = await post(handler, `/${id}/temporary-exclusion`, {
        until: addDays(today, 10),
        reasons: 'Risk.',
      }).expect(409);
      expect(res.body.code).toBe('NO_ENTRIES_IN_FORCE');
      res = await warning(handler, id).expect(409);
      expect(res.body.code).toBe('NO_ENTRIES_IN_FORCE');
      res = await post(handler, `/${id}/decision`, {
        outcome: 'exclusion_period',
        reasons: 'x',
        excludedUntil: addDays(today, 90),
      }).expect(409);
      expect(res.body.code).toBe('NO_ENTRIES_IN_FORCE');
      expect(await count('interpreter_sanctions', 'interpreter_id = $1', [person.id])).toBe(0);
      expect(await count('report_decisions', 'report_id = $1', [id])).toBe(0);
      // No action needs no entries.
      await post(handler, `/${id}/decision`, {
        outcome: 'no_action',
        reasons: 'Nothing to act on.',
      }).expect(200);
    });

    it('an exclusion for a period needs an end date after today, and ends by itself on it', async () => {
      const person = await interpreter([{ language: 'ara', category: 'D' }]);
      const [card] = await t.app
        .get(PrintRunService)
        .printRun({ interpreterNumber: person.interpreterNumber });
      const token = card.verificationUrl.split('/v/')[1];
      const id = await heardCase(person);
      const today = osloDate(clock.now());
      const exclusion = (excludedUntil?: string) =>
        post(handler, `/${id}/decision`, {
          outcome: 'exclusion_period',
          reasons: 'Serious.',
          excludedUntil,
        });
      expect((await exclusion().expect(400)).body.errors[0].field).toBe('excludedUntil');
      expect((await exclusion(today).expect(400)).body.errors[0].field).toBe('excludedUntil');
      expect((await exclusion('2001-01-01').expect(400)).body.errors[0].field).toBe(
        'excludedUntil',
      );
      await post(handler, `/${id}/decision`, {
        outcome: 'warning',
        reasons: 'x',
        excludedUntil: addDays(today, 5),
      }).expect(400);
      expect(await count('report_decisions', 'report_id = $1', [id])).toBe(0);

      const until = addDays(today, 60);
      await exclusion(until).expect(200);
      expect(await cardStatus(token)).toBe('suspended');
      expect(await listed(person)).toBe(false);
      const register = t.app.get(RegisterService);
      // The day before, nothing of theirs ends; on the day, it does.
      const before = await t.dataSource.transaction((em) =>
        register.endDueRestrictions(em, addDays(until, -1)),
      );
      expect(before.filter((r) => r.interpreterId === person.id)).toHaveLength(0);
      expect(await cardStatus(token)).toBe('suspended');
      const ended = (
        await t.dataSource.transaction((em) => register.endDueRestrictions(em, until))
      ).filter((r) => r.interpreterId === person.id);
      expect(ended.map((r) => r.kind)).toContain('period');
      expect(await cardStatus(token)).toBe('valid');
      expect(await listed(person)).toBe(true);
    });

    it('revocation takes the state authorisation away and lowers the category', async () => {
      const person = await interpreter([{ language: 'ara', category: 'A' }]);
      const id = await heardCase(person);
      const missing = await post(handler, `/${id}/decision`, {
        outcome: 'revocation',
        reasons: 'x',
      }).expect(400);
      expect(missing.body.errors[0].field).toBe('languageCode');
      // A language without a state authorisation: refused, nothing written.
      const none = await post(handler, `/${id}/decision`, {
        outcome: 'revocation',
        reasons: 'x',
        languageCode: 'tir',
      }).expect(409);
      expect(none.body.code).toBe('NO_STATE_AUTHORISATION');
      expect(await count('report_decisions', 'report_id = $1', [id])).toBe(0);
      const res = await post(handler, `/${id}/decision`, {
        outcome: 'revocation',
        reasons: 'Gross breach of confidentiality.',
        languageCode: 'ara',
        serious: true,
      }).expect(200);
      expect(res.body.review).toBeNull();
      const [entry]: Array<{ category: string; status: string }> = await t.owner.query(
        `SELECT category::text, status::text FROM register_entries WHERE interpreter_id = $1`,
        [person.id],
      );
      expect(entry).toEqual({ category: 'B', status: 'active' });
      expect(
        await count('qualification_evidence', 'interpreter_id = $1 AND revoked_at IS NOT NULL', [
          person.id,
        ]),
      ).toBe(1);
      const kinds: Array<{ kind: string }> = await t.owner.query(
        `SELECT kind FROM interpreter_sanctions WHERE interpreter_id = $1 ORDER BY kind`,
        [person.id],
      );
      expect(kinds.map((k) => k.kind)).toEqual(['revocation', 'serious_breach']);
    });

    it('the third warning in five years opens an exclusion review; two do not', async () => {
      const person = await interpreter();
      const first = await heardCase(person);
      expect((await warning(handler, first).expect(200)).body.review).toBeNull();
      const second = await heardCase(person);
      expect((await warning(handler, second).expect(200)).body.review).toBeNull();
      expect(
        await count('reports', `kind = 'exclusion_review' AND interpreter_id = $1`, [person.id]),
      ).toBe(0);
      const third = await heardCase(person);
      const res = await warning(handler, third).expect(200);
      expect(res.body.review).toMatchObject({
        reason: 'third_warning_in_five_years',
        caseNumber: expect.stringMatching(/^VAR-\d{4}-\d{4,}$/),
      });
      expect(res.body.review.escalation.warnings).toHaveLength(3);

      // The review is a case of its own, assigned to the same handler, saying why.
      const review = await get(handler, `/${res.body.review.id}`).expect(200);
      const thirdCase = await get(handler, `/${third}`).expect(200);
      expect(review.body).toMatchObject({
        kind: 'exclusion_review',
        status: 'investigating',
        anonymous: true,
        reporter: null,
        content: null,
        assignedTo: { id: handler.userId },
        interpreter: { interpreterNumber: person.interpreterNumber },
        review: {
          reason: 'third_warning_in_five_years',
          originCaseNumber: thirdCase.body.caseNumber,
          counted: [
            expect.objectContaining({ kind: 'warning' }),
            expect.objectContaining({ kind: 'warning' }),
            expect.objectContaining({ kind: 'warning', caseNumber: thirdCase.body.caseNumber }),
          ],
        },
      });
      expect(review.body.interpreter.escalation).toMatchObject({
        review: true,
        reason: 'third_warning_in_five_years',
      });
      // A review has no reporter to write to.
      const noReporter = await post(handler, `/${res.body.review.id}/messages`, {
        channel: 'reporter',
        text: 'x',
      }).expect(409);
      expect(noReporter.body.code).toBe('NO_REPORTER');
      // A fourth warning while the review is open opens no second one.
      const fourth = await heardCase(person);
      expect((await warning(handler, fourth).expect(200)).body.review).toBeNull();
      expect(
        await count('reports', `kind = 'exclusion_review' AND interpreter_id = $1`, [person.id]),
      ).toBe(1);
      const audit: Array<{ details: Record<string, unknown> }> = await t.owner.query(
        `SELECT details FROM audit_events WHERE action = 'report.review_opened' AND subject_id = $1`,
        [res.body.review.id],
      );
      expect(audit[0].details).toMatchObject({ reason: 'third_warning_in_five_years' });
    });

    it('one serious breach opens a review', async () => {
      const person = await interpreter();
      const id = await heardCase(person);
      await post(handler, `/${id}/decision`, {
        outcome: 'guidance',
        reasons: 'x',
        serious: true,
      }).expect(400);
      const res = await warning(handler, id, { serious: true }).expect(200);
      expect(res.body.review).toMatchObject({ reason: 'serious_breach' });
    });

    it('the decision letter opens as a PDF, the same bytes each time', async () => {
      const person = await interpreter();
      const id = await heardCase(person);
      await warning(handler, id, {
        reasons: 'You discussed a patient in public.\n\nThis breaches § 15.',
      }).expect(200);
      const a = await get(handler, `/${id}/letter.pdf`).buffer(true).expect(200);
      expect(a.headers['content-type']).toBe('application/pdf');
      expect(a.headers['content-disposition']).toMatch(/^attachment; filename="vedtak-VAR-/);
      expect(a.body.subarray(0, 5).toString()).toBe('%PDF-');
      const b = await get(handler, `/${id}/letter.pdf`).buffer(true).expect(200);
      expect(Buffer.compare(a.body, b.body)).toBe(0);
      await get(handler, `/${id}/letter.pdf?round=2`).expect(404);
      // Stored sealed.
      const [row]: Array<{ l: Buffer; r: Buffer }> = await t.owner.query(
        `SELECT letter_sealed AS l, reasons_sealed AS r FROM report_decisions WHERE report_id = $1`,
        [id],
      );
      expect(row.l.toString('latin1')).not.toContain('patient');
      expect(row.r.toString('latin1')).not.toContain('patient');
      const mails = await count('notifications', `template = 'report_decision_made'`);
      expect(mails).toBeGreaterThan(0);
    });
  });

  describe('closing and reopening', () => {
    it('closes a decided case with its retention date; a decision on a closed case is refused; reopening clears it', async () => {
      const person = await interpreter();
      const id = await heardCase(person);
      const early = await post(handler, `/${id}/close`).expect(409);
      expect(early.body.code).toBe('CASE_STATE_CONFLICT');
      await warning(handler, id).expect(200);
      const closed = await post(handler, `/${id}/close`).expect(200);
      const today = osloDate(clock.now());
      expect(closed.body.deleteAfter).toBe(addDays(today, 730));
      expect(await count('report_facts', 'report_id = $1 AND closed_on IS NOT NULL', [id])).toBe(1);

      const res = await warning(handler, id).expect(409);
      expect(res.body.code).toBe('CASE_CLOSED');
      const note = await post(handler, `/${id}/messages`, {
        channel: 'internal',
        text: 'x',
      }).expect(409);
      expect(note.body.code).toBe('CASE_CLOSED');
      expect(await count('report_decisions', 'report_id = $1', [id])).toBe(1);

      await post(handler, `/${id}/reopen`, { reason: '' }).expect(400);
      await post(handler, `/${id}/reopen`, { reason: 'New information from the hospital.' }).expect(
        204,
      );
      const view = await get(handler, `/${id}`).expect(200);
      expect(view.body).toMatchObject({
        status: 'investigating',
        closedAt: null,
        deleteAfter: null,
      });
      expect(await count('report_facts', 'report_id = $1 AND closed_on IS NULL', [id])).toBe(1);
      // Decided again: round 2.
      const again = await post(handler, `/${id}/decision`, {
        outcome: 'guidance',
        reasons: 'On reflection.',
      }).expect(200);
      expect(again.body.round).toBe(2);
      await post(handler, `/${id}/reopen`, { reason: 'x' }).expect(409);
    });
  });

  describe('the pages', () => {
    const page = (who: Staff, path: string) =>
      api().get(`/saksbehandling/varsler${path}`).set(who.headers);
    const form = (who: Staff, path: string, body: Record<string, string>) =>
      api()
        .post(`/saksbehandling/varsler${path}`)
        .set(who.headers)
        .type('form')
        .send({ _csrf: who.headers['x-csrf-token'], ...body });

    it('the queue shows deadlines, with overdue said in words, in both languages', async () => {
      const { caseNumber } = await createReport(t, { text: SECRET_TEXT });
      clock.travel(9);
      const nb = await page(handler, '?frist=overdue').expect(200);
      expect(nb.headers['cache-control']).toContain('no-store');
      expect(nb.text).toContain(caseNumber);
      expect(nb.text).toContain('Forfalt');
      expect(nb.text).toContain('href="/saksbehandling"');
      expect(nb.text).not.toContain('Zebra');
      const en = await page(handler, '?frist=overdue&lang=en').expect(200);
      expect(en.text).toContain('Overdue');
      expect(en.text).toContain('<html lang="en">');
      // And the applications queue links here.
      const applications = await api().get('/saksbehandling').set(handler.headers).expect(200);
      expect(applications.text).toContain('href="/saksbehandling/varsler"');
    });

    it('an unassigned case offers to be taken and shows nothing of its content', async () => {
      const person = await interpreter();
      const { id } = await createReport(t, { interpreterId: person.id, text: SECRET_TEXT });
      const take = await page(handler, `/${id}`).expect(200);
      expect(take.text).toContain('name="conflicted"');
      expect(take.text).toContain(person.name);
      expect(take.text).not.toContain('Zebra');
      // No choice made: the error summary, linked to the fieldset.
      const empty = await form(handler, `/${id}/ta`, {}).expect(400);
      expect(empty.text).toContain('href="#f-take-conflicted"');
      expect(await count('report_conflicts', 'report_id = $1', [id])).toBe(0);
      await form(handler, `/${id}/ta`, { conflicted: 'no' })
        .expect(303)
        .expect('location', `/saksbehandling/varsler/${id}`);
      const view = await page(handler, `/${id}`).expect(200);
      expect(view.text).toContain('Zebra-7731');
      expect(view.text).toContain('action="/saksbehandling/varsler/' + id + '/bekreft"');
      // Another handler gets the error page, nothing of the case.
      const refused = await page(other, `/${id}`).expect(403);
      expect(refused.text).not.toContain('Zebra');
    });

    it('each form shows its own error summary; a refused step says why', async () => {
      const person = await interpreter();
      const { id } = await createReport(t, { interpreterId: person.id, text: SECRET_TEXT });
      await post(handler, `/${id}/take`, { conflicted: false }).expect(204);
      await form(handler, `/${id}/bekreft`, {}).expect(303);
      const empty = await form(handler, `/${id}/melding`, { channel: 'internal', text: '' }).expect(
        400,
      );
      expect(empty.text).toContain('href="#f-message-text"');
      expect(empty.text).toMatch(/id="f-message-text"[^>]*aria-invalid="true"/);
      expect(empty.text.match(/class="error-summary"/g)).toHaveLength(1);
      const early = await form(handler, `/${id}/vedtak`, {
        outcome: 'warning',
        reasons: 'Breach.',
      }).expect(409);
      expect(early.text).toContain('Tolken må være varslet og hørt');
      // What was typed is kept.
      expect(early.text).toContain('Breach.');
      expect(await count('report_decisions', 'report_id = $1', [id])).toBe(0);
      await form(handler, `/${id}/melding`, {
        channel: 'internal',
        text: 'Ring sykehuset.',
      }).expect(303);
      const after = await page(handler, `/${id}`).expect(200);
      expect(after.text).toContain('Ring sykehuset.');
    });

    it('the redaction form refuses the account unchanged unless ticked, keeping what was typed', async () => {
      const { id } = await createReport(t, { text: 'Anna at ward 4 saw it.' });
      await post(handler, `/${id}/take`, { conflicted: false }).expect(204);
      await post(handler, `/${id}/acknowledge`).expect(204);
      const shown = await page(handler, `/${id}`).expect(200);
      expect(shown.text).toContain('id="f-redact-nothingIdentifying"');
      const same = await form(handler, `/${id}/anonymisert`, {
        text: 'Anna at ward 4 saw it.',
      }).expect(400);
      expect(same.text).toContain('Fjern det som kan identifisere melderen');
      expect(await count('reports', 'id = $1 AND redacted_sealed IS NULL', [id])).toBe(1);
      await form(handler, `/${id}/anonymisert`, {
        text: 'Anna at ward 4 saw it.',
        nothingIdentifying: 'yes',
      }).expect(303);
      expect(await count('reports', 'id = $1 AND redacted_sealed IS NOT NULL', [id])).toBe(1);
    });

    it('a decision through the page, its letter, and closing', async () => {
      const person = await interpreter();
      const id = await heardCase(person);
      await form(handler, `/${id}/vedtak`, {
        outcome: 'warning',
        reasons: 'Breach of confidentiality.',
        letterLanguage: 'en',
      })
        .expect(303)
        .expect('location', `/saksbehandling/varsler/${id}`);
      const letter = await page(handler, `/${id}/vedtak.pdf?runde=1`).buffer(true).expect(200);
      expect(letter.body.subarray(0, 5).toString()).toBe('%PDF-');
      await form(handler, `/${id}/avslutt`, {}).expect(303);
      const closed = await page(handler, `/${id}?lang=en`).expect(200);
      expect(closed.text).toContain('Reopen the case');
    });
  });
});
