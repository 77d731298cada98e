import request from 'supertest';
import type { Role } from '../src/auth/roles.js';
import { createCitizenUser, createStaffUser, sessionFor } from './factories/user.factory.js';
import { routesOf } from './setup/routes.js';
import { fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const ALL: Role[] = ['interpreter', 'case_handler', 'committee_member', 'administrator'];

/** Who may use each protected route. Every protected route must be listed. */
const MATRIX: Record<string, Role[]> = {
  'GET /api/me': ALL,
  'GET /min-side': ALL,
  'GET /min-side/kort': ['interpreter'],
  'GET /min-side/kort/kode.svg': ['interpreter'],
  'GET /min-side/kort.pdf': ['interpreter'],
  'GET /api/me/card': ['interpreter'],
  'POST /api/me/card/replace': ['interpreter'],
  'GET /min-side/kort/mistet': ['interpreter'],
  'POST /min-side/kort/mistet': ['interpreter'],
  'GET /api/admin/staff': ['administrator'],
  'GET /admin/import': ['administrator'],
  'POST /admin/import': ['administrator'],
  'POST /api/admin/staff': ['administrator'],
  'PUT /api/admin/staff/:id/roles': ['administrator'],
  'PATCH /api/admin/staff/:id': ['administrator'],
  'PUT /api/admin/staff/:id/own-national-id': ['administrator'],
  'GET /api/me/tokens': ['case_handler', 'committee_member', 'administrator'],
  'POST /api/me/tokens': ['case_handler', 'committee_member', 'administrator'],
  'DELETE /api/me/tokens/:id': ['case_handler', 'committee_member', 'administrator'],
  'GET /admin/e-post': ['administrator'],
  // Applications: every citizen may apply (the interpreter role); case handling is for case handlers.
  'GET /api/me/applications': ['interpreter'],
  'POST /api/me/applications': ['interpreter'],
  'GET /api/me/applications/:id': ['interpreter'],
  'PUT /api/me/applications/:id': ['interpreter'],
  'POST /api/me/applications/:id/submit': ['interpreter'],
  'POST /api/me/applications/:id/answers': ['interpreter'],
  'POST /api/me/applications/:id/appeal': ['interpreter'],
  'POST /api/me/applications/:id/withdraw': ['interpreter'],
  'POST /api/me/applications/:id/documents': ['interpreter'],
  'GET /api/me/applications/:id/documents/:documentId': ['interpreter'],
  'GET /api/me/applications/:id/letter.pdf': ['interpreter'],
  'GET /min-side/soknad': ['interpreter'],
  'POST /min-side/soknad': ['interpreter'],
  'GET /min-side/soknad/:id': ['interpreter'],
  'GET /min-side/soknad/:id/:step': ['interpreter'],
  'POST /min-side/soknad/:id/:step': ['interpreter'],
  'GET /min-side/soknad/:id/dokumenter/:documentId': ['interpreter'],
  'GET /api/cases': ['case_handler'],
  'GET /api/cases/:id': ['case_handler'],
  'GET /api/cases/:id/documents/:documentId': ['case_handler'],
  'GET /api/cases/:id/letter.pdf': ['case_handler'],
  'POST /api/cases/:id/take': ['case_handler'],
  'POST /api/cases/:id/notes': ['case_handler'],
  'POST /api/cases/:id/information-requests': ['case_handler'],
  'POST /api/cases/:id/decision': ['case_handler'],
  'POST /api/cases/:id/appeal/reversal': ['case_handler'],
  'POST /api/cases/:id/appeal/forward': ['case_handler'],
  'GET /saksbehandling': ['case_handler'],
  'GET /saksbehandling/:id': ['case_handler'],
  'GET /saksbehandling/:id/vedtak.pdf': ['case_handler'],
  'GET /saksbehandling/:id/dokumenter/:documentId': ['case_handler'],
  'POST /saksbehandling/:id/:action': ['case_handler'],
  // Profiles, card photos and access requests: the interpreter's own; photo approval for case handlers.
  'GET /api/me/profile': ['interpreter'],
  'PUT /api/me/profile': ['interpreter'],
  'GET /api/me/profile/photo': ['interpreter'],
  'POST /api/me/profile/photo': ['interpreter'],
  'GET /api/me/export': ['interpreter'],
  'GET /min-side/profil': ['interpreter'],
  'POST /min-side/profil': ['interpreter'],
  'GET /min-side/profil/bilde': ['interpreter'],
  'POST /min-side/profil/bilde': ['interpreter'],
  'GET /min-side/profil/bilde/kort': ['interpreter'],
  'GET /min-side/profil/bilde/ny': ['interpreter'],
  'GET /api/photo-submissions': ['case_handler'],
  'POST /api/photo-submissions/:id/approve': ['case_handler'],
  'POST /api/photo-submissions/:id/refuse': ['case_handler'],
  'GET /saksbehandling/bilder': ['case_handler'],
  'GET /saksbehandling/bilder/:id/ny': ['case_handler'],
  'GET /saksbehandling/bilder/:id/kort': ['case_handler'],
  'POST /saksbehandling/bilder/:id/godkjenn': ['case_handler'],
  'POST /saksbehandling/bilder/:id/avvis': ['case_handler'],
  // Reports (#11), part 2: case handling.
  'GET /api/report-cases': ['case_handler'],
  'GET /api/report-cases/:id': ['case_handler'],
  'GET /api/report-cases/:id/attachments/:attachmentId': ['case_handler'],
  'GET /api/report-cases/:id/letter.pdf': ['case_handler'],
  'GET /saksbehandling/varsler': ['case_handler'],
  'GET /saksbehandling/varsler/:id': ['case_handler'],
  'GET /saksbehandling/varsler/:id/vedlegg/:attachmentId': ['case_handler'],
  'GET /saksbehandling/varsler/:id/vedtak.pdf': ['case_handler'],
  'POST /api/report-cases/:id/acknowledge': ['case_handler'],
  'POST /api/report-cases/:id/close': ['case_handler'],
  'POST /api/report-cases/:id/decision': ['case_handler'],
  'POST /api/report-cases/:id/messages': ['case_handler'],
  'POST /api/report-cases/:id/notify-interpreter': ['case_handler'],
  'POST /api/report-cases/:id/referral': ['case_handler'],
  'POST /api/report-cases/:id/reopen': ['case_handler'],
  'POST /api/report-cases/:id/take': ['case_handler'],
  'POST /api/report-cases/:id/temporary-exclusion': ['case_handler'],
  'POST /saksbehandling/varsler/:id/:action': ['case_handler'],
  'PUT /api/report-cases/:id/interpreter': ['case_handler'],
  'PUT /api/report-cases/:id/redacted': ['case_handler'],
  // Reports (#11), part 3: the advisory committee and the interpreter's side.
  'GET /api/committee/referrals': ['committee_member'],
  'GET /api/committee/referrals/:id': ['committee_member'],
  'POST /api/committee/referrals/:id/declaration': ['committee_member'],
  'POST /api/committee/referrals/:id/advice': ['committee_member'],
  'GET /utvalg': ['committee_member'],
  'GET /utvalg/:id': ['committee_member'],
  'POST /utvalg/:id/:action': ['committee_member'],
  'GET /api/me/report-cases': ['interpreter'],
  'GET /api/me/report-cases/:caseNumber': ['interpreter'],
  'POST /api/me/report-cases/:caseNumber/replies': ['interpreter'],
  'GET /api/me/report-cases/:caseNumber/decisions/:decisionId/letter.pdf': ['interpreter'],
  'GET /min-side/saker': ['interpreter'],
  'GET /min-side/saker/:caseNumber': ['interpreter'],
  'POST /min-side/saker/:caseNumber/svar': ['interpreter'],
  'GET /min-side/saker/:caseNumber/vedtak/:decisionId': ['interpreter'],
};

describe('Roles: each role gets exactly its rights', () => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  const ids = {} as Record<Role, string>;

  async function signedIn(role: Role): Promise<{ id: string; cookie: string }> {
    const id =
      role === 'interpreter'
        ? await createCitizenUser(t.dataSource, '01010012356', 'Test Borger')
        : await createStaffUser(t.dataSource, `test-${role}`, `Test ${role}`, [role]);
    const token = await sessionFor(t, id, role === 'interpreter' ? 'idporten' : 'staff');
    return { id, cookie: `tr_session=${token}` };
  }

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ALL) {
      const user = await signedIn(role);
      cookies[role] = user.cookie;
      ids[role] = user.id;
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('lists every protected route in the matrix', () => {
    const closed = routesOf(t)
      .filter((r) => !r.isPublic)
      .map((r) => r.key);
    expect(closed.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it('refuses every role a route does not allow with 403, and lets the others through', async () => {
    const routes = routesOf(t).filter((r) => !r.isPublic);
    for (const route of routes) {
      for (const role of ALL) {
        const path = route.path.replace(':id', ids.case_handler);
        const res = await request(t.server)
          [route.method.toLowerCase() as 'get'](path)
          .set(fromOurPages(cookies[role]))
          .send(route.method === 'GET' ? undefined : {});
        const allowed = MATRIX[route.key].includes(role);
        const outcome = allowed
          ? res.status === 403 || res.status === 401
            ? 'refused'
            : 'let through'
          : String(res.status);
        expect({ route: route.key, role, outcome }).toEqual({
          route: route.key,
          role,
          outcome: allowed ? 'let through' : '403',
        });
      }
    }
  });

  describe('an administrator manages staff roles', () => {
    it('adds a staff user, who can then be found with their roles', async () => {
      const res = await request(t.server)
        .post('/api/admin/staff')
        .set(fromOurPages(cookies.administrator))
        .send({ subject: 'new-handler', displayName: 'Nina Ny', roles: ['case_handler'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ subject: 'new-handler', roles: ['case_handler'] });
      const [created] = await t.dataSource.query(
        `SELECT action, actor_id FROM audit_events ORDER BY seq DESC LIMIT 1`,
      );
      expect(created).toEqual({ action: 'staff.created', actor_id: ids.administrator });
      const list = await request(t.server)
        .get('/api/admin/staff')
        .set(fromOurPages(cookies.administrator));
      expect(list.body.map((s: { subject: string }) => s.subject)).toContain('new-handler');
      const [read] = await t.dataSource.query(
        `SELECT action, actor_id FROM audit_events ORDER BY seq DESC LIMIT 1`,
      );
      expect(read).toEqual({ action: 'staff.listed', actor_id: ids.administrator });
    });

    it('changes roles, and the change applies to the next request', async () => {
      const res = await request(t.server)
        .put(`/api/admin/staff/${ids.case_handler}/roles`)
        .set(fromOurPages(cookies.administrator))
        .send({ roles: ['committee_member'] });
      expect(res.status).toBe(200);
      expect(res.body.roles).toEqual(['committee_member']);
      const me = await request(t.server).get('/api/me').set(fromOurPages(cookies.case_handler));
      expect(me.body.roles).toEqual(['committee_member']);
      await request(t.server)
        .put(`/api/admin/staff/${ids.case_handler}/roles`)
        .set(fromOurPages(cookies.administrator))
        .send({ roles: ['case_handler'] });
    });

    it.each([
      ['an unknown role', { roles: ['superuser'] }],
      ['the interpreter role', { roles: ['interpreter'] }],
      ['a repeated role', { roles: ['case_handler', 'case_handler'] }],
      ['a server-owned field', { roles: ['case_handler'], approvedBy: 'me' }],
      ['no roles field', {}],
    ])('refuses %s with a 400 and changes nothing', async (_what, body) => {
      const before = await request(t.server)
        .get('/api/admin/staff')
        .set(fromOurPages(cookies.administrator));
      const res = await request(t.server)
        .put(`/api/admin/staff/${ids.case_handler}/roles`)
        .set(fromOurPages(cookies.administrator))
        .send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const after = await request(t.server)
        .get('/api/admin/staff')
        .set(fromOurPages(cookies.administrator));
      expect(after.body).toEqual(before.body);
    });

    it('refuses a duplicate subject with 409 and an unknown user with 404', async () => {
      const dup = await request(t.server)
        .post('/api/admin/staff')
        .set(fromOurPages(cookies.administrator))
        .send({ subject: 'new-handler', displayName: 'Again', roles: [] });
      expect(dup.status).toBe(409);
      const missing = await request(t.server)
        .put('/api/admin/staff/00000000-0000-4000-8000-000000000000/roles')
        .set(fromOurPages(cookies.administrator))
        .send({ roles: [] });
      expect(missing.status).toBe(404);
    });

    it('refuses a form post (what a cross-site page could send) with 415', async () => {
      const res = await request(t.server)
        .post('/api/admin/staff')
        .set(fromOurPages(cookies.administrator))
        .type('form')
        .send('subject=forged&displayName=Forged&roles=administrator');
      expect(res.status).toBe(415);
      const list = await request(t.server)
        .get('/api/admin/staff')
        .set(fromOurPages(cookies.administrator));
      expect(list.body.map((s: { subject: string }) => s.subject)).not.toContain('forged');
    });

    it('an administrator cannot take the administrator role from themselves', async () => {
      const res = await request(t.server)
        .put(`/api/admin/staff/${ids.administrator}/roles`)
        .set(fromOurPages(cookies.administrator))
        .send({ roles: ['case_handler'] });
      expect(res.status).toBe(409);
      const me = await request(t.server).get('/api/me').set(fromOurPages(cookies.administrator));
      expect(me.body.roles).toContain('administrator');
    });
  });

  describe('API clients use bearer tokens', () => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    it('a case handler creates a token, shown once, that acts with their roles', async () => {
      const created = await request(t.server)
        .post('/api/me/tokens')
        .set(fromOurPages(cookies.case_handler))
        .send({ name: 'Sykehusets system', days: 30 });
      expect(created.status).toBe(201);
      expect(created.body.token).toMatch(/^trk_[\w-]{40,}$/);
      const me = await request(t.server).get('/api/me').set(bearer(created.body.token));
      expect(me.status).toBe(200);
      expect(me.body.roles).toEqual(['case_handler']);
      const admin = await request(t.server).get('/api/admin/staff').set(bearer(created.body.token));
      expect(admin.status).toBe(403);
      const list = await request(t.server)
        .get('/api/me/tokens')
        .set(fromOurPages(cookies.case_handler));
      expect(list.text).not.toContain(created.body.token);
      expect(list.body[0]).toMatchObject({ name: 'Sykehusets system', revoked: false });
      const stored = await t.dataSource.query(`SELECT token_hash FROM api_tokens`);
      expect(JSON.stringify(stored)).not.toContain(created.body.token);
    });

    it('a revoked or expired token stops working at once', async () => {
      const created = await request(t.server)
        .post('/api/me/tokens')
        .set(fromOurPages(cookies.administrator))
        .send({ name: 'Kortlevd' });
      const token = created.body.token as string;
      expect((await request(t.server).get('/api/me').set(bearer(token))).status).toBe(200);
      const revoked = await request(t.server)
        .delete(`/api/me/tokens/${created.body.id}`)
        .set(fromOurPages(cookies.administrator));
      expect(revoked.status).toBe(204);
      expect((await request(t.server).get('/api/me').set(bearer(token))).status).toBe(401);

      const other = await request(t.server)
        .post('/api/me/tokens')
        .set(fromOurPages(cookies.administrator))
        .send({ name: 'Utløpt' });
      await t.dataSource.query(
        `UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [other.body.id],
      );
      expect((await request(t.server).get('/api/me').set(bearer(other.body.token))).status).toBe(
        401,
      );
    });

    it('someone else’s token cannot be revoked (the same 404 as an unknown one)', async () => {
      const created = await request(t.server)
        .post('/api/me/tokens')
        .set(fromOurPages(cookies.committee_member))
        .send({ name: 'Mitt' });
      const res = await request(t.server)
        .delete(`/api/me/tokens/${created.body.id}`)
        .set(fromOurPages(cookies.case_handler));
      expect(res.status).toBe(404);
      expect((await request(t.server).get('/api/me').set(bearer(created.body.token))).status).toBe(
        200,
      );
    });

    it.each([
      ['an unknown token', 'trk_made-up'],
      ['a token of the wrong form', 'garbage'],
      ['an oversized token', `trk_${'x'.repeat(190)}`],
    ])('refuses %s', async (_what, token) => {
      const res = await request(t.server).get('/api/me').set(bearer(token));
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it('refuses a bad token request with 400 and creates nothing', async () => {
      const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM api_tokens`))[0].n;
      for (const body of [
        {},
        { name: '' },
        { name: 'x', days: 1000 },
        { name: 'x', token: 'mine' },
      ]) {
        const res = await request(t.server)
          .post('/api/me/tokens')
          .set(fromOurPages(cookies.case_handler))
          .send(body);
        expect(res.status).toBe(400);
      }
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM api_tokens`))[0].n).toBe(
        before,
      );
    });
  });
});
