import { SYSTEM } from '../src/audit/actor.js';
import type { JsonWebKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { compactVerify, importJWK } from 'jose';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { APP_GROUP_ROLE } from '../migrations/1764075600000-runtime-role.js';
import { CARD_KEYS_CLOCK, type Clock, KEY_REFRESH_MS } from '../src/cards/card-key-store.js';
import { CardKeyRing, generateCardJwk, readKeyFile, writeKeyFile } from '../src/cards/card-keys.js';
import { signCardToken, TOKEN_LENGTH } from '../src/cards/card-token.js';
import { keysCommand, verifyCardOffline } from '../src/cards/cards-cli.js';
import { CardKeysService } from '../src/cards/card-keys.service.js';
import { PrintRunService } from '../src/cards/print-run.service.js';
import {
  createInterpreter,
  setEntryStatus,
  type CreatedInterpreter,
} from './factories/interpreter.factory.js';
import { interpreterSession } from './factories/user.factory.js';
import { pdfPageCount, readQrFromPdf } from './setup/pdf-qr.js';
import { fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// A tiny valid PNG (1×1, grey) standing in for an applicant's photo.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==',
  'base64',
);

describe('Interpreter cards', () => {
  let t: TestApp;
  let printRuns: PrintRunService;
  // k2 signs; k1 is the previous key, still verifying; k3 was never configured.
  const k1: JsonWebKey = generateCardJwk();
  const k2: JsonWebKey = generateCardJwk();
  const k3: JsonWebKey = generateCardJwk();
  const ring1 = CardKeyRing.fromPrivateJwks([k1]);
  const ring2 = CardKeyRing.fromPrivateJwks([k2]);
  const ring3 = CardKeyRing.fromPrivateJwks([k3]);
  let person: CreatedInterpreter;

  async function currentCardId(p: CreatedInterpreter): Promise<string> {
    const [row]: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id::text FROM cards WHERE interpreter_id = $1 AND replaced_at IS NULL AND revoked_at IS NULL`,
      [p.id],
    );
    return row.id;
  }

  async function printedToken(p: CreatedInterpreter): Promise<string> {
    const [card] = await printRuns.printRun({ interpreterNumber: p.interpreterNumber });
    return card.verificationUrl.split('/v/')[1];
  }

  function check(token: string) {
    return request(t.server).get(`/api/cards/verify/${token}`);
  }

  beforeAll(async () => {
    process.env.CARD_SIGNING_KEYS = JSON.stringify([k2, k1]);
    process.env.CARD_VERIFY_RATE_LIMIT = '100000';
    t = await startTestApp();
    printRuns = t.app.get(PrintRunService);
    person = await createInterpreter(t.dataSource, {
      givenName: 'Åse Marit',
      familyName: 'Ødegård',
      entries: [
        { language: 'ara', category: 'A' },
        { language: 'tir', category: 'C' },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    delete process.env.CARD_SIGNING_KEYS;
    delete process.env.CARD_VERIFY_RATE_LIMIT;
    await t?.close();
  });

  it('issues one card when a person first has entries, however many languages', async () => {
    const rows: Array<{ serial: number; languages: unknown }> = await t.dataSource.query(
      `SELECT serial, languages FROM cards WHERE interpreter_id = $1`,
      [person.id],
    );
    expect(rows).toEqual([
      {
        serial: 1,
        languages: [
          { code: 'ara', category: 'A' },
          { code: 'tir', category: 'C' },
        ],
      },
    ]);
  });

  it('publishes the public signing keys, old and new, without private parts', async () => {
    const res = await request(t.server).get('/.well-known/jwks.json').expect(200);
    expect(res.body.keys.map((k: { kid: string }) => k.kid)).toEqual([
      ring2.signer.kid,
      ring1.signer.kid,
    ]);
    for (const key of res.body.keys) {
      expect(key).toEqual({
        kty: 'OKP',
        crv: 'Ed25519',
        x: expect.any(String),
        kid: expect.any(String),
        use: 'sig',
        alg: 'EdDSA',
      });
    }
  });

  it('answers a printed card check with the status, holder, languages and categories', async () => {
    const token = await printedToken(person);
    expect(token).toMatch(new RegExp(`^[A-Za-z0-9_-]{${TOKEN_LENGTH}}$`));
    // New tokens carry the newest key's id (bytes 1–4).
    expect(Buffer.from(token, 'base64url').subarray(1, 5).toString('base64url')).toBe(
      ring2.signer.kid,
    );
    const res = await check(token).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      status: 'valid',
      interpreter: {
        interpreterNumber: person.interpreterNumber,
        givenName: 'Åse Marit',
        familyName: 'Ødegård',
        hasPhoto: false,
      },
      card: { cardNumber: `${person.interpreterNumber}-1` },
      code: { kind: 'card' },
      languages: [
        { code: 'ara', category: 'A', standing: 'valid', nameNb: 'Arabisk', nativeName: 'العربية' },
        { code: 'tir', category: 'C', standing: 'valid', nameEn: 'Tigrinya' },
      ],
    });
    expect(Date.parse(res.body.checkedAt)).toBeGreaterThan(Date.now() - 60_000);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(person.nationalId);
    expect(text).not.toContain('@');
  });

  it('shows the check as a page in bokmål and English', async () => {
    const token = await printedToken(person);
    const nb = await request(t.server).get(`/v/${token}`).set('accept', 'text/html').expect(200);
    expect(nb.headers['cache-control']).toBe('no-store');
    expect(nb.text).toContain('Gyldig');
    expect(nb.text).toContain('Åse Marit Ødegård');
    expect(nb.text).toContain('Arabisk');
    expect(nb.text).toContain('lang="ar"');
    // A phone set to English (or any non-Scandinavian language) gets English by itself.
    const phone = await request(t.server)
      .get(`/v/${token}`)
      .set('accept-language', 'ar-SY, en;q=0.8')
      .expect(200);
    expect(phone.text).toContain('<html lang="en">');
    const sv = await request(t.server)
      .get(`/v/${token}`)
      .set('accept-language', 'sv-SE')
      .expect(200);
    expect(sv.text).toContain('<html lang="nb">');
    const en = await request(t.server).get(`/v/${token}?lang=en`).expect(200);
    expect(en.text).toContain('Valid');
    expect(en.text).toContain('Tigrinya');
    expect(en.text).not.toContain(person.nationalId);
  });

  it('shows a suspension at once, without a reason, and lifts it at once', async () => {
    const token = await printedToken(person);
    await setEntryStatus(t.dataSource, person.id, 'suspended', 'tir');
    let res = await check(token).expect(200);
    expect(res.body.status).toBe('valid');
    expect(res.body.languages.map((l: { standing: string }) => l.standing)).toEqual([
      'valid',
      'suspended',
    ]);

    await setEntryStatus(t.dataSource, person.id, 'suspended');
    res = await check(token).expect(200);
    expect(res.body.status).toBe('suspended');
    expect(Object.keys(res.body).sort()).toEqual(
      ['card', 'checkedAt', 'code', 'interpreter', 'languages', 'status'].sort(),
    );
    const page = await request(t.server).get(`/v/${token}`).expect(200);
    expect(page.text).toContain('Suspendert');

    await setEntryStatus(t.dataSource, person.id, 'active');
    res = await check(token).expect(200);
    expect(res.body.status).toBe('valid');
    // Suspension and its end do not reissue the card.
    expect(await printedToken(person)).toBe(token);
  });

  it('reissues the card when languages change; the old card reads "replaced"', async () => {
    const p = await createInterpreter(t.dataSource, {
      entries: [{ language: 'pol', category: 'D' }],
    });
    const oldToken = await printedToken(p);
    await t.dataSource.query(
      `INSERT INTO register_entries (interpreter_id, language_code, category, registered_on)
       VALUES ($1, 'ukr', 'D', current_date)`,
      [p.id],
    );
    const oldCheck = await check(oldToken).expect(200);
    expect(oldCheck.body).toMatchObject({ status: 'replaced', languages: [] });
    const newCheck = await check(await printedToken(p)).expect(200);
    expect(newCheck.body.status).toBe('valid');
    expect(newCheck.body.card.cardNumber).toBe(`${p.interpreterNumber}-2`);
    expect(newCheck.body.languages.map((l: { code: string }) => l.code)).toEqual(['pol', 'ukr']);
  });

  it('revokes the card when the person is excluded', async () => {
    const p = await createInterpreter(t.dataSource, {
      entries: [{ language: 'som', category: 'E' }],
    });
    const token = await printedToken(p);
    await setEntryStatus(t.dataSource, p.id, 'excluded');
    const res = await check(token).expect(200);
    expect(res.body).toMatchObject({ status: 'revoked', languages: [] });
    const page = await request(t.server).get(`/v/${token}?lang=en`).expect(200);
    expect(page.text).toContain('Not valid');
    expect(await printRuns.printRun({ interpreterNumber: p.interpreterNumber })).toEqual([]);
  });

  it('reads "expired" for an expired card and for an expired digital code', async () => {
    const p = await createInterpreter(t.dataSource, {
      entries: [{ language: 'rus', category: 'B' }],
    });
    const cardId = await currentCardId(p);
    const freshCode = signCardToken(
      { kind: 'digital', cardId, expiresAt: new Date(Date.now() + 60_000) },
      ring2.signer,
    );
    expect((await check(freshCode).expect(200)).body).toMatchObject({
      status: 'valid',
      code: { kind: 'digital' },
    });
    const staleCode = signCardToken(
      { kind: 'digital', cardId, expiresAt: new Date(Date.now() - 1000) },
      ring2.signer,
    );
    expect((await check(staleCode).expect(200)).body.status).toBe('expired');
    const page = await request(t.server).get(`/v/${staleCode}`).expect(200);
    expect(page.text).toContain('Koden er utløpt');

    await t.dataSource.query(
      `UPDATE cards SET issued_at = now() - interval '6 years', expires_at = now() - interval '1 year'
        WHERE id = $1`,
      [cardId],
    );
    const expiredCard = signCardToken(
      { kind: 'card', cardId, expiresAt: new Date(Date.now() - 365 * 86_400_000) },
      ring2.signer,
    );
    expect((await check(expiredCard).expect(200)).body).toMatchObject({
      status: 'expired',
      languages: [],
    });
  });

  it('keeps verifying tokens signed by the previous key (rotation)', async () => {
    const cardId = await currentCardId(person);
    const byOldKey = signCardToken(
      { kind: 'card', cardId, expiresAt: new Date(Date.now() + 86_400_000) },
      ring1.signer,
    );
    expect((await check(byOldKey).expect(200)).body.status).toBe('valid');
  });

  describe('bad tokens: the right status or one identical 404, never a 500', () => {
    const comparable = (body: Record<string, unknown>) => ({
      ...body,
      instance: undefined,
      correlationId: undefined,
    });

    async function expectSingle404(path: string): Promise<Record<string, unknown>> {
      const res = await request(t.server).get(path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['cache-control']).toBe('no-store');
      return comparable(res.body as Record<string, unknown>);
    }

    /**
     * A genuine token whose standard base64 form differs from it in a "+"
     * and a "/": about 6 % of tokens have neither, and 24 % no "/", which
     * made the encoding cases below a valid token now and then.
     */
    function tokenWithBothSpecialCharacters(cardId: string): string {
      for (let second = 1; second <= 1000; second++) {
        const token = signCardToken(
          { kind: 'card', cardId, expiresAt: new Date(Date.now() + 86_400_000 + second * 1000) },
          ring2.signer,
        );
        if (token.includes('-') && token.includes('_')) return token;
      }
      throw new Error('No token with both "-" and "_" in 1000 tries.');
    }

    it('refuses every kind of bad token with the same 404', async () => {
      const good = await printedToken(person);
      const cardId = await currentCardId(person);
      const flip = (s: string, i: number) =>
        s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
      const raw = Buffer.from(good, 'base64url');
      const awkward = tokenWithBothSpecialCharacters(cardId);
      expect((await check(awkward).expect(200)).body.status).toBe('valid');
      const awkwardBase64 = Buffer.from(awkward, 'base64url').toString('base64');
      expect(awkwardBase64).toMatch(/\+.*\/|\/.*\+/);
      const bad: Record<string, string> = {
        'first character changed': flip(good, 0),
        'a key id character changed': flip(good, 3),
        'a card id character changed': flip(good, 10),
        'a signature character changed': flip(good, 60),
        'last character changed': flip(good, TOKEN_LENGTH - 1),
        'signed by an unknown key': signCardToken(
          { kind: 'card', cardId, expiresAt: new Date(Date.now() + 86_400_000) },
          ring3.signer,
        ),
        'alg none (an unsigned JWS)': `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(`{"c":"${cardId}"}`).toString('base64url')}.`,
        'signature zeroed': Buffer.concat([raw.subarray(0, 17), Buffer.alloc(64)]).toString(
          'base64url',
        ),
        'a card that does not exist': signCardToken(
          { kind: 'card', cardId: '999999999', expiresAt: new Date(Date.now() + 86_400_000) },
          ring2.signer,
        ),
        'a card id beyond bigint': signCardToken(
          { kind: 'card', cardId: 2n ** 64n - 1n, expiresAt: new Date(Date.now() + 86_400_000) },
          ring2.signer,
        ),
        '5 000 characters': 'A'.repeat(5000),
        'standard base64 instead of base64url': encodeURIComponent(awkwardBase64),
        'hex instead of base64url': raw.toString('hex'),
        'too short': good.slice(0, -1),
        'too long': `${good}A`,
        'non-ASCII': encodeURIComponent(`${good.slice(0, -1)}ø`),
        empty: '%20',
      };
      const reference = await expectSingle404('/api/cards/verify/unknown');
      for (const [label, token] of Object.entries(bad)) {
        const body = await expectSingle404(`/api/cards/verify/${token}`);
        expect({ label, body }).toEqual({ label, body: reference });
      }
      // The page says "unknown card" the same way for each of them.
      for (const token of [bad['5 000 characters'], bad['signed by an unknown key']]) {
        const page = await request(t.server).get(`/v/${token}`).set('accept', 'text/html');
        expect(page.status).toBe(404);
        expect(page.text).toContain('Ukjent kort');
      }
      // A base64 token with "/" splits the path; it still meets the same 404.
      const slashy = awkwardBase64.replace(/\+/g, '-');
      expect(slashy).toContain('/');
      expect(await expectSingle404(`/api/cards/verify/${slashy}`)).toEqual(reference);
      // Undecodable percent-encoding is refused as a bad request, not a server error.
      const undecodable = await request(t.server).get('/api/cards/verify/%E0%A4%A');
      expect(undecodable.status).toBeLessThan(500);
    });
  });

  it("serves the holder's photo only for a genuine card", async () => {
    await t.dataSource.query(
      `INSERT INTO interpreter_photos (interpreter_id, media_type, data) VALUES ($1, 'image/png', $2)`,
      [person.id, PNG],
    );
    const token = await printedToken(person);
    expect((await check(token).expect(200)).body.interpreter.hasPhoto).toBe(true);
    const photo = await request(t.server).get(`/v/${token}/foto`).expect(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.headers['cache-control']).toBe('no-store');
    expect(Buffer.compare(photo.body as Buffer, PNG)).toBe(0);
    await request(t.server)
      .get(`/v/${'A'.repeat(TOKEN_LENGTH)}/foto`)
      .expect(404);
  });

  it('a print run renders the cards for the printer and is on the audit trail, card by card', async () => {
    const run = await printRuns.print({ interpreterNumber: person.interpreterNumber }, SYSTEM);
    expect(run).toBeDefined();
    expect(pdfPageCount(run!.pdf)).toBe(2 * run!.cards.length);
    const [row]: Array<{ action: string; actor_type: string; details: { cards: string[] } }> =
      await t.dataSource.query(
        `SELECT action, actor_type, details FROM audit_events ORDER BY seq DESC LIMIT 1`,
      );
    expect(row).toMatchObject({ action: 'cards.print_run', actor_type: 'system' });
    expect(row.details.cards).toEqual(run!.cards.map((c) => c.cardNumber));
    expect(await printRuns.print({ interpreterNumber: 1 }, SYSTEM)).toBeUndefined();
  });

  describe('the interpreter’s own card', () => {
    let cookie: string;

    beforeAll(async () => {
      cookie = `tr_session=${await interpreterSession(t, person.nationalId, 'Åse Marit Ødegård')}`;
    });

    it('shows the digital card with a short-lived QR code and a PDF link', async () => {
      const page = await request(t.server).get('/min-side/kort').set('cookie', cookie).expect(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain('<svg');
      expect(page.text).toContain(`${person.interpreterNumber}-1`);
      expect(page.text).toContain('/min-side/kort.pdf');
      const svg = await request(t.server)
        .get('/min-side/kort/kode.svg')
        .set('cookie', cookie)
        .expect(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    });

    it('hands out digital codes that verify and expire within minutes', async () => {
      const res = await request(t.server).get('/api/me/card').set('cookie', cookie).expect(200);
      // A live code and the holder's details: no cache may keep them.
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body.cardNumber).toBe(`${person.interpreterNumber}-1`);
      const expiresAt = Date.parse(res.body.code.expiresAt);
      expect(expiresAt).toBeGreaterThan(Date.now());
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3 * 60_000 + 1000);
      expect(JSON.stringify(res.body)).not.toContain(person.nationalId);
      const verified = await check(res.body.code.token).expect(200);
      expect(verified.body).toMatchObject({ status: 'valid', code: { kind: 'digital' } });
    });

    it('downloads a printable PDF whose QR code scans back to a working check', async () => {
      const res = await request(t.server)
        .get('/min-side/kort.pdf')
        .set('cookie', cookie)
        .buffer(true)
        .parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.body as Buffer;
      expect(pdfPageCount(pdf)).toBe(2);
      const qr = readQrFromPdf(pdf, 1, 150);
      expect(qr).not.toBeNull();
      expect(qr!.version).toBeLessThanOrEqual(10);
      expect(qr!.data).toMatch(/^http:\/\/127\.0\.0\.1:3999\/v\/[A-Za-z0-9_-]{108}$/);
      const token = qr!.data.split('/v/')[1];
      expect((await check(token).expect(200)).body.status).toBe('valid');
    });

    it('reports a lost card: the old one reads "replaced" at once, a new one is issued, and it is audited', async () => {
      const before = await request(t.server).get('/api/me/card').set('cookie', cookie).expect(200);
      const oldToken = before.body.printedCardUrl.split('/v/')[1] as string;
      const confirm = await request(t.server)
        .get('/min-side/kort/mistet')
        .set('cookie', cookie)
        .expect(200);
      expect(confirm.text).toContain(before.body.cardNumber);
      const done = await request(t.server)
        .post('/min-side/kort/mistet')
        .set(fromOurPages(cookie))
        .expect(303);
      expect(done.headers.location).toBe('/min-side/kort?nytt=1');
      expect((await check(oldToken).expect(200)).body.status).toBe('replaced');
      const after = await request(t.server).get('/api/me/card').set('cookie', cookie).expect(200);
      const serial = Number(String(before.body.cardNumber).split('-')[1]);
      expect(after.body.cardNumber).toBe(`${person.interpreterNumber}-${serial + 1}`);
      expect(after.body.languages).toEqual(before.body.languages);
      const newToken = after.body.printedCardUrl.split('/v/')[1] as string;
      expect((await check(newToken).expect(200)).body.status).toBe('valid');
      const page = await request(t.server)
        .get('/min-side/kort?nytt=1')
        .set('cookie', cookie)
        .expect(200);
      expect(page.text).toContain(`Ditt nye kort har nummer ${after.body.cardNumber}`);
      const audit: Array<{ action: string; subject_id: string }> = await t.dataSource.query(
        `SELECT action, subject_id FROM audit_events WHERE action = 'card.reported_lost'`,
      );
      expect(audit).toEqual([{ action: 'card.reported_lost', subject_id: before.body.cardNumber }]);
      // The JSON API does the same.
      const api = await request(t.server)
        .post('/api/me/card/replace')
        .set(fromOurPages(cookie))
        .expect(201);
      expect(api.headers['cache-control']).toBe('no-store');
      expect(api.body.cardNumber).toBe(`${person.interpreterNumber}-${serial + 2}`);
      expect((await check(newToken).expect(200)).body.status).toBe('replaced');
    });

    it('a person without a card gets a clear page, and no PDF', async () => {
      const other = `tr_session=${await interpreterSession(t, '01010012356', 'Ny Søker')}`;
      const page = await request(t.server).get('/min-side/kort').set('cookie', other).expect(200);
      expect(page.text).toContain('Du har ikke noe tolkekort');
      await request(t.server).get('/min-side/kort.pdf').set('cookie', other).expect(404);
      await request(t.server).post('/api/me/card/replace').set(fromOurPages(other)).expect(404);
    });
  });
});

describe('Card checks are rate limited per client', () => {
  let t: TestApp;

  beforeAll(async () => {
    process.env.CARD_VERIFY_RATE_LIMIT = '5';
    // One proxy in front, so X-Forwarded-For tells the clients apart.
    process.env.TRUST_PROXY = '1';
    t = await startTestApp();
  }, 120_000);

  afterAll(async () => {
    delete process.env.CARD_VERIFY_RATE_LIMIT;
    delete process.env.TRUST_PROXY;
    await t?.close();
  });

  it('answers 429 problem+json with Retry-After once a client exceeds the limit', async () => {
    for (let i = 0; i < 5; i++) {
      await request(t.server).get(`/api/cards/verify/x${i}`).expect(404);
    }
    const res = await request(t.server).get('/api/cards/verify/x9');
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    // Other pages are not affected.
    await request(t.server).get('/health').expect(200);
  });

  it('limits the check page per client: the sixth scan in a minute gets 429, another phone still gets the card', async () => {
    const p = await createInterpreter(t.dataSource, {
      entries: [{ language: 'tir', category: 'B' }],
    });
    const [card] = await t.app
      .get(PrintRunService)
      .printRun({ interpreterNumber: p.interpreterNumber });
    const page = `/v/${card.verificationUrl.split('/v/')[1]}`;
    const phone = (address: string) => request(t.server).get(page).set('x-forwarded-for', address);
    for (let i = 0; i < 5; i++) {
      expect((await phone('203.0.113.10')).status).toBe(200);
    }
    const limited = await phone('203.0.113.10');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    const other = await phone('203.0.113.20');
    expect(other.status).toBe(200);
    expect(other.text).toContain('Gyldig');
  });
});

describe('Retiring and rotating card keys reaches a running instance', () => {
  let t: TestApp;
  let printRuns: PrintRunService;
  let cardKeys: CardKeysService;
  let person: CreatedInterpreter;
  // The instance's clock for re-reading its keys; moved on instead of waiting 30 seconds.
  let offset = 0;
  const later = () => (offset += KEY_REFRESH_MS);
  const dir = mkdtempSync(join(tmpdir(), 'card-keys-'));
  const source = { keysFile: join(dir, 'card-keys.json'), dataDir: 'memory://', production: false };
  const [signer, old] = [generateCardJwk(), generateCardJwk()];
  const ring = CardKeyRing.fromPrivateJwks([signer, old]);
  const oldKid = String(old.kid);

  const check = (token: string) => request(t.server).get(`/api/cards/verify/${token}`);
  async function publishedKids(): Promise<string[]> {
    const jwks = await request(t.server).get('/.well-known/jwks.json').expect(200);
    return (jwks.body as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
  }
  async function tokenBy(jwk: JsonWebKey): Promise<string> {
    const [row]: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id::text FROM cards WHERE interpreter_id = $1 AND replaced_at IS NULL`,
      [person.id],
    );
    return signCardToken(
      { kind: 'card', cardId: row.id, expiresAt: new Date(Date.now() + 86_400_000) },
      CardKeyRing.fromPrivateJwks([jwk]).signer,
    );
  }

  beforeAll(async () => {
    writeKeyFile(source.keysFile, [signer, old]);
    process.env.CARD_KEYS_FILE = source.keysFile;
    t = await startTestApp();
    printRuns = t.app.get(PrintRunService);
    cardKeys = t.app.get(CardKeysService);
    t.app.get<Clock>(CARD_KEYS_CLOCK).now = () => Date.now() + offset;
    person = await createInterpreter(t.dataSource, {
      entries: [{ language: 'ara', category: 'A' }],
    });
  }, 120_000);

  afterAll(async () => {
    delete process.env.CARD_KEYS_FILE;
    await t?.close();
  });

  it('a key retired on another node stops verifying here within the refresh interval, with the unknown-card 404', async () => {
    expect(KEY_REFRESH_MS).toBeLessThanOrEqual(30_000);
    const byOld = await tokenBy(old);
    expect((await check(byOld).expect(200)).body.status).toBe('valid');
    expect(await publishedKids()).toEqual([ring.keys[0].kid, oldKid]);
    const unknown = await check('A'.repeat(TOKEN_LENGTH)).expect(404);

    // What `cards keys retire` does on another node; this node's key file still holds the key.
    expect(await cardKeys.retireKey(oldKid, SYSTEM)).toBe(true);
    later();

    const refused = await check(byOld).expect(404);
    expect({ ...refused.body, instance: undefined, correlationId: undefined }).toEqual({
      ...unknown.body,
      instance: undefined,
      correlationId: undefined,
    });
    const page = await request(t.server).get(`/v/${byOld}`).set('accept', 'text/html');
    expect(page.status).toBe(404);
    expect(page.text).toContain('Ukjent kort');
    expect(await publishedKids()).toEqual([ring.keys[0].kid]);
    // The status list stays verifiable with what the JWKS now publishes.
    const status = await request(t.server).get('/.well-known/card-status.jwt').expect(200);
    const jwks = await request(t.server).get('/.well-known/jwks.json').expect(200);
    await compactVerify(status.text, await importJWK(jwks.body.keys[0], 'EdDSA'));
    expect((await check(await tokenBy(signer)).expect(200)).body.status).toBe('valid');
    const audit: Array<{ subject_id: string }> = await t.dataSource.query(
      `SELECT subject_id FROM audit_events WHERE action = 'cards.key_retired'`,
    );
    expect(audit).toEqual([{ subject_id: oldKid }]);
  });

  it("cannot be undone with the app's database login", async () => {
    // The embedded database has only a superuser: there, act as the group role the grants go to.
    const asApp = (sql: string): Promise<unknown> =>
      t.dataSource.transaction(async (em) => {
        if (!process.env.TEST_DATABASE_URL) await em.query(`SET LOCAL ROLE ${APP_GROUP_ROLE}`);
        return (await em.query(sql)) as unknown;
      });
    for (const sql of [
      `DELETE FROM card_key_retirements`,
      `UPDATE card_key_retirements SET kid = 'AAAAAA'`,
      `TRUNCATE card_key_retirements`,
    ]) {
      await expect(asApp(sql)).rejects.toThrow(/permission denied/);
    }
    expect(await t.dataSource.query(`SELECT kid FROM card_key_retirements`)).toEqual([
      { kid: oldKid },
    ]);
  });

  it('picks up a rotated key file, and `cards keys retire` retires in the file and for every node', async () => {
    const recordRetirement = (kid: string) => cardKeys.retireKey(kid, SYSTEM);
    expect((await keysCommand(['rotate'], source, recordRetirement)).code).toBe(0);
    const fresh = readKeyFile(source.keysFile)[0];
    const freshKid = String(fresh.kid);
    later();
    expect(await publishedKids()).toEqual([freshKid, ring.keys[0].kid]);
    const [card] = await printRuns.printRun({ interpreterNumber: person.interpreterNumber });
    const printed = card.verificationUrl.split('/v/')[1];
    expect(Buffer.from(printed, 'base64url').subarray(1, 5).toString('base64url')).toBe(freshKid);
    const bySigner = await tokenBy(signer);
    expect((await check(bySigner).expect(200)).body.status).toBe('valid');

    const retired = await keysCommand(['retire', ring.keys[0].kid], source, recordRetirement);
    expect(retired.code).toBe(0);
    // Only the retired key leaves the file (the other was retired on another node).
    expect(readKeyFile(source.keysFile).map((k) => k.kid)).toEqual([freshKid, oldKid]);
    later();
    await check(bySigner).expect(404);
    expect(await publishedKids()).toEqual([freshKid]);
    expect((await check(printed).expect(200)).body.status).toBe('valid');
  });

  it('keeps the keys in use when the key file is half written', async () => {
    const [card] = await printRuns.printRun({ interpreterNumber: person.interpreterNumber });
    const printed = card.verificationUrl.split('/v/')[1];
    writeFileSync(source.keysFile, '{"keys": [');
    later();
    expect((await check(printed).expect(200)).body.status).toBe('valid');
  });
});

