import request from 'supertest';
import { syntheticNationalId } from '../src/interpreters/national-id.js';
import { SyntheticPopulation } from '../src/population/synthetic-population.js';
import sharp from 'sharp';
import { createInterpreter } from './factories/interpreter.factory.js';
import {
  ELF,
  imageFixture,
  jpegWithMetadata,
  pdfFixture,
  pngBomb,
  SECRET,
  SVG,
} from './factories/upload-files.js';
import {
  createCitizenUser,
  createStaffUser,
  sessionFor,
  staffSession,
} from './factories/user.factory.js';
import { fromOurPages } from './setup/sessions.js';
import { signInThroughTestProvider } from './setup/sign-in.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// Applications for entry, from the applicant's draft to the register entry,
// through the JSON API (the pages are tested in application-pages and in
// the browser test).

interface Person {
  userId: string;
  headers: Record<string, string>;
}

describe('Applications and their case handling', () => {
  let t: TestApp;
  let handler: Person;
  let otherHandler: Person;

  async function citizen(key: string): Promise<Person & { nationalId: string }> {
    const who = SyntheticPopulation.applicants().find((a) => a.key === key)!;
    const userId = await createCitizenUser(t.dataSource, who.nationalId, who.name);
    const session = await sessionFor(t, userId, 'idporten');
    return { userId, nationalId: who.nationalId, headers: fromOurPages(`tr_session=${session}`) };
  }

  let strangers = 0;
  /** A citizen the population register does not know (so no name is filled in). */
  async function stranger(name: string): Promise<Person & { nationalId: string }> {
    let nationalId: string | null = null;
    while (nationalId === null) {
      nationalId = syntheticNationalId(new Date('1975-05-06'), 'female', 100 + strangers++);
    }
    const userId = await createCitizenUser(t.dataSource, nationalId, name);
    const session = await sessionFor(t, userId, 'idporten');
    return { userId, nationalId, headers: fromOurPages(`tr_session=${session}`) };
  }

  async function staff(subject: string, name: string): Promise<Person> {
    const { userId, session } = await staffSession(t, subject, name, ['case_handler']);
    return { userId, headers: fromOurPages(`tr_session=${session}`) };
  }

  const api = () => request(t.server);

  async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const [row]: Array<{ n: number }> = await t.owner.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
      params,
    );
    return row.n;
  }

  function upload(who: Person, id: string, purpose: string, bytes: Buffer, name: string) {
    return api()
      .post(`/api/me/applications/${id}/documents`)
      .set(who.headers)
      .field('_csrf', who.headers['x-csrf-token'])
      .field('purpose', purpose)
      .attach('file', bytes, name);
  }

  /** A submitted application for `who` in these languages, each with a basic course (category D). */
  async function submitted(who: Person, languages: string[]): Promise<string> {
    const start = await api().post('/api/me/applications').set(who.headers).send({}).expect(201);
    const id: string = start.body.id;
    await api()
      .put(`/api/me/applications/${id}`)
      .set(who.headers)
      .send({
        email: 'applicant@example.org',
        countyCode: '03',
        languages,
        evidence: languages.map((languageCode) => ({
          languageCode,
          kind: 'basic_course',
          obtainedOn: '2024-06-01',
          issuer: 'OsloMet',
        })),
      })
      .expect(200);
    await upload(who, id, 'photo', await imageFixture(600, 750, 'jpeg'), 'foto.jpg').expect(201);
    await api().post(`/api/me/applications/${id}/submit`).set(who.headers).expect(200);
    return id;
  }

  async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const until = Date.now() + 15_000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > until) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    handler = await staff('handler-1', 'Kari Saksbehandler');
    otherHandler = await staff('handler-2', 'Ola Saksbehandler');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('takes a new applicant from a draft to a public entry with a card, a letter and mails', async () => {
    // Signed in through the test identity provider, as the synthetic applicant Amina Hassan.
    const cookie = await signInThroughTestProvider(t, 'idporten', 'applicant-amina');
    const who = SyntheticPopulation.applicants().find((a) => a.key === 'amina')!;
    const [{ id: aminaId }]: Array<{ id: string }> = await t.owner.query(
      `SELECT id FROM users WHERE national_id = $1`,
      [who.nationalId],
    );
    const amina = { userId: aminaId, nationalId: who.nationalId, headers: fromOurPages(cookie) };

    // The population register fills name and county.
    const start = await api().post('/api/me/applications').set(amina.headers).send({}).expect(201);
    const id: string = start.body.id;
    expect(start.body.person).toMatchObject({
      lookup: 'done',
      identifierType: 'fnr',
      givenName: 'Amina',
      familyName: 'Hassan',
      countyCode: '46',
      addressProtected: false,
    });
    expect(JSON.stringify(start.body)).not.toContain(amina.nationalId);

    // A diploma and a photo; the photo's metadata (GPS, camera, XMP) does not survive.
    const diploma = await upload(amina, id, 'evidence', await pdfFixture(), 'vitnemål.pdf').expect(
      201,
    );
    expect(diploma.body).toMatchObject({ mediaType: 'application/pdf', name: 'vitnemål.pdf' });
    const photo = await upload(
      amina,
      id,
      'photo',
      await jpegWithMetadata(900, 1200),
      'IMG_0001.jpg',
    ).expect(201);
    const [stored]: Array<{ content: Buffer; width: number; height: number }> = await t.owner.query(
      `SELECT content, width, height FROM documents WHERE id = $1`,
      [photo.body.id],
    );
    expect([stored.width, stored.height]).toEqual([640, 800]);
    const meta = await sharp(stored.content).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    for (const secret of [SECRET.description, SECRET.xmp, SECRET.comment, 'GPS', 'PhoneMaker']) {
      expect(stored.content.includes(Buffer.from(secret))).toBe(false);
    }

    // Two languages, with evidence; the draft is kept between visits.
    await api()
      .put(`/api/me/applications/${id}`)
      .set(amina.headers)
      .send({
        email: 'amina@example.org',
        phone: '+47 912 34 567',
        languages: ['ara', 'som'],
        evidence: [
          {
            languageCode: 'ara',
            kind: 'basic_course',
            obtainedOn: '2024-06-01',
            issuer: 'OsloMet',
            documentId: diploma.body.id,
          },
          { languageCode: 'som', kind: 'bilingual_test', obtainedOn: '2023-05-01' },
        ],
      })
      .expect(200);
    const draft = await api().get(`/api/me/applications/${id}`).set(amina.headers).expect(200);
    expect(draft.body.languages.map((l: { languageCode: string }) => l.languageCode)).toEqual([
      'ara',
      'som',
    ]);

    const sent = await api()
      .post(`/api/me/applications/${id}/submit`)
      .set(amina.headers)
      .expect(200);
    expect(sent.body.status).toBe('submitted');
    expect(sent.body.caseNumber).toMatch(/^\d{4}\/\d{5}$/);

    // The case handler's queue, oldest first.
    const queue = await api().get('/api/cases?language=ara').set(handler.headers).expect(200);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(id);

    await api().post(`/api/cases/${id}/take`).set(handler.headers).expect(204);
    await api()
      .post(`/api/cases/${id}/notes`)
      .set(handler.headers)
      .send({ message: 'Kursbevis ser ekte ut.' })
      .expect(204);
    await api()
      .post(`/api/cases/${id}/information-requests`)
      .set(handler.headers)
      .send({ message: 'Har du tatt TAO-kurset?' })
      .expect(204);

    // The applicant sees the question but not the internal note, and answers.
    const waiting = await api().get(`/api/me/applications/${id}`).set(amina.headers).expect(200);
    expect(waiting.body.status).toBe('awaiting_applicant');
    const kinds = waiting.body.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toContain('information_requested');
    expect(kinds).not.toContain('note');
    expect(JSON.stringify(waiting.body)).not.toContain('Kursbevis ser ekte ut');
    await api()
      .post(`/api/me/applications/${id}/answers`)
      .set(amina.headers)
      .send({ message: 'Nei, ikke ennå.' })
      .expect(204);

    // Approve Arabic with the category its evidence supports, reject Somali.
    const view = await api().get(`/api/cases/${id}`).set(handler.headers).expect(200);
    expect(view.body.status).toBe('in_review');
    const document = await api()
      .get(`/api/cases/${id}/documents/${diploma.body.id}`)
      .set(handler.headers)
      .expect(200);
    expect(document.headers['content-type']).toBe('application/pdf');
    expect(document.headers['content-disposition']).toMatch(/^attachment/);
    expect(document.headers['x-content-type-options']).toBe('nosniff');
    await api()
      .post(`/api/cases/${id}/decision`)
      .set(handler.headers)
      .send({
        evidence: view.body.evidence.map((e: { id: string }) => ({ id: e.id, accepted: true })),
        languages: [
          { languageCode: 'ara', outcome: 'approved', category: 'D' },
          {
            languageCode: 'som',
            outcome: 'rejected',
            reasons: 'Tospråktesten alene gir ikke oppføring uten TAO-kurset.',
          },
        ],
      })
      .expect(204);

    // Public in search with the right category, and only the approved language.
    const [{ interpreter_number: number }]: Array<{ interpreter_number: number }> =
      await t.owner.query(`SELECT interpreter_number FROM interpreters WHERE national_id = $1`, [
        amina.nationalId,
      ]);
    const profile = await api().get(`/api/interpreters/${number}`).expect(200);
    expect(profile.body.entries).toEqual([
      expect.objectContaining({
        languageCode: 'ara',
        category: 'D',
      }),
    ]);
    const search = await api().get('/api/interpreters?language=ara&county=46').expect(200);
    expect(
      search.body.items.map((i: { interpreterNumber: number }) => i.interpreterNumber),
    ).toContain(number);

    // The card.
    const card = await api().get('/api/me/card').set(amina.headers).expect(200);
    expect(card.body.status).toBe('valid');
    expect(card.body.hasPhoto).toBe(true);
    expect(card.body.languages).toEqual([expect.objectContaining({ code: 'ara', category: 'D' })]);

    // The letter, for the applicant and the handler on the case.
    const letter = await api()
      .get(`/api/me/applications/${id}/letter.pdf`)
      .set(amina.headers)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect(letter.headers['content-disposition']).toMatch(/^attachment/);
    expect((letter.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    await api().get(`/api/cases/${id}/letter.pdf`).set(handler.headers).expect(200);

    // One mail per event, all delivered (recorded: the embedded default sends nothing out).
    const mails = await waitFor<Array<{ template: string; status: string }>>(
      () =>
        t.owner.query(
          `SELECT template, status FROM notifications WHERE recipient_user_id = $1 ORDER BY created_at`,
          [amina.userId],
        ),
      (rows) => rows.length === 3 && rows.every((r) => r.status !== 'pending'),
    );
    expect(mails).toEqual([
      { template: 'application_received', status: 'recorded' },
      { template: 'information_requested', status: 'recorded' },
      { template: 'decision_made', status: 'recorded' },
    ]);

    // The applicant's data export holds all of it, the staff's reads included.
    const exported = await api().get('/api/me/export').set(amina.headers).expect(200);
    const data = JSON.parse(exported.text) as Record<string, unknown>;
    const text = JSON.stringify(data);
    expect(text).toContain(sent.body.caseNumber);
    expect(text).toContain('vitnemål.pdf');
    expect(text).toContain('decision_made');
    expect(text).toContain('application.document_read');
    expect(text).toContain('Kari Saksbehandler');
    expect(text).not.toContain('Kursbevis ser ekte ut');

    // The audit trail has the whole case, and the staff's reads.
    const actions: Array<{ action: string }> = await t.owner.query(
      `SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY seq`,
      [id],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'application.created',
      'application.submitted',
      'application.assigned',
      'application.note_added',
      'application.information_requested',
      'application.answered',
      'application.read',
      'application.document_read',
      'application.decided',
    ]);
  });

  it('lets exactly one of 20 concurrent approvals through: one decision, one card, one audit row', async () => {
    const tomasz = await citizen('tomasz');
    const id = await submitted(tomasz, ['pol']);
    await api().post(`/api/cases/${id}/take`).set(handler.headers).expect(204);
    const [evidence]: Array<{ id: string }> = await t.owner.query(
      `SELECT id FROM application_evidence WHERE application_id = $1`,
      [id],
    );
    const decision = {
      evidence: [{ id: evidence.id, accepted: true }],
      languages: [{ languageCode: 'pol', outcome: 'approved', category: 'D' }],
    };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        api().post(`/api/cases/${id}/decision`).set(handler.headers).send(decision),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await count('application_decisions', 'application_id = $1', [id])).toBe(1);
    expect(
      await count('cards c JOIN interpreters i ON i.id = c.interpreter_id', 'i.national_id = $1', [
        tomasz.nationalId,
      ]),
    ).toBe(1);
    expect(
      await count('audit_events', "subject_id = $1 AND action = 'application.decided'", [id]),
    ).toBe(1);
    expect(
      await count(
        'register_entries e JOIN interpreters i ON i.id = e.interpreter_id',
        'i.national_id = $1',
        [tomasz.nationalId],
      ),
    ).toBe(1);
  });

  it('refuses a category better than the accepted evidence supports, and writes nothing', async () => {
    const who = await citizen('fortrolig');
    const id = await submitted(who, ['tur']);
    await api().post(`/api/cases/${id}/take`).set(handler.headers).expect(204);
    const [evidence]: Array<{ id: string }> = await t.owner.query(
      `SELECT id FROM application_evidence WHERE application_id = $1`,
      [id],
    );
    const entriesBefore = await count('register_entries');
    const tooGood = await api()
      .post(`/api/cases/${id}/decision`)
      .set(handler.headers)
      .send({
        evidence: [{ id: evidence.id, accepted: true }],
        languages: [{ languageCode: 'tur', outcome: 'approved', category: 'B' }],
      })
      .expect(422);
    expect(tooGood.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(tooGood.body.errors).toEqual([
      {
        field: 'languages.0.category',
        message: 'the accepted evidence supports at best category D',
      },
    ]);
    // A lower category needs reasons.
    await api()
      .post(`/api/cases/${id}/decision`)
      .set(handler.headers)
      .send({
        evidence: [{ id: evidence.id, accepted: true }],
        languages: [{ languageCode: 'tur', outcome: 'approved', category: 'E' }],
      })
      .expect(422);
    // Evidence not accepted supports nothing.
    await api()
      .post(`/api/cases/${id}/decision`)
      .set(handler.headers)
      .send({
        evidence: [{ id: evidence.id, accepted: false }],
        languages: [{ languageCode: 'tur', outcome: 'approved', category: 'D' }],
      })
      .expect(422);
    expect(await count('register_entries')).toBe(entriesBefore);
    expect(await count('application_decisions', 'application_id = $1', [id])).toBe(0);
    const after = await api().get(`/api/cases/${id}`).set(handler.headers).expect(200);
    expect(after.body.status).toBe('in_review');
    expect(after.body.evidence[0].accepted).toBeNull();
  });

  it('refuses a decision on a case assigned to someone else, and a handler deciding their own application', async () => {
    const who = await citizen('utflyttet');
    const id = await submitted(who, ['lit']);
    await api().post(`/api/cases/${id}/take`).set(handler.headers).expect(204);
    const [evidence]: Array<{ id: string }> = await t.owner.query(
      `SELECT id FROM application_evidence WHERE application_id = $1`,
      [id],
    );
    const decision = {
      evidence: [{ id: evidence.id, accepted: true }],
      languages: [{ languageCode: 'lit', outcome: 'approved', category: 'D' }],
    };
    const other = await api()
      .post(`/api/cases/${id}/decision`)
      .set(otherHandler.headers)
      .send(decision)
      .expect(409);
    expect(other.body.code).toBe('CASE_ASSIGNED_TO_OTHER');

    // A case handler who has applied, as a citizen, for entry themselves.
    const selfId = await createStaffUser(t.dataSource, 'handler-3', 'Leila Ahmadi', [
      'case_handler',
    ]);
    const admin = await staffSession(t, 'admin-1', 'Arne Administrator', ['administrator']);
    const recorded = await api()
      .put(`/api/admin/staff/${selfId}/own-national-id`)
      .set(fromOurPages(`tr_session=${admin.session}`))
      .send({ nationalId: who.nationalId })
      .expect(200);
    expect(recorded.body.ownIdentityRecorded).toBe(true);
    expect(JSON.stringify(recorded.body)).not.toContain(who.nationalId);
    const self = { headers: fromOurPages(`tr_session=${await sessionFor(t, selfId, 'staff')}`) };
    const own = await api().post(`/api/cases/${id}/take`).set(self.headers).expect(403);
    expect(own.body.code).toBe('CONFLICT_OF_INTEREST');
    await api().get(`/api/cases/${id}`).set(self.headers).expect(403);
    expect(await count('application_decisions', 'application_id = $1', [id])).toBe(0);
  });

  it('never takes status, category or decidedBy from the applicant', async () => {
    const who = await citizen('ukjent');
    const start = await api().post('/api/me/applications').set(who.headers).send({}).expect(201);
    const id: string = start.body.id;
    expect(start.body.person.lookup).toBe('not_found');
    for (const extra of [{ status: 'decided' }, { category: 'A' }, { decidedBy: handler.userId }]) {
      const res = await api()
        .put(`/api/me/applications/${id}`)
        .set(who.headers)
        .send({ languages: ['ara'], evidence: [], ...extra })
        .expect(400);
      expect(res.body.code).toBe('INVALID_INPUT');
    }
    const view = await api().get(`/api/me/applications/${id}`).set(who.headers).expect(200);
    expect(view.body.status).toBe('draft');
    expect(view.body.languages).toEqual([]);
    await api()
      .post('/api/me/applications')
      .set(who.headers)
      .send({ status: 'decided' })
      .expect(400);
  });

  it('refuses bad drafts with problems by field and keeps the draft as it was', async () => {
    const who = await citizen('skjermet');
    const start = await api().post('/api/me/applications').set(who.headers).send({}).expect(201);
    const id: string = start.body.id;
    // A protected address leaves nothing of the address behind.
    expect(start.body.person).toMatchObject({
      addressProtected: true,
      countyCode: null,
      municipality: null,
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const cases: Array<[object, string]> = [
      [{ languages: ['xxx'] }, 'languages.0'],
      [{ languages: ['ara', 'ara'] }, 'languages.1'],
      [
        {
          languages: ['ara'],
          evidence: [{ languageCode: 'ara', kind: 'basic_course', obtainedOn: tomorrow }],
        },
        'evidence.0.obtainedOn',
      ],
      [
        {
          languages: ['ara'],
          evidence: [{ languageCode: 'som', kind: 'basic_course', obtainedOn: '2020-01-01' }],
        },
        'evidence.0.languageCode',
      ],
      [{ languages: ['ara'], countyCode: '99' }, 'countyCode'],
    ];
    for (const [body, field] of cases) {
      const res = await api()
        .put(`/api/me/applications/${id}`)
        .set(who.headers)
        .send(body)
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const kept = await api().get(`/api/me/applications/${id}`).set(who.headers).expect(200);
    expect(kept.body.languages).toEqual([]);
    // Submitting an incomplete draft says what is missing.
    const incomplete = await api()
      .post(`/api/me/applications/${id}/submit`)
      .set(who.headers)
      .expect(422);
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['languages', 'countyCode', 'email']),
    );
    // The protected person chooses their county themselves.
    await api()
      .put(`/api/me/applications/${id}`)
      .set(who.headers)
      .send({ countyCode: '50', email: 's@example.org', languages: [], evidence: [] })
      .expect(200);
    const chosen = await api().get(`/api/me/applications/${id}`).set(who.headers).expect(200);
    expect(chosen.body.person.countyCode).toBe('50');
  });

  it("answers another applicant's application like one that does not exist", async () => {
    const owner = await citizen('feil');
    // The failing population register keeps the draft; the lookup stays pending.
    const start = await api().post('/api/me/applications').set(owner.headers).send({}).expect(201);
    expect(start.body.person.lookup).toBe('pending');
    const id: string = start.body.id;
    let strangerId: string | null = null;
    for (let seed = 0; strangerId === null; seed++)
      strangerId = syntheticNationalId(new Date('1980-03-04'), 'male', 200 + seed);
    const strangerUser = await createCitizenUser(t.dataSource, strangerId, 'Noen Andre');
    const headers = fromOurPages(`tr_session=${await sessionFor(t, strangerUser, 'idporten')}`);
    const theirs = await api().get(`/api/me/applications/${id}`).set(headers).expect(404);
    const missing = await api()
      .get('/api/me/applications/00000000-0000-4000-8000-000000000000')
      .set(headers)
      .expect(404);
    expect(theirs.body).toMatchObject({
      code: missing.body.code,
      title: missing.body.title,
      detail: missing.body.detail,
    });
    await api().get(`/api/me/applications/${id}/letter.pdf`).set(headers).expect(404);
    await api()
      .put(`/api/me/applications/${id}`)
      .set(headers)
      .send({ languages: [], evidence: [] })
      .expect(404);
    // Submitting while the register is down keeps the draft and says so.
    await api()
      .put(`/api/me/applications/${id}`)
      .set(owner.headers)
      .send({
        email: 'l@example.org',
        countyCode: '03',
        languages: ['fas'],
        evidence: [{ languageCode: 'fas', kind: 'basic_course', obtainedOn: '2022-01-01' }],
      })
      .expect(200);
    const down = await api()
      .post(`/api/me/applications/${id}/submit`)
      .set(owner.headers)
      .expect(503);
    expect(down.body.code).toBe('POPULATION_REGISTER_UNAVAILABLE');
    const kept = await api().get(`/api/me/applications/${id}`).set(owner.headers).expect(200);
    expect(kept.body).toMatchObject({ status: 'draft', email: 'l@example.org' });
  });

  it('keeps an existing better category and never lifts a suspension', async () => {
    const existing = await createInterpreter(t.dataSource, {
      givenName: 'Eva',
      familyName: 'Eksisterende',
      entries: [
        { language: 'eng', category: 'B' },
        { language: 'rus', category: 'D', status: 'suspended' },
      ],
    });
    const userId = await createCitizenUser(t.dataSource, existing.nationalId, existing.name);
    const who = {
      userId,
      headers: fromOurPages(`tr_session=${await sessionFor(t, userId, 'idporten')}`),
    };
    const id = await submitted(who, ['eng', 'rus']);
    await api().post(`/api/cases/${id}/take`).set(handler.headers).expect(204);
    const evidence: Array<{ id: string }> = await t.owner.query(
      `SELECT id FROM application_evidence WHERE application_id = $1`,
      [id],
    );
    const decide = (languages: object[]) =>
      api()
        .post(`/api/cases/${id}/decision`)
        .set(handler.headers)
        .send({ evidence: evidence.map((e) => ({ id: e.id, accepted: true })), languages });
    const sanctioned = await decide([
      { languageCode: 'eng', outcome: 'approved', category: 'D' },
      { languageCode: 'rus', outcome: 'approved', category: 'D' },
    ]).expect(409);
    expect(sanctioned.body.code).toBe('ENTRY_UNDER_SANCTION');
    await decide([
      { languageCode: 'eng', outcome: 'approved', category: 'D' },
      { languageCode: 'rus', outcome: 'rejected', reasons: 'Oppføringen er suspendert.' },
    ]).expect(204);
    const entries: Array<{ language_code: string; category: string; status: string }> =
      await t.owner.query(
        `SELECT language_code, category, status FROM register_entries WHERE interpreter_id = $1 ORDER BY language_code`,
        [existing.id],
      );
    expect(entries).toEqual([
      { language_code: 'eng', category: 'B', status: 'active' },
      { language_code: 'rus', category: 'D', status: 'suspended' },
    ]);
  });

  it('refuses bad files with a clear problem and stores nothing', async () => {
    const who = await stranger('Opp Laster');
    const start = await api().post('/api/me/applications').set(who.headers).send({}).expect(201);
    const id: string = start.body.id;
    const before = await count('documents');
    const refusals: Array<[string, Buffer, string, number, string]> = [
      ['photo', await pdfFixture(), 'foto.jpg', 415, 'UNSUPPORTED_FILE_TYPE'],
      ['evidence', ELF, 'vitnemål.jpg', 415, 'UNSUPPORTED_FILE_TYPE'],
      ['evidence', SVG, 'vitnemål.jpg', 415, 'UNSUPPORTED_FILE_TYPE'],
      ['photo', pngBomb(), 'foto.png', 422, 'IMAGE_TOO_LARGE'],
      ['photo', await imageFixture(50, 50, 'png'), 'foto.png', 422, 'PHOTO_TOO_SMALL'],
      ['evidence', Buffer.alloc(30 * 1024 * 1024, 0x41), 'stor.pdf', 413, 'FILE_TOO_LARGE'],
    ];
    for (const [purpose, bytes, name, status, code] of refusals) {
      const res = await upload(who, id, purpose, bytes, name);
      expect([name, res.status, res.body.code]).toEqual([name, status, code]);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await count('documents')).toBe(before);
    // Another applicant cannot read a document, nor reference it in their draft.
    const ok = await upload(who, id, 'evidence', await pdfFixture(), 'kurs.pdf').expect(201);
    const other = await stranger('Annen Person');
    const theirs = await api().post('/api/me/applications').set(other.headers).send({}).expect(201);
    await api()
      .get(`/api/me/applications/${id}/documents/${ok.body.id}`)
      .set(other.headers)
      .expect(404);
    await api()
      .get(`/api/me/applications/${theirs.body.id}/documents/${ok.body.id}`)
      .set(other.headers)
      .expect(404);
    const borrowed = await api()
      .put(`/api/me/applications/${theirs.body.id}`)
      .set(other.headers)
      .send({
        languages: ['ara'],
        evidence: [
          {
            languageCode: 'ara',
            kind: 'basic_course',
            obtainedOn: '2020-01-01',
            documentId: ok.body.id,
          },
        ],
      })
      .expect(400);
    expect(borrowed.body.errors).toEqual([
      { field: 'evidence.0.documentId', message: 'unknown document' },
    ]);
  });

  it('takes an appeal back to the handler, who reverses the decision or forwards the appeal; late appeals are refused', async () => {
    const decideFirst = async (who: Person, language: string, outcome: 'approved' | 'rejected') => {
      const id = await submitted(who, [language]);
      await api().post(`/api/cases/${id}/take`).set(handler.headers).expect(204);
      const [evidence]: Array<{ id: string }> = await t.owner.query(
        `SELECT id FROM application_evidence WHERE application_id = $1`,
        [id],
      );
      const decision = {
        evidence: [{ id: evidence.id, accepted: true }],
        languages: [
          outcome === 'approved'
            ? { languageCode: language, outcome, category: 'D' }
            : { languageCode: language, outcome, reasons: 'Kursbeviset er ikke godkjent.' },
        ],
      };
      await api().post(`/api/cases/${id}/decision`).set(handler.headers).send(decision).expect(204);
      return { id, decision };
    };

    // Rejected, appealed, reversed: the entry is there and the case has two decisions.
    const first = await stranger('Klage Omgjort');
    const reversed = await decideFirst(first, 'fra', 'rejected');
    await api()
      .post(`/api/me/applications/${reversed.id}/appeal`)
      .set(first.headers)
      .send({ message: 'Kursbeviset er godkjent av OsloMet; se vedlegg.' })
      .expect(204);
    const appealed = await api().get('/api/cases?status=appealed').set(handler.headers).expect(200);
    expect(appealed.body.items.map((c: { id: string }) => c.id)).toEqual([reversed.id]);
    const approval = {
      ...reversed.decision,
      languages: [{ languageCode: 'fra', outcome: 'approved', category: 'D' }],
    };
    await api()
      .post(`/api/cases/${reversed.id}/appeal/reversal`)
      .set(otherHandler.headers)
      .send(approval)
      .expect(409);
    await api()
      .post(`/api/cases/${reversed.id}/appeal/reversal`)
      .set(handler.headers)
      .send(approval)
      .expect(204);
    const after = await api()
      .get(`/api/me/applications/${reversed.id}`)
      .set(first.headers)
      .expect(200);
    expect(after.body.status).toBe('decided');
    expect(after.body.decisions.map((d: { kind: string }) => d.kind)).toEqual([
      'decision',
      'appeal_reversal',
    ]);
    expect(after.body.languages[0]).toMatchObject({ outcome: 'approved', category: 'D' });
    expect(
      await count(
        'register_entries e JOIN interpreters i ON i.id = e.interpreter_id',
        'i.national_id = $1',
        [first.nationalId],
      ),
    ).toBe(1);

    // Approved, appealed (the applicant wanted more), upheld and forwarded to the ministry.
    const second = await stranger('Klage Oversendt');
    const forwarded = await decideFirst(second, 'deu', 'approved');
    await api()
      .post(`/api/me/applications/${forwarded.id}/appeal`)
      .set(second.headers)
      .send({ message: 'Jeg mener jeg har krav på kategori C.' })
      .expect(204);
    // Reversing cannot make the decision worse for the one who appealed.
    const [fwdEvidence]: Array<{ id: string }> = await t.owner.query(
      `SELECT id FROM application_evidence WHERE application_id = $1`,
      [forwarded.id],
    );
    const worse = await api()
      .post(`/api/cases/${forwarded.id}/appeal/reversal`)
      .set(handler.headers)
      .send({
        evidence: [{ id: fwdEvidence.id, accepted: true }],
        languages: [{ languageCode: 'deu', outcome: 'rejected', reasons: 'Likevel ikke.' }],
      })
      .expect(422);
    expect(worse.body.errors[0].message).toMatch(/cannot worsen/);
    await api()
      .post(`/api/cases/${forwarded.id}/appeal/forward`)
      .set(handler.headers)
      .send({ message: 'Statsautorisasjon er ikke dokumentert; vedtaket opprettholdes.' })
      .expect(204);
    const sentOn = await api()
      .get(`/api/me/applications/${forwarded.id}`)
      .set(second.headers)
      .expect(200);
    expect(sentOn.body.status).toBe('forwarded');
    expect(sentOn.body.events.map((e: { kind: string }) => e.kind)).toContain('forwarded');
    // A second appeal of the same decision is not taken.
    await api()
      .post(`/api/me/applications/${forwarded.id}/appeal`)
      .set(second.headers)
      .send({ message: 'Igjen.' })
      .expect(409);

    // Too late: the appeal period (three weeks from receipt) is over.
    const third = await stranger('Klage Sent');
    const late = await decideFirst(third, 'ita', 'approved');
    await t.owner.query(
      `UPDATE applications SET decided_at = now() - interval '40 days' WHERE id = $1`,
      [late.id],
    );
    const refused = await api()
      .post(`/api/me/applications/${late.id}/appeal`)
      .set(third.headers)
      .send({ message: 'For sent.' })
      .expect(409);
    expect(refused.body.code).toBe('APPEAL_PERIOD_OVER');
  });

  it('filters the queue by status, language, age and "mine", oldest first', async () => {
    const a = await stranger('Kø Eldst');
    const b = await stranger('Kø Nyest');
    const older = await submitted(a, ['nld']);
    const newer = await submitted(b, ['nld']);
    await t.owner.query(
      `UPDATE applications SET submitted_at = now() - interval '10 days' WHERE id = $1`,
      [older],
    );
    const ids = async (query: string, who: Person = handler): Promise<string[]> => {
      const res = await api().get(`/api/cases?${query}`).set(who.headers).expect(200);
      return (res.body as { items: Array<{ id: string }> }).items.map((c) => c.id);
    };
    expect(await ids('language=nld')).toEqual([older, newer]);
    expect(await ids('language=nld&olderThanDays=5')).toEqual([older]);
    await api().post(`/api/cases/${newer}/take`).set(otherHandler.headers).expect(204);
    expect(await ids('language=nld&mine=true', otherHandler)).toEqual([newer]);
    expect(await ids('language=nld&status=submitted')).toEqual([older]);
    await api().get('/api/cases?status=bogus').set(handler.headers).expect(400);
  });

  it('refuses requests from other sites on every new route kind, and writes nothing', async () => {
    const who = await stranger('Krys Site');
    const start = await api().post('/api/me/applications').set(who.headers).send({}).expect(201);
    const id: string = start.body.id;
    const cookie = who.headers.cookie;
    const before = {
      applications: await count('applications'),
      documents: await count('documents'),
      languages: await count('application_languages'),
    };
    // A page form without the CSRF token (a form on another site cannot know it).
    await api()
      .post('/min-side/soknad')
      .set('cookie', cookie)
      .set('accept', 'text/html')
      .type('form')
      .send('')
      .expect(403);
    await api()
      .post(`/min-side/soknad/${id}/sprak`)
      .set('cookie', cookie)
      .type('form')
      .send('add=ara')
      .expect(403);
    // A multipart form (a diploma) without the token before the file.
    await api()
      .post(`/min-side/soknad/${id}/kvalifikasjoner`)
      .set('cookie', cookie)
      .field('kind', 'basic_course')
      .field('obtainedOn', '2024-01-01')
      .attach('document', await pdfFixture(), 'vitnemål.pdf')
      .expect(403);
    // The token is right, but the browser says the request comes from another site.
    await api()
      .put(`/api/me/applications/${id}`)
      .set(who.headers)
      .set('origin', 'https://evil.example')
      .set('sec-fetch-site', 'cross-site')
      .send({ languages: ['ara'], evidence: [] })
      .expect(403);
    // A form post (all a page on another site can send without asking) to the JSON API.
    await api()
      .post(`/api/cases/${id}/decision`)
      .set(fromOurPages(handler.headers.cookie))
      .type('form')
      .send('languages=ara')
      .expect(415);
    expect({
      applications: await count('applications'),
      documents: await count('documents'),
      languages: await count('application_languages'),
    }).toEqual(before);
  });
});
