import request from 'supertest';
import { seedDemoRegister } from '../src/database/seed/demo-seeder.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

interface PersonRecord {
  interpreter_number: number;
  national_id: string;
  email: string;
  email_public: boolean;
  phone: string;
  phone_public: boolean;
  active_entries: number;
}

interface Item {
  interpreterNumber: number;
  contact: { email?: string; phone?: string };
  entries: Array<{ languageCode: string }>;
}

/**
 * The register as a new user meets it: the demo data from the first start,
 * checked against the published 2021 figures, and swept for personal data
 * that must never be public.
 */
describe('The demo register as the public sees it', () => {
  let t: TestApp;
  let persons: Map<number, PersonRecord>;
  let nationalIds: Set<string>;
  let publicEmails: Set<string>;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoRegister(t.dataSource);
    const rows: PersonRecord[] = await t.dataSource.query(
      `SELECT i.interpreter_number, i.national_id, i.email, i.email_public, i.phone, i.phone_public,
              count(e.id) FILTER (WHERE e.status = 'active')::int AS active_entries
         FROM interpreters i LEFT JOIN register_entries e ON e.interpreter_id = i.id
        GROUP BY i.id`,
    );
    persons = new Map(rows.map((r) => [r.interpreter_number, r]));
    nationalIds = new Set(rows.map((r) => r.national_id));
    publicEmails = new Set(rows.filter((r) => r.email_public).map((r) => r.email));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  /** Every public response passes through here. */
  function assertNoPersonalData(text: string): void {
    for (const digits of text.match(/\d{11}/g) ?? []) {
      expect(nationalIds.has(digits)).toBe(false);
    }
    expect(text).not.toMatch(/national_?id|nationalId|fødselsnummer/i);
    for (const email of text.match(/[\w.+-]+@[\w.-]+/g) ?? []) {
      expect(publicEmails.has(email)).toBe(true);
    }
  }

  function assertPublicItem(item: Item): void {
    const record = persons.get(item.interpreterNumber);
    expect(record).toBeDefined();
    expect(record!.active_entries).toBeGreaterThan(0);
    expect(item.entries).toHaveLength(record!.active_entries);
    if (record!.email_public) expect(item.contact.email).toBe(record!.email);
    else expect(item.contact.email).toBeUndefined();
    if (record!.phone_public) expect(item.contact.phone).toBe(record!.phone);
    else expect(item.contact.phone).toBeUndefined();
  }

  async function get(path: string) {
    const res = await request(t.server).get(path);
    expect(res.status).toBe(200);
    assertNoPersonalData(res.text);
    return res;
  }

  it('reports exactly the 2021 figures', async () => {
    const res = await get('/api/statistics');
    expect(res.body).toMatchObject({
      entries: 1948,
      persons: 1636,
      languages: 74,
      byCategory: { A: 26, B: 234, C: 45, D: 814, E: 829 },
      highlyQualified: { entries: 1119, share: 0.5744 },
    });
    const byLanguage = res.body.byLanguage as Array<{ code: string; entries: number }>;
    expect(byLanguage).toHaveLength(74);
    expect(byLanguage.reduce((s, l) => s + l.entries, 0)).toBe(1948);
    expect(byLanguage[0].code).toBe('ara');
    const byCounty = res.body.byCounty as Array<{
      code: string;
      entries: number;
      interpreters: number;
    }>;
    expect(byCounty).toHaveLength(15);
    expect(byCounty.reduce((s, c) => s + c.entries, 0)).toBe(1948);
    expect(byCounty.reduce((s, c) => s + c.interpreters, 0)).toBe(1636);
  });

  it('gives the same figures as CSV', async () => {
    const res = await get('/api/statistics.csv');
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      '"dimension","code","name_nb","name_en","category","entries","interpreters"',
    );
    expect(lines).toContain('"total","","Totalt","Total","",1948,1636');
    expect(lines).toContain('"category","A","Kategori A","Category A","A",26,""');
    expect(lines).toContain('"category","E","Kategori E","Category E","E",829,""');
    const languageRows = lines.filter((l) => l.startsWith('"language",'));
    expect(languageRows).toHaveLength(74);
  });

  it('lists 74 languages with their counts', async () => {
    const res = await get('/api/languages');
    expect(res.body).toHaveLength(74);
    const total = (res.body as Array<{ entries: number }>).reduce((s, l) => s + l.entries, 0);
    expect(total).toBe(1948);
  });

  it('every page of the whole register shows only public data of active interpreters', async () => {
    const seen = new Set<number>();
    for (let page = 1; page <= 17; page++) {
      const res = await get(`/api/interpreters?pageSize=100&page=${page}`);
      expect(res.body.total).toBe(1636);
      for (const item of res.body.items as Item[]) {
        assertPublicItem(item);
        seen.add(item.interpreterNumber);
      }
    }
    expect(seen.size).toBe(1636);
  });

  it('filtered searches show only public data', async () => {
    const queries = [
      'language=ara&pageSize=100',
      'language=tir&minCategory=D&pageSize=100',
      'county=03&gender=female&pageSize=100',
      'category=A,B,C&pageSize=100',
      'modality=video&availability=full_time&pageSize=100',
      'language=nsl&county=46,50&pageSize=100',
      'q=mohammed&pageSize=100',
      'q=odegard',
    ];
    for (const query of queries) {
      const res = await get(`/api/interpreters?${query}`);
      expect(res.body.items.length).toBeGreaterThan(0);
      (res.body.items as Item[]).forEach(assertPublicItem);
    }
  });

  it('every profile shows only public data, and hidden interpreters have none', async () => {
    let hidden = 0;
    for (const [number, record] of persons) {
      const res = await request(t.server).get(`/api/interpreters/${number}`);
      assertNoPersonalData(res.text);
      if (record.active_entries === 0) {
        hidden++;
        expect(res.status).toBe(404);
      } else {
        expect(res.status).toBe(200);
        assertPublicItem(res.body as Item);
      }
    }
    expect(hidden).toBeGreaterThan(0);
  }, 120_000);
});
