import request from 'supertest';
import {
  createInterpreter,
  setEntryStatus,
  type CreatedInterpreter,
} from './factories/interpreter.factory.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

interface Item {
  interpreterNumber: number;
  name: string;
  bestCategory: string;
  contact: { email?: string; phone?: string };
  entries: Array<{ languageCode: string; category: string }>;
}

describe('Public search: a public body finds a qualified interpreter', () => {
  let t: TestApp;
  const people: Record<string, CreatedInterpreter> = {};
  const nationalIds: string[] = [];
  const PAGING_PEOPLE = 45;

  const search = async (query: string) => {
    const res = await request(t.server).get(`/api/interpreters?${query}`);
    expect(res.status).toBe(200);
    for (const id of nationalIds) expect(res.text).not.toContain(id);
    return res.body as {
      items: Item[];
      total: number;
      page: number;
      pageSize: number;
      totalPages: number;
    };
  };
  const names = (body: { items: Item[] }) => body.items.map((i) => i.name);

  beforeAll(async () => {
    t = await startTestApp();
    const ds = t.dataSource;
    const add = async (key: string, spec: Parameters<typeof createInterpreter>[1]) => {
      people[key] = await createInterpreter(ds, spec);
      nationalIds.push(people[key].nationalId);
    };
    await add('kari', {
      givenName: 'Kari',
      familyName: 'Ødegård',
      gender: 'female',
      county: '46',
      municipality: 'Bergen',
      availability: 'full_time',
      modalities: ['on_site', 'video'],
      entries: [
        { language: 'tir', category: 'A' },
        { language: 'ara', category: 'D' },
      ],
    });
    await add('ole', {
      givenName: 'Ole',
      familyName: 'Hansen',
      gender: 'male',
      county: '46',
      availability: 'part_time',
      modalities: ['phone'],
      entries: [{ language: 'tir', category: 'C' }],
    });
    await add('senait', {
      givenName: 'Senait',
      familyName: 'Haile',
      gender: 'female',
      county: '03',
      availability: 'occasional',
      modalities: ['video', 'phone'],
      entries: [{ language: 'tir', category: 'E' }],
    });
    await add('yonas', {
      givenName: 'Yonas',
      familyName: 'Tesfay',
      gender: 'male',
      county: '46',
      availability: 'full_time',
      modalities: ['on_site'],
      entries: [{ language: 'tir', category: 'B' }],
    });
    await add('ahmed', {
      givenName: 'Ahmed',
      familyName: 'Saleh',
      gender: 'male',
      county: '03',
      availability: 'part_time',
      modalities: ['on_site', 'video'],
      email: 'ahmed.private@tolk.example',
      emailPublic: false,
      phone: '+47 41111111',
      phonePublic: true,
      entries: [{ language: 'ara', category: 'B' }],
    });
    await add('fatima', {
      givenName: 'Fatima',
      familyName: 'Haddad',
      gender: 'female',
      county: '11',
      availability: 'occasional',
      email: 'fatima@tolk.example',
      emailPublic: true,
      phone: '+47 92222222',
      phonePublic: false,
      entries: [
        { language: 'ara', category: 'E' },
        { language: 'pol', category: 'D', status: 'suspended' },
      ],
    });
    await add('ase', {
      givenName: 'Åse',
      familyName: 'Bråthen',
      county: '50',
      entries: [{ language: 'nsl', category: 'B' }],
    });
    await add('suspended', {
      givenName: 'Sunniva',
      familyName: 'Suspendert',
      county: '46',
      entries: [{ language: 'tir', category: 'A', status: 'suspended' }],
    });
    await add('excluded', {
      givenName: 'Egil',
      familyName: 'Utestengt',
      entries: [{ language: 'ara', category: 'A', status: 'excluded' }],
    });
    await add('inactive', {
      givenName: 'Inger',
      familyName: 'Inaktiv',
      entries: [{ language: 'ara', category: 'B', status: 'inactive' }],
    });
    for (let n = 0; n < PAGING_PEOPLE; n++) {
      await add(`paging${n}`, {
        givenName: 'Piotr',
        familyName: `Nowak${String(n).padStart(2, '0')}`,
        county: '42',
        entries: [{ language: 'pol', category: n % 3 === 0 ? 'D' : 'E' }],
      });
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('what is public', () => {
    it('lists only interpreters with an active entry', async () => {
      const body = await search('pageSize=100');
      expect(body.total).toBe(7 + PAGING_PEOPLE);
      const listed = names(body);
      for (const hidden of ['Sunniva Suspendert', 'Egil Utestengt', 'Inger Inaktiv']) {
        expect(listed).not.toContain(hidden);
      }
    });

    it('never shows a suspended entry of an otherwise active interpreter', async () => {
      const body = await search('q=fatima');
      expect(body.items).toHaveLength(1);
      expect(body.items[0].entries).toEqual([
        expect.objectContaining({ languageCode: 'ara', category: 'E' }),
      ]);
      expect((await search('language=pol&q=fatima')).total).toBe(0);
    });

    it('shows contact fields only when the interpreter made them public', async () => {
      const ahmed = (await search('q=ahmed saleh')).items[0];
      expect(ahmed.contact).toEqual({ phone: '+47 41111111' });
      const fatima = (await search('q=fatima')).items[0];
      expect(fatima.contact).toEqual({ email: 'fatima@tolk.example' });
      const all = await request(t.server).get('/api/interpreters?pageSize=100');
      expect(all.text).not.toContain('ahmed.private@tolk.example');
      expect(all.text).not.toContain('+47 92222222');
    });
  });

  describe('filters', () => {
    it('a public body finds Tigrinya interpreters, category A first', async () => {
      const body = await search('language=tir');
      expect(names(body)).toEqual(['Kari Ødegård', 'Yonas Tesfay', 'Ole Hansen', 'Senait Haile']);
      expect(body.items.map((i) => i.bestCategory)).toEqual(['A', 'B', 'C', 'E']);
    });

    it('filters by one or several categories, as a list or repeated', async () => {
      expect(names(await search('language=tir&category=A,C'))).toEqual([
        'Kari Ødegård',
        'Ole Hansen',
      ]);
      expect(names(await search('language=tir&category=A&category=C'))).toEqual([
        'Kari Ødegård',
        'Ole Hansen',
      ]);
      expect(names(await search('language=tir&category=E'))).toEqual(['Senait Haile']);
    });

    it('filters by a minimum category', async () => {
      expect(names(await search('language=tir&minCategory=B'))).toEqual([
        'Kari Ødegård',
        'Yonas Tesfay',
      ]);
      expect((await search('minCategory=D')).items.every((i) => i.bestCategory <= 'D')).toBe(true);
    });

    it('matches language and category on the same entry', async () => {
      // Kari is A in Tigrinya but D in Arabic; the excluded A in Arabic is hidden.
      expect(names(await search('language=ara&category=A'))).toEqual([]);
      expect(names(await search('language=ara&category=D'))).toEqual(['Kari Ødegård']);
      const arabic = await search('language=ara');
      expect(names(arabic)).toEqual(['Ahmed Saleh', 'Kari Ødegård', 'Fatima Haddad']);
      expect(arabic.items.map((i) => i.bestCategory)).toEqual(['B', 'D', 'E']);
    });

    it('filters by county, one or several', async () => {
      expect(names(await search('county=46'))).toEqual([
        'Kari Ødegård',
        'Yonas Tesfay',
        'Ole Hansen',
      ]);
      expect(names(await search('county=46,03&language=tir'))).toEqual([
        'Kari Ødegård',
        'Yonas Tesfay',
        'Ole Hansen',
        'Senait Haile',
      ]);
      expect((await search('county=42')).total).toBe(PAGING_PEOPLE);
      expect((await search('county=56')).total).toBe(0);
    });

    it('filters by gender', async () => {
      expect(names(await search('language=tir&gender=male'))).toEqual([
        'Yonas Tesfay',
        'Ole Hansen',
      ]);
      expect(names(await search('language=tir&gender=female'))).toEqual([
        'Kari Ødegård',
        'Senait Haile',
      ]);
    });

    it('filters by modality: any of the ones asked for', async () => {
      expect(names(await search('modality=video'))).toEqual([
        'Kari Ødegård',
        'Ahmed Saleh',
        'Senait Haile',
      ]);
      expect(names(await search('modality=phone&modality=video'))).toEqual([
        'Kari Ødegård',
        'Ahmed Saleh',
        'Ole Hansen',
        'Senait Haile',
      ]);
    });

    it('filters by availability', async () => {
      expect(names(await search('availability=full_time'))).toEqual([
        'Kari Ødegård',
        'Yonas Tesfay',
      ]);
      expect(names(await search('availability=occasional&language=tir'))).toEqual(['Senait Haile']);
    });

    it('combines every filter', async () => {
      expect(
        names(
          await search('language=tir&county=46&gender=male&minCategory=C&modality=phone,on_site'),
        ),
      ).toEqual(['Yonas Tesfay', 'Ole Hansen']);
      expect(
        names(await search('language=tir&county=46&gender=male&availability=full_time&q=tesfay')),
      ).toEqual(['Yonas Tesfay']);
      expect((await search('language=tir&county=03&gender=male')).total).toBe(0);
    });
  });

  describe('non-contiguous category sets', () => {
    it('an interpreter appears once, at their best matching category', async () => {
      // Kari is A in Tigrinya and D in Arabic: asking for D or E finds her Arabic entry.
      const body = await search('category=D,E&county=46');
      expect(names(body)).toEqual(['Kari Ødegård']);
      expect(body.items[0].bestCategory).toBe('D');
      const all = await search('category=B,E&pageSize=100');
      const numbers = all.items.map((i) => i.interpreterNumber);
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(all.total).toBe(numbers.length);
      expect(all.items.map((i) => i.bestCategory)).toEqual(
        [...all.items.map((i) => i.bestCategory)].sort(),
      );
    });
  });

  describe('name and number search', () => {
    it.each(['odegard', 'ØDEGÅRD', 'Ødegård', 'kari odeg', 'odegard kari', 'ODEGÅRD'])(
      '"%s" finds Kari Ødegård',
      async (q) => {
        expect(names(await search(`q=${encodeURIComponent(q)}`))).toEqual(['Kari Ødegård']);
      },
    );

    it('"ase brathen" finds Åse Bråthen', async () => {
      expect(names(await search('q=ase%20brathen'))).toEqual(['Åse Bråthen']);
    });

    it('finds an interpreter by interpreter number, but not a suspended one', async () => {
      expect(names(await search(`q=${people.yonas.interpreterNumber}`))).toEqual(['Yonas Tesfay']);
      expect((await search(`q=${people.suspended.interpreterNumber}`)).total).toBe(0);
      expect((await search('q=99999999999999')).total).toBe(0);
    });
  });

  describe('paging', () => {
    it('pages through all results without gaps or repeats, best category first', async () => {
      const seen: number[] = [];
      const categories: string[] = [];
      for (let page = 1; page <= 5; page++) {
        const body = await search(`language=pol&pageSize=10&page=${page}`);
        expect(body.total).toBe(PAGING_PEOPLE);
        expect(body.totalPages).toBe(5);
        expect(body.page).toBe(page);
        seen.push(...body.items.map((i) => i.interpreterNumber));
        categories.push(...body.items.map((i) => i.bestCategory));
      }
      expect(seen).toHaveLength(PAGING_PEOPLE);
      expect(new Set(seen).size).toBe(PAGING_PEOPLE);
      expect(categories).toEqual([...categories].sort());
    });

    it('gives an empty page far past the end', async () => {
      const body = await search('language=pol&pageSize=100&page=100000');
      expect(body.items).toEqual([]);
      expect(body.total).toBe(PAGING_PEOPLE);
    });

    it('defaults to 20 per page and allows up to 100', async () => {
      expect((await search('')).items).toHaveLength(20);
      expect((await search('pageSize=100')).items).toHaveLength(7 + PAGING_PEOPLE);
    });
  });

  describe('profiles', () => {
    it('shows a public profile by interpreter number', async () => {
      const res = await request(t.server).get(`/api/interpreters/${people.kari.interpreterNumber}`);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({
        interpreterNumber: people.kari.interpreterNumber,
        name: 'Kari Ødegård',
        county: { code: '46', name: 'Vestland' },
        municipality: 'Bergen',
        availability: 'full_time',
        modalities: ['on_site', 'video'],
        bestCategory: 'A',
      });
      expect(res.body.entries.map((e: { languageCode: string }) => e.languageCode)).toEqual([
        'tir',
        'ara',
      ]);
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'availability',
          'bestCategory',
          'contact',
          'county',
          'entries',
          'familyName',
          'gender',
          'givenName',
          'interpreterNumber',
          'municipality',
          'modalities',
          'name',
          'publicNote',
          'workCounties',
        ].sort(),
      );
      expect(res.text).not.toContain(people.kari.nationalId);
    });

    it.each(['suspended', 'excluded', 'inactive'])(
      'a %s interpreter has no public profile',
      async (key) => {
        const res = await request(t.server).get(
          `/api/interpreters/${people[key].interpreterNumber}`,
        );
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
      },
    );

    it('an unknown or malformed number gives the same 404', async () => {
      const unknown = await request(t.server).get('/api/interpreters/99999999');
      const huge = await request(t.server).get('/api/interpreters/999999999999999999999');
      const malformed = await request(t.server).get('/api/interpreters/abc');
      for (const res of [unknown, huge, malformed]) {
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });
  });

  describe('bad input gets a 400 problem saying what is wrong', () => {
    it.each([
      ['unknown parameter', 'foo=bar', 'foo'],
      ['unknown language', 'language=xyz', 'language'],
      ['malformed language', 'language=A%20B', 'language'],
      ['unknown county', 'county=99', 'county'],
      ['unknown category', 'category=F', 'category'],
      ['empty category list', 'category=', 'category'],
      ['empty county list', 'county=,', 'county'],
      ['unknown minimum category', 'minCategory=Z', 'minCategory'],
      ['both category filters', 'category=A&minCategory=B', 'minCategory'],
      ['unknown gender', 'gender=x', 'gender'],
      ['two genders', 'gender=female&gender=male', 'gender'],
      ['unknown modality', 'modality=fax', 'modality'],
      ['unknown availability', 'availability=never', 'availability'],
      ['huge page size', 'pageSize=100000', 'pageSize'],
      ['zero page size', 'pageSize=0', 'pageSize'],
      ['negative page', 'page=-1', 'page'],
      ['zero page', 'page=0', 'page'],
      ['fractional page', 'page=1.5', 'page'],
      ['non-numeric page', 'page=abc', 'page'],
      ['absurd page', 'page=1e12', 'page'],
      ['10 000-character q', `q=${'a'.repeat(10_000)}`, 'q'],
      ['q with nothing searchable', 'q=%21%21%21', 'q'],
    ])('%s', async (_what, query, field) => {
      const res = await request(t.server).get(`/api/interpreters?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        status: 400,
        title: 'Bad Request',
        instance: '/api/interpreters',
      });
      expect(typeof res.body.detail).toBe('string');
      expect(typeof res.body.correlationId).toBe('string');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.text).not.toMatch(/at .*\.(ts|js):\d+|SELECT|QueryFailedError/);
    });
  });

  describe('languages', () => {
    it('lists every language with counts of active entries only', async () => {
      const res = await request(t.server).get('/api/languages');
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(74);
      const byCode = new Map(res.body.map((l: { code: string }) => [l.code, l]));
      expect(byCode.get('tir')).toMatchObject({
        nameNb: 'Tigrinja',
        nameEn: 'Tigrinya',
        nativeName: 'ትግርኛ',
        kind: 'spoken',
        entries: 4,
        interpreters: 4,
        byCategory: { A: 1, B: 1, C: 1, D: 0, E: 1 },
      });
      expect(byCode.get('ara')).toMatchObject({
        entries: 3,
        byCategory: { A: 0, B: 1, C: 0, D: 1, E: 1 },
      });
      expect(byCode.get('nsl')).toMatchObject({ kind: 'sign', entries: 1 });
      expect(byCode.get('nor-x-written')).toMatchObject({ kind: 'written', entries: 0 });
      expect(byCode.get('pol')).toMatchObject({ entries: PAGING_PEOPLE });
    });
  });

  describe('the public search follows every change at once', () => {
    it('a suspended entry disappears, and comes back when reinstated', async () => {
      const p = await createInterpreter(t.dataSource, {
        givenName: 'Vilde',
        familyName: 'Vekslende',
        county: '55',
        entries: [{ language: 'sme', category: 'A' }],
      });
      nationalIds.push(p.nationalId);
      expect(names(await search('language=sme'))).toEqual(['Vilde Vekslende']);
      await setEntryStatus(t.dataSource, p.id, 'suspended');
      expect((await search('language=sme')).total).toBe(0);
      expect((await search('q=vekslende')).total).toBe(0);
      expect((await request(t.server).get(`/api/interpreters/${p.interpreterNumber}`)).status).toBe(
        404,
      );
      await setEntryStatus(t.dataSource, p.id, 'active');
      expect(names(await search('language=sme'))).toEqual(['Vilde Vekslende']);
    });

    it('suspending the best entry makes the next one count', async () => {
      const p = await createInterpreter(t.dataSource, {
        givenName: 'Tor',
        familyName: 'Toveis',
        county: '56',
        entries: [
          { language: 'fkv', category: 'B' },
          { language: 'fin', category: 'E' },
        ],
      });
      nationalIds.push(p.nationalId);
      expect((await search('county=56')).items.map((i) => i.bestCategory)).toEqual(['B']);
      await setEntryStatus(t.dataSource, p.id, 'excluded', 'fkv');
      const after = await search('county=56');
      expect(after.total).toBe(1);
      expect(after.items[0].bestCategory).toBe('E');
      expect(after.items[0].entries.map((e) => e.languageCode)).toEqual(['fin']);
      expect((await search('county=56&minCategory=D')).total).toBe(0);
    });

    it('a new category, a move to another county and a deleted entry show at once', async () => {
      const p = await createInterpreter(t.dataSource, {
        givenName: 'Flytte',
        familyName: 'Fluks',
        county: '18',
        entries: [
          { language: 'jpn', category: 'E' },
          { language: 'kor', category: 'D' },
        ],
      });
      nationalIds.push(p.nationalId);
      await t.dataSource.query(
        `UPDATE register_entries SET category = 'C' WHERE interpreter_id = $1 AND language_code = 'jpn'`,
        [p.id],
      );
      expect((await search('language=jpn')).items[0].bestCategory).toBe('C');
      await t.dataSource.query(`UPDATE interpreters SET county_code = '15' WHERE id = $1`, [p.id]);
      expect((await search('county=18')).total).toBe(0);
      expect(names(await search('county=15'))).toEqual(['Flytte Fluks']);
      await t.dataSource.query(
        `DELETE FROM register_entries WHERE interpreter_id = $1 AND language_code = 'jpn'`,
        [p.id],
      );
      const after = await search('county=15');
      expect(after.items[0].bestCategory).toBe('D');
      expect((await search('language=jpn')).total).toBe(0);
    });

    it('the read model matches the register exactly, one primary entry per person', async () => {
      const [mismatch] = await t.dataSource.query(`
        SELECT
          (SELECT count(*) FROM register_entries WHERE status = 'active')::int AS active,
          (SELECT count(*) FROM public_entries)::int AS public,
          (SELECT count(*) FROM public_entries p JOIN register_entries e ON e.id = p.entry_id
            WHERE e.status <> 'active' OR e.category <> p.category)::int AS stale,
          (SELECT count(*) FROM (SELECT interpreter_id FROM public_entries GROUP BY interpreter_id
            HAVING count(*) FILTER (WHERE is_primary) <> 1) x)::int AS bad_primary,
          (SELECT count(*) FROM public_entries p WHERE p.is_primary AND EXISTS (
            SELECT 1 FROM public_entries b WHERE b.interpreter_id = p.interpreter_id
              AND (b.category, b.language_code) < (p.category, p.language_code)))::int AS wrong_primary`);
      expect(mismatch.public).toBe(mismatch.active);
      expect(mismatch).toMatchObject({ stale: 0, bad_primary: 0, wrong_primary: 0 });
    });
  });
});
