import request from 'supertest';
import { ROLES } from '../src/auth/roles.js';
import { CARD_STATUSES } from '../src/cards/card-status.js';
import { createInterpreter } from './factories/interpreter.factory.js';
import { routesOf } from './setup/routes.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

interface Operation {
  operationId: string;
  security?: Array<Record<string, string[]>>;
  'x-required-roles'?: string[];
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
  [key: string]: unknown;
};

/** Every operation in the document, as "GET /api/x/{id}" with the operation. */
function operationsOf(doc: OpenApi): Array<[string, Operation]> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, Operation] => [
      `${method.toUpperCase()} ${path}`,
      op,
    ]),
  );
}

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
    // No answer carries an identity number: no schema an operation responds with names one.
    // (Only an administrator's request body may: a staff member's own number, never shown back.)
    const schemas = res.body.components.schemas as Record<string, unknown>;
    const responded = new Set<string>();
    const collect = (value: unknown): void => {
      const text = JSON.stringify(value);
      for (const m of text.matchAll(/#\/components\/schemas\/(\w+)/g)) {
        if (responded.has(m[1])) continue;
        responded.add(m[1]);
        collect(schemas[m[1]]);
      }
    };
    for (const path of Object.values(res.body.paths as Record<string, Record<string, unknown>>)) {
      for (const op of Object.values(path)) collect((op as { responses?: unknown }).responses);
    }
    expect(responded.size).toBeGreaterThan(10);
    for (const name of responded) {
      expect({ name, schema: JSON.stringify(schemas[name]) }).not.toEqual({
        name,
        schema: expect.stringMatching(/nationalId|national_id/i),
      });
    }
    const requestOnly = Object.keys(schemas).filter(
      (name) => !responded.has(name) && /nationalId/.test(JSON.stringify(schemas[name])),
    );
    expect(requestOnly).toEqual(['StaffIdentityDto']);
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
    await t.owner.query(`ALTER TABLE public_entries RENAME TO public_entries_moved`);
    try {
      const res = await request(t.server).get('/api/statistics');
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 500, title: 'Internal Server Error' });
      expect(res.body.correlationId).toEqual(expect.any(String));
      expect(res.text).not.toMatch(/public_entries|SELECT|relation "|QueryFailedError|\.ts:|\.js:/);
    } finally {
      await t.owner.query(`ALTER TABLE public_entries_moved RENAME TO public_entries`);
    }
    const after = await request(t.server).get('/api/statistics');
    expect(after.status).toBe(200);
  });
  describe('the OpenAPI document says who may call what', () => {
    let doc: OpenApi;

    beforeAll(async () => {
      doc = (await request(t.server).get('/api/openapi.json').expect(200)).body as OpenApi;
    });

    it('declares the session cookie and the bearer token, and the docs UI lets one authorize', async () => {
      const schemes = (doc.components as unknown as { securitySchemes: Record<string, unknown> })
        .securitySchemes;
      expect(schemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'tr_session' });
      expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      // Default deny, like the access guard: an operation is public only by saying so.
      expect(doc.security).toEqual([{ session: [] }, { bearer: [] }]);
      const init = await request(t.server).get('/api/docs/swagger-ui-init.js').expect(200);
      const options = JSON.parse(/let options = (\{[\s\S]*\});/.exec(init.text)![1]) as {
        swaggerDoc: OpenApi;
        customOptions: Record<string, unknown>;
      };
      expect(options.customOptions.persistAuthorization).toBe(true);
      expect(Object.keys(options.swaggerDoc.components)).toContain('securitySchemes');
    });

    it('marks each operation public with `security: []`, or names its schemes and roles, as its route is', () => {
      const routes = new Map(
        routesOf(t).map((r) => [`${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`, r]),
      );
      const operations = operationsOf(doc);
      for (const [key, op] of operations) {
        const route = routes.get(key);
        expect({ key, found: route !== undefined }).toEqual({ key, found: true });
        if (route!.isPublic) {
          expect({ key, security: op.security, roles: op['x-required-roles'] }).toEqual({
            key,
            security: [],
            roles: undefined,
          });
        } else {
          expect({ key, security: op.security }).toEqual({
            key,
            security: [{ session: [] }, { bearer: [] }],
          });
          expect(op['x-required-roles']!.length).toBeGreaterThan(0);
          for (const role of op['x-required-roles']!) expect(ROLES).toContain(role);
          expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
        }
      }
      const publicOnes = operations.filter(([, op]) => op.security?.length === 0);
      expect(publicOnes.length).toBeGreaterThan(0);
      expect(publicOnes.length).toBeLessThan(operations.length);
      const roles = (key: string) => operations.find(([k]) => k === key)?.[1]['x-required-roles'];
      expect(roles('GET /api/admin/staff')).toEqual(['administrator']);
      expect(roles('GET /api/me/card')).toEqual(['interpreter']);
      expect(roles('POST /api/me/tokens')).toEqual([
        'case_handler',
        'committee_member',
        'administrator',
      ]);
    });

    it('is right about it: without credentials a documented public GET is served, any other refused with 401', async () => {
      for (const [key, op] of operationsOf(doc).filter(([k]) => k.startsWith('GET '))) {
        const path = key.slice(4).replace(/\{\w+\}/g, '1');
        const res = await request(t.server).get(path);
        const refused = res.status === 401;
        expect({ key, refused }).toEqual({ key, refused: op.security?.length !== 0 });
      }
    });

    it('describes the card check answer, with every status it can have', () => {
      const schemaOf = (path: string, status: string) => {
        const ref = doc.paths[path].get.responses[status].content!['application/json'].schema.$ref!;
        return doc.components.schemas[ref.split('/').pop()!];
      };
      const check = schemaOf('/api/cards/verify/{token}', '200');
      expect(check.properties.status.enum).toEqual([...CARD_STATUSES]);
      expect(Object.keys(check.properties).sort()).toEqual(
        ['card', 'checkedAt', 'code', 'interpreter', 'languages', 'status'].sort(),
      );
      expect(Object.keys(schemaOf('/api/me/card', '200').properties)).toEqual(
        expect.arrayContaining(['status', 'cardNumber', 'languages', 'printedCardUrl', 'code']),
      );
      expect(Object.keys(schemaOf('/.well-known/jwks.json', '200').properties)).toEqual(['keys']);
    });
  });

  it('never lets a search for people be cached, in the API or on the search page', async () => {
    await createInterpreter(t.dataSource, {
      givenName: 'Solveig',
      familyName: 'Cachefri',
      entries: [{ language: 'ara', category: 'B' }],
    });
    const api = await request(t.server).get('/api/interpreters?q=Cachefri').expect(200);
    expect(api.body.total).toBe(1);
    expect(api.headers['cache-control']).toBe('no-store');
    const page = await request(t.server).get('/?q=Cachefri').expect(200);
    expect(page.text).toContain('Cachefri');
    expect(page.headers['cache-control']).toBe('no-store');
  });
});
