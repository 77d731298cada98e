import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import request from 'supertest';
import { OidcService, type LoginProvider } from '../src/auth/oidc.service.js';
import { createInterpreter, type CreatedInterpreter } from './factories/interpreter.factory.js';
import { createStaffUser } from './factories/user.factory.js';
import { HeadlessBrowser } from './setup/headless-browser.js';
import { csrfHeader } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const SUBSTANTIAL = 'idporten-loa-substantial';

describe('Sign-in: interpreters with ID-porten, staff with the directorate login', () => {
  let t: TestApp;
  let oidcService: OidcService;
  let kari: CreatedInterpreter;

  beforeAll(async () => {
    t = await startTestApp();
    oidcService = t.app.get(OidcService);
    kari = await createInterpreter(t.dataSource, {
      givenName: 'Kari',
      familyName: 'Innlogget',
      entries: [{ language: 'tir', category: 'B' }],
    });
    await createStaffUser(t.dataSource, 'staff-case-handler', 'Siri Saksbehandler', [
      'case_handler',
    ]);
    await createStaffUser(t.dataSource, 'staff-no-role', 'Uten Rolle', []);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  interface Attempt {
    status: number;
    location?: string;
    sessionCookie?: string;
    setCookie: string[];
    text: string;
    replay: () => Promise<request.Response>;
  }

  /** Runs a whole login the way a browser would: app → provider → picker → app. */
  async function signIn(
    provider: LoginProvider,
    accountId: string,
    acr = SUBSTANTIAL,
    returnTo?: string,
  ): Promise<Attempt> {
    const start = await request(t.server).get(
      `/auth/${provider}/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
    );
    expect(start.status).toBe(302);
    const loginCookie = (start.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('tr_login='),
    )!;
    const callback = await new HeadlessBrowser(oidcService.redirectUri(provider)).login(
      new URL(start.headers.location),
      { accountId, acr },
    );
    const cookie = loginCookie.split(';')[0];
    const finish = () =>
      request(t.server).get(`${callback.pathname}${callback.search}`).set('cookie', cookie);
    const res = await finish();
    const setCookie = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
    return {
      status: res.status,
      location: res.headers.location,
      sessionCookie: setCookie.find((c) => c.startsWith('tr_session='))?.split(';')[0],
      setCookie,
      text: res.text,
      replay: finish,
    };
  }

  const me = (cookie?: string) => {
    const req = request(t.server).get('/api/me');
    return cookie ? req.set('cookie', cookie) : req;
  };

  async function lastAudit(): Promise<{
    action: string;
    details: Record<string, unknown>;
    actor_id: string | null;
  }> {
    const rows: Array<{
      action: string;
      details: Record<string, unknown>;
      actor_id: string | null;
    }> = await t.dataSource.query(
      `SELECT action, details, actor_id FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    return rows[0];
  }

  it('an interpreter signs in with ID-porten and is recognised by their identity number', async () => {
    const login = await signIn('idporten', `c-${kari.id}`, SUBSTANTIAL, '/tolk/1');
    expect(login.status).toBe(303);
    expect(login.location).toBe('/tolk/1');
    const cookie = login.setCookie.find((c) => c.startsWith('tr_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const res = await me(login.sessionCookie);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      kind: 'citizen',
      displayName: 'Kari Innlogget',
      roles: ['interpreter'],
      interpreterNumber: kari.interpreterNumber,
    });
    expect(res.text).not.toContain(kari.nationalId);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'auth.login', actor_id: res.body.id });
    expect(JSON.stringify(audit)).not.toContain(kari.nationalId);
  });

  it('every login gets a new session id, and logout kills it', async () => {
    const first = await signIn('idporten', `c-${kari.id}`);
    const second = await signIn('idporten', `c-${kari.id}`);
    expect(first.sessionCookie).toBeDefined();
    expect(second.sessionCookie).not.toBe(first.sessionCookie);
    const out = await request(t.server)
      .post('/auth/logout')
      .set('cookie', second.sessionCookie!)
      .set(csrfHeader(second.sessionCookie!));
    expect(out.status).toBe(303);
    expect((await me(second.sessionCookie)).status).toBe(401);
    expect((await me(first.sessionCookie)).status).toBe(200);
    expect((await lastAudit()).action).toBe('auth.logout');
  });

  it('a session dies after the idle timeout and after the absolute timeout', async () => {
    const idle = await signIn('idporten', `c-${kari.id}`);
    await t.dataSource.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'`);
    expect((await me(idle.sessionCookie)).status).toBe(401);
    const absolute = await signIn('idporten', `c-${kari.id}`);
    await t.dataSource.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE last_seen_at > now() - interval '1 minute'`,
    );
    expect((await me(absolute.sessionCookie)).status).toBe(401);
  });

  it('staff sign in with the staff login and get exactly their roles', async () => {
    const login = await signIn('staff', 'staff-case-handler');
    expect(login.status).toBe(303);
    const res = await me(login.sessionCookie);
    expect(res.body).toMatchObject({
      kind: 'staff',
      roles: ['case_handler'],
      interpreterNumber: null,
    });
  });

  it('a staff account the register gives no role is refused', async () => {
    const login = await signIn('staff', 'staff-no-role');
    expect(login.status).toBe(401);
    expect(login.sessionCookie).toBeUndefined();
    expect(await lastAudit()).toMatchObject({
      action: 'auth.login_failed',
      details: { provider: 'staff', reason: 'unknown_staff' },
    });
  });

  it('refuses a level of assurance below substantial', async () => {
    const login = await signIn('idporten', `c-${kari.id}`, 'idporten-loa-low');
    expect(login.status).toBe(401);
    expect(login.text).toContain('Innloggingen mislyktes');
    expect(login.sessionCookie).toBeUndefined();
    expect((await lastAudit()).details).toEqual({ provider: 'idporten', reason: 'acr_too_low' });
  });

  it('refuses a replayed callback (same state and code)', async () => {
    const login = await signIn('idporten', `c-${kari.id}`);
    expect(login.status).toBe(303);
    const replay = await login.replay();
    expect(replay.status).toBe(401);
    expect((await lastAudit()).details).toEqual({
      provider: 'idporten',
      reason: 'no_matching_login',
    });
  });

  it('refuses a callback that no login in this browser started', async () => {
    const sessions = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM sessions`))[0].n as number;
    const before = await sessions();
    const res = await request(t.server).get('/auth/idporten/callback?code=abc&state=xyz');
    expect(res.status).toBe(401);
    expect(await sessions()).toBe(before);
    expect((await lastAudit()).details).toEqual({
      provider: 'idporten',
      reason: 'no_matching_login',
    });
  });

  describe('ID tokens that must be refused', () => {
    /** Replaces the ID token in the provider's token response, for one login. */
    async function signInWithForgedToken(
      forge: (claims: Record<string, unknown>) => Promise<string>,
    ): Promise<Attempt> {
      const configuration = await oidcService.configuration('idporten');
      const tokenEndpoint = configuration.serverMetadata().token_endpoint!;
      const previous = configuration[oidc.customFetch];
      configuration[oidc.customFetch] = async (url, options) => {
        const res = await fetch(url, options as RequestInit);
        if (url !== tokenEndpoint) return res;
        const body = (await res.json()) as Record<string, unknown>;
        body.id_token = await forge(decodeJwt(body.id_token as string));
        return new Response(JSON.stringify(body), {
          status: res.status,
          headers: { 'content-type': 'application/json' },
        });
      };
      try {
        return await signIn('idporten', `c-${kari.id}`);
      } finally {
        // An accessor on the configuration: restore it, deleting does nothing.
        configuration[oidc.customFetch] =
          previous ?? ((url, options) => fetch(url, options as RequestInit));
      }
    }

    async function providerKey() {
      const idp = (await oidcService.testIdentityProvider())!;
      return { key: await importJWK(idp.signingJwk, 'RS256'), kid: idp.signingJwk.kid! };
    }

    it('accepts a token re-signed with the provider’s own key (the harness is sound)', async () => {
      const { key, kid } = await providerKey();
      const login = await signInWithForgedToken((claims) =>
        new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key),
      );
      expect(login.status).toBe(303);
    });

    it.each([
      [
        'a changed payload with the original signature',
        async (claims: Record<string, unknown>, real: () => Promise<string>) => {
          const [h, , s] = (await real()).split('.');
          const payload = Buffer.from(JSON.stringify({ ...claims, pid: '01010012356' })).toString(
            'base64url',
          );
          return `${h}.${payload}.${s}`;
        },
      ],
      [
        'a token signed by an unknown key',
        async (claims: Record<string, unknown>) => {
          const { privateKey } = await generateKeyPair('RS256', { extractable: true });
          const jwk = await exportJWK(privateKey);
          return new SignJWT(claims)
            .setProtectedHeader({ alg: 'RS256', kid: 'test-idp-rs256' })
            .sign(await importJWK(jwk, 'RS256'));
        },
      ],
      ['a foreign audience', null],
      ['a nonce from another login', null],
      ['a foreign issuer', null],
      ['an algorithm other than RS256 (PS256 with the provider’s own key)', null],
      ['an expired token', null],
      [
        'alg: none',
        (claims: Record<string, unknown>) =>
          Promise.resolve(
            `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`,
          ),
      ],
    ])('refuses %s', async (name, forge) => {
      const { key, kid } = await providerKey();
      const sign = (claims: Record<string, unknown>) =>
        new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
      const login = await signInWithForgedToken(async (claims) => {
        if (name === 'a foreign audience') return sign({ ...claims, aud: 'someone-else' });
        if (name === 'a nonce from another login')
          return sign({ ...claims, nonce: 'replayed-nonce' });
        if (name.startsWith('an algorithm other than')) {
          const idp = (await oidcService.testIdentityProvider())!;
          return new SignJWT(claims)
            .setProtectedHeader({ alg: 'PS256', kid })
            .sign(await importJWK({ ...idp.signingJwk, alg: 'PS256' }, 'PS256'));
        }
        if (name === 'an expired token') {
          const now = Math.floor(Date.now() / 1000);
          return sign({ ...claims, iat: now - 7200, exp: now - 3600 });
        }
        return forge!(claims, () => sign(claims));
      });
      expect(login.status).toBe(401);
      expect(login.sessionCookie).toBeUndefined();
      expect((await lastAudit()).details).toEqual({
        provider: 'idporten',
        reason: 'token_rejected',
      });
    });
  });

  it('never redirects off the site after login', async () => {
    const login = await signIn('idporten', `c-${kari.id}`, SUBSTANTIAL, '//evil.example/x');
    expect(login.location).toBe('/');
  });

  it('a person signs in from the sign-in page and sees their own page', async () => {
    const page = await request(t.server).get('/logg-inn');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/auth/idporten/login?returnTo=%2Fmin-side"');
    expect(page.text).toContain('innebygd testleverandør');
    const anonymous = await request(t.server).get('/min-side').set('accept', 'text/html');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/logg-inn');
    const login = await signIn('idporten', `c-${kari.id}`, SUBSTANTIAL, '/min-side');
    expect(login.location).toBe('/min-side');
    const mine = await request(t.server).get('/min-side').set('cookie', login.sessionCookie!);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('<h1>Kari Innlogget</h1>');
    expect(mine.text).toContain(`href="/tolk/${kari.interpreterNumber}"`);
    expect(mine.text).toContain('action="/auth/logout"');
    expect(mine.text).not.toContain(kari.nationalId);
  });

  it('a protected route refuses anonymous callers and unknown cookies with a 401 problem', async () => {
    for (const res of [await me(), await me('tr_session=forged')]) {
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
