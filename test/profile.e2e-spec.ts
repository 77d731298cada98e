import sharp from 'sharp';
import request from 'supertest';
import { createInterpreter, type CreatedInterpreter } from './factories/interpreter.factory.js';
import { createCitizenUser, sessionFor, staffSession } from './factories/user.factory.js';
import { fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// An interpreter in the register keeps their own profile, replaces the photo
// on their card (a case handler approves it first), and downloads everything
// the register holds about them.

interface Person {
  userId: string;
  headers: Record<string, string>;
}

/** A portrait photo of one colour, so two photos differ after the intake re-encodes them. */
function photo(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 600, height: 750, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}

describe('Profiles, card photos and access requests', () => {
  let t: TestApp;
  let kari: CreatedInterpreter;
  let kariUser: Person;
  let handler: Person;
  let otherHandler: Person;

  const api = () => request(t.server);

  async function citizenIn(interpreter: CreatedInterpreter): Promise<Person> {
    const userId = await createCitizenUser(t.dataSource, interpreter.nationalId, interpreter.name);
    const session = await sessionFor(t, userId, 'idporten');
    return { userId, headers: fromOurPages(`tr_session=${session}`) };
  }

  async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const [row]: Array<{ n: number }> = await t.owner.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
      params,
    );
    return row.n;
  }

  function submitPhoto(who: Person, bytes: Buffer) {
    return api()
      .post('/api/me/profile/photo')
      .set(who.headers)
      .field('_csrf', who.headers['x-csrf-token'])
      .attach('file', bytes, 'meg.jpg');
  }

  async function pendingIds(): Promise<string[]> {
    const res = await api().get('/api/photo-submissions').set(handler.headers).expect(200);
    return (res.body.items as Array<{ id: string }>).map((i) => i.id);
  }

  async function cardPdf(who: Person): Promise<Buffer> {
    const res = await api()
      .get('/min-side/kort.pdf')
      .set(who.headers)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return res.body as Buffer;
  }

  async function binary(path: string, who: Person): Promise<Buffer> {
    const res = await api()
      .get(path)
      .set(who.headers)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return res.body as Buffer;
  }

  beforeAll(async () => {
    t = await startTestApp();
    kari = await createInterpreter(t.dataSource, {
      givenName: 'Kari',
      familyName: 'Nordmann',
      county: '46',
      municipality: 'Bergen',
      email: 'kari@tolk.example',
      emailPublic: false,
      phone: '+47 41234567',
      phonePublic: false,
      entries: [{ language: 'ara', category: 'B' }],
    });
    kariUser = await citizenIn(kari);
    const h1 = await staffSession(t, 'handler-1', 'Hanne Handler', ['case_handler']);
    handler = { userId: h1.userId, headers: fromOurPages(`tr_session=${h1.session}`) };
    const h2 = await staffSession(t, 'handler-2', 'Ola Handler', ['case_handler']);
    otherHandler = { userId: h2.userId, headers: fromOurPages(`tr_session=${h2.session}`) };
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('the profile', () => {
    const valid = {
      email: 'kari.ny@tolk.example',
      emailPublic: true,
      phone: '+47 41234567',
      phonePublic: false,
      availability: 'full_time',
      modalities: ['video', 'on_site'],
      workCounties: ['46', '03'],
      publicNote: 'Erfaren tolk i helse og rett. Tar også oppdrag på kort varsel.',
    };

    it('shows the interpreter their own profile, private contact details included', async () => {
      const res = await api().get('/api/me/profile').set(kariUser.headers).expect(200);
      expect(res.headers['cache-control']).toContain('no-store');
      expect(res.body).toMatchObject({
        interpreterNumber: kari.interpreterNumber,
        email: 'kari@tolk.example',
        emailPublic: false,
        phone: '+47 41234567',
        phonePublic: false,
        workCounties: [],
        publicNote: null,
      });
      expect(JSON.stringify(res.body)).not.toContain(kari.nationalId);
    });

    it('saves a valid profile, audits which fields changed (never their values), and publishes only what is public', async () => {
      const res = await api().put('/api/me/profile').set(kariUser.headers).send(valid).expect(200);
      expect(res.body).toMatchObject({
        ...valid,
        modalities: ['on_site', 'video'],
        workCounties: ['03', '46'],
      });
      const [event] = await t.owner.query(
        `SELECT actor_id, subject_type, subject_id, details FROM audit_events
          WHERE action = 'profile.updated' ORDER BY seq DESC LIMIT 1`,
      );
      expect(event).toEqual({
        actor_id: kariUser.userId,
        subject_type: 'interpreter',
        subject_id: kari.id,
        details: {
          fields: [
            'availability',
            'email',
            'emailPublic',
            'modalities',
            'publicNote',
            'workCounties',
          ],
        },
      });
      expect(JSON.stringify(event)).not.toContain('kari.ny@tolk.example');

      const pub = await api().get(`/api/interpreters/${kari.interpreterNumber}`).expect(200);
      expect(pub.body.publicNote).toBe(valid.publicNote);
      expect(pub.body.workCounties).toEqual([
        { code: '03', name: 'Oslo' },
        { code: '46', name: 'Vestland' },
      ]);
      expect(pub.body.contact).toEqual({ email: 'kari.ny@tolk.example' });
      expect(JSON.stringify(pub.body)).not.toContain('41234567');
      expect(pub.body.county).toEqual({ code: '46', name: 'Vestland' });

      const page = await api().get(`/tolk/${kari.interpreterNumber}`).expect(200);
      expect(page.text).toContain('Erfaren tolk i helse og rett.');
      expect(page.text).toContain('Oslo, Vestland');
      expect(page.text).not.toContain('41234567');
    });

    it('writes and audits nothing when nothing changed', async () => {
      const before = await count('audit_events', `action = 'profile.updated'`);
      await api().put('/api/me/profile').set(kariUser.headers).send(valid).expect(200);
      expect(await count('audit_events', `action = 'profile.updated'`)).toBe(before);
    });

    it('keeps the search by county on the county of residence', async () => {
      const oslo = await api().get('/api/interpreters?county=03').expect(200);
      expect(
        oslo.body.items.map((i: { interpreterNumber: number }) => i.interpreterNumber),
      ).not.toContain(kari.interpreterNumber);
      const vestland = await api().get('/api/interpreters?county=46').expect(200);
      expect(
        vestland.body.items.map((i: { interpreterNumber: number }) => i.interpreterNumber),
      ).toContain(kari.interpreterNumber);
    });

    it.each([
      ['a 301-character note', { publicNote: 'x'.repeat(301) }, 'publicNote'],
      ['an unknown county', { workCounties: ['03', '99'] }, 'workCounties'],
      ['a county twice', { workCounties: ['03', '03'] }, 'workCounties'],
      ['a modality twice', { modalities: ['video', 'video'] }, 'modalities'],
      ['an unknown modality', { modalities: ['telepathy'] }, 'modalities'],
      ['an unknown availability', { availability: 'always' }, 'availability'],
      ['an invalid e-mail address', { email: 'not-an-address' }, 'email'],
      ['an invalid phone number', { phone: '12ab' }, 'phone'],
      ['a note with a link', { publicNote: 'Se www.example.com' }, 'publicNote'],
      ['a note with a control character', { publicNote: 'Hei\u0007du' }, 'publicNote'],
      [
        'a public e-mail address that is not there',
        { email: null, emailPublic: true },
        'emailPublic',
      ],
      ['a status from the client', { status: 'active' }, 'status'],
      ['an interpreter number from the client', { interpreterNumber: 1 }, 'interpreterNumber'],
    ])('refuses %s with a 400 problem and writes nothing', async (_what, change, field) => {
      const before = await t.owner.query(`SELECT * FROM interpreters WHERE id = $1`, [kari.id]);
      const events = await count('audit_events');
      const res = await api()
        .put('/api/me/profile')
        .set(kariUser.headers)
        .send({ ...valid, ...change })
        .expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body.errors ?? res.body)).toContain(field);
      expect(await t.owner.query(`SELECT * FROM interpreters WHERE id = $1`, [kari.id])).toEqual(
        before,
      );
      expect(await count('audit_events')).toBe(events);
    });

    it('tells a citizen who is not in the register to apply (404), on the API and the page', async () => {
      const userId = await createCitizenUser(t.dataSource, '01010012356', 'Ny Borger');
      const who = fromOurPages(`tr_session=${await sessionFor(t, userId, 'idporten')}`);
      const res = await api().get('/api/me/profile').set(who).expect(404);
      expect(res.body.code).toBe('NOT_IN_REGISTER');
      await api().put('/api/me/profile').set(who).send(valid).expect(404);
      await submitPhoto({ userId, headers: who }, await photo('#884422')).expect(404);
      const page = await api().get('/min-side/profil').set(who).expect(404);
      expect(page.text).toContain('Du står ikke i tolkeregisteret ennå');
      expect(page.text).toContain('href="/min-side/soknad"');
      const me = await api().get('/min-side').set(who).expect(200);
      expect(me.text).not.toContain('href="/min-side/profil"');
      expect(me.text).toContain('href="/api/me/export"');
    });

    it('saves through the page: an error summary for bad input, then post/redirect/get with a notice', async () => {
      const page = await api().get('/min-side/profil').set(kariUser.headers).expect(200);
      expect(page.text).toContain('name="_csrf"');
      expect(page.text).toContain('Erfaren tolk i helse og rett.');
      const bad = await api()
        .post('/min-side/profil')
        .set(kariUser.headers)
        .type('form')
        .send('email=nope&availability=part_time&modalities=video&workCounties=03')
        .expect(400);
      expect(bad.text).toContain('error-summary');
      expect(bad.text).toContain('href="#f-email"');
      const before = await api().get('/api/me/profile').set(kariUser.headers);
      expect(before.body.email).toBe('kari.ny@tolk.example');

      const ok = await api()
        .post('/min-side/profil')
        .set(kariUser.headers)
        .type('form')
        .send(
          'email=kari%40tolk.example&emailPublic=yes&phone=&availability=part_time' +
            '&modalities=video&modalities=phone&workCounties=46&workCounties=50' +
            '&publicNote=Tolk+i+Bergen.%0D%0AOgs%C3%A5+video.',
        )
        .expect(303);
      expect(ok.headers.location).toBe('/min-side/profil');
      const after = await api().get('/api/me/profile').set(kariUser.headers).expect(200);
      expect(after.body).toMatchObject({
        email: 'kari@tolk.example',
        emailPublic: true,
        phone: null,
        phonePublic: false,
        availability: 'part_time',
        modalities: ['video', 'phone'],
        workCounties: ['46', '50'],
        publicNote: 'Tolk i Bergen. Også video.',
      });
      const me = await api().get('/min-side').set(kariUser.headers).expect(200);
      expect(me.text).toContain('href="/min-side/profil"');
    });
  });

  describe('a new photo for the card', () => {
    it('reaches the card only after a case handler approves it, with a mail', async () => {
      const card = await api().get('/api/me/card').set(kariUser.headers).expect(200);
      expect(card.body.hasPhoto).toBe(false);

      const sent = await submitPhoto(kariUser, await photo('#3a6ea5')).expect(201);
      expect(sent.body).toMatchObject({ status: 'pending' });
      const id: string = sent.body.id;

      // Pending: not on the card, shown to the interpreter as waiting.
      expect((await api().get('/api/me/card').set(kariUser.headers)).body.hasPhoto).toBe(false);
      const pdfBefore = await cardPdf(kariUser);
      const mine = await api().get('/min-side/profil/bilde').set(kariUser.headers).expect(200);
      expect(mine.text).toContain('Venter på godkjenning');
      expect(mine.text).toContain('src="/min-side/profil/bilde/ny"');
      await api().get('/min-side/profil/bilde/ny').set(kariUser.headers).expect(200);

      // The case handler sees it (the list and the photo, each read audited).
      expect(await pendingIds()).toEqual([id]);
      const review = await api().get('/saksbehandling/bilder').set(handler.headers).expect(200);
      expect(review.text).toContain(`/saksbehandling/bilder/${id}/ny`);
      expect(review.text).toContain('Kari Nordmann');
      const newPhoto = await binary(`/saksbehandling/bilder/${id}/ny`, handler);
      expect(pdfBefore.includes(newPhoto)).toBe(false);
      expect(
        await count('audit_events', `action = 'photo.read' AND subject_id = $1`, [id]),
      ).toBeGreaterThan(0);

      await api().post(`/api/photo-submissions/${id}/approve`).set(handler.headers).expect(204);

      expect((await api().get('/api/me/card').set(kariUser.headers)).body.hasPhoto).toBe(true);
      const pdfAfter = await cardPdf(kariUser);
      expect(pdfAfter.equals(pdfBefore)).toBe(false);
      expect(pdfAfter.includes(newPhoto)).toBe(true);
      expect(
        await count(
          'notifications',
          `template = 'photo_approved' AND to_address = 'kari@tolk.example' AND recipient_user_id = $1`,
          [kariUser.userId],
        ),
      ).toBe(1);
      expect(
        await count('audit_events', `action = 'photo.approved' AND subject_id = $1`, [id]),
      ).toBe(1);
      expect(await pendingIds()).toEqual([]);

      // Decided: a second decision is a conflict.
      await api().post(`/api/photo-submissions/${id}/approve`).set(handler.headers).expect(409);
    });

    it('refuses only with a reason, keeps the card photo, and tells the interpreter why', async () => {
      const cardPhoto = await binary('/min-side/profil/bilde/kort', kariUser);
      const sent = await submitPhoto(kariUser, await photo('#a53a3a')).expect(201);
      const id: string = sent.body.id;

      const noReason = await api()
        .post(`/api/photo-submissions/${id}/refuse`)
        .set(handler.headers)
        .send({})
        .expect(400);
      expect(noReason.headers['content-type']).toContain('application/problem+json');
      await api()
        .post(`/api/photo-submissions/${id}/refuse`)
        .set(handler.headers)
        .send({ reason: '   ' })
        .expect(400);
      // The page shows the error summary instead.
      const page = await api()
        .post(`/saksbehandling/bilder/${id}/avvis`)
        .set(handler.headers)
        .type('form')
        .send('reason=')
        .expect(400);
      expect(page.text).toContain(`href="#f-reason-${id}"`);
      expect(await pendingIds()).toEqual([id]);

      await api()
        .post(`/saksbehandling/bilder/${id}/avvis`)
        .set(handler.headers)
        .type('form')
        .send('reason=Bildet+er+uskarpt.')
        .expect(303);
      expect(await binary('/min-side/profil/bilde/kort', kariUser)).toEqual(cardPhoto);
      expect(await count('notifications', `template = 'photo_refused'`)).toBe(1);
      const mine = await api().get('/min-side/profil/bilde').set(kariUser.headers).expect(200);
      expect(mine.text).toContain('Bildet er uskarpt.');
    });

    it('replaces an older pending photo with a newer one', async () => {
      const first = (await submitPhoto(kariUser, await photo('#3aa55a')).expect(201)).body.id;
      const second = (await submitPhoto(kariUser, await photo('#5a3aa5')).expect(201)).body.id;
      expect(await pendingIds()).toEqual([second]);
      const [row] = await t.owner.query(`SELECT status FROM photo_submissions WHERE id = $1`, [
        first,
      ]);
      expect(row.status).toBe('withdrawn');
      await api().post(`/api/photo-submissions/${first}/approve`).set(handler.headers).expect(409);
    });

    it('lets one of a concurrent approval and refusal win; the other gets 409', async () => {
      const [id] = await pendingIds();
      const [a, b] = await Promise.all([
        api().post(`/api/photo-submissions/${id}/approve`).set(handler.headers),
        api()
          .post(`/api/photo-submissions/${id}/refuse`)
          .set(otherHandler.headers)
          .send({ reason: 'Ikke et portrett.' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([204, 409]);
      const [row] = await t.owner.query(`SELECT status FROM photo_submissions WHERE id = $1`, [id]);
      expect(row.status).toBe(a.status === 204 ? 'approved' : 'refused');
    });

    it('does not let a case handler decide on their own photo (403)', async () => {
      await t.owner.query(`UPDATE users SET own_national_id = $2 WHERE id = $1`, [
        otherHandler.userId,
        kari.nationalId,
      ]);
      const id = (await submitPhoto(kariUser, await photo('#a5a53a')).expect(201)).body.id;
      await api()
        .post(`/api/photo-submissions/${id}/approve`)
        .set(otherHandler.headers)
        .expect(403);
      await api()
        .post(`/api/photo-submissions/${id}/refuse`)
        .set(otherHandler.headers)
        .send({ reason: 'Mitt eget.' })
        .expect(403);
      const page = await api().get('/saksbehandling/bilder').set(otherHandler.headers).expect(200);
      expect(page.text).toContain('Dette er ditt eget bilde');
      expect(await pendingIds()).toEqual([id]);
      await api()
        .post(`/api/photo-submissions/${id}/refuse`)
        .set(handler.headers)
        .send({ reason: 'Rydder opp.' })
        .expect(204);
    });
  });

  describe('the access request', () => {
    let applicationId: string;

    beforeAll(async () => {
      // Kari applies for another language; a case handler reads the case.
      const start = await api().post('/api/me/applications').set(kariUser.headers).send({});
      expect(start.status).toBe(201);
      applicationId = start.body.id;
      await api()
        .put(`/api/me/applications/${applicationId}`)
        .set(kariUser.headers)
        .send({
          email: 'kari@tolk.example',
          countyCode: '46',
          languages: ['fra'],
          evidence: [
            { languageCode: 'fra', kind: 'basic_course', obtainedOn: '2024-06-01', issuer: 'UiB' },
          ],
        })
        .expect(200);
      await api()
        .post(`/api/me/applications/${applicationId}/submit`)
        .set(kariUser.headers)
        .expect(200);
      await api().get(`/api/cases/${applicationId}`).set(handler.headers).expect(200);
    });

    it('gives the interpreter everything held about them as a JSON download, staff reads named', async () => {
      const res = await api().get('/api/me/export').set(kariUser.headers).expect(200);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="tolkeregister-innsyn-\d{4}-\d{2}-\d{2}\.json"$/,
      );
      expect(res.headers['cache-control']).toContain('no-store');
      const data = JSON.parse(res.text);
      expect(data.format).toBe('tolkeregister-innsyn/1');
      expect(data.user).toMatchObject({
        id: kariUser.userId,
        name: 'Kari Nordmann',
        nationalIdentityNumber: kari.nationalId,
        roles: ['interpreter'],
      });
      expect(data.interpreter.record).toMatchObject({
        interpreter_number: kari.interpreterNumber,
        email: 'kari@tolk.example',
        public_note: 'Tolk i Bergen. Også video.',
      });
      expect(data.interpreter.entries).toEqual([
        expect.objectContaining({ languageCode: 'ara', status: 'active' }),
      ]);
      expect(data.interpreter.evidence.length).toBeGreaterThan(0);
      expect(data.interpreter.cards[0]).toMatchObject({
        cardNumber: `${kari.interpreterNumber}-1`,
      });
      expect(JSON.stringify(data.interpreter.cards)).not.toMatch(/[A-Za-z0-9_-]{100,}/);
      expect(data.interpreter.cardPhoto.base64.length).toBeGreaterThan(100);
      expect(data.interpreter.photoSubmissions.map((s: { status: string }) => s.status)).toEqual(
        expect.arrayContaining(['approved', 'refused', 'withdrawn']),
      );
      expect(data.applications).toHaveLength(1);
      expect(data.applications[0].application).toMatchObject({
        id: applicationId,
        status: 'submitted',
        languages: [expect.objectContaining({ languageCode: 'fra' })],
        evidence: [expect.objectContaining({ kind: 'basic_course', issuer: 'UiB' })],
      });
      expect(data.documents.length).toBeGreaterThanOrEqual(5);
      expect(data.notifications.map((n: { template: string }) => n.template)).toEqual(
        expect.arrayContaining(['photo_approved', 'photo_refused', 'application_received']),
      );
      expect(data.sessions.length).toBeGreaterThan(0);
      expect(JSON.stringify(data.sessions)).not.toMatch(/[0-9a-f]{64}/);

      const read = data.auditEvents.find(
        (e: { action: string }) => e.action === 'application.read',
      );
      expect(read).toMatchObject({
        subject: { type: 'application', id: applicationId },
        actor: { type: 'staff', you: false, name: 'Hanne Handler', roles: ['case_handler'] },
        clientIp: null,
      });
      const actions = data.auditEvents.map((e: { action: string }) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'profile.updated',
          'photo.submitted',
          'photo.read',
          'photo.approved',
          'photo.refused',
          'application.submitted',
          'document.stored',
        ]),
      );
    });

    it('audits the export, and gives another citizen only their own data', async () => {
      const before = await count('audit_events', `action = 'privacy.exported'`);
      const ola = await createInterpreter(t.dataSource, {
        givenName: 'Ola',
        familyName: 'Tolk',
        entries: [{ language: 'pol', category: 'C' }],
      });
      const olaUser = await citizenIn(ola);
      const res = await api().get('/api/me/export').set(olaUser.headers).expect(200);
      expect(res.text).toContain(ola.nationalId);
      for (const secret of [kari.nationalId, kari.id, kariUser.userId, applicationId, 'Kari']) {
        expect(res.text).not.toContain(secret);
      }
      expect(JSON.parse(res.text).applications).toEqual([]);
      expect(await count('audit_events', `action = 'privacy.exported'`)).toBe(before + 1);
      const [event] = await t.owner.query(
        `SELECT actor_id, subject_type, subject_id FROM audit_events ORDER BY seq DESC LIMIT 1`,
      );
      expect(event).toEqual({
        actor_id: olaUser.userId,
        subject_type: 'user',
        subject_id: olaUser.userId,
      });
      // No staff route leads to anyone's export: it is always the caller's own.
      await api().get('/api/me/export').set(handler.headers).expect(403);
    });
  });
});
