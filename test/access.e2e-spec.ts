import request from 'supertest';
import { routesOf } from './setup/routes.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

/** The routes anyone may use without signing in. Adding one is a decision: add it here. */
const PUBLIC_ROUTES = [
  'GET /',
  'GET /.well-known/card-status.jwt',
  'GET /.well-known/jwks.json',
  'GET /api/cards/verify/:token',
  'GET /api/interpreters',
  'GET /api/interpreters/:interpreterNumber',
  'GET /api/languages',
  'GET /api/statistics',
  'GET /api/statistics.csv',
  'GET /api/statistics/reports',
  'GET /assets/my-card.js',
  'GET /assets/site.css',
  'GET /auth/:provider/callback',
  'GET /auth/:provider/login',
  'GET /health',
  'GET /logg-inn',
  'GET /meld-fra',
  'GET /meld-fra/oppfolging',
  'GET /meld-fra/sak',
  'GET /meld-fra/sak/vedlegg/:id',
  'GET /statistikk',
  'GET /statistikk/varsler',
  'GET /tolk/:interpreterNumber',
  'GET /v/:token',
  'GET /v/:token/foto',
  'GET /v/*',
  'POST /api/reports',
  'POST /api/reports/follow-up',
  'POST /api/reports/messages',
  'POST /auth/logout',
  'POST /meld-fra',
  'POST /meld-fra/oppfolging',
  'POST /meld-fra/sak/logg-ut',
  'POST /meld-fra/sak/svar',
];

describe('Access: everything is closed unless it is marked public', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('the public routes are exactly the ones decided on', () => {
    const routes = routesOf(t);
    expect(routes.length).toBeGreaterThanOrEqual(PUBLIC_ROUTES.length);
    expect(
      routes
        .filter((r) => r.isPublic)
        .map((r) => r.key)
        .sort(),
    ).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('every other route refuses an anonymous caller with a 401 problem', async () => {
    const closed = routesOf(t).filter((r) => !r.isPublic);
    expect(closed.map((r) => r.key)).toContain('GET /api/me');
    for (const route of closed) {
      const path = route.path.replace(/:(\w+)/g, '1');
      const res = await request(t.server)[route.method.toLowerCase() as 'get'](path);
      expect({ route: route.key, status: res.status }).toEqual({ route: route.key, status: 401 });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
