import request from 'supertest';
import { createInterpreter, type CreatedInterpreter } from './factories/interpreter.factory.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

describe('Pages: a nurse searches the register in a browser without JavaScript', () => {
  let t: TestApp;
  let senait: CreatedInterpreter;
  let hidden: CreatedInterpreter;

  beforeAll(async () => {
    t = await startTestApp();
    senait = await createInterpreter(t.dataSource, {
      givenName: 'Senait',
      familyName: 'Haile',
      county: '46',
      municipality: 'Bergen',
      email: 'senait@tolk.example',
      emailPublic: true,
      phone: '+47 41234567',
      phonePublic: false,
      modalities: ['on_site', 'video'],
      entries: [
        { language: 'tir', category: 'B' },
        { language: 'amh', category: 'E' },
      ],
    });
    await createInterpreter(t.dataSource, {
      givenName: '<script>alert(1)</script>',
      familyName: 'O\'Brien & "Sons"',
      county: '03',
      entries: [{ language: 'eng', category: 'D' }],
    });
    hidden = await createInterpreter(t.dataSource, {
      givenName: 'Skjult',
      familyName: 'Tolk',
      entries: [{ language: 'tir', category: 'A', status: 'suspended' }],
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('shows the search form in bokmål by default, with every field labelled', async () => {
    const res = await request(t.server).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('<html lang="nb">');
    expect(res.text).toContain('Finn en kvalifisert tolk');
    for (const id of ['f-language', 'f-minCategory', 'f-county', 'f-gender', 'f-q']) {
      expect(res.text).toContain(`<label for="${id}">`);
    }
    expect(res.text).toContain('Tigrinja (1)');
    expect(res.text).not.toContain('tolker funnet');
  });

  it('finds Tigrinya interpreters in Vestland, with public contact only', async () => {
    const res = await request(t.server).get('/?language=tir&county=46&minCategory=&gender=&q=');
    expect(res.status).toBe(200);
    expect(res.text).toContain('1 tolk funnet');
    expect(res.text).toContain('<a href="#results-title">Gå til resultatene (1)</a>');
    expect(res.text).toContain('Senait Haile');
    expect(res.text).toContain(`href="/tolk/${senait.interpreterNumber}"`);
    expect(res.text).toContain('mailto:senait@tolk.example');
    expect(res.text).not.toContain('41234567');
    expect(res.text).not.toContain('Skjult');
    expect(res.text).not.toContain(senait.nationalId);
    expect(res.text).toMatch(/<option value="tir" selected>/);
  });

  it('speaks English when asked, and keeps the search when switching language', async () => {
    const res = await request(t.server).get('/?language=tir&lang=en');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('1 interpreter found');
    expect(res.text).toContain('Tigrinya');
    expect(res.text).toContain('href="/?language=tir" lang="nb"');
    const nb = await request(t.server).get('/?language=tir');
    expect(nb.text).toContain('href="/?language=tir&amp;lang=en" lang="en"');
  });

  it('escapes everything it shows', async () => {
    const res = await request(t.server).get('/?language=eng');
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const q = await request(t.server).get(
      `/?q=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`,
    );
    expect(q.text).not.toContain('<img src=x');
  });

  it('explains bad input on the page with a 400 and an error summary', async () => {
    const res = await request(t.server).get('/?gender=x&county=99');
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('href="#f-gender"');
    expect(res.text).toContain('href="#f-county"');
    expect(res.text).toContain('aria-invalid="true"');
  });

  it('shows rules the form cannot express next to the field, not as an error page', async () => {
    const res = await request(t.server).get('/?q=%21%21%21&language=tir');
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#f-q"');
    const both = await request(t.server).get('/?category=A&minCategory=B');
    expect(both.status).toBe(400);
    expect(both.text).toContain('class="error-summary"');
  });

  it('shows a profile page, and the same not-found page for hidden or unknown interpreters', async () => {
    const res = await request(t.server).get(`/tolk/${senait.interpreterNumber}?lang=en`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Senait Haile</h1>');
    expect(res.text).toContain('Amharic');
    expect(res.text).not.toContain(senait.nationalId);
    for (const path of [`/tolk/${hidden.interpreterNumber}`, '/tolk/99999999', '/tolk/abc']) {
      const missing = await request(t.server).get(path);
      expect(missing.status).toBe(404);
      expect(missing.text).toContain('Fant ikke siden');
    }
  });

  it('shows the statistics page', async () => {
    const res = await request(t.server).get('/statistikk');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Statistikk fra tolkeregisteret');
    expect(res.text).toContain('href="/statistikk?lang=en" lang="en"');
    const en = await request(t.server).get('/statistikk?lang=en');
    expect(en.text).toContain('href="/statistikk" lang="nb"');
    expect(res.text).toContain('href="/api/statistics.csv"');
  });

  it('serves its stylesheet and answers unknown pages with an HTML 404', async () => {
    const css = await request(t.server).get('/assets/site.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    const missing = await request(t.server).get('/finnes-ikke').set('accept', 'text/html');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
    expect(missing.text).toContain('Fant ikke siden');
  });

  it('anything scanned under /v/ that is not a card, a path with a slash included, reads "unknown card"', async () => {
    for (const path of ['/v/not-a-token', '/v/abc/def', '/v/abc/def/ghi']) {
      const page = await request(t.server).get(path).set('accept', 'text/html');
      expect({ path, status: page.status }).toEqual({ path, status: 404 });
      expect(page.text).toContain('Ukjent kort');
    }
  });
});
