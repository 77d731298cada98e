import { Readable } from 'node:stream';
import request from 'supertest';
import type { Actor } from '../src/audit/actor.js';
import { InterpretersService } from '../src/interpreters/interpreters.service.js';
import { syntheticNationalId } from '../src/interpreters/national-id.js';
import { RegisterImportService } from '../src/register-import/register-import.service.js';
import { RegisterService } from '../src/register/register.service.js';
import { createInterpreter, setEntryStatus } from './factories/interpreter.factory.js';
import { createStaffUser, sessionFor } from './factories/user.factory.js';
import { fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const HEADER =
  'national_id,given_name,family_name,county,municipality,language,category,registered_on,email,phone,availability';
/** Small, so that an oversized file is cheap to make; every other file here fits. */
const MAX_BYTES = 64 * 1024;

function nationalIds(count: number, from: number): string[] {
  const ids: string[] = [];
  for (let seed = from; ids.length < count; seed++) {
    const id = syntheticNationalId(
      new Date(Date.UTC(1970 + (seed % 30), seed % 12, 1 + (seed % 27))),
      'male',
      seed,
    );
    if (id) ids.push(id);
  }
  return ids;
}

const file = (...rows: string[]) => Readable.from([[HEADER, ...rows].join('\r\n') + '\r\n']);

describe('An administrator imports an existing register from CSV', () => {
  let t: TestApp;
  let imports: RegisterImportService;
  let admin: Actor;
  let adminCookie: string;
  const [ASHA, BIRGIT, CELINE, DAVID] = nationalIds(4, 100);
  const BAD = ASHA.slice(0, 10) + String((Number(ASHA[10]) + 1) % 10);

  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM interpreters)::int AS persons,
              (SELECT count(*) FROM register_entries)::int AS entries,
              (SELECT count(*) FROM public_entries)::int AS public,
              (SELECT count(*) FROM cards)::int AS cards,
              (SELECT count(*) FROM audit_events)::int AS events`,
    );
    return row as Record<string, number>;
  };
  const search = async (query: string) => {
    const res = await request(t.server).get(`/api/interpreters?${query}`);
    expect(res.status).toBe(200);
    return res.body as {
      total: number;
      items: Array<{ name: string; entries: Array<{ languageCode: string; category: string }> }>;
    };
  };

  beforeAll(async () => {
    process.env.IMPORT_MAX_BYTES = String(MAX_BYTES);
    t = await startTestApp();
    delete process.env.IMPORT_MAX_BYTES;
    imports = t.app.get(RegisterImportService);
    const adminId = await createStaffUser(t.dataSource, 'import-admin', 'Ida Import', [
      'administrator',
    ]);
    admin = { type: 'staff', userId: adminId, roles: ['administrator'], clientIp: '127.0.0.1' };
    adminCookie = `tr_session=${await sessionFor(t, adminId, 'staff')}`;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const GOOD = [
    `${ASHA},Asha,Abdi,03,Oslo,som,A,2019-05-02,asha@example.no,,full_time`,
    `${ASHA},Asha,Abdi,03,Oslo,ara,C,2019-05-02,,,`,
    `${BIRGIT},Birgit,Ås,46,Bergen,pol,D,2021-09-01,,,`,
  ];
  const BAD_ROWS = [
    `${BAD},Per,Feil,03,Oslo,som,A,2019-05-02,,,`,
    `${CELINE},Celine,Cé,03,Oslo,xyz,A,2019-05-02,,,`,
    `${BIRGIT},Birgit,Ås,46,Bergen,POL,B,2021-09-01,,,`,
    `${DAVID},David,Dahl,03,Oslo,tir,A,2999-01-01,,,`,
  ];

  it('checks a file with errors and reports each bad row with its line and reason, writing nothing', async () => {
    const before = await counts();
    const report = await imports.analyse(file(...GOOD, ...BAD_ROWS));
    expect(report).toMatchObject({
      status: 'checked',
      rows: 7,
      persons: 2,
      entries: 3,
      badRows: 4,
      moreErrors: 0,
    });
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [5, 'NATIONAL_ID_CHECKSUM'],
      [6, 'UNKNOWN_LANGUAGE'],
      [7, 'DUPLICATE_ROW'],
      [8, 'FUTURE_DATE'],
    ]);
    expect(report.errors[2].message).toBe('The same person and language as on line 4.');
    expect(JSON.stringify(report)).not.toMatch(/\d{11}/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file with errors unless told to skip them: nothing is written', async () => {
    const before = await counts();
    const report = await imports.import(file(...GOOD, ...BAD_ROWS), admin, { skipBadRows: false });
    expect(report.status).toBe('refused');
    expect(report.badRows).toBe(4);
    expect(await counts()).toEqual(before);
    expect((await search('q=Abdi')).total).toBe(0);
  });

  it('refuses a 200 MB file while it streams, after reading little more than the limit', async () => {
    const before = await counts();
    let produced = 0;
    const block = Buffer.from(`${GOOD[0]}\r\n`.repeat(200));
    function* huge(): Generator<Buffer> {
      yield Buffer.from(`${HEADER}\r\n`);
      while (produced < 200 * 1024 * 1024) {
        produced += block.length;
        yield block;
      }
    }
    const report = await imports.import(Readable.from(huge()), admin, { skipBadRows: true });
    expect(report).toMatchObject({ status: 'refused', fileRefused: true });
    expect(report.errors.at(-1)).toMatchObject({ code: 'FILE_TOO_LARGE', line: null });
    expect(produced).toBeLessThan(MAX_BYTES + 256 * 1024);
    expect(await counts()).toEqual(before);
  });

  it('with skipBadRows imports the good rows in one transaction: searchable, with a card, audited', async () => {
    const before = await counts();
    const report = await imports.import(file(...GOOD, ...BAD_ROWS), admin, { skipBadRows: true });
    expect(report).toMatchObject({
      status: 'imported',
      persons: 2,
      existingPersons: 0,
      entries: 3,
      badRows: 4,
    });
    const after = await counts();
    expect(after).toEqual({
      persons: before.persons + 2,
      entries: before.entries + 3,
      public: before.public + 3,
      cards: before.cards + 2,
      events: before.events + 1,
    });

    const found = await search('q=asha%20abdi');
    expect(found.total).toBe(1);
    expect(found.items[0].name).toBe('Asha Abdi');
    expect(found.items[0].entries.map((e) => [e.languageCode, e.category])).toEqual([
      ['som', 'A'],
      ['ara', 'C'],
    ]);
    // Contact details from the old register are not published.
    const [asha] = await t.dataSource.query(
      `SELECT email, email_public, availability, modalities::text[] AS modalities, search_text, sort_key
         FROM interpreters WHERE national_id = $1`,
      [ASHA],
    );
    expect(asha).toEqual({
      email: 'asha@example.no',
      email_public: false,
      availability: 'full_time',
      modalities: [],
      search_text: 'asha abdi',
      sort_key: 'abdi asha',
    });
    expect((await search('q=as&language=pol')).items.map((i) => i.name)).toEqual(['Birgit Ås']);
    const [card] = await t.dataSource.query(
      `SELECT c.languages FROM cards c JOIN interpreters i ON i.id = c.interpreter_id
        WHERE i.national_id = $1 AND c.replaced_at IS NULL AND c.revoked_at IS NULL`,
      [ASHA],
    );
    expect(card.languages.map((l: { code: string }) => l.code).sort()).toEqual(['ara', 'som']);

    const [event] = await t.dataSource.query(
      `SELECT actor_type, actor_id, action, details FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    expect(event).toEqual({
      actor_type: 'staff',
      actor_id: admin.userId,
      action: 'register.imported',
      details: {
        rows: 7,
        persons: 2,
        existingPersons: 0,
        entries: 3,
        alreadyRegistered: 0,
        skippedBadRows: 4,
      },
    });
  });

  it('a second run of the same file skips what is registered and writes nothing new', async () => {
    const before = await counts();
    const report = await imports.import(file(...GOOD), admin, { skipBadRows: false });
    expect(report).toMatchObject({
      status: 'imported',
      persons: 0,
      entries: 0,
      alreadyRegistered: 3,
      badRows: 0,
    });
    const after = await counts();
    expect({ ...after, events: before.events }).toEqual(before);
    expect(after.events).toBe(before.events + 1);
  });

  it('adds a new language to a person already in the register, and refuses what only a decision may change', async () => {
    const existing = await createInterpreter(t.dataSource, {
      givenName: 'Eva',
      familyName: 'Eng',
      entries: [
        { language: 'eng', category: 'B' },
        { language: 'deu', category: 'C' },
      ],
    });
    await setEntryStatus(t.dataSource, existing.id, 'suspended', 'deu');
    const before = await counts();
    const rows = [
      `${existing.nationalId},Eva,Eng,03,Oslo,fra,D,2022-02-02,,,`,
      `${existing.nationalId},Eva,Eng,03,Oslo,eng,A,2022-02-02,,,`,
      `${existing.nationalId},Eva,Eng,03,Oslo,deu,C,2022-02-02,,,`,
      `${ASHA},Aisha,Abdi,03,Oslo,tir,A,2022-02-02,,,`,
    ];
    const refused = await imports.import(file(...rows), admin, { skipBadRows: false });
    expect(refused.status).toBe('refused');
    expect(refused.errors.map((e) => [e.line, e.code, e.args])).toEqual([
      [3, 'ENTRY_EXISTS', ['B', 'active']],
      [4, 'ENTRY_EXISTS', ['C', 'suspended']],
      [5, 'PERSON_MISMATCH', undefined],
    ]);
    expect(await counts()).toEqual(before);

    const done = await imports.import(file(...rows), admin, { skipBadRows: true });
    expect(done).toMatchObject({ status: 'imported', persons: 0, existingPersons: 1, entries: 1 });
    const entries = await t.dataSource.query(
      `SELECT language_code, category, status FROM register_entries WHERE interpreter_id = $1 ORDER BY language_code`,
      [existing.id],
    );
    expect(entries).toEqual([
      { language_code: 'deu', category: 'C', status: 'suspended' },
      { language_code: 'eng', category: 'B', status: 'active' },
      { language_code: 'fra', category: 'D', status: 'active' },
    ]);
  });

  it('refuses a file whose header it cannot read, or that has no rows', async () => {
    const header = await imports.import(Readable.from(['navn,språk\r\nKari,ara\r\n']), admin, {
      skipBadRows: true,
    });
    expect(header).toMatchObject({ status: 'refused', fileRefused: true });
    expect(header.errors.every((e) => e.line === 1)).toBe(true);
    const empty = await imports.import(Readable.from([`\uFEFF${HEADER}\r\n`]), admin, {
      skipBadRows: true,
    });
    expect(empty).toMatchObject({
      status: 'refused',
      fileRefused: true,
      errors: [expect.objectContaining({ code: 'EMPTY_FILE' })],
    });
  });

  it('shows the administrator the import page with the column format and an upload form', async () => {
    const res = await request(t.server).get('/admin/import?lang=en').set(fromOurPages(adminCookie));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('enctype="multipart/form-data"');
    expect(res.text).toMatch(/<form[^>]*>\s*<input type="hidden" name="_csrf"/);
    for (const column of ['national_id', 'registered_on', 'availability'])
      expect(res.text).toContain(`<code>${column}</code>`);
    expect(res.text).toContain('name="skipBadRows"');
    expect(res.text).toContain('Check the file only');
    const nb = await request(t.server).get('/admin/import').set(fromOurPages(adminCookie));
    expect(nb.text).toContain('Importer register fra CSV');
  });

  it('answers a form sent without a file with the form and an error summary', async () => {
    const before = await counts();
    const res = await request(t.server)
      .post('/admin/import')
      .set(fromOurPages(adminCookie))
      .type('form')
      .send('action=import');
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('href="#f-file"');
    expect(await counts()).toEqual(before);
  });
});

