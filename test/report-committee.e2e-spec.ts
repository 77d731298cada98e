import request from 'supertest';
import { ReportsClock } from '../src/reports/reports-clock.js';
import { createInterpreter, type CreatedInterpreter } from './factories/interpreter.factory.js';
import {
  addMessage,
  closeReferral,
  createReport,
  decide,
  notifyInterpreter,
  referCase,
} from './factories/report-case.factory.js';
import { createCitizenUser, sessionFor, staffSession } from './factories/user.factory.js';
import { fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// The advisory committee (who sees which referral, declaring first, one
// advice each), committee seats, and the interpreter's side of reports about
// them (their cases, their reply, their export), through the API and pages.

interface Person {
  userId: string;
  headers: Record<string, string>;
}

const ORIGINAL = 'ORIGINAL-ACCOUNT: Nora Nilsen at ward 7 heard the interpreter gossip.';
const REDACTED = 'REDACTED-ACCOUNT: A health worker heard the interpreter talk about a patient.';
const REPORTER = {
  name: 'Nora Reporter-Nilsen',
  email: 'nora.reporter@sykehus.example',
  phone: '+47 99887766',
  organisation: 'Ward 7',
};
const QUESTION = 'QUESTION: Is a written warning in proportion?';
const INTERNAL = 'INTERNAL-NOTE: reporter sounded credible';
const PUBLIC_BODY = 'PUBLIC-BODY: asked the hospital for the roster';
const ADVICE = 'ADVICE-TEXT: a warning is in proportion.';

describe('The advisory committee and the interpreter’s side of reports', () => {
  let t: TestApp;
  let admin: Person;
  let handler: Person;
  let memberA: Person;
  let memberB: Person;
  let deputy: Person;
  let noSeat: Person;
  let anna: CreatedInterpreter;
  let annaUser: Person;
  let bjorn: CreatedInterpreter;
  let bjornUser: Person;

  const api = () => request(t.server);

  async function staff(subject: string, name: string, roles: Parameters<typeof staffSession>[3]) {
    const { userId, session } = await staffSession(t, subject, name, roles);
    return { userId, headers: fromOurPages(`tr_session=${session}`) };
  }

  async function citizen(who: CreatedInterpreter): Promise<Person> {
    const userId = await createCitizenUser(t.dataSource, who.nationalId, who.name);
    const session = await sessionFor(t, userId, 'idporten');
    return { userId, headers: fromOurPages(`tr_session=${session}`) };
  }

  async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const [row]: Array<{ n: number }> = await t.owner.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
      params,
    );
    return row.n;
  }

  function seat(who: Person, body: object) {
    return api().patch(`/api/admin/staff/${who.userId}`).set(admin.headers).send(body);
  }

  /** A named reporter's report about Anna, referred to the committee. */
  async function referred(): Promise<{ reportId: string; caseNumber: string; referralId: string }> {
    const report = await createReport(t, {
      interpreterId: anna.id,
      reporter: REPORTER,
      text: ORIGINAL,
      redacted: REDACTED,
      status: 'investigating',
      assignedTo: handler.userId,
    });
    const referralId = await referCase(t, report.id, {
      referredBy: handler.userId,
      question: QUESTION,
      adviceBy: '2099-01-31',
    });
    return { reportId: report.id, caseNumber: report.caseNumber, referralId };
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await staff('admin-1', 'Ada Administrator', ['administrator']);
    handler = await staff('handler-1', 'Siri Saksbehandler', ['case_handler']);
    memberA = await staff('member-a', 'Mari Medlem', ['committee_member']);
    memberB = await staff('member-b', 'Mons Medlem', ['committee_member']);
    deputy = await staff('deputy-1', 'Vera Varamedlem', ['committee_member']);
    noSeat = await staff('noseat-1', 'Sindre Setelaus', ['committee_member']);
    anna = await createInterpreter(t.dataSource, {
      givenName: 'Anna',
      familyName: 'Tolkesen',
      entries: [{ language: 'ara', category: 'A' }],
    });
    bjorn = await createInterpreter(t.dataSource, {
      givenName: 'Bjørn',
      familyName: 'Tolkesen',
      entries: [{ language: 'pol', category: 'B' }],
    });
    annaUser = await citizen(anna);
    bjornUser = await citizen(bjorn);
    await seat(memberA, { committeeSeat: 'member' }).expect(200);
    await seat(memberB, { committeeSeat: 'member' }).expect(200);
    await seat(deputy, { committeeSeat: 'deputy' }).expect(200);
  });

  afterAll(async () => {
    t?.app.get(ReportsClock).reset();
    await t?.close();
  });

  describe('committee seats (staff API)', () => {
    it('gives a seat only with the role, four members and four deputies at most, audited', async () => {
      // No committee role: no seat, nothing written.
      const res = await seat(handler, { committeeSeat: 'member' }).expect(409);
      expect(res.body.code).toBe('COMMITTEE_ROLE_REQUIRED');
      expect(await count('users', 'id = $1 AND committee_seat IS NOT NULL', [handler.userId])).toBe(
        0,
      );

      // Two members so far: two more fit, the fifth does not.
      const extra: Person[] = [];
      for (let i = 0; i < 3; i++) {
        extra.push(await staff(`extra-${i}`, `Ekstra ${i}`, ['committee_member']));
      }
      await seat(extra[0], { committeeSeat: 'member' }).expect(200);
      await seat(extra[1], { committeeSeat: 'member' }).expect(200);
      const full = await seat(extra[2], { committeeSeat: 'member' }).expect(409);
      expect(full.body.code).toBe('COMMITTEE_FULL');
      // A deputy seat is a separate count.
      const asDeputy = await seat(extra[2], { committeeSeat: 'deputy' }).expect(200);
      expect(asDeputy.body).toMatchObject({ committeeSeat: 'deputy' });
      // Giving the same seat again to a member who has it is no change.
      await seat(extra[0], { committeeSeat: 'member' }).expect(200);
      // Seats taken away again, so the committee has two members and one deputy.
      for (const p of extra) await seat(p, { committeeSeat: null }).expect(200);

      const audited: Array<{ details: { before: string | null; after: string | null } }> =
        await t.owner.query(
          `SELECT details FROM audit_events WHERE action = 'staff.committee_seat_changed' AND subject_id = $1 ORDER BY seq`,
          [extra[2].userId],
        );
      expect(audited.map((a) => a.details.after)).toEqual(['deputy', null]);
    });

    it('sets a staff member’s work e-mail (for reminders), never in the audit trail', async () => {
      const res = await seat(handler, { email: 'siri@imdi.example' }).expect(200);
      expect(res.body).toMatchObject({ email: 'siri@imdi.example', committeeSeat: null });
      const bad = await seat(handler, { email: 'not an address' }).expect(400);
      expect(bad.body.code).toBe('INVALID_INPUT');
      const listed = await api().get('/api/admin/staff').set(admin.headers).expect(200);
      expect(listed.body.find((s: { id: string }) => s.id === handler.userId).email).toBe(
        'siri@imdi.example',
      );
      const trail = JSON.stringify(await t.owner.query(`SELECT details FROM audit_events`));
      expect(trail).not.toContain('siri@imdi.example');
    });

    it('takes the seat away with the role', async () => {
      const p = await staff('leaver-1', 'Lise Slutter', ['committee_member']);
      await seat(p, { committeeSeat: 'deputy' }).expect(200);
      await api()
        .put(`/api/admin/staff/${p.userId}/roles`)
        .set(admin.headers)
        .send({ roles: ['case_handler'] })
        .expect(200);
      expect(await count('users', 'id = $1 AND committee_seat IS NULL', [p.userId])).toBe(1);
    });
  });

  describe('the committee', () => {
    it('shows a member only a list without content until they declare, then the redacted case', async () => {
      const { referralId, caseNumber, reportId } = await referred();

      const list = await api().get('/api/committee/referrals').set(memberA.headers).expect(200);
      const item = list.body.find((r: { id: string }) => r.id === referralId);
      expect(item).toMatchObject({
        caseNumber,
        declaration: 'none',
        advised: false,
        adviceBy: '2099-01-31',
        interpreter: { interpreterNumber: anna.interpreterNumber, name: 'Anna Tolkesen' },
      });
      expect(JSON.stringify(list.body)).not.toMatch(/REDACTED|ORIGINAL|QUESTION/);

      // Reading before declaring: 409, and nothing read is recorded.
      const early = await api()
        .get(`/api/committee/referrals/${referralId}`)
        .set(memberA.headers)
        .expect(409);
      expect(early.body.code).toBe('DECLARATION_REQUIRED');
      expect(JSON.stringify(early.body)).not.toMatch(/REDACTED|ORIGINAL|QUESTION/);
      expect(await count('audit_events', `action = 'report.committee_read'`)).toBe(0);

      await api()
        .post(`/api/committee/referrals/${referralId}/declaration`)
        .set(memberA.headers)
        .send({ conflicted: false })
        .expect(204);
      const again = await api()
        .post(`/api/committee/referrals/${referralId}/declaration`)
        .set(memberA.headers)
        .send({ conflicted: true })
        .expect(409);
      expect(again.body.code).toBe('ALREADY_DECLARED');

      const read = await api()
        .get(`/api/committee/referrals/${referralId}`)
        .set(memberA.headers)
        .expect(200);
      expect(read.headers['cache-control']).toBe('no-store');
      expect(read.body).toMatchObject({
        referralId,
        caseNumber,
        duties: ['confidentiality'],
        redactedAccount: REDACTED,
        question: QUESTION,
        adviceBy: '2099-01-31',
        advice: null,
      });
      const text = JSON.stringify(read.body);
      expect(text).not.toContain('ORIGINAL');
      expect(text).not.toContain(REPORTER.name);
      expect(text).not.toContain(REPORTER.email);
      const [audit]: Array<{ subject_id: string; details: object }> = await t.owner.query(
        `SELECT subject_id, details FROM audit_events WHERE action = 'report.committee_read'`,
      );
      expect(audit).toEqual({ subject_id: reportId, details: { caseNumber, referralId } });
    });

    it('keeps a conflicted member out for good, and lets a deputy take the case', async () => {
      const { referralId, reportId } = await referred();

      // Before any member is conflicted, the deputy does not see the referral at all.
      let list = await api().get('/api/committee/referrals').set(deputy.headers).expect(200);
      expect(list.body.map((r: { id: string }) => r.id)).not.toContain(referralId);
      const hidden = await api()
        .get(`/api/committee/referrals/${referralId}`)
        .set(deputy.headers)
        .expect(404);
      const missing = await api()
        .get(`/api/committee/referrals/6f1c1f4e-3a4b-4f7a-9d55-1b2c3d4e5f60`)
        .set(deputy.headers)
        .expect(404);
      // The same answer as for a referral that does not exist.
      expect(hidden.body.code).toBe('REFERRAL_NOT_FOUND');
      expect(missing.body.code).toBe(hidden.body.code);
      expect(missing.body.detail).toBe(hidden.body.detail);
      await api()
        .post(`/api/committee/referrals/${referralId}/declaration`)
        .set(deputy.headers)
        .send({ conflicted: false })
        .expect(404);

      await api()
        .post(`/api/committee/referrals/${referralId}/declaration`)
        .set(memberB.headers)
        .send({ conflicted: true, statement: 'STATEMENT: I trained this interpreter.' })
        .expect(204);
      const refused = await api()
        .get(`/api/committee/referrals/${referralId}`)
        .set(memberB.headers)
        .expect(403);
      expect(refused.body.code).toBe('CONFLICTED');
      expect(JSON.stringify(refused.body)).not.toMatch(/REDACTED|QUESTION/);
      const noAdvice = await api()
        .post(`/api/committee/referrals/${referralId}/advice`)
        .set(memberB.headers)
        .send({ text: 'advice anyway' })
        .expect(403);
      expect(noAdvice.body.code).toBe('CONFLICTED');
      // The statement is sealed.
      const [conflict]: Array<{ statement_sealed: Buffer }> = await t.owner.query(
        `SELECT statement_sealed FROM report_conflicts WHERE report_id = $1 AND user_id = $2`,
        [reportId, memberB.userId],
      );
      expect(conflict.statement_sealed.toString('latin1')).not.toContain('STATEMENT');

      // Now the deputy sees it, declares, reads and advises.
      list = await api().get('/api/committee/referrals').set(deputy.headers).expect(200);
      expect(list.body.map((r: { id: string }) => r.id)).toContain(referralId);
      await api()
        .post(`/api/committee/referrals/${referralId}/declaration`)
        .set(deputy.headers)
        .send({ conflicted: false })
        .expect(204);
      const read = await api()
        .get(`/api/committee/referrals/${referralId}`)
        .set(deputy.headers)
        .expect(200);
      expect(read.body.redactedAccount).toBe(REDACTED);
      await api()
        .post(`/api/committee/referrals/${referralId}/advice`)
        .set(deputy.headers)
        .send({ text: ADVICE })
        .expect(201);

      // A member without a seat sees nothing, whatever the role says.
      list = await api().get('/api/committee/referrals').set(noSeat.headers).expect(200);
      expect(list.body).toEqual([]);
      await api().get(`/api/committee/referrals/${referralId}`).set(noSeat.headers).expect(404);
      // A case handler is no committee member.
      await api().get('/api/committee/referrals').set(handler.headers).expect(403);
    });

    it('takes one advice per member, as an event on the case, sealed', async () => {
      const { referralId, reportId, caseNumber } = await referred();
      await api()
        .post(`/api/committee/referrals/${referralId}/advice`)
        .set(memberA.headers)
        .send({ text: ADVICE })
        .expect(409)
        .expect((res) => expect(res.body.code).toBe('DECLARATION_REQUIRED'));
      await api()
        .post(`/api/committee/referrals/${referralId}/declaration`)
        .set(memberA.headers)
        .send({ conflicted: false })
        .expect(204);
      // Empty advice is refused and writes nothing.
      const empty = await api()
        .post(`/api/committee/referrals/${referralId}/advice`)
        .set(memberA.headers)
        .send({ text: '' })
        .expect(400);
      expect(empty.body.code).toBe('INVALID_INPUT');
      const given = await api()
        .post(`/api/committee/referrals/${referralId}/advice`)
        .set(memberA.headers)
        .send({ text: ADVICE })
        .expect(201);
      const second = await api()
        .post(`/api/committee/referrals/${referralId}/advice`)
        .set(memberA.headers)
        .send({ text: 'second thoughts' })
        .expect(409);
      expect(second.body.code).toBe('ADVICE_EXISTS');
      expect(await count('report_advice', 'referral_id = $1', [referralId])).toBe(1);
      expect(
        await count('report_events', `report_id = $1 AND kind = 'advice_given'`, [reportId]),
      ).toBe(1);
      const [stored]: Array<{ advice_sealed: Buffer }> = await t.owner.query(
        `SELECT advice_sealed FROM report_advice WHERE id = $1`,
        [given.body.id],
      );
      expect(stored.advice_sealed.toString('latin1')).not.toContain('ADVICE-TEXT');
      const [audit]: Array<{ details: object }> = await t.owner.query(
        `SELECT details FROM audit_events WHERE action = 'report.advice_given' AND subject_id = $1`,
        [reportId],
      );
      expect(audit.details).toEqual({ caseNumber, referralId, adviceId: given.body.id });
      // They read their own advice back.
      const read = await api()
        .get(`/api/committee/referrals/${referralId}`)
        .set(memberA.headers)
        .expect(200);
      expect(read.body.advice).toMatchObject({ text: ADVICE });

      // Once the referral is closed, it is gone for the committee.
      await closeReferral(t, referralId);
      await api().get(`/api/committee/referrals/${referralId}`).set(memberA.headers).expect(404);
    });

    it('shows the declaration first on the pages, then the case and the advice form', async () => {
      const { referralId } = await referred();
      const first = await api().get(`/utvalg/${referralId}`).set(memberA.headers).expect(200);
      expect(first.text).toContain('Er du inhabil i denne saken?');
      expect(first.text).not.toContain('REDACTED');
      expect(first.text).not.toContain('QUESTION');

      // No choice: an error summary linked to the field, nothing written.
      const none = await api()
        .post(`/utvalg/${referralId}/erklaering`)
        .set(memberA.headers)
        .type('form')
        .send({ _csrf: memberA.headers['x-csrf-token'] })
        .expect(400);
      expect(none.text).toContain('href="#f-conflicted"');
      expect(none.text).toContain('aria-invalid="true"');
      expect(
        await count(
          'report_conflicts',
          'report_id = (SELECT report_id FROM report_referrals WHERE id = $1)',
          [referralId],
        ),
      ).toBe(0);

      const declared = await api()
        .post(`/utvalg/${referralId}/erklaering`)
        .set(memberA.headers)
        .type('form')
        .send({ _csrf: memberA.headers['x-csrf-token'], conflicted: 'no' })
        .expect(303);
      expect(declared.headers.location).toBe(`/utvalg/${referralId}`);
      const page = await api()
        .get(`/utvalg/${referralId}?lang=en`)
        .set(memberA.headers)
        .expect(200);
      expect(page.text).toContain(REDACTED);
      expect(page.text).toContain(QUESTION);
      expect(page.text).not.toContain('ORIGINAL');
      expect(page.text).toContain('Your advice to the case handler');

      const empty = await api()
        .post(`/utvalg/${referralId}/rad`)
        .set(memberA.headers)
        .type('form')
        .send({ _csrf: memberA.headers['x-csrf-token'], text: '  ' })
        .expect(400);
      expect(empty.text).toContain('href="#f-text"');
      await api()
        .post(`/utvalg/${referralId}/rad`)
        .set(memberA.headers)
        .type('form')
        .send({ _csrf: memberA.headers['x-csrf-token'], text: ADVICE })
        .expect(303);

      // The conflicted member gets a page that says so, never the case.
      await api()
        .post(`/utvalg/${referralId}/erklaering`)
        .set(memberB.headers)
        .type('form')
        .send({ _csrf: memberB.headers['x-csrf-token'], conflicted: 'yes' })
        .expect(303);
      const conflicted = await api().get(`/utvalg/${referralId}`).set(memberB.headers).expect(403);
      expect(conflicted.text).toContain('Du er inhabil i denne saken');
      expect(conflicted.text).not.toContain('REDACTED');
      const list = await api().get('/utvalg').set(memberB.headers).expect(200);
      expect(list.text).toContain('Inhabil');

      const me = await api().get('/min-side').set(memberA.headers).expect(200);
      expect(me.text).toContain('href="/utvalg"');
    });
  });

  describe('the interpreter', () => {
    let caseNumber: string;
    let reportId: string;

    beforeAll(async () => {
      const report = await createReport(t, {
        interpreterId: anna.id,
        reporter: REPORTER,
        text: ORIGINAL,
        redacted: REDACTED,
        status: 'investigating',
        assignedTo: handler.userId,
      });
      caseNumber = report.caseNumber;
      reportId = report.id;
      await notifyInterpreter(t, reportId, { replyBy: '2099-02-01' });
      await addMessage(t, reportId, {
        channel: 'interpreter',
        author: 'staff',
        authorUserId: handler.userId,
        text: 'DIRECTORATE-QUESTION: please give your side',
      });
      await addMessage(t, reportId, {
        channel: 'reporter',
        author: 'reporter',
        text: 'REPORTER-MESSAGE',
      });
      await addMessage(t, reportId, {
        channel: 'internal',
        author: 'staff',
        authorUserId: handler.userId,
        text: INTERNAL,
      });
      await addMessage(t, reportId, {
        channel: 'public_body',
        author: 'staff',
        authorUserId: handler.userId,
        text: JSON.stringify({ publicBody: 'OUS', text: PUBLIC_BODY, dueOn: null }),
      });
      const referralId = await referCase(t, reportId, {
        referredBy: handler.userId,
        question: QUESTION,
        adviceBy: '2099-01-31',
      });
      await t.dataSource.query(`UPDATE reports SET status = 'investigating' WHERE id = $1`, [
        reportId,
      ]);
      await api()
        .post(`/api/committee/referrals/${referralId}/declaration`)
        .set(memberA.headers)
        .send({ conflicted: false })
        .expect(204);
      await api()
        .post(`/api/committee/referrals/${referralId}/advice`)
        .set(memberA.headers)
        .send({ text: ADVICE })
        .expect(201);
    });

    /** Nothing the interpreter may not see. */
    function expectNothingHidden(text: string): void {
      for (const secret of [
        'ORIGINAL',
        REPORTER.name,
        REPORTER.email,
        REPORTER.phone,
        'REPORTER-MESSAGE',
        'INTERNAL-NOTE',
        'PUBLIC-BODY',
        'ADVICE-TEXT',
        QUESTION,
        'Siri Saksbehandler',
      ]) {
        expect(text).not.toContain(secret);
      }
    }

    it('shows the interpreter their case: the redacted account and their channel, nothing else', async () => {
      const list = await api().get('/api/me/report-cases').set(annaUser.headers).expect(200);
      expect(list.body.cases).toEqual([
        expect.objectContaining({ caseNumber, status: 'open', replyBy: '2099-02-01' }),
      ]);
      const res = await api()
        .get(`/api/me/report-cases/${caseNumber}`)
        .set(annaUser.headers)
        .expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({
        caseNumber,
        redactedAccount: REDACTED,
        canReply: true,
        messages: [{ from: 'directorate', text: 'DIRECTORATE-QUESTION: please give your side' }],
        events: [{ kind: 'interpreter_notified' }],
        decisions: [],
      });
      expectNothingHidden(JSON.stringify(res.body));

      const page = await api()
        .get(`/min-side/saker/${caseNumber}`)
        .set(annaUser.headers)
        .expect(200);
      expect(page.text).toContain(REDACTED);
      expectNothingHidden(page.text);

      const me = await api().get('/min-side').set(annaUser.headers).expect(200);
      expect(me.text).toContain('href="/min-side/saker"');
      const bjornMe = await api().get('/min-side').set(bjornUser.headers).expect(200);
      expect(bjornMe.text).not.toContain('href="/min-side/saker"');
    });

    it('answers another interpreter, or a case not yet told, with the same 404 as a missing one', async () => {
      const other = await api()
        .get(`/api/me/report-cases/${caseNumber}`)
        .set(bjornUser.headers)
        .expect(404);
      const missing = await api()
        .get(`/api/me/report-cases/VAR-2099-9999`)
        .set(bjornUser.headers)
        .expect(404);
      expect(other.body.code).toBe('CASE_NOT_FOUND');
      expect(missing.body.detail).toBe(other.body.detail);
      await api()
        .post(`/api/me/report-cases/${caseNumber}/replies`)
        .set(bjornUser.headers)
        .send({ text: 'not mine' })
        .expect(404);
      await api().get(`/min-side/saker/${caseNumber}`).set(bjornUser.headers).expect(404);
      expect(await count('report_messages', `author = 'interpreter'`)).toBe(0);

      const untold = await createReport(t, {
        interpreterId: anna.id,
        redacted: REDACTED,
        status: 'investigating',
      });
      await api()
        .get(`/api/me/report-cases/${untold.caseNumber}`)
        .set(annaUser.headers)
        .expect(404);
      // Staff have no interpreter side.
      await api().get('/api/me/report-cases').set(handler.headers).expect(403);
    });

    it('takes the interpreter’s reply until the decision, then shows the decision', async () => {
      const empty = await api()
        .post(`/min-side/saker/${caseNumber}/svar`)
        .set(annaUser.headers)
        .type('form')
        .send({ _csrf: annaUser.headers['x-csrf-token'], text: '' })
        .expect(400);
      expect(empty.text).toContain('href="#f-text"');
      expect(await count('report_messages', `author = 'interpreter'`)).toBe(0);

      const reply = await api()
        .post(`/api/me/report-cases/${caseNumber}/replies`)
        .set(annaUser.headers)
        .send({ text: 'MY-SIDE: I never spoke of the patient.' })
        .expect(201);
      await api()
        .post(`/min-side/saker/${caseNumber}/svar`)
        .set(annaUser.headers)
        .type('form')
        .send({ _csrf: annaUser.headers['x-csrf-token'], text: 'And one more thing.' })
        .expect(303);
      const [stored]: Array<{ body_sealed: Buffer; channel: string; author_user_id: string }> =
        await t.owner.query(
          `SELECT body_sealed, channel, author_user_id FROM report_messages WHERE id = $1`,
          [reply.body.id],
        );
      expect(stored.channel).toBe('interpreter');
      expect(stored.author_user_id).toBe(annaUser.userId);
      expect(stored.body_sealed.toString('latin1')).not.toContain('MY-SIDE');
      const [audit]: Array<{ details: object }> = await t.owner.query(
        `SELECT details FROM audit_events WHERE action = 'report.interpreter_replied' ORDER BY seq LIMIT 1`,
      );
      expect(audit.details).toEqual({ caseNumber, messageId: reply.body.id });

      await decide(t, reportId, {
        outcome: 'warning',
        decidedBy: handler.userId,
        interpreterId: anna.id,
        reasons: 'DECISION-REASONS: confidentiality breached.',
      });
      const late = await api()
        .post(`/api/me/report-cases/${caseNumber}/replies`)
        .set(annaUser.headers)
        .send({ text: 'too late' })
        .expect(409);
      expect(late.body.code).toBe('CASE_DECIDED');
      expect(await count('report_messages', `author = 'interpreter'`)).toBe(2);

      const res = await api()
        .get(`/api/me/report-cases/${caseNumber}`)
        .set(annaUser.headers)
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'decided',
        outcome: 'warning',
        canReply: false,
        decisions: [{ outcome: 'warning', reasons: 'DECISION-REASONS: confidentiality breached.' }],
      });
      expect(res.body.messages.map((m: { from: string }) => m.from)).toEqual([
        'directorate',
        'interpreter',
        'interpreter',
      ]);
      expectNothingHidden(JSON.stringify(res.body));
      const letter = await api()
        .get(`/api/me/report-cases/${caseNumber}/decisions/${res.body.decisions[0].id}/letter.pdf`)
        .set(annaUser.headers)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(letter.headers['content-type']).toMatch(/^application\/pdf/);
      expect((letter.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');

      const list = await api().get('/api/me/report-cases').set(annaUser.headers).expect(200);
      expect(list.body.sanctions).toEqual([
        expect.objectContaining({ kind: 'warning', caseNumber }),
      ]);
      const page = await api().get('/min-side/saker?lang=en').set(annaUser.headers).expect(200);
      expect(page.text).toContain('Written warning');
    });

    it('puts the cases in the interpreter’s export, never the reporter', async () => {
      const res = await api().get('/api/me/export').set(annaUser.headers).expect(200);
      const data = JSON.parse(res.text);
      expect(data.reportCases).toEqual([
        expect.objectContaining({ caseNumber, redactedAccount: REDACTED }),
      ]);
      expect(data.sanctions).toEqual([expect.objectContaining({ kind: 'warning' })]);
      expectNothingHidden(res.text);
      const bjornExport = await api().get('/api/me/export').set(bjornUser.headers).expect(200);
      expect(JSON.parse(bjornExport.text).reportCases).toEqual([]);
      expect(bjornExport.text).not.toContain('REDACTED');
    });
  });
});
