import { createHash, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { APP_GROUP_ROLE } from '../migrations/1764075600000-runtime-role.js';
import { addDays, osloDate } from '../src/reports/calendar-date.js';
import { ReportIntakeService } from '../src/reports/report-intake.service.js';
import { ReportKeyRotation, type RekeyResult } from '../src/reports/report-key-rotation.js';
import { keyStatusLines, rekeyLines } from '../src/reports/report-keys-cli.js';
import { ReportsClock } from '../src/reports/reports-clock.js';
import { conflictAad } from '../src/reports/report-types.js';
import { SEALED_COLUMNS } from '../src/reports/sealed-columns.js';
import { SealingService } from '../src/sealing/sealing.module.js';
import { aadFor, seal, sealedHeader } from '../src/sealing/sealed-box.js';
import { SealingKeyRing } from '../src/sealing/sealing-keys.js';
import { createInterpreter, type CreatedInterpreter } from './factories/interpreter.factory.js';
import { createReport } from './factories/report.factory.js';
import { pdfFixture } from './factories/upload-files.js';
import { interpreterSession, staffSession } from './factories/user.factory.js';
import { fromOurPages } from './setup/sessions.js';
import { type KeptDatabase, startTestApp, type TestApp } from './setup/test-app.js';

/**
 * Rotating the report keys (#11): every sealed value written under key A,
 * the app restarted with REPORT_KEYS=B,A, the rotation run (twice at once,
 * as two nodes would), every value now under B and read back through the
 * ordinary read paths (the case, the reporter's follow-up, the committee,
 * the interpreter), a rerun that changes nothing, and a restart with B
 * alone. A value that does not open (altered, or its key gone) is counted
 * and named by place, and the run goes on.
 */

const key = (kid: string) => `${kid}:${randomBytes(32).toString('base64url')}`;
const KEY_A = key('a');
const KEY_B = key('b');
const RING_A = SealingKeyRing.parse(KEY_A);

/** A committee member's statement: no read path shows it (it is theirs and the committee's). */
const MEMBER_STATEMENT = 'REKEY-MEMBER-STATEMENT: no ties to anyone in the case.';

const TEXTS = {
  report: 'REKEY-REPORT: the interpreter added advice of their own to what the doctor said.',
  handlerStatement: 'REKEY-HANDLER-STATEMENT: I have never worked with this interpreter.',
  toReporter: 'REKEY-TO-REPORTER: which day was this?',
  fromReporter: 'REKEY-FROM-REPORTER: a Tuesday, in the evening.',
  redacted: 'REKEY-REDACTED: the interpreter added advice of their own.',
  interpreterSide: 'REKEY-SIDE: I only repeated the doctor.',
  note: 'REKEY-NOTE: ask the ward for the rota.',
  question: 'REKEY-QUESTION: is guidance enough?',
  advice: 'REKEY-ADVICE: guidance is enough.',
  second: 'REKEY-SECOND: the interpreter arrived late and left early.',
  reasons: 'REKEY-REASONS: nothing to act on.',
};

type Headers = Record<string, string>;

interface SchemaColumn {
  table: string;
  column: string;
}

describe('Rotating the report keys', () => {
  let t: TestApp;
  let kept: KeptDatabase;
  let interpreter: CreatedInterpreter;
  let handler: Headers;
  let member: Headers;
  let memberId: string;
  let tolk: Headers;
  let first: { id: string; caseNumber: string; receiptCode: string };
  let second: { id: string; caseNumber: string };
  let referralId: string;
  let attachmentId: string;
  let schemaColumns: SchemaColumn[];
  /** Values per sealed column, all under A, before the rotation. */
  let written: Map<string, number>;
  let before: Awaited<ReturnType<typeof readEverything>>;
  let attachmentBytes: Buffer;

  const api = () => request(t.server);
  const rotation = () => t.app.get(ReportKeyRotation);

  async function start(keys: string): Promise<void> {
    process.env.REPORT_KEYS = keys;
    t = await startTestApp(kept ? { reuse: kept } : { keep: true });
    kept ??= t.kept!;
  }

  async function restart(keys: string): Promise<void> {
    await t.close();
    await start(keys);
  }

  /** Every `*_sealed` column the migrations created, read from the schema (not the inventory). */
  async function sealedColumnsOfSchema(): Promise<SchemaColumn[]> {
    return t.owner.query(
      `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name LIKE '%\\_sealed' AND data_type = 'bytea'
        ORDER BY 1, 2`,
    );
  }

  /** Per column of the schema: values in all, and values not under `kid`. */
  async function valuesBy(kid: string): Promise<Map<string, { all: number; other: number }>> {
    const header = sealedHeader(kid);
    const counts = new Map<string, { all: number; other: number }>();
    for (const { table, column } of schemaColumns) {
      const [row]: Array<{ all: number; other: number }> = await t.owner.query(
        `SELECT count(*)::int AS "all",
                (count(*) FILTER (WHERE substring(${column} FROM 1 FOR $1) <> $2::bytea))::int AS other
           FROM ${table} WHERE ${column} IS NOT NULL`,
        [header.length, header],
      );
      counts.set(`${table}.${column}`, row);
    }
    return counts;
  }

  /** Every sealed value's bytes, hashed: to see that a rerun rewrites nothing. */
  async function fingerprint(): Promise<string> {
    const hash = createHash('sha256');
    for (const { table, column } of schemaColumns) {
      const rows: Array<{ v: Buffer }> = await t.owner.query(
        `SELECT ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL ORDER BY ${column}`,
      );
      for (const row of rows) hash.update(row.v);
    }
    return hash.digest('hex');
  }

  /** The case, its file and letter, the reporter's follow-up, the committee's and the interpreter's views. */
  async function readEverything() {
    const case1 = (await api().get(`/api/report-cases/${first.id}`).set(handler).expect(200)).body;
    const case2 = (await api().get(`/api/report-cases/${second.id}`).set(handler).expect(200)).body;
    const file = await api()
      .get(`/api/report-cases/${first.id}/attachments/${attachmentId}`)
      .set(handler)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const letter = await api()
      .get(`/api/report-cases/${second.id}/letter.pdf`)
      .set(handler)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const followUp = (
      await api()
        .post('/api/reports/follow-up')
        .send({ receiptCode: first.receiptCode })
        .expect(200)
    ).body;
    const committee = (
      await api().get(`/api/committee/referrals/${referralId}`).set(member).expect(200)
    ).body;
    const mine = (await api().get(`/api/me/report-cases/${first.caseNumber}`).set(tolk).expect(200))
      .body;
    const [declaration]: Array<{ statement_sealed: Buffer }> = await t.owner.query(
      `SELECT statement_sealed FROM report_conflicts WHERE report_id = $1 AND user_id = $2`,
      [first.id, memberId],
    );
    return {
      case1,
      case2,
      memberStatement: t.app
        .get(SealingService)
        .openText(
          declaration.statement_sealed,
          conflictAad(first.id, memberId, 'committee_member'),
        ),
      file: createHash('sha256')
        .update(file.body as Buffer)
        .digest('hex'),
      letterIsPdf: (letter.body as Buffer).subarray(0, 5).toString() === '%PDF-',
      followUp,
      committee,
      mine,
    };
  }

  function resealedByColumn(...results: RekeyResult[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const result of results) {
      for (const c of result.columns) {
        const name = `${c.table}.${c.column}`;
        counts.set(name, (counts.get(name) ?? 0) + c.resealed);
      }
    }
    return counts;
  }

  beforeAll(async () => {
    await start(KEY_A);
    schemaColumns = await sealedColumnsOfSchema();
    interpreter = await createInterpreter(t.dataSource, {
      givenName: 'Rune',
      familyName: 'Rotasjon',
      entries: [{ language: 'ara', category: 'B' }],
    });
    handler = fromOurPages(
      `tr_session=${(await staffSession(t, 'rekey-handler', 'Hanne Handler', ['case_handler'])).session}`,
    );
    const committee = await staffSession(t, 'rekey-member', 'Mats Medlem', ['committee_member']);
    await t.dataSource.query(`UPDATE users SET committee_seat = 'member' WHERE id = $1`, [
      committee.userId,
    ]);
    member = fromOurPages(`tr_session=${committee.session}`);
    memberId = committee.userId;
    tolk = fromOurPages(
      `tr_session=${await interpreterSession(t, interpreter.nationalId, interpreter.name)}`,
    );
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await kept?.drop();
    delete process.env.REPORT_KEYS;
  });

  it('lists every sealed column of the schema in the inventory', () => {
    expect(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort()).toEqual(
      schemaColumns.map((c) => `${c.table}.${c.column}`).sort(),
    );
  });

  it('writes a value into every sealed column under key A', async () => {
    const intake = t.app.get(ReportIntakeService);
    attachmentBytes = await pdfFixture('Rota for ward 4');
    const submitted = await intake.submit(
      {
        interpreterNumber: interpreter.interpreterNumber,
        duties: ['good_practice'],
        text: TEXTS.report,
        place: 'Ward 4',
        anonymous: false,
        reporter: { name: 'Rita Reporter', email: 'rita@example.org' },
      },
      [{ bytes: attachmentBytes, clientName: 'rota.pdf' }],
      'rekey-test',
    );
    const [{ id }]: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM reports WHERE case_number = $1`,
      [submitted.caseNumber],
    );
    first = { id, caseNumber: submitted.caseNumber, receiptCode: submitted.receiptCode };
    const cases = `/api/report-cases/${id}`;
    await api()
      .post(`${cases}/take`)
      .set(handler)
      .send({ conflicted: false, statement: TEXTS.handlerStatement })
      .expect(204);
    await api().post(`${cases}/acknowledge`).set(handler).send({}).expect(204);
    await api()
      .post(`${cases}/messages`)
      .set(handler)
      .send({ channel: 'reporter', text: TEXTS.toReporter })
      .expect(201);
    await api()
      .post('/api/reports/messages')
      .send({ receiptCode: first.receiptCode, text: TEXTS.fromReporter })
      .expect(201);
    await api()
      .post(`${cases}/messages`)
      .set(handler)
      .send({ channel: 'internal', text: TEXTS.note })
      .expect(201);
    await api().put(`${cases}/redacted`).set(handler).send({ text: TEXTS.redacted }).expect(204);
    await api().post(`${cases}/notify-interpreter`).set(handler).send({}).expect(200);
    await api()
      .post(`/api/me/report-cases/${first.caseNumber}/replies`)
      .set(tolk)
      .send({ text: TEXTS.interpreterSide })
      .expect(201);
    const today = osloDate(t.app.get(ReportsClock).now());
    await api()
      .post(`${cases}/referral`)
      .set(handler)
      .send({ question: TEXTS.question, adviceBy: addDays(today, 14) })
      .expect(204);
    const referrals = await api().get('/api/committee/referrals').set(member).expect(200);
    referralId = (referrals.body.items ?? referrals.body)[0].id as string;
    await api()
      .post(`/api/committee/referrals/${referralId}/declaration`)
      .set(member)
      .send({ conflicted: false, statement: MEMBER_STATEMENT })
      .expect(204);
    await api()
      .post(`/api/committee/referrals/${referralId}/advice`)
      .set(member)
      .send({ text: TEXTS.advice })
      .expect(201);

    // A second, anonymous report, decided: the reasons and the letter.
    const anonymous = await intake.submit(
      {
        interpreterNumber: interpreter.interpreterNumber,
        duties: ['other'],
        text: TEXTS.second,
        anonymous: true,
      },
      [],
      'rekey-test',
    );
    const [{ id: secondId }]: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM reports WHERE case_number = $1`,
      [anonymous.caseNumber],
    );
    second = { id: secondId, caseNumber: anonymous.caseNumber };
    await api()
      .post(`/api/report-cases/${secondId}/take`)
      .set(handler)
      .send({ conflicted: false })
      .expect(204);
    await api().post(`/api/report-cases/${secondId}/acknowledge`).set(handler).send({}).expect(204);
    await api()
      .post(`/api/report-cases/${secondId}/decision`)
      .set(handler)
      .send({ outcome: 'no_action', reasons: TEXTS.reasons })
      .expect(200);

    const view = await api().get(cases).set(handler).expect(200);
    attachmentId = (view.body.attachments as Array<{ id: string }>)[0].id;
    before = await readEverything();
    const text = JSON.stringify(before);
    for (const expected of Object.values(TEXTS)) expect(text).toContain(expected);
    expect(before.memberStatement).toBe(MEMBER_STATEMENT);
    expect(before.letterIsPdf).toBe(true);

    // Every sealed column holds at least one value, all of them under A.
    const counts = await valuesBy('a');
    written = new Map([...counts].map(([name, c]) => [name, c.all]));
    expect([...counts].filter(([, c]) => c.all === 0).map(([name]) => name)).toEqual([]);
    expect([...counts].filter(([, c]) => c.other > 0).map(([name]) => name)).toEqual([]);
    const status = await rotation().status();
    expect(status).toMatchObject({ currentKeyId: 'a', configuredKeyIds: ['a'], notCurrent: 0 });
    expect(new Map(status.columns.map((c) => [`${c.table}.${c.column}`, c.byKey]))).toEqual(
      new Map([...written].map(([name, n]) => [name, [{ keyId: 'a', values: n }]])),
    );
  }, 120_000);

  it('re-seals everything under B with REPORT_KEYS=B,A, on two nodes at once; an altered value is named, not fatal', async () => {
    await restart(`${KEY_B},${KEY_A}`);
    // The old values still open: nothing is needed before the rotation.
    expect(await readEverything()).toEqual(before);

    // A third case with a message under A that someone altered.
    const third = await createReport(t, { text: 'REKEY-THIRD' });
    const altered = randomUUID();
    const value = seal(RING_A, 'REKEY-ALTERED', aadFor('report_messages', altered, 'body_sealed'));
    value[value.length - 1] ^= 0x01;
    await t.owner.query(
      `INSERT INTO report_messages (id, report_id, channel, author, body_sealed)
       VALUES ($1, $2, 'reporter', 'reporter', $3)`,
      [altered, third.id, value],
    );
    const status = await rotation().status();
    expect(status.currentKeyId).toBe('b');
    expect(status.configuredKeyIds).toEqual(['b', 'a']);
    expect(status.notCurrent).toBe([...written.values()].reduce((a, b) => a + b, 0) + 1);
    expect(keyStatusLines(status).code).toBe(1);

    // Two nodes at once, a few rows per transaction.
    const runs = await Promise.all([
      rotation().rekeyAll({ batchSize: 2 }),
      rotation().rekeyAll({ batchSize: 3 }),
    ]);
    expect(resealedByColumn(...runs)).toEqual(written);
    const failures = runs.flatMap((r) => r.failures);
    expect(failures.length).toBeGreaterThanOrEqual(1);
    for (const failure of failures) {
      expect(failure).toEqual({
        table: 'report_messages',
        column: 'body_sealed',
        row: altered,
        keyId: 'a',
        reason: 'does_not_open',
      });
    }

    // Every value is under B but the altered one, and everything reads as before.
    const counts = await valuesBy('b');
    expect([...counts].filter(([, c]) => c.other > 0).map(([name, c]) => [name, c.other])).toEqual([
      ['report_messages.body_sealed', 1],
    ]);
    expect(await readEverything()).toEqual(before);

    // A rerun re-seals nothing, rewrites nothing, and names the altered value again.
    const fingerprinted = await fingerprint();
    const rerun = await rotation().rekeyAll();
    expect(rerun.resealed).toBe(0);
    expect(rerun.unreadable).toBe(1);
    expect(await fingerprint()).toBe(fingerprinted);
    const printed = rekeyLines(rerun);
    expect(printed.code).toBe(1);
    expect(printed.lines.join('\n')).toContain(`report_messages.body_sealed row ${altered}`);

    // The trail records each run by counts and places, never content.
    const audits: Array<{ subject_id: string; details: Record<string, unknown> }> =
      await t.owner.query(
        `SELECT subject_id, details FROM audit_events WHERE action = 'report.resealed' ORDER BY seq`,
      );
    expect(audits.length).toBe(runs.filter((r) => r.resealed + r.unreadable > 0).length + 1);
    expect(audits.every((a) => a.subject_id === 'b')).toBe(true);
    expect(audits.reduce((n, a) => n + (a.details.resealed as number), 0)).toBe(
      [...written.values()].reduce((a, b) => a + b, 0),
    );
    expect(JSON.stringify(audits)).not.toMatch(/REKEY|Rita|rota\.pdf/);

    // The altered value's case is deleted: then key A holds nothing more.
    await t.owner.query(`DELETE FROM reports WHERE id = $1`, [third.id]);
    const done = await rotation().status();
    expect(done.notCurrent).toBe(0);
    const lines = keyStatusLines(done);
    expect(lines.code).toBe(0);
    expect(lines.lines.join('\n')).toContain('a can be dropped');
  }, 120_000);

  it('reads everything with REPORT_KEYS=B alone; a value under a key that is gone is counted, not a crash', async () => {
    await restart(KEY_B);
    expect(await readEverything()).toEqual(before);
    expect((await valuesBy('b')).get('reports.content_sealed')).toEqual({
      all: written.get('reports.content_sealed'),
      other: 0,
    });

    // A value left under A, whose key is gone.
    const fourth = await createReport(t, { text: 'REKEY-FOURTH' });
    const orphan = randomUUID();
    await t.owner.query(
      `INSERT INTO report_messages (id, report_id, channel, author, body_sealed)
       VALUES ($1, $2, 'reporter', 'reporter', $3)`,
      [
        orphan,
        fourth.id,
        seal(RING_A, 'REKEY-ORPHAN', aadFor('report_messages', orphan, 'body_sealed')),
      ],
    );
    const result = await rotation().rekeyAll();
    expect(result).toMatchObject({
      keyId: 'b',
      resealed: 0,
      unreadable: 1,
      failures: [
        {
          table: 'report_messages',
          column: 'body_sealed',
          row: orphan,
          keyId: 'a',
          reason: 'key_not_configured',
        },
      ],
    });
    expect(rekeyLines(result).lines.join('\n')).toContain(
      'sealed with key a, which is not configured',
    );
    const status = await rotation().status();
    expect(status.notCurrent).toBe(1);
    expect(status.columns.find((c) => c.column === 'body_sealed')?.byKey).toContainEqual({
      keyId: 'a',
      values: 1,
    });
    expect(keyStatusLines(status).lines.join('\n')).toContain(
      'Values under keys that are not configured (they cannot be read): a',
    );
    // Nothing else was touched.
    expect(await readEverything()).toEqual(before);
  }, 120_000);

  it("lets the app rewrite a decision's sealed columns and nothing else of it", async () => {
    // The embedded database has only a superuser: there, act as the group role the grants go to.
    const asApp = (sql: string): Promise<unknown> =>
      t.dataSource.transaction(async (em) => {
        if (!process.env.TEST_DATABASE_URL) await em.query(`SET LOCAL ROLE ${APP_GROUP_ROLE}`);
        return (await em.query(sql, [second.id])) as unknown;
      });
    await asApp(
      `UPDATE report_decisions SET reasons_sealed = reasons_sealed, letter_sealed = letter_sealed
        WHERE report_id = $1`,
    );
    for (const sql of [
      `UPDATE report_decisions SET outcome = 'warning' WHERE report_id = $1`,
      `UPDATE report_decisions SET round = 2 WHERE report_id = $1`,
      `UPDATE report_decisions SET reasons_sealed = reasons_sealed, decided_at = now() WHERE report_id = $1`,
    ]) {
      await expect(asApp(sql)).rejects.toThrow(/permission denied/);
    }
    const [decision]: Array<{ outcome: string }> = await t.owner.query(
      `SELECT outcome FROM report_decisions WHERE report_id = $1`,
      [second.id],
    );
    expect(decision.outcome).toBe('no_action');
  });
});