describe('The register write methods a decision uses', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('creates a person, grants and re-grants an entry, and records evidence, in one transaction', async () => {
    const interpreters = t.app.get(InterpretersService);
    const register = t.app.get(RegisterService);
    const [nationalId] = nationalIds(1, 500);
    const { id, interpreterNumber } = await t.dataSource.transaction(async (em) => {
      const person = await interpreters.createPerson(em, {
        nationalId,
        givenName: 'Jūratė',
        familyName: 'Kazlauskienė',
        countyCode: '50',
        municipality: 'Trondheim',
        availability: 'part_time',
        modalities: ['video'],
        gender: 'female',
        email: 'j@example.no',
        emailPublic: true,
      });
      expect(await interpreters.idByNationalId(em, nationalId)).toBe(person.id);
      expect(
        await register.grantEntry(em, person.id, {
          languageCode: 'lit',
          category: 'D',
          registeredOn: '2024-01-02',
        }),
      ).toBe('created');
      await register.recordEvidence(em, person.id, [
        { languageCode: 'lit', kind: 'basic_course', obtainedOn: '2023-06-01', issuer: 'OsloMet' },
        { languageCode: null, kind: 'tao_course', obtainedOn: '2022-06-01', issuer: null },
      ]);
      return person;
    });
    expect(interpreterNumber).toBeGreaterThan(10_000);
    const found = await request(t.server).get('/api/interpreters?q=jurate');
    expect(found.body.items).toEqual([
      expect.objectContaining({
        interpreterNumber,
        contact: { email: 'j@example.no' },
        bestCategory: 'D',
      }),
    ]);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM qualification_evidence WHERE interpreter_id = $1`,
      [id],
    );
    expect(n).toBe(2);

    // A suspended entry granted again (a new decision) is active with the new category.
    await setEntryStatus(t.dataSource, id, 'suspended');
    expect((await request(t.server).get('/api/interpreters?q=jurate')).body.total).toBe(0);
    const outcome = await t.dataSource.transaction((em) =>
      register.grantEntry(em, id, {
        languageCode: 'lit',
        category: 'B',
        registeredOn: '2025-01-01',
      }),
    );
    expect(outcome).toBe('updated');
    const again = await request(t.server).get('/api/interpreters?q=jurate');
    expect(again.body.items[0].bestCategory).toBe('B');
    const [entry] = await t.dataSource.query(
      `SELECT category, status, to_char(registered_on, 'YYYY-MM-DD') AS registered_on FROM register_entries WHERE interpreter_id = $1`,
      [id],
    );
    expect(entry).toEqual({ category: 'B', status: 'active', registered_on: '2024-01-02' });
    const cards = await t.dataSource.query(
      `SELECT languages FROM cards WHERE interpreter_id = $1 AND replaced_at IS NULL AND revoked_at IS NULL`,
      [id],
    );
    expect(cards).toEqual([{ languages: [{ code: 'lit', category: 'B' }] }]);
    expect(
      await t.dataSource.transaction((em) => interpreters.idByNationalId(em, '01010012356')),
    ).toBeUndefined();
  });
});
