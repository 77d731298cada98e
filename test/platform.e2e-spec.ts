import request from 'supertest';
import { startTestApp, type TestApp } from './setup/test-app.js';

describe('The platform: health, API documentation, headers and errors', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('reports health including the database', async () => {
    const res = await request(t.server).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('publishes an OpenAPI document describing the public search', async () => {
    const res = await request(t.server).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const search = res.body.paths['/api/interpreters'].get;
    const params = (search.parameters as Array<{ name: string }>).map((p) => p.name).sort();
    expect(params).toEqual(
      [
        'availability',
        'category',
        'county',
        'gender',
        'language',
        'minCategory',
        'modality',
        'page',
        'pageSize',
        'q',
      ].sort(),
    );
    expect(res.body.paths['/api/interpreters/{interpreterNumber}']).toBeDefined();
    expect(res.body.paths['/api/statistics']).toBeDefined();
    expect(res.body.paths['/api/languages']).toBeDefined();
    expect(JSON.stringify(res.body)).not.toMatch(/nationalId/);
  });

  it('serves a browsable API documentation page', async () => {
    const res = await request(t.server).get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('swagger-ui');
  });

  it('sends security headers on every response', async () => {
    for (const path of ['/health', '/api/languages', '/api/nowhere']) {
      const res = await request(t.server).get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toMatch(/max-age=(\d{8,})/);
      expect(
        Number(/max-age=(\d+)/.exec(res.headers['strict-transport-security'])![1]),
      ).toBeGreaterThanOrEqual(31_536_000);
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('echoes a well-formed request id and replaces a malformed one', async () => {
    const good = await request(t.server).get('/api/nowhere').set('x-request-id', 'abc-123');
    expect(good.headers['x-request-id']).toBe('abc-123');
    expect(good.body.correlationId).toBe('abc-123');
    const bad = await request(t.server).get('/api/nowhere').set('x-request-id', '<script>');
    expect(bad.headers['x-request-id']).not.toBe('<script>');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown address with a 404 problem', async () => {
    const res = await request(t.server).get('/api/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found', instance: '/api/nowhere' });
  });

  it('answers a malformed address with a 400 problem', async () => {
    const res = await request(t.server).get('/api/interpreters/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.correlationId).toEqual(expect.any(String));
  });

  it('answers a method that does not exist with a problem, not a 500', async () => {
    const res = await request(t.server).post('/api/interpreters').send({ a: 1 });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('turns an unexpected failure into a 500 problem with a correlation id and no internals, and keeps serving', async () => {
    await t.dataSource.query(`ALTER TABLE public_entries RENAME TO public_entries_moved`);
    try {
      const res = await request(t.server).get('/api/statistics');
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 500, title: 'Internal Server Error' });
      expect(res.body.correlationId).toEqual(expect.any(String));
      expect(res.text).not.toMatch(/public_entries|SELECT|relation "|QueryFailedError|\.ts:|\.js:/);
    } finally {
      await t.dataSource.query(`ALTER TABLE public_entries_moved RENAME TO public_entries`);
    }
    const after = await request(t.server).get('/api/statistics');
    expect(after.status).toBe(200);
  });
});
