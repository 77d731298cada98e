import request from 'supertest';
import { SessionPurgeService } from '../src/auth/session-purge.service.js';
import { SessionsService } from '../src/auth/sessions.service.js';
import { createInterpreter } from './factories/interpreter.factory.js';
import {
  createStaffUser,
  interpreterSession,
  sessionFor,
  staffSession,
} from './factories/user.factory.js';
import { csrfHeader } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

describe('Signed in, on every page; and what happens to sessions afterwards', () => {
  let t: TestApp;
  let interpreter: string;
  let staff: string;
  let staffUserId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const person = await createInterpreter(t.dataSource, {
      givenName: 'Sara',
      familyName: 'Sidevis',
      entries: [{ language: 'ara', category: 'C' }],
    });
    interpreter = `tr_session=${await interpreterSession(t, person.nationalId, 'Sara Sidevis')}`;
    const handler = await staffSession(t, 'handler-9', 'Hans Handler', ['case_handler']);
    staffUserId = handler.userId;
    staff = `tr_session=${handler.session}`;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it.each(['/', '/statistikk', '/logg-inn', '/min-side', '/min-side/kort', '/tolk/99999999'])(
    '%s names the person and offers "Min side" and a sign-out button with the CSRF token',
    async (path) => {
      const res = await request(t.server)
        .get(path)
        .set('cookie', interpreter)
        .set('accept', 'text/html');
      expect(res.text).toContain('Innlogget: <strong>Sara Sidevis</strong>');
      expect(res.text).toContain('href="/min-side"');
      expect(res.text).toMatch(
        new RegExp(
          `<form class="nav-form" method="post" action="/auth/logout">\\s*<input type="hidden" name="_csrf" value="${csrfHeader(interpreter)['x-csrf-token']}">`,
        ),
      );
      expect(res.text).not.toContain('>Logg inn</a>');
    },
  );

  it('personal pages and lists are never cached', async () => {
    for (const [path, cookie] of [
      ['/min-side', interpreter],
      ['/api/me', interpreter],
      ['/api/me/tokens', staff],
    ] as const) {
      const res = await request(t.server).get(path).set('cookie', cookie);
      expect({ path, status: res.status, cache: res.headers['cache-control'] }).toEqual({
        path,
        status: 200,
        cache: 'no-store',
      });
    }
  });

  it('public figures may be cached only when the page names nobody', async () => {
    const anonymous = await request(t.server).get('/statistikk');
    expect(anonymous.headers['cache-control']).toBe('public, max-age=300');
    const named = await request(t.server).get('/statistikk').set('cookie', interpreter);
    expect(named.text).toContain('Sara Sidevis');
    expect(named.headers['cache-control']).toBe('no-store');
  });

  it('signing out leaves a notice on the next page, once, and a forged notice shows nothing', async () => {
    const leaving = await createStaffUser(t.dataSource, 'leaving-1', 'Lena Går', ['case_handler']);
    const session = `tr_session=${await sessionFor(t, leaving, 'staff')}`;
    const out = await request(t.server)
      .post('/auth/logout')
      .set('cookie', session)
      .set(csrfHeader(session));
    expect(out.status).toBe(303);
    const flash = (out.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('tr_flash='),
    )!;
    expect(flash).toMatch(/HttpOnly/i);
    const next = await request(t.server).get('/').set('cookie', flash.split(';')[0]);
    expect(next.text).toContain('<div class="notice" role="status"><p>Du er logget ut.</p></div>');
    expect(
      (next.headers['set-cookie'] as unknown as string[]).some((c) => /^tr_flash=;/.test(c)),
    ).toBe(true);
    for (const forged of ['<b>hei</b>', 'cardStatus', 'constructor', 'toString']) {
      const page = await request(t.server)
        .get('/')
        .set('cookie', `tr_flash=${encodeURIComponent(forged)}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('class="notice" role="status"');
    }
  });

  it('someone not signed in sees "Logg inn" and no sign-out button', async () => {
    const res = await request(t.server).get('/').set('cookie', 'tr_session=expired-or-forged');
    expect(res.status).toBe(200);
    expect(res.text).toContain('>Logg inn</a>');
    expect(res.text).not.toContain('action="/auth/logout"');
  });

  it('a staff member opening the interpreter card page is told they have no access, not to retry', async () => {
    const res = await request(t.server)
      .get('/min-side/kort')
      .set('cookie', staff)
      .set('accept', 'text/html');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Du har ikke tilgang');
    expect(res.text).not.toContain('Prøv igjen om litt');
    const en = await request(t.server)
      .get('/min-side/kort?lang=en')
      .set('cookie', staff)
      .set('accept', 'text/html');
    expect(en.text).toContain('You do not have access');
  });

  it('a sign-in started on another loopback name moves to the public address first', async () => {
    const res = await request(t.server)
      .get('/auth/idporten/login?returnTo=/min-side')
      .set('host', 'localhost:3999');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(
      'http://127.0.0.1:3999/auth/idporten/login?returnTo=%2Fmin-side',
    );
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM login_attempts`);
    expect(n).toBe(0);
    // A real host name is never redirected (a proxy rewriting Host must not loop).
    const proxied = await request(t.server)
      .get('/auth/idporten/login')
      .set('host', 'internal.example:8080');
    expect(proxied.headers.location).not.toContain('/auth/idporten/login');
  });

  it('the purge deletes dead sessions and used or expired login attempts, and keeps live ones', async () => {
    const live = await sessionFor(t, staffUserId, 'staff');
    const ended = await sessionFor(t, staffUserId, 'staff');
    await t.app.get(SessionsService).end(t.dataSource.manager, ended);
    const expired = await sessionFor(t, staffUserId, 'staff');
    const idle = await sessionFor(t, staffUserId, 'staff');
    const { hashToken } = await import('../src/auth/sessions.service.js');
    await t.dataSource.query(
      `UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE id_hash = $1`,
      [hashToken(expired)],
    );
    await t.dataSource.query(
      `UPDATE sessions SET last_seen_at = now() - interval '1 day' WHERE id_hash = $1`,
      [hashToken(idle)],
    );
    await t.dataSource.query(`
      INSERT INTO login_attempts (state_hash, provider, nonce, code_verifier, return_to, created_at, consumed_at)
      VALUES (repeat('a', 64), 'staff', 'n', 'v', '/', now(), NULL),
             (repeat('b', 64), 'staff', 'n', 'v', '/', now(), now()),
             (repeat('c', 64), 'staff', 'n', 'v', '/', now() - interval '2 hours', NULL)`);

    const purged = await t.app.get(SessionPurgeService).purge();
    // Others' dead sessions (from other tests here) go too; these three at least.
    expect(purged.sessions).toBeGreaterThanOrEqual(3);
    expect(purged.loginAttempts).toBeGreaterThanOrEqual(2);
    const left: Array<{ id_hash: string }> = await t.dataSource.query(
      `SELECT id_hash FROM sessions WHERE user_id = $1`,
      [staffUserId],
    );
    expect(left.map((r) => r.id_hash).sort()).toEqual(
      [hashToken(live), hashToken(staff.slice('tr_session='.length))].sort(),
    );
    const attempts: Array<{ state_hash: string }> = await t.dataSource.query(
      `SELECT state_hash FROM login_attempts`,
    );
    const states = attempts.map((a) => a.state_hash);
    expect(states).toContain('a'.repeat(64));
    expect(states).not.toContain('b'.repeat(64));
    expect(states).not.toContain('c'.repeat(64));
    expect(
      (await request(t.server).get('/api/me').set('cookie', `tr_session=${live}`)).status,
    ).toBe(200);
  });
});
