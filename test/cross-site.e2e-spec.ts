import request from 'supertest';
import { createInterpreter, type CreatedInterpreter } from './factories/interpreter.factory.js';
import { interpreterSession, staffSession } from './factories/user.factory.js';
import { csrfHeader, fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const EVIL = 'https://evil.example';
const OURS = 'http://127.0.0.1:3999';

describe('Cross-site requests and bad input are refused, and nothing is written', () => {
  let t: TestApp;
  let holder: CreatedInterpreter;
  let interpreter: string;
  let admin: string;

  async function cardNumber(): Promise<string> {
    const res = await request(t.server).get('/api/me/card').set('cookie', interpreter).expect(200);
    return res.body.cardNumber as string;
  }

  async function staffCount(): Promise<number> {
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE staff_subject IS NOT NULL`,
    );
    return row.n as number;
  }

  async function auditCount(): Promise<number> {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`);
    return row.n as number;
  }

  async function signedIn(cookie: string): Promise<boolean> {
    return (await request(t.server).get('/api/me').set('cookie', cookie)).status === 200;
  }

  beforeAll(async () => {
    t = await startTestApp();
    holder = await createInterpreter(t.dataSource, {
      givenName: 'Kari',
      familyName: 'Kortholder',
      entries: [{ language: 'tir', category: 'B' }],
    });
    interpreter = `tr_session=${await interpreterSession(t, holder.nationalId, holder.name)}`;
    const { session } = await staffSession(t, 'admin-1', 'Ada Admin', ['administrator']);
    admin = `tr_session=${session}`;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('the four requests an attacker tried, each with a valid cookie, from another origin', () => {
    it('POST /%61pi/admin/staff with a form body does not create an administrator', async () => {
      const before = await staffCount();
      const res = await request(t.server)
        .post('/%61pi/admin/staff')
        .set('cookie', admin)
        .set('origin', EVIL)
        .type('form')
        .send('subject=evil&displayName=Evil&roles=administrator');
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('CROSS_SITE_REQUEST');
      // A browser's form post to any spelling of an API path gets the API's answer, not a page.
      const fromBrowser = await request(t.server)
        .post('/%61pi/admin/staff')
        .set('cookie', admin)
        .set(csrfHeader(admin))
        .set('accept', 'text/html')
        .type('form')
        .send('subject=evil&displayName=Evil&roles=administrator');
      expect(fromBrowser.status).toBe(415);
      expect(fromBrowser.headers['content-type']).toContain('application/problem+json');
      expect(await staffCount()).toBe(before);
    });

    it('POST /api/me/card/replace with no Content-Type does not replace the card', async () => {
      const before = await cardNumber();
      const res = await request(t.server)
        .post('/api/me/card/replace')
        .set('cookie', interpreter)
        .set('origin', EVIL);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(await cardNumber()).toBe(before);
    });

    it('POST /min-side/kort/mistet from a form on another site gets a friendly page and keeps the card', async () => {
      const before = await cardNumber();
      const audit = await auditCount();
      const res = await request(t.server)
        .post('/min-side/kort/mistet')
        .set('cookie', interpreter)
        .set('origin', EVIL)
        .set('sec-fetch-site', 'cross-site')
        .set('accept', 'text/html')
        .type('form')
        .send('');
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain('Skjemaet kunne ikke sendes');
      expect(await cardNumber()).toBe(before);
      expect(await auditCount()).toBe(audit);
    });

    it('POST /auth/logout as text/plain from another site leaves the person signed in', async () => {
      const res = await request(t.server)
        .post('/auth/logout')
        .set('cookie', interpreter)
        .set('origin', EVIL)
        .set('content-type', 'text/plain')
        .send('x');
      expect(res.status).toBe(403);
      expect(await signedIn(interpreter)).toBe(true);
    });
  });

  describe('a browser that sends no origin headers, or an attacker that strips them', () => {
    it('is refused without the form’s CSRF token, whatever the spelling of the path', async () => {
      const before = await cardNumber();
      for (const path of ['/min-side/kort/mistet', '/min-side/kort/mistet?lang=en']) {
        const res = await request(t.server)
          .post(path)
          .set('cookie', interpreter)
          .type('form')
          .send('_csrf=not-the-token');
        expect(res.status).toBe(403);
      }
      const api = await request(t.server)
        .post('/%61pi/me/card/replace')
        .set('cookie', interpreter)
        .send({});
      expect(api.status).toBe(403);
      expect(api.body.code).toBe('CSRF_TOKEN_INVALID');
      const logout = await request(t.server).post('/auth/logout').set('cookie', interpreter);
      expect(logout.status).toBe(403);
      expect(await cardNumber()).toBe(before);
      expect(await signedIn(interpreter)).toBe(true);
    });

    it('a same-site sibling (Sec-Fetch-Site: same-site) is refused too', async () => {
      const res = await request(t.server)
        .post('/api/me/card/replace')
        .set(fromOurPages(interpreter))
        .set('sec-fetch-site', 'same-site')
        .send({});
      expect(res.status).toBe(403);
    });
  });

  describe('the forms for visitors (reports, #11) carry a token of their own', () => {
    async function reportCount(): Promise<number> {
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM reports`);
      return row.n as number;
    }
    const formOf = async (path: string) => {
      const page = await request(t.server).get(path).expect(200);
      const setCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) =>
        c.startsWith('tr_form='),
      )!;
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      return { cookie: setCookie.split(';')[0], token };
    };

    it('a report form posted from another site is refused, and nothing is written', async () => {
      const before = await reportCount();
      const { cookie, token } = await formOf('/meld-fra');
      const res = await request(t.server)
        .post('/meld-fra')
        .set('cookie', cookie)
        .set('origin', EVIL)
        .set('sec-fetch-site', 'cross-site')
        .set('accept', 'text/html')
        .field('_csrf', token)
        .field('text', 'forged')
        .field('duty_other', 'yes')
        .field('interpreterNumber', String(holder.interpreterNumber));
      expect(res.status).toBe(403);
      expect(await reportCount()).toBe(before);
    });

    it('with the form cookie but without its token (no origin headers) the forms are refused', async () => {
      const before = await reportCount();
      const { cookie } = await formOf('/meld-fra');
      const report = await request(t.server)
        .post('/meld-fra')
        .set('cookie', cookie)
        .field('_csrf', 'not-the-token')
        .field('text', 'forged')
        .field('duty_other', 'yes')
        .field('interpreterNumber', String(holder.interpreterNumber));
      expect(report.status).toBe(403);
      const code = await request(t.server)
        .post('/meld-fra/oppfolging')
        .set('cookie', cookie)
        .type('form')
        .send('receiptCode=1234567812345678');
      expect(code.status).toBe(403);
      expect(await reportCount()).toBe(before);
    });

    it('a form cookie never stands in for a session: with both, only the session’s token counts', async () => {
      const before = await cardNumber();
      const { cookie, token } = await formOf('/meld-fra');
      const res = await request(t.server)
        .post('/min-side/kort/mistet')
        .set('cookie', `${interpreter}; ${cookie}`)
        .type('form')
        .send(`_csrf=${encodeURIComponent(token)}`);
      expect(res.status).toBe(403);
      expect(await cardNumber()).toBe(before);
    });

    it('the form’s own token, from our origin, sends the report', async () => {
      const before = await reportCount();
      const { cookie, token } = await formOf('/meld-fra');
      const res = await request(t.server)
        .post('/meld-fra')
        .set('cookie', cookie)
        .set('origin', OURS)
        .set('sec-fetch-site', 'same-origin')
        .field('_csrf', token)
        .field('text', 'A report from our own page.')
        .field('duty_other', 'yes')
        .field('interpreterNumber', String(holder.interpreterNumber));
      expect(res.status).toBe(200);
      expect(await reportCount()).toBe(before + 1);
    });
  });

  describe('the API takes JSON only, on the route as routed', () => {
    it('refuses a form body on /%61pi/… even with the right token and origin', async () => {
      const before = await staffCount();
      const res = await request(t.server)
        .post('/%61pi/admin/staff')
        .set(fromOurPages(admin))
        .set('origin', OURS)
        .type('form')
        .send('subject=x&displayName=X&roles=administrator');
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(await staffCount()).toBe(before);
    });

    it('refuses a body sent without any Content-Type', async () => {
      const res = await request(t.server)
        .post('/api/admin/staff')
        .set(fromOurPages(admin))
        .send(Buffer.from('{}'));
      expect(res.status).toBe(415);
    });
  });

  describe('our own pages and API clients still work', () => {
    it('the lost-card form with its token, from our own origin, replaces the card', async () => {
      const before = await cardNumber();
      const page = await request(t.server)
        .get('/min-side/kort/mistet')
        .set('cookie', interpreter)
        .expect(200);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      expect(token).toBe(csrfHeader(interpreter)['x-csrf-token']);
      const res = await request(t.server)
        .post('/min-side/kort/mistet')
        .set('cookie', interpreter)
        .set('origin', OURS)
        .set('sec-fetch-site', 'same-origin')
        .type('form')
        .send(`_csrf=${encodeURIComponent(token!)}`);
      expect(res.status).toBe(303);
      expect(await cardNumber()).not.toBe(before);
    });

    it('a bearer-token client needs no CSRF token', async () => {
      const created = await request(t.server)
        .post('/api/me/tokens')
        .set(fromOurPages(admin))
        .send({ name: 'integration', days: 1 })
        .expect(201);
      const before = await staffCount();
      const res = await request(t.server)
        .post('/api/admin/staff')
        .set('authorization', `Bearer ${created.body.token}`)
        .send({ subject: 'via-api', displayName: 'Via Api', roles: ['case_handler'] });
      expect(res.status).toBe(201);
      expect(await staffCount()).toBe(before + 1);
    });
  });

  describe('bytes PostgreSQL cannot store get a 400 naming the field', () => {
    const cases: Array<[string, string, string]> = [
      [
        'a NUL character',
        '{"subject":"s-nul","displayName":"Ab\\u0000c","roles":[]}',
        'displayName',
      ],
      [
        'a lone surrogate',
        '{"subject":"s-sur","displayName":"Ab\\ud800c","roles":[]}',
        'displayName',
      ],
      [
        'a lone surrogate in an array',
        '{"subject":"s-arr","displayName":"Ok","roles":["\\udc00"]}',
        'roles[0]',
      ],
      [
        'JSON nested thousands of levels deep',
        `{"subject":"s-deep","displayName":"Ok","roles":[],"x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
        'body',
      ],
    ];
    it.each(cases)('%s', async (_label, body, field) => {
      const before = await staffCount();
      const res = await request(t.server)
        .post('/api/admin/staff')
        .set(fromOurPages(admin))
        .set('content-type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
      expect(await staffCount()).toBe(before);
    });

    it('a NUL in a form field is refused the same way', async () => {
      const before = await cardNumber();
      const res = await request(t.server)
        .post('/min-side/kort/mistet')
        .set('cookie', interpreter)
        .type('form')
        .send(`_csrf=${csrfHeader(interpreter)['x-csrf-token']}&note=a%00b`);
      expect(res.status).toBe(400);
      expect(await cardNumber()).toBe(before);
    });

    it('a NUL in the query string is refused, not sent to the database', async () => {
      const res = await request(t.server).get('/api/interpreters?q=ab%00c');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'q' })]);
    });
  });
});
