import request from 'supertest';
import { AuditService } from '../src/audit/audit.service.js';
import { seedDemoRegister } from '../src/database/seed/demo-seeder.js';
import { interpreterSession } from './factories/user.factory.js';
import { fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const ROUNDS = 5;
const HOLDERS = 6;
const ORIGIN = 'http://127.0.0.1:3999';

const SEARCHES = [
  '/api/interpreters?language=ara',
  '/api/interpreters?language=tir',
  '/api/interpreters?county=46&pageSize=5',
  '/api/interpreters?category=A,B&page=2&pageSize=10',
  '/api/interpreters?modality=video&availability=full_time',
  '/api/interpreters?gender=male&language=som',
  '/api/interpreters?q=a&pageSize=50',
  '/api/interpreters?pageSize=100',
];

interface Holder {
  interpreterNumber: number;
  cookie: string;
  userId: string;
  firstSerial: number;
}

interface Call {
  label: string;
  send: () => request.Test;
  status: number;
  check: (res: request.Response) => void;
}

/**
 * Quality promise 28: the embedded database answers like PostgreSQL under
 * concurrent load. Every answer of a mixed burst is compared with the answer
 * the same request gets alone, so a mixed-up row, a protocol error or a lost
 * session shows up as a difference.
 */
describe('Twenty-odd clients at once get the same answers as one client alone', () => {
  let t: TestApp;
  const holders: Holder[] = [];
  const expectedSearch = new Map<string, unknown>();
  const expectedProfile = new Map<number, unknown>();
  const expectedMe = new Map<string, unknown>();

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoRegister(t.dataSource, { scale: 0.05, seed: 28 });
    const people: Array<{ interpreter_number: number; national_id: string; name: string }> =
      await t.dataSource.query(
        `SELECT i.interpreter_number, i.national_id, i.given_name || ' ' || i.family_name AS name
           FROM interpreters i JOIN cards c ON c.interpreter_id = i.id
          WHERE c.replaced_at IS NULL AND c.revoked_at IS NULL
          ORDER BY i.interpreter_number LIMIT $1`,
        [HOLDERS],
      );
    expect(people).toHaveLength(HOLDERS);
    for (const p of people) {
      const cookie = `tr_session=${await interpreterSession(t, p.national_id, p.name)}`;
      const me = await request(t.server).get('/api/me').set('cookie', cookie).expect(200);
      const card = await request(t.server).get('/api/me/card').set('cookie', cookie).expect(200);
      expectedMe.set(cookie, me.body);
      holders.push({
        interpreterNumber: p.interpreter_number,
        cookie,
        userId: me.body.id,
        firstSerial: Number(String(card.body.cardNumber).split('-')[1]),
      });
    }
    for (const [i, name] of ['Ny Søker', 'Annen Søker', 'Tredje Søker'].entries()) {
      const cookie = `tr_session=${await interpreterSession(t, `0101001235${i}`, name)}`;
      const me = await request(t.server).get('/api/me').set('cookie', cookie).expect(200);
      expect(me.body).toMatchObject({ displayName: name, interpreterNumber: null });
      expectedMe.set(cookie, me.body);
    }
    for (const url of SEARCHES) {
      const res = await request(t.server).get(url).expect(200);
      expect({ url, found: res.body.items.length > 0 }).toEqual({ url, found: true });
      expectedSearch.set(url, res.body);
    }
    for (const h of holders.slice(0, 4)) {
      const res = await request(t.server)
        .get(`/api/interpreters/${h.interpreterNumber}`)
        .expect(200);
      expectedProfile.set(h.interpreterNumber, res.body);
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  function burst(round: number): Call[] {
    const searches: Call[] = SEARCHES.map((url) => ({
      label: `GET ${url}`,
      send: () => request(t.server).get(url),
      status: 200,
      check: (res) => expect(res.body).toEqual(expectedSearch.get(url)),
    }));
    const profiles: Call[] = [...expectedProfile].map(([n, body]) => ({
      label: `GET profile ${n}`,
      send: () => request(t.server).get(`/api/interpreters/${n}`),
      status: 200,
      check: (res) => expect(res.body).toEqual(body),
    }));
    const mes: Call[] = [...expectedMe].map(([cookie, body]) => ({
      label: `GET /api/me as ${(body as { displayName: string }).displayName}`,
      send: () => request(t.server).get('/api/me').set('cookie', cookie),
      status: 200,
      check: (res) => expect(res.body).toEqual(body),
    }));
    const replacements: Call[] = holders.map((h) => ({
      label: `POST /api/me/card/replace for ${h.interpreterNumber}`,
      send: () =>
        request(t.server)
          .post('/api/me/card/replace')
          .set(fromOurPages(h.cookie))
          .set('origin', ORIGIN)
          .set('content-type', 'application/json')
          .send({}),
      status: 201,
      check: (res) =>
        expect(res.body.cardNumber).toBe(`${h.interpreterNumber}-${h.firstSerial + round}`),
    }));
    // Interleave the kinds so transactions start between reads, not after them.
    const kinds = [searches, replacements, mes, profiles];
    const calls: Call[] = [];
    for (let i = 0; kinds.some((k) => i < k.length); i++) {
      for (const k of kinds) if (i < k.length) calls.push(k[i]);
    }
    return calls;
  }

  it('mixed searches, profiles, sessions and lost-card transactions all get their own right answer', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const calls = burst(round);
      expect(calls.length).toBeGreaterThanOrEqual(20);
      const answers = await Promise.all(
        calls.map((c) =>
          c.send().then(
            (res) => ({ res, error: undefined }),
            (error: unknown) => ({ res: undefined, error }),
          ),
        ),
      );
      const wrong: string[] = [];
      answers.forEach(({ res, error }, i) => {
        const call = calls[i];
        if (!res) {
          wrong.push(`round ${round}, ${call.label}: ${String(error)}`);
          return;
        }
        try {
          expect(res.status).toBe(call.status);
          call.check(res);
        } catch {
          wrong.push(
            `round ${round}, ${call.label}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
          );
        }
      });
      expect(wrong).toEqual([]);
    }
  });

  it('leaves each holder with one valid card, every lost one replaced, and an unbroken audit trail', async () => {
    for (const h of holders) {
      const [cards]: Array<{ replaced: number; valid: number }> = await t.dataSource.query(
        `SELECT count(*) FILTER (WHERE c.replaced_at IS NOT NULL)::int AS replaced,
                count(*) FILTER (WHERE c.replaced_at IS NULL AND c.revoked_at IS NULL)::int AS valid
           FROM cards c JOIN interpreters i ON i.id = c.interpreter_id
          WHERE i.interpreter_number = $1`,
        [h.interpreterNumber],
      );
      expect(cards).toEqual({ replaced: h.firstSerial - 1 + ROUNDS, valid: 1 });
      const [{ n }]: Array<{ n: number }> = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE action = 'card.reported_lost' AND actor_id = $1`,
        [h.userId],
      );
      expect(n).toBe(ROUNDS);
    }
    expect((await t.app.get(AuditService).verify()).firstBreak).toBeNull();
  });
});
