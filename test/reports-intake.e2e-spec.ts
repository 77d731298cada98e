import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { csrfTokenFor } from '../src/auth/csrf.js';
import { ReceiptGate } from '../src/reports/receipt-gate.js';
import { ReceiptHasher } from '../src/reports/receipt-hasher.js';
import { ReportsClock } from '../src/reports/reports-clock.js';
import { aadFor } from '../src/sealing/sealed-box.js';
import { SealingService } from '../src/sealing/sealing.module.js';
import { createInterpreter, type CreatedInterpreter } from './factories/interpreter.factory.js';
import { imageFixture } from './factories/upload-files.js';
import { staffSession } from './factories/user.factory.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const REPORT_TABLES = [
  'reports',
  'report_messages',
  'report_attachments',
  'report_events',
  'report_facts',
  'report_sessions',
];

/** A PDF that keeps a marker in its bytes as sent (intake keeps PDFs as they are). */
function pdfWith(marker: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n% ${marker}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
  );
}

const unique = (label: string) => `${label}-${randomBytes(6).toString('hex')}`;

describe('Reports: the reporter’s side (intake, receipt code, follow-up, statistics)', () => {
  let t: TestApp;
  let interpreter: CreatedInterpreter;
  let clock: ReportsClock;
  let sealing: SealingService;
  let staffUserId: string;
  const logged: string[] = [];
  const saved = { ...process.env };
  let ipCounter = 0;
  /** Each test its own client address behind the trusted proxy (the gate counts per client). */
  const newClient = () => `198.51.100.${++ipCounter}`;
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  const report = (overrides: Record<string, unknown> = {}) => ({
    interpreterNumber: interpreter.interpreterNumber,
    duties: ['confidentiality'],
    text: 'The interpreter told my neighbour about my case.',
    anonymous: true,
    ...overrides,
  });

  async function count(table: string): Promise<number> {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    return row.n as number;
  }

  async function counts(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of [...REPORT_TABLES, 'audit_events']) result[table] = await count(table);
    return result;
  }

  /** Rows of `tables` (every schema when omitted) whose text form holds `needle`, as text or as hex bytes. */
  async function tablesHolding(needle: string, tables?: string[]): Promise<string[]> {
    const list: Array<{ schema: string; name: string }> = tables
      ? tables.map((name) => ({ schema: 'public', name }))
      : await t.owner.query(
          `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE'
              AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
        );
    const hex = Buffer.from(needle, 'utf8').toString('hex');
    const found: string[] = [];
    for (const { schema, name } of list) {
      const [row] = await t.owner.query(
        `SELECT count(*)::int AS n FROM "${schema}"."${name}" x
          WHERE strpos(x::text, $1) > 0 OR strpos(lower(x::text), $2) > 0`,
        [needle, hex],
      );
      if (row.n > 0) found.push(`${schema}.${name}`);
    }
    return found;
  }

  function send(body: Record<string, unknown>, ip = newClient()) {
    return request(t.server).post('/api/reports').set(from(ip)).send(body);
  }

  beforeAll(async () => {
    process.env.TRUST_PROXY = '127.0.0.1';
    process.env.LOG_LEVEL = 'info';
    // Everything the app logs, through Nest's logger and pino alike. Installed before the
    // app starts: pino writes to a replaced process.stdout through it, and otherwise
    // straight to file descriptor 1 (as it does in a jest worker), past any spy.
    for (const stream of process.env.NO_SPY ? [] : [process.stdout, process.stderr]) {
      jest
        .spyOn(stream, 'write')
        .mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
          logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
          const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
          done?.();
          return true;
        });
    }
    t = await startTestApp();
    clock = t.app.get(ReportsClock);
    sealing = t.app.get(SealingService);
    interpreter = await createInterpreter(t.dataSource, {
      givenName: 'Tina',
      familyName: 'Tolk',
      entries: [{ language: 'ara', category: 'B' }],
    });
    staffUserId = (await staffSession(t, 'handler-intake', 'Hanne Handler', ['case_handler']))
      .userId;
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    clock?.reset();
    await t?.close();
    process.env = saved;
  });

  afterEach(() => {
    clock.reset();
  });

  describe('an anonymous report', () => {
    const text = unique('anonymous-account');
    const agent = unique('UA-reporter');
    const ip = `203.0.113.${200 + Math.floor(Math.random() * 50)}`;
    let code: string;
    let caseNumber: string;

    beforeAll(async () => {
      const res = await request(t.server)
        .post('/api/reports')
        .set('user-agent', agent)
        .set('x-forwarded-for', ip)
        .send(report({ text, place: 'Ward 7', publicBody: 'Oslo University Hospital' }))
        .expect(201);
      code = res.body.receiptCode;
      caseNumber = res.body.caseNumber;
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('answers a case number, a 16-digit code in four groups, and the deadlines', async () => {
      const year = new Date().getFullYear();
      expect(caseNumber).toMatch(new RegExp(`^VAR-${year}-\\d{4}$`));
      expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      const [row] = await t.dataSource.query(
        `SELECT status, kind, anonymous, reporter_sealed, interpreter_id, acknowledge_by::text AS ack,
                feedback_by::text AS feedback, received_at = reporter_active_at AS active
           FROM reports WHERE case_number = $1`,
        [caseNumber],
      );
      expect(row).toMatchObject({
        status: 'received',
        kind: 'report',
        anonymous: true,
        reporter_sealed: null,
        interpreter_id: interpreter.id,
        active: true,
      });
      const [event] = await t.dataSource.query(
        `SELECT e.kind, e.visible_to_reporter, e.actor_user_id FROM report_events e
           JOIN reports r ON r.id = e.report_id WHERE r.case_number = $1`,
        [caseNumber],
      );
      expect(event).toEqual({ kind: 'received', visible_to_reporter: true, actor_user_id: null });
      const [audit] = await t.dataSource.query(
        `SELECT actor_type, actor_id, client_ip, details FROM audit_events
          WHERE action = 'report.received' ORDER BY seq DESC LIMIT 1`,
      );
      expect(audit).toEqual({
        actor_type: 'anonymous',
        actor_id: null,
        client_ip: null,
        details: { caseNumber },
      });
    });

    it('stores no IP address and no user agent anywhere: no table of any schema, not the gate, not the logs', async () => {
      expect(await tablesHolding(ip)).toEqual([]);
      expect(await tablesHolding(agent)).toEqual([]);
      // The gate remembers clients only by a keyed hash.
      const gate = t.app.get(ReceiptGate);
      const inside = JSON.stringify([
        ...(gate as unknown as { clients: Map<string, unknown> }).clients,
      ]);
      expect(inside).not.toContain(ip);
      // The request log is captured (so its silence means something).
      expect(logged.join('')).toContain('"url":"/api/reports"');
      expect(logged.join('')).not.toContain(ip);
      expect(logged.join('')).not.toContain(agent);
    });

    it('the code reads the case; the code is in no table, no log, no audit detail', async () => {
      const res = await request(t.server)
        .post('/api/reports/follow-up')
        .set(from(newClient()))
        .send({ receiptCode: code })
        .expect(200);
      expect(res.body).toMatchObject({
        caseNumber,
        status: 'received',
        acknowledgedAt: null,
        messages: [],
        events: [{ kind: 'received', at: expect.any(String) }],
      });
      expect(res.body.report.text).toBe(text);
      const digits = code.replace(/ /g, '');
      expect(await tablesHolding(digits)).toEqual([]);
      expect(await tablesHolding(code)).toEqual([]);
      expect(logged.join('')).not.toContain(digits);
      expect(logged.join('')).not.toContain(text);
    });
  });

  describe('what is stored is ciphertext', () => {
    it('report text, identity, place, messages and attachments (bytes and names) are sealed in every report table', async () => {
      const secrets = {
        text: unique('secret-account'),
        place: unique('secret-place'),
        body: unique('secret-body'),
        name: unique('Secret Name'),
        email: `${unique('secret')}@example.org`,
        organisation: unique('secret-org'),
        fileMarker: unique('secret-file-bytes'),
        fileName: unique('secret-file-name'),
        answer: unique('secret-answer'),
        answerMarker: unique('secret-answer-bytes'),
      };
      const ip = newClient();
      // Through the page: multipart with a file, named.
      const page = await request(t.server).get('/meld-fra').set(from(ip)).expect(200);
      const cookie = formCookieOf(page.headers['set-cookie']);
      const token = csrfTokenOf(page.text);
      expect(token).toBe(csrfTokenFor(cookie.split('=')[1]));
      const res = await request(t.server)
        .post('/meld-fra')
        .set(from(ip))
        .set('cookie', cookie)
        .set('accept', 'text/html')
        .field('_csrf', token)
        .field('interpreterNumber', String(interpreter.interpreterNumber))
        .field('text', secrets.text)
        .field('place', secrets.place)
        .field('publicBody', secrets.body)
        .field('duty_impartiality', 'yes')
        .field('duty_good_practice', 'yes')
        .field('anonymous', 'no')
        .field('reporterName', secrets.name)
        .field('reporterEmail', secrets.email)
        .field('reporterOrganisation', secrets.organisation)
        .attach('attachments', pdfWith(secrets.fileMarker), `${secrets.fileName}.pdf`)
        .attach('attachments', await imageFixture(40, 30, 'png'), 'photo.png');
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const code = /class="receipt-code__digits">(.*?)<\/p>/s
        .exec(res.text)![1]
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, '');
      expect(code).toMatch(/^\d{16}$/);
      // An answer with a file, through the API (text) and the session (file).
      await request(t.server)
        .post('/api/reports/messages')
        .set(from(newClient()))
        .send({ receiptCode: code, text: secrets.answer })
        .expect(201);
      const session = await signIn(code);
      await request(t.server)
        .post('/meld-fra/sak/svar')
        .set('cookie', session.cookie)
        .field('_csrf', session.token)
        .field('text', '')
        .attach('attachments', pdfWith(secrets.answerMarker), 'more.pdf')
        .expect(303);

      const [row] = await t.dataSource.query(
        `SELECT id, anonymous, reporter_sealed, content_sealed, duties::text[] AS duties
           FROM reports WHERE content_sealed IS NOT NULL ORDER BY received_at DESC, case_number DESC LIMIT 1`,
      );
      expect(row.anonymous).toBe(false);
      expect(row.duties.sort()).toEqual(['good_practice', 'impartiality']);
      // Sealed, bound to its row and column, and it opens back to what was sent.
      const identity = JSON.parse(
        sealing.openText(row.reporter_sealed, aadFor('reports', row.id, 'reporter_sealed')),
      );
      expect(identity).toEqual({
        name: secrets.name,
        email: secrets.email,
        phone: null,
        organisation: secrets.organisation,
      });
      expect(() =>
        sealing.openText(row.content_sealed, aadFor('reports', row.id, 'reporter_sealed')),
      ).toThrow();
      const files = await t.dataSource.query(
        `SELECT id, media_type FROM report_attachments WHERE report_id = $1 ORDER BY created_at`,
        [row.id],
      );
      expect(files.map((f: { media_type: string }) => f.media_type)).toEqual([
        'application/pdf',
        'image/png',
        'application/pdf',
      ]);
      for (const secret of Object.values(secrets)) {
        expect(await tablesHolding(secret, REPORT_TABLES)).toEqual([]);
        expect(await tablesHolding(secret)).toEqual([]);
      }
      const joined = logged.join('');
      for (const secret of Object.values(secrets)) expect(joined).not.toContain(secret);
      expect(joined).not.toContain(code);
    });
  });

  describe('bad input: a clear problem, nothing written', () => {
    it.each([
      ['an empty report', { text: '   ', duties: [] }, ['text', 'duties']],
      ['a 1 MB report text', { text: 'x'.repeat(1_000_000) }, ['text']],
      ['an unknown interpreter number', { interpreterNumber: 99_999_999 }, ['interpreterNumber']],
      ['no interpreter at all', { interpreterNumber: undefined }, ['interpreterNumber']],
      [
        'an unknown language',
        { interpreterNumber: undefined, interpreterName: 'Ola', languageCode: 'xx' },
        ['languageCode'],
      ],
      ['a date in the future', { happenedOn: '2999-01-01' }, ['happenedOn']],
      ['anonymous with a name', { reporter: { name: 'Kari Nordmann' } }, ['reporter.name']],
      [
        'named without a name',
        { anonymous: false, reporter: { name: '', email: 'a@b.no' } },
        ['reporter.name'],
      ],
      [
        'named without contact',
        { anonymous: false, reporter: { name: 'Kari Nordmann' } },
        ['reporter.email'],
      ],
    ])('%s', async (_label, overrides, fields) => {
      const before = await counts();
      const res = await send(report(overrides));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        [...fields].sort(),
      );
      expect(JSON.stringify(res.body)).not.toContain('xxxxxxxxxx');
      expect(await counts()).toEqual(before);
    });

    it('an unknown duty or a wrong shape is refused by the validation', async () => {
      const before = await counts();
      expect((await send(report({ duties: ['rudeness'] }))).status).toBe(400);
      expect((await send(report({ anonymous: 'yes' }))).status).toBe(400);
      expect((await send(report({ reporterIp: '1.2.3.4' }))).status).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['too short', '1234 5678 9012 345', 'length'],
      ['too long', '1234 5678 9012 34567', 'length'],
      ['with letters', '1234 5678 9O12 3456', 'letters'],
    ])(
      'a receipt code %s: 400 INVALID_RECEIPT_CODE, not echoed, nothing counted',
      async (_l, code, problem) => {
        const gate = t.app.get(ReceiptGate);
        const spy = jest.spyOn(gate, 'attempt');
        const res = await request(t.server)
          .post('/api/reports/follow-up')
          .set(from(newClient()))
          .send({ receiptCode: code });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('INVALID_RECEIPT_CODE');
        expect(res.body.errors).toEqual([{ field: 'receiptCode', message: problem }]);
        expect(JSON.stringify(res.body)).not.toContain(code.replace(/ /g, '').slice(0, 8));
        expect(spy).not.toHaveBeenCalled();
        spy.mockRestore();
      },
    );
  });

  describe('the receipt gate', () => {
    it('50 wrong codes in a row: locked with Retry-After, even with the right code, until the lockout ends', async () => {
      const { body } = await send(report()).expect(201);
      const ip = newClient();
      const statuses: number[] = [];
      let last: request.Response | undefined;
      for (let i = 0; i < 50; i++) {
        last = await request(t.server)
          .post('/api/reports/follow-up')
          .set(from(ip))
          .send({ receiptCode: String(1_000_000_000_000_000 + i) });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
      expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
      expect(last!.body.code).toBe('TOO_MANY_ATTEMPTS');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(14 * 60);
      expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      // The right code changes nothing while the lockout lasts, by the API or the page.
      const right = await request(t.server)
        .post('/api/reports/follow-up')
        .set(from(ip))
        .send({ receiptCode: body.receiptCode });
      expect(right.status).toBe(429);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
      const pageTry = await request(t.server)
        .post('/meld-fra/oppfolging')
        .set(from(ip))
        .set('accept', 'text/html')
        .type('form')
        .send({ receiptCode: body.receiptCode });
      expect(pageTry.status).toBe(429);
      expect(pageTry.text).toMatch(/Vent \d+ minutter/);
      expect(String(pageTry.headers['set-cookie'] ?? '')).not.toContain('tr_report');
      // Another client is not locked out.
      await request(t.server)
        .post('/api/reports/follow-up')
        .set(from(newClient()))
        .send({ receiptCode: body.receiptCode })
        .expect(200);
      clock.travel(16 / (24 * 60));
      await request(t.server)
        .post('/api/reports/follow-up')
        .set(from(ip))
        .send({ receiptCode: body.receiptCode })
        .expect(200);
    });

    it('a missing code costs one argon2 verify exactly like a found one, and answers the same 404', async () => {
      const { body } = await send(report()).expect(201);
      const hasher = t.app.get(ReceiptHasher);
      const verify = jest.spyOn(hasher, 'verify');
      const dummy = jest.spyOn(hasher, 'dummyVerify');
      const ask = (receiptCode: string) =>
        request(t.server)
          .post('/api/reports/follow-up')
          .set(from(newClient()))
          .send({ receiptCode });

      const missing = await ask('0000 0000 0000 0001');
      expect(missing.status).toBe(404);
      expect(verify).toHaveBeenCalledTimes(0);
      expect(dummy).toHaveBeenCalledTimes(1);

      verify.mockClear();
      dummy.mockClear();
      // A code the index finds whose hash does not match (the row's hash changed): one real verify, same 404.
      const [row] = await t.dataSource.query(
        `SELECT id, receipt_hash FROM reports WHERE case_number = $1`,
        [body.caseNumber],
      );
      await t.dataSource.query(`UPDATE reports SET receipt_hash = $2 WHERE id = $1`, [
        row.id,
        await hasher.hash('9999999999999999'),
      ]);
      const mismatch = await ask(body.receiptCode);
      await t.dataSource.query(`UPDATE reports SET receipt_hash = $2 WHERE id = $1`, [
        row.id,
        row.receipt_hash,
      ]);
      expect(mismatch.status).toBe(404);
      expect(verify).toHaveBeenCalledTimes(1);
      expect(dummy).toHaveBeenCalledTimes(0);
      const strip = (b: Record<string, unknown>) => ({ ...b, correlationId: undefined });
      expect(strip(mismatch.body)).toEqual(strip(missing.body));
      expect(missing.body.code).toBe('RECEIPT_CODE_UNKNOWN');

      verify.mockClear();
      dummy.mockClear();
      expect((await ask(body.receiptCode)).status).toBe(200);
      expect(verify).toHaveBeenCalledTimes(1);
      expect(dummy).toHaveBeenCalledTimes(0);
      verify.mockRestore();
      dummy.mockRestore();
    });

    it('reports are limited per client, generously (10 an hour), with Retry-After', async () => {
      const ip = newClient();
      for (let i = 0; i < 10; i++) await send(report(), ip).expect(201);
      const before = await counts();
      const limited = await send(report(), ip);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(await counts()).toEqual(before);
      await send(report(), newClient()).expect(201);
    });
  });

  describe('the follow-up with the code: the reporter channel and nothing else', () => {
    it('reads the directorate’s questions, answers, and never sees internal notes or hidden steps', async () => {
      const { body } = await send(report()).expect(201);
      const [{ id }] = await t.dataSource.query(`SELECT id FROM reports WHERE case_number = $1`, [
        body.caseNumber,
      ]);
      // What the case handler's side (part 2) writes: a question, an internal note, steps.
      const message = async (channel: string, text: string) => {
        const messageId = randomUUID();
        await t.dataSource.query(
          `INSERT INTO report_messages (id, report_id, channel, author, author_user_id, body_sealed)
           VALUES ($1, $2, $3, 'staff', $4, $5)`,
          [
            messageId,
            id,
            channel,
            staffUserId,
            sealing.seal(text, aadFor('report_messages', messageId, 'body_sealed')),
          ],
        );
      };
      await message('reporter', 'When did this happen?');
      await message('internal', 'INTERNAL NOTE: check the booking');
      await t.dataSource.query(
        `INSERT INTO report_events (report_id, kind, visible_to_reporter) VALUES ($1, 'acknowledged', true), ($1, 'assigned', false)`,
        [id],
      );
      const ip = newClient();
      await request(t.server)
        .post('/api/reports/messages')
        .set(from(ip))
        .send({ receiptCode: body.receiptCode, text: 'Last Tuesday, in the morning.' })
        .expect(201);
      const view = await request(t.server)
        .post('/api/reports/follow-up')
        .set(from(ip))
        .send({ receiptCode: body.receiptCode })
        .expect(200);
      expect(
        view.body.messages.map((m: { from: string; text: string }) => [m.from, m.text]),
      ).toEqual([
        ['directorate', 'When did this happen?'],
        ['reporter', 'Last Tuesday, in the morning.'],
      ]);
      expect(JSON.stringify(view.body)).not.toContain('INTERNAL NOTE');
      expect(view.body.events.map((e: { kind: string }) => e.kind)).toEqual([
        'received',
        'acknowledged',
      ]);
      const [audit] = await t.dataSource.query(
        `SELECT actor_type, client_ip, details FROM audit_events WHERE action = 'report.reporter_wrote' ORDER BY seq DESC LIMIT 1`,
      );
      expect(audit).toEqual({
        actor_type: 'anonymous',
        client_ip: null,
        details: { caseNumber: body.caseNumber, attachments: 0 },
      });
      // An empty answer is refused, nothing written.
      const before = await counts();
      const empty = await request(t.server)
        .post('/api/reports/messages')
        .set(from(ip))
        .send({ receiptCode: body.receiptCode, text: '  ' });
      expect(empty.status).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it('the reporter’s use of the code moves reporter_active_at, by the reports clock', async () => {
      const { body } = await send(report()).expect(201);
      clock.travel(10);
      await request(t.server)
        .post('/api/reports/follow-up')
        .set(from(newClient()))
        .send({ receiptCode: body.receiptCode })
        .expect(200);
      const [row] = await t.dataSource.query(
        `SELECT (reporter_active_at - received_at) > interval '9 days' AS moved FROM reports WHERE case_number = $1`,
        [body.caseNumber],
      );
      expect(row.moved).toBe(true);
    });
  });

  describe('the pages', () => {
    it('every page links to the report form', async () => {
      for (const path of ['/', '/statistikk', '/meld-fra/oppfolging']) {
        const res = await request(t.server).get(path).expect(200);
        expect(res.text).toContain('href="/meld-fra"');
        expect(res.text).toContain('Meld fra om en tolk');
      }
      const en = await request(t.server).get('/?lang=en').expect(200);
      expect(en.text).toContain('Report an interpreter');
    });

    it('the form: a visitor’s form cookie and token; the token is required; errors keep what was typed', async () => {
      const ip = newClient();
      const page = await request(t.server).get('/meld-fra?lang=en').set(from(ip)).expect(200);
      const setCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) =>
        c.startsWith('tr_form='),
      )!;
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      expect(setCookie).toMatch(/Path=\//);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain('Report an interpreter');
      const cookie = formCookieOf(page.headers['set-cookie']);
      const token = csrfTokenOf(page.text);

      const before = await counts();
      const forged = await request(t.server)
        .post('/meld-fra')
        .set(from(ip))
        .set('cookie', cookie)
        .set('accept', 'text/html')
        .field('_csrf', 'not-the-token')
        .field('text', 'x')
        .field('duty_other', 'yes')
        .field('interpreterNumber', String(interpreter.interpreterNumber));
      expect(forged.status).toBe(403);
      expect(await counts()).toEqual(before);

      const typed = unique('typed-text');
      const bad = await request(t.server)
        .post('/meld-fra?lang=en')
        .set(from(ip))
        .set('cookie', cookie)
        .set('accept', 'text/html')
        .field('_csrf', token)
        .field('interpreterNumber', '12ab')
        .field('text', typed)
        .field('anonymous', 'yes')
        .field('reporterName', 'Kari');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('class="error-summary"');
      expect(bad.text).toContain('href="#f-interpreterNumber"');
      expect(bad.text).toContain('href="#f-duties"');
      expect(bad.text).toContain('href="#f-reporterName"');
      expect(bad.text).toContain('id="f-duties"');
      expect(bad.text).toMatch(/id="f-interpreterNumber"[^>]*aria-invalid="true"/);
      expect(bad.text).toContain(typed);
      expect(await counts()).toEqual(before);

      const refused = await request(t.server)
        .post('/meld-fra?lang=en')
        .set(from(ip))
        .set('cookie', cookie)
        .set('accept', 'text/html')
        .field('_csrf', token)
        .field('interpreterNumber', String(interpreter.interpreterNumber))
        .field('text', typed)
        .field('duty_other', 'yes')
        .attach('attachments', Buffer.from('plain text, not a document'), 'notes.txt');
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('href="#f-attachments"');
      expect(refused.text).toContain(typed);
      expect(await counts()).toEqual(before);

      // A long account in another script (2 bytes a letter) is the form's own error, with the
      // text kept, just past the limit; at the limit it is taken.
      const cyrillic = (n: number) => 'Ж'.repeat(n);
      const tooLong = await request(t.server)
        .post('/meld-fra?lang=en')
        .set(from(ip))
        .set('cookie', cookie)
        .set('accept', 'text/html')
        .field('_csrf', token)
        .field('interpreterNumber', String(interpreter.interpreterNumber))
        .field('text', cyrillic(20_001))
        .field('duty_other', 'yes');
      expect(tooLong.status).toBe(400);
      expect(tooLong.text).toContain('href="#f-text"');
      expect(tooLong.text).toContain(cyrillic(20_001));
      expect(await counts()).toEqual(before);
      const atLimit = await request(t.server)
        .post('/meld-fra?lang=en')
        .set(from(ip))
        .set('cookie', cookie)
        .set('accept', 'text/html')
        .field('_csrf', token)
        .field('interpreterNumber', String(interpreter.interpreterNumber))
        .field('text', cyrillic(20_000))
        .field('duty_other', 'yes');
      expect(atLimit.status).toBe(200);
      expect(atLimit.text).toContain('receipt-code__digits');
    });

    it('the code in a form opens a reporter session (cookie only), to read, answer with a file and download it, then sign out', async () => {
      const { body } = await send(report({ text: 'Seen through the pages.' })).expect(201);
      const session = await signIn(body.receiptCode);
      expect(session.setCookie).toMatch(/HttpOnly/i);
      expect(session.setCookie).toMatch(/SameSite=Strict/i);
      expect(session.setCookie).toMatch(/Path=\/meld-fra/);
      const casePage = await request(t.server)
        .get('/meld-fra/sak')
        .set('cookie', session.cookie)
        .expect(200);
      expect(casePage.headers['cache-control']).toBe('no-store');
      expect(casePage.text).toContain(body.caseNumber);
      expect(casePage.text).toContain('Seen through the pages.');
      expect(casePage.text).not.toContain(body.receiptCode);

      // The answer needs the session's token.
      const forged = await request(t.server)
        .post('/meld-fra/sak/svar')
        .set('cookie', session.cookie)
        .field('_csrf', csrfTokenFor('another'))
        .field('text', 'forged');
      expect(forged.status).toBe(403);
      const marker = unique('answer-file');
      await request(t.server)
        .post('/meld-fra/sak/svar')
        .set('cookie', session.cookie)
        .field('_csrf', session.token)
        .field('text', 'Here is the booking.')
        .attach('attachments', pdfWith(marker), 'booking.pdf')
        .expect(303);
      const after = await request(t.server)
        .get('/meld-fra/sak')
        .set('cookie', session.cookie)
        .expect(200);
      expect(after.text).toContain('Here is the booking.');
      const link = /href="(\/meld-fra\/sak\/vedlegg\/[0-9a-f-]+)">booking\.pdf</.exec(
        after.text,
      )![1];
      const file = await request(t.server).get(link).set('cookie', session.cookie).expect(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['cache-control']).toBe('private, no-store');
      expect(Buffer.from(file.body as Buffer).toString('latin1')).toContain(marker);
      // Without the session, or as another report's reporter: nothing.
      expect((await request(t.server).get(link)).status).toBe(303);
      const other = await signIn((await send(report()).expect(201)).body.receiptCode);
      expect((await request(t.server).get(link).set('cookie', other.cookie)).status).toBe(404);

      await request(t.server)
        .post('/meld-fra/sak/logg-ut')
        .set('cookie', session.cookie)
        .type('form')
        .send({ _csrf: session.token })
        .expect(303);
      const ended = await request(t.server).get('/meld-fra/sak').set('cookie', session.cookie);
      expect(ended.status).toBe(303);
      expect(ended.headers.location).toBe('/meld-fra/oppfolging');
    });

    it('a session ends 30 minutes after its last use (by the reports clock)', async () => {
      const { body } = await send(report()).expect(201);
      const session = await signIn(body.receiptCode);
      clock.travel(20 / (24 * 60));
      await request(t.server).get('/meld-fra/sak').set('cookie', session.cookie).expect(200);
      clock.travel(20 / (24 * 60));
      await request(t.server).get('/meld-fra/sak').set('cookie', session.cookie).expect(200);
      clock.travel(31 / (24 * 60));
      expect(
        (await request(t.server).get('/meld-fra/sak').set('cookie', session.cookie)).status,
      ).toBe(303);
    });

    it('a session used all the time still ends two hours after the code was typed', async () => {
      const { body } = await send(report()).expect(201);
      const session = await signIn(body.receiptCode);
      expect(session.setCookie).toMatch(/;\s*Secure/i);
      for (let minutes = 20; minutes < 120; minutes += 20) {
        clock.travel(20 / (24 * 60));
        await request(t.server).get('/meld-fra/sak').set('cookie', session.cookie).expect(200);
      }
      clock.travel(21 / (24 * 60));
      expect(
        (await request(t.server).get('/meld-fra/sak').set('cookie', session.cookie)).status,
      ).toBe(303);
    });

    it('a wrong code on the page: an error summary, no session', async () => {
      const page = await request(t.server).get('/meld-fra/oppfolging').expect(200);
      const cookie = formCookieOf(page.headers['set-cookie']);
      for (const [code, status, text] of [
        ['12345', 400, 'Koden har 16 siffer'],
        ['abcd efgh ijkl mnop', 400, 'Koden har bare siffer'],
        ['1111 2222 3333 4444', 404, 'Vi fant ingen sak med denne koden'],
      ] as const) {
        const res = await request(t.server)
          .post('/meld-fra/oppfolging')
          .set(from(newClient()))
          .set('cookie', cookie)
          .set('accept', 'text/html')
          .type('form')
          .send({ _csrf: csrfTokenOf(page.text), receiptCode: code });
        expect(res.status).toBe(status);
        expect(res.text).toContain(text);
        expect(res.text).toContain('href="#f-receiptCode"');
        expect(res.text).not.toContain(code);
        expect(String(res.headers['set-cookie'] ?? '')).not.toContain('tr_report');
      }
    });
  });

  describe('statistics', () => {
    it('count per year, by duty, outcomes, median handling days and acknowledgement in time, from facts only', async () => {
      const before = await request(t.server).get('/api/statistics/reports').expect(200);
      const year = new Date().getFullYear();
      type Year = { year: number; received: number; byDuty: Record<string, number> };
      const current = (b: { years: Year[] }) => b.years.find((y) => y.year === year);
      const base = current(before.body)!;
      await t.dataSource.query(
        `INSERT INTO report_facts (received_on, duties, acknowledged_on, outcome, closed_on) VALUES
          ('2020-03-01', '{confidentiality}', '2020-03-05', 'warning', '2020-03-11'),
          ('2020-04-01', '{confidentiality,impartiality}', '2020-04-10', 'no_action', '2020-04-21'),
          ('2020-05-01', '{other}', NULL, NULL, NULL),
          ('2020-06-01', '{good_practice}', '2020-06-08', 'warning', '2020-07-01')`,
      );
      await send(report({ duties: ['impartiality', 'other'] })).expect(201);
      const res = await request(t.server).get('/api/statistics/reports').expect(200);
      expect(res.headers['cache-control']).toContain('public');
      const y2020 = res.body.years.find((y: { year: number }) => y.year === 2020);
      expect(y2020).toEqual({
        year: 2020,
        received: 4,
        byDuty: { good_practice: 1, confidentiality: 2, impartiality: 1, other: 1 },
        outcomes: {
          no_action: 1,
          guidance: 0,
          warning: 2,
          exclusion_period: 0,
          exclusion_permanent: 0,
          revocation: 0,
        },
        closed: 3,
        medianHandlingDays: 20,
        acknowledgedWithin7Days: { due: 4, inTime: 2, share: 0.5 },
      });
      const now = current(res.body)!;
      expect(now.received).toBe(base.received + 1);
      expect(now.byDuty.impartiality).toBe(base.byDuty.impartiality + 1);
      expect(now.byDuty.other).toBe(base.byDuty.other + 1);
      const page = await request(t.server).get('/statistikk/varsler').expect(200);
      expect(page.text).toContain('Statistikk over meldinger om tolker');
      expect(page.text).toContain('<th scope="row">2020</th>');
      const stats = await request(t.server).get('/statistikk').expect(200);
      expect(stats.text).toContain('href="/statistikk/varsler"');
    });
  });

  // ---- helpers ----------------------------------------------------------------

  async function signIn(
    code: string,
  ): Promise<{ cookie: string; token: string; setCookie: string }> {
    const page = await request(t.server).get('/meld-fra/oppfolging').expect(200);
    const form = formCookieOf(page.headers['set-cookie']);
    const res = await request(t.server)
      .post('/meld-fra/oppfolging')
      .set(from(newClient()))
      .set('cookie', form)
      .type('form')
      .send({ _csrf: csrfTokenOf(page.text), receiptCode: code });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/meld-fra/sak');
    const setCookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('tr_report='),
    )!;
    const value = /^tr_report=([^;]+)/.exec(setCookie)![1];
    return { cookie: `tr_report=${value}; ${form}`, token: csrfTokenFor(value), setCookie };
  }
});

function formCookieOf(setCookie: unknown): string {
  const list = (setCookie ?? []) as string[];
  const found = list.find((c) => c.startsWith('tr_form='));
  if (!found) throw new Error('no tr_form cookie was set');
  return found.split(';')[0];
}

function csrfTokenOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}
