import request from 'supertest';
import { PrintRunService } from '../src/cards/print-run.service.js';
import { addDays, osloDate } from '../src/reports/calendar-date.js';
import { ReportMaintenance } from '../src/reports/report-maintenance.js';
import { ReportsClock } from '../src/reports/reports-clock.js';
import { createInterpreter, type CreatedInterpreter } from './factories/interpreter.factory.js';
import { interpreterSession, staffSession } from './factories/user.factory.js';
import { fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

/**
 * Issue #11's journey through the JSON API, end to end: an anonymous report,
 * its receipt code, the case handler, the reporter answering with the code,
 * the interpreter's side, the committee's advice, a warning that is the third
 * in five years and so opens an exclusion review, a temporary exclusion the
 * card check and the search see at once, its end by the clock, and the
 * report's deletion after the retention period. The same journey runs
 * through the pages in Chromium in reports-browser.e2e-spec.ts.
 */
describe('Reports: the whole journey', () => {
  let t: TestApp;
  let clock: ReportsClock;
  let interpreter: CreatedInterpreter;
  let handler: Record<string, string>;
  let member: Record<string, string>;
  let tolk: Record<string, string>;
  let cardToken: string;
  const api = () => request(t.server);
  const REPORT_TEXT =
    'JOURNEY-TEXT: the interpreter told the patient what to answer. I was the nurse in the room.';

  beforeAll(async () => {
    process.env.CARD_VERIFY_RATE_LIMIT = '100000';
    t = await startTestApp();
    clock = t.app.get(ReportsClock);
    interpreter = await createInterpreter(t.dataSource, {
      givenName: 'Tariq',
      familyName: 'Tolk',
      entries: [
        { language: 'ara', category: 'B' },
        { language: 'prs', category: 'D' },
      ],
    });
    const [card] = await t.app
      .get(PrintRunService)
      .printRun({ interpreterNumber: interpreter.interpreterNumber });
    cardToken = card.verificationUrl.split('/v/')[1];
    // Two written warnings from earlier cases, within the last five years.
    const today = osloDate(clock.now());
    for (const decidedOn of [addDays(today, -900), addDays(today, -200)]) {
      await t.owner.query(
        `INSERT INTO interpreter_sanctions (interpreter_id, kind, decided_on) VALUES ($1, 'warning', $2::date)`,
        [interpreter.id, decidedOn],
      );
    }
    handler = fromOurPages(
      `tr_session=${(await staffSession(t, 'journey-handler', 'Hilde Handler', ['case_handler'])).session}`,
    );
    const committee = await staffSession(t, 'journey-member', 'Mona Medlem', ['committee_member']);
    member = fromOurPages(`tr_session=${committee.session}`);
    const admin = fromOurPages(
      `tr_session=${(await staffSession(t, 'journey-admin', 'Ada Admin', ['administrator'])).session}`,
    );
    await api()
      .patch(`/api/admin/staff/${committee.userId}`)
      .set(admin)
      .send({ committeeSeat: 'member' })
      .expect(200);
    tolk = fromOurPages(
      `tr_session=${await interpreterSession(t, interpreter.nationalId, interpreter.name)}`,
    );
  }, 120_000);

  afterAll(async () => {
    clock?.reset();
    delete process.env.CARD_VERIFY_RATE_LIMIT;
    await t?.close();
  });

  async function cardStatus(): Promise<string> {
    const res = await api().get(`/api/cards/verify/${cardToken}`).expect(200);
    return res.body.status as string;
  }

  async function listed(): Promise<boolean> {
    const res = await api()
      .get('/api/interpreters')
      .query({ q: String(interpreter.interpreterNumber) })
      .expect(200);
    const items = res.body.items as Array<{ interpreterNumber: number }>;
    return items.some((i) => i.interpreterNumber === interpreter.interpreterNumber);
  }

  async function mailsAbout(caseNumber: string): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await t.owner.query(
      `SELECT count(*)::int AS n FROM notifications WHERE params->>'caseNumber' = $1`,
      [caseNumber],
    );
    return n;
  }

  async function queueItem(kind: string) {
    const res = await api()
      .get('/api/report-cases')
      .query({ status: 'all' })
      .set(handler)
      .expect(200);
    const items = res.body.items as Array<{
      id: string;
      caseNumber: string;
      kind: string;
      newReply: boolean;
    }>;
    return items.find((i) => i.kind === kind);
  }

  it('goes from an anonymous report to its deletion', async () => {
    // An anonymous report, and its receipt code, shown once.
    const sent = await api()
      .post('/api/reports')
      .send({
        interpreterNumber: interpreter.interpreterNumber,
        duties: ['good_practice', 'impartiality'],
        text: REPORT_TEXT,
        place: 'Akuttmottaket',
        publicBody: 'Oslo universitetssykehus',
        anonymous: true,
      })
      .expect(201);
    const { caseNumber, receiptCode } = sent.body as { caseNumber: string; receiptCode: string };
    expect(receiptCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);

    // The handler takes it, acknowledges it and asks a question.
    const report = (await queueItem('report'))!;
    expect(report.caseNumber).toBe(caseNumber);
    const id = report.id;
    await api()
      .post(`/api/report-cases/${id}/take`)
      .set(handler)
      .send({ conflicted: false })
      .expect(204);
    await api().post(`/api/report-cases/${id}/acknowledge`).set(handler).send({}).expect(204);
    await api()
      .post(`/api/report-cases/${id}/messages`)
      .set(handler)
      .send({ channel: 'reporter', text: 'QUESTION: which day was this?' })
      .expect(201);

    // The ball is with the reporter: the queue shows nothing new.
    expect((await queueItem('report'))!.newReply).toBe(false);

    // The reporter reads it with the code alone, and answers.
    const followUp = await api().post('/api/reports/follow-up').send({ receiptCode }).expect(200);
    expect(followUp.body.acknowledgedAt).not.toBeNull();
    expect(followUp.body.messages.map((m: { text: string }) => m.text)).toContain(
      'QUESTION: which day was this?',
    );
    await api()
      .post('/api/reports/messages')
      .send({ receiptCode, text: 'ANSWER: Tuesday the 3rd, in the evening.' })
      .expect(201);
    // The queue says there is a new reply, and the case shows it.
    expect((await queueItem('report'))!.newReply).toBe(true);
    const seen = await api().get(`/api/report-cases/${id}`).set(handler).expect(200);
    expect(JSON.stringify(seen.body)).toContain('ANSWER: Tuesday the 3rd');

    // The interpreter is told (with the redacted account) and gives their side.
    await api()
      .put(`/api/report-cases/${id}/redacted`)
      .set(handler)
      .send({ text: 'REDACTED: the interpreter told the patient what to answer.' })
      .expect(204);
    await api()
      .post(`/api/report-cases/${id}/notify-interpreter`)
      .set(handler)
      .send({})
      .expect(200);
    const mine = await api().get(`/api/me/report-cases/${caseNumber}`).set(tolk).expect(200);
    expect(JSON.stringify(mine.body)).toContain('REDACTED: the interpreter told');
    expect(JSON.stringify(mine.body)).not.toContain('JOURNEY-TEXT');
    expect(JSON.stringify(mine.body)).not.toContain('nurse');
    await api()
      .post(`/api/me/report-cases/${caseNumber}/replies`)
      .set(tolk)
      .send({ text: 'SIDE: I only repeated what the doctor had said.' })
      .expect(201);

    // The committee advises.
    await api()
      .post(`/api/report-cases/${id}/referral`)
      .set(handler)
      .send({
        question: 'Is a warning right?',
        adviceBy: addDays(osloDate(clock.now()), 14),
      })
      .expect(204);
    const referrals = await api().get('/api/committee/referrals').set(member).expect(200);
    const referralId = (referrals.body.items ?? referrals.body)[0].id as string;
    await api()
      .post(`/api/committee/referrals/${referralId}/declaration`)
      .set(member)
      .send({ conflicted: false })
      .expect(204);
    const read = await api().get(`/api/committee/referrals/${referralId}`).set(member).expect(200);
    expect(JSON.stringify(read.body)).toContain('REDACTED');
    expect(JSON.stringify(read.body)).not.toContain('JOURNEY-TEXT');
    await api()
      .post(`/api/committee/referrals/${referralId}/advice`)
      .set(member)
      .send({ text: 'ADVICE: a written warning.' })
      .expect(201);
    expect(
      JSON.stringify((await api().get(`/api/report-cases/${id}`).set(handler).expect(200)).body),
    ).toContain('ADVICE: a written warning.');

    // A warning: the third in five years opens an exclusion review.
    const decided = await api()
      .post(`/api/report-cases/${id}/decision`)
      .set(handler)
      .send({ outcome: 'warning', reasons: 'You gave the patient advice.' })
      .expect(200);
    expect(decided.body.review).toMatchObject({ reason: 'third_warning_in_five_years' });
    const review = (await queueItem('exclusion_review'))!;
    const reviewCase = await api().get(`/api/report-cases/${review.id}`).set(handler).expect(200);
    expect(JSON.stringify(reviewCase.body)).toContain('third_warning_in_five_years');
    // Each case leads to the other.
    expect(reviewCase.body.review).toMatchObject({ originId: id, originCaseNumber: caseNumber });
    const origin = await api().get(`/api/report-cases/${id}`).set(handler).expect(200);
    expect(origin.body.openedReview).toEqual({ id: review.id, caseNumber: review.caseNumber });
    const page = await api().get(`/saksbehandling/varsler/${id}`).set(handler).expect(200);
    expect(page.text).toContain(`href="/saksbehandling/varsler/${review.id}"`);
    expect(await cardStatus()).toBe('valid');
    expect(await listed()).toBe(true);

    // Temporary exclusion while the review runs: at once, the card check and the search.
    const until = addDays(osloDate(clock.now()), 14);
    await api()
      .post(`/api/report-cases/${review.id}/temporary-exclusion`)
      .set(handler)
      .send({ until, reasons: 'Three warnings in five years.' })
      .expect(201);
    expect(await cardStatus()).toBe('suspended');
    expect(await listed()).toBe(false);
    const check = await api().get(`/api/cards/verify/${cardToken}`).expect(200);
    expect(JSON.stringify(check.body)).not.toMatch(/warning|report|varsel|exclu/i);

    // The day before it ends nothing changes; on its end date the interpreter is back.
    const maintenance = t.app.get(ReportMaintenance);
    clock.travel(13);
    await maintenance.run(clock.now());
    expect(await cardStatus()).toBe('suspended');
    clock.travel(1);
    await maintenance.run(clock.now());
    expect(await cardStatus()).toBe('valid');
    expect(await listed()).toBe(true);

    // The report is closed; after the retention period it is deleted, and only the anonymous facts and the sanction remain.
    const closed = await api()
      .post(`/api/report-cases/${id}/close`)
      .set(handler)
      .send({})
      .expect(200);
    const deleteAfter = closed.body.deleteAfter as string;
    expect(deleteAfter > osloDate(clock.now())).toBe(true);
    const followUpClosed = await api()
      .post('/api/reports/follow-up')
      .send({ receiptCode })
      .expect(200);
    expect(followUpClosed.body.status).toBe('closed');
    expect(await mailsAbout(caseNumber)).toBe(2);
    clock.travelTo(new Date(`${addDays(deleteAfter, 1)}T12:00:00Z`));
    await maintenance.run(clock.now());
    await api().get(`/api/report-cases/${id}`).set(handler).expect(404);
    await api().post('/api/reports/follow-up').send({ receiptCode }).expect(404);
    const [{ reports, facts, warnings }]: Array<{
      reports: number;
      facts: number;
      warnings: number;
    }> = await t.owner.query(
      `SELECT (SELECT count(*)::int FROM reports WHERE case_number = $1) AS reports,
                (SELECT count(*)::int FROM report_facts WHERE outcome = 'warning' AND closed_on IS NOT NULL) AS facts,
                (SELECT count(*)::int FROM interpreter_sanctions WHERE interpreter_id = $2 AND kind = 'warning') AS warnings`,
      [caseNumber, interpreter.id],
    );
    expect({ reports, facts, warnings }).toEqual({ reports: 0, facts: 1, warnings: 3 });
    const stats = await api().get('/api/statistics/reports').expect(200);
    expect(JSON.stringify(stats.body)).not.toContain(caseNumber);
  });
});