describe('Offline card check (cards verify), with the database stopped', () => {
  it('verifies real card tokens against the published JWKS and status list after the app and database are gone', async () => {
    const t = await startTestApp();
    let url: string;
    let suspendedUrl: string;
    const dir = mkdtempSync(join(tmpdir(), 'offline-'));
    const jwksFile = join(dir, 'jwks.json');
    const statusFile = join(dir, 'card-status.jwt');
    try {
      const printRuns = t.app.get(PrintRunService);
      const person = await createInterpreter(t.dataSource, {
        entries: [{ language: 'fas', category: 'B' }],
      });
      const other = await createInterpreter(t.dataSource, {
        entries: [{ language: 'urd', category: 'D' }],
      });
      [url, suspendedUrl] = [
        (await printRuns.printRun({ interpreterNumber: person.interpreterNumber }))[0]
          .verificationUrl,
        (await printRuns.printRun({ interpreterNumber: other.interpreterNumber }))[0]
          .verificationUrl,
      ];
      await setEntryStatus(t.dataSource, other.id, 'suspended');
      const jwks = await request(t.server).get('/.well-known/jwks.json').expect(200);
      writeFileSync(jwksFile, JSON.stringify(jwks.body));
      const status = await request(t.server).get('/.well-known/card-status.jwt').expect(200);
      expect(status.headers['content-type']).toMatch(/^application\/jwt/);
      writeFileSync(statusFile, status.text);
      // A standard JWS: any JOSE library verifies it with the published key.
      const key = await importJWK(jwks.body.keys[0], 'EdDSA');
      const { payload, protectedHeader } = await compactVerify(status.text, key);
      expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'card-status+jwt' });
      const cardId = Buffer.from(suspendedUrl.split('/v/')[1], 'base64url')
        .readBigUInt64BE(5)
        .toString();
      expect(JSON.parse(new TextDecoder().decode(payload)).cards).toEqual({
        [cardId]: 'suspended',
      });
    } finally {
      await t.close();
    }
    // The app and its database are stopped now: nothing is listening.
    const source = { dataDir: 'memory://', production: false };
    const ok = await verifyCardOffline(url, { jwks: jwksFile, source });
    expect(ok.ok).toBe(true);
    expect(ok.lines.join('\n')).toMatch(/Signature valid .*printed card/);

    const withStatus = await verifyCardOffline(url, { jwks: jwksFile, status: statusFile, source });
    expect(withStatus.ok).toBe(true);
    expect(withStatus.lines.at(-1)).toMatch(/in good standing as of/);
    const suspended = await verifyCardOffline(suspendedUrl, {
      jwks: jwksFile,
      status: statusFile,
      source,
    });
    expect(suspended.ok).toBe(false);
    expect(suspended.lines.at(-1)).toMatch(/^SUSPENDED according to the status list/);

    const token = url.split('/v/')[1];
    const tampered = `${token.slice(0, 50)}${token[50] === 'A' ? 'B' : 'A'}${token.slice(51)}`;
    expect((await verifyCardOffline(tampered, { jwks: jwksFile, source })).ok).toBe(false);
    const later = new Date(Date.now() + 6 * 365 * 86_400_000);
    const expired = await verifyCardOffline(url, { jwks: jwksFile, source, now: later });
    expect(expired).toMatchObject({ ok: false });
    expect(expired.lines.at(-1)).toBe('EXPIRED.');
    // A stale or forged status list is refused, not trusted.
    const stale = await verifyCardOffline(url, {
      jwks: jwksFile,
      status: statusFile,
      source,
      now: new Date(Date.now() + 2 * 86_400_000),
    });
    expect(stale.lines.at(-1)).toMatch(/Status list not usable: the status list has expired/);
    const [h, p] = readFileSync(statusFile, 'utf8').split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), cards: {} }),
    ).toString('base64url');
    writeFileSync(
      statusFile,
      `${h}.${forgedPayload}.${readFileSync(statusFile, 'utf8').split('.')[2]}`,
    );
    const forged = await verifyCardOffline(suspendedUrl, {
      jwks: jwksFile,
      status: statusFile,
      source,
    });
    expect(forged).toMatchObject({ ok: false });
    expect(forged.lines.at(-1)).toMatch(/bad signature/);
  }, 120_000);
});
