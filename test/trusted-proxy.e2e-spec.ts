import request from 'supertest';
import { startTestApp, type TestApp } from './setup/test-app.js';

/**
 * The app behind one reverse proxy at 127.0.0.1 (where supertest connects
 * from). The proxy appends the address it saw to X-Forwarded-For; anything
 * before that is what the client sent, and must count for nothing.
 */
describe('Behind a trusted proxy, clients cannot choose their address', () => {
  let t: TestApp;
  const saved = { ...process.env };
  const UNKNOWN_TOKEN = 'A'.repeat(108);

  /** What the proxy forwards for a client at `real` that sent its own X-Forwarded-For. */
  const through = (real: string, spoofed?: string) => ({
    'x-forwarded-for': spoofed ? `${spoofed}, ${real}` : real,
  });

  beforeAll(async () => {
    process.env.TRUST_PROXY = '127.0.0.1';
    process.env.CARD_VERIFY_RATE_LIMIT = '5';
    process.env.SIGN_IN_RATE_LIMIT = '4';
    t = await startTestApp();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    process.env = saved;
  });

  it('the card-check limit holds whatever X-Forwarded-For or Forwarded the client sends', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await request(t.server)
        .get(`/api/cards/verify/${UNKNOWN_TOKEN}`)
        .set(through('198.51.100.7', `203.0.113.${i}`))
        .set('forwarded', `for=192.0.2.${i}`);
      expect(res.status).toBe(404);
    }
    const limited = await request(t.server)
      .get(`/api/cards/verify/${UNKNOWN_TOKEN}`)
      .set(through('198.51.100.7', '203.0.113.99'))
      .set('forwarded', 'for=192.0.2.99');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The check page holds its limit against the same spoofing.
    const page = (i: number) =>
      request(t.server)
        .get(`/v/${UNKNOWN_TOKEN}`)
        .set(through('198.51.100.7', `203.0.113.${i}`))
        .set('accept', 'text/html');
    for (let i = 0; i < 5; i++) expect((await page(i)).status).toBe(404);
    expect((await page(99)).status).toBe(429);
    // Another real client, behind the same proxy, is not affected.
    const other = await request(t.server)
      .get(`/api/cards/verify/${UNKNOWN_TOKEN}`)
      .set(through('198.51.100.8', '198.51.100.7'));
    expect(other.status).toBe(404);
  });

  it('the audit trail records the address the proxy saw, not the one the client claimed', async () => {
    const res = await request(t.server)
      .get('/auth/idporten/callback?state=forged&code=forged')
      .set(through('198.51.100.9', '6.6.6.6'))
      .set('forwarded', 'for=7.7.7.7');
    expect(res.status).toBe(401);
    const [row] = await t.dataSource.query(
      `SELECT client_ip FROM audit_events WHERE action = 'auth.login_failed' ORDER BY seq DESC LIMIT 1`,
    );
    expect(row.client_ip).toBe('198.51.100.9');
  });

  it('sign-in is rate limited per client, with Retry-After', async () => {
    const start = (real: string) =>
      request(t.server).get('/auth/staff/login').set(through(real, '203.0.113.1'));
    for (let i = 0; i < 4; i++) expect((await start('198.51.100.20')).status).toBe(302);
    const limited = await start('198.51.100.20');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await start('198.51.100.21')).status).toBe(302);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM login_attempts WHERE provider = 'staff'`,
    );
    expect(n).toBe(5);
  });

  it('the sign-in callback is limited too', async () => {
    const callback = () =>
      request(t.server).get('/auth/staff/callback?state=x&code=y').set(through('198.51.100.30'));
    for (let i = 0; i < 4; i++) expect((await callback()).status).toBe(401);
    expect((await callback()).status).toBe(429);
  });
});
