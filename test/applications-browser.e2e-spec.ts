import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SyntheticPopulation } from '../src/population/synthetic-population.js';
import { imageFixture, pdfFixture } from './factories/upload-files.js';
import { createCitizenUser, createStaffUser, sessionFor } from './factories/user.factory.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  describeInBrowser,
  SCREENSHOTS,
  wcagViolations,
} from './setup/browser.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// The application journey through the pages, as people use them: the
// applicant on a phone with JavaScript turned off, the case handler on a
// desktop; axe-core checks every page they see (WCAG 2.1 A/AA).

describeInBrowser('Applying for entry and deciding it, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const checked: string[] = [];

  async function signedIn(userId: string, provider: 'idporten' | 'staff', phone: boolean) {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(5_000);
    await context.addCookies([
      { name: 'tr_session', value: await sessionFor(t, userId, provider), url: base },
    ]);
    return context;
  }

  /**
   * Checks the page with axe and keeps a screenshot of it. The pages under
   * test run without JavaScript, and axe is JavaScript: it checks the same
   * HTML, written into a page of the same origin (so the style sheet applies).
   */
  async function looksRight(page: Page, name: string): Promise<void> {
    const html = await page.content();
    // At a phone's width and a desktop's, whichever the person uses.
    for (const width of [390, 1280]) {
      const checker = await browser.newPage({ viewport: { width, height: 900 } });
      await checker.goto(`${base}/health`);
      await checker.setContent(html, { waitUntil: 'load' });
      expect({ name, width, violations: await wcagViolations(checker) }).toEqual({
        name,
        width,
        violations: [],
      });
      await checker.close();
    }
    await page.screenshot({ path: `${SCREENSHOTS}/application-${name}.png`, fullPage: true });
    checked.push(name);
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an applicant applies on a phone, a case handler asks, the applicant answers, the handler decides', async () => {
    const amina = SyntheticPopulation.applicants().find((a) => a.key === 'amina')!;
    const applicantId = await createCitizenUser(t.dataSource, amina.nationalId, amina.name);
    const handlerId = await createStaffUser(t.dataSource, 'browser-handler', 'Siri Saksbehandler', [
      'case_handler',
    ]);
    const applicant: BrowserContext = await signedIn(applicantId, 'idporten', true);
    const handler: BrowserContext = await signedIn(handlerId, 'staff', false);
    const a = await applicant.newPage();
    const h = await handler.newPage();

    // Min side → the application, started; the population register has filled in the person.
    await a.goto(`${base}/min-side`);
    await a.getByRole('link', { name: 'Søknader om oppføring' }).click();
    await looksRight(a, 'overview');
    await a.getByRole('button', { name: 'Start en søknad' }).click();
    await expect(a.locator('dl.facts').textContent()).resolves.toContain('Amina Hassan');
    await looksRight(a, 'step-about-you');

    // A bad e-mail address gets the error summary, linked to the field.
    await a.getByLabel('E-post').fill('ikke-en-adresse');
    await a.getByRole('button', { name: 'Lagre og gå videre' }).click();
    await expect(a.locator('.error-summary a').first().getAttribute('href')).resolves.toBe(
      '#f-email',
    );
    await looksRight(a, 'step-about-you-error');
    await a.getByLabel('E-post').fill('amina@example.org');
    await a.getByRole('button', { name: 'Lagre og gå videre' }).click();

    // Two languages.
    for (const code of ['ara', 'som']) {
      await a.getByLabel('Legg til språk').selectOption(code);
      await a.getByRole('button', { name: 'Legg til språk' }).click();
    }
    await looksRight(a, 'step-languages');
    await a.getByRole('link', { name: 'Lagre og gå videre' }).click();

    // Qualifications, one with its diploma.
    await a.getByLabel('Språk', { exact: true }).selectOption('ara');
    await a.getByLabel('Kvalifikasjon', { exact: true }).selectOption('basic_course');
    await a.getByLabel('Dato (ÅÅÅÅ-MM-DD)').fill('2024-06-01');
    await a.getByLabel('Utstedt av (valgfritt)').fill('OsloMet');
    await a.getByLabel(/Dokumentasjon/).setInputFiles({
      name: 'vitnemål.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfFixture(),
    });
    await a.getByRole('button', { name: 'Legg til kvalifikasjon' }).click();
    await a.getByLabel('Språk', { exact: true }).selectOption('som');
    await a.getByLabel('Kvalifikasjon', { exact: true }).selectOption('bilingual_test');
    await a.getByLabel('Dato (ÅÅÅÅ-MM-DD)').fill('2023-05-01');
    await a.getByRole('button', { name: 'Legg til kvalifikasjon' }).click();
    await expect(a.locator('table').textContent()).resolves.toContain('vitnemål.pdf');
    await looksRight(a, 'step-qualifications');
    await a.getByRole('link', { name: 'Lagre og gå videre' }).click();

    // The photo.
    await a.getByLabel('Velg bilde').setInputFiles({
      name: 'meg.jpg',
      mimeType: 'image/jpeg',
      buffer: await imageFixture(800, 1000, 'jpeg'),
    });
    await a.getByRole('button', { name: 'Last opp bildet' }).click();
    await expect(a.locator('img.card-photo').count()).resolves.toBe(1);
    await looksRight(a, 'step-photo');
    await a.getByRole('link', { name: 'Lagre og gå videre' }).click();
    await looksRight(a, 'step-submit');
    await a.getByRole('button', { name: 'Send inn søknaden' }).click();
    await expect(a.locator('.notice').textContent()).resolves.toContain('sendt inn');
    const caseNumber = (await a.getByRole('heading', { level: 1 }).textContent())!.replace(
      'Din sak ',
      '',
    );
    await looksRight(a, 'case-submitted');

    // The case handler finds it in the queue, takes it and asks for more.
    await h.goto(`${base}/saksbehandling`);
    await looksRight(h, 'queue');
    await h.getByRole('link', { name: caseNumber }).click();
    await h.getByRole('button', { name: 'Ta saken' }).click();
    await looksRight(h, 'case-in-review');
    await h.getByLabel('Hva trenger du?').fill('Har du tatt TAO-kurset?');
    await h.getByRole('button', { name: 'Send til søkeren' }).click();

    // The applicant reads the question and answers.
    await a.reload();
    await expect(a.locator('blockquote.message').first().textContent()).resolves.toContain(
      'TAO-kurset',
    );
    await looksRight(a, 'case-question');
    await a.getByLabel('Ditt svar').fill('Nei, ikke ennå.');
    await a.getByRole('button', { name: 'Send svaret' }).click();

    // A decision that asks too much is refused on the page; then Arabic approved, Somali rejected.
    await h.reload();
    await h.getByLabel('Kategori').first().selectOption('B');
    await h.getByRole('button', { name: 'Fatt vedtak' }).click();
    await expect(h.locator('.error-summary').textContent()).resolves.toContain('kategori D');
    await looksRight(h, 'case-decision-error');
    await h.getByLabel('Kategori').first().selectOption('D');
    await h.locator('fieldset', { hasText: 'Somali' }).getByLabel('Avslå').check();
    await h
      .locator('fieldset', { hasText: 'Somali' })
      .getByLabel('Begrunnelse')
      .fill('Tospråktesten gir oppføring bare sammen med TAO-kurset.');
    await h.getByRole('button', { name: 'Fatt vedtak' }).click();
    await expect(h.locator('.notice').textContent()).resolves.toContain('Vedtaket er fattet');
    await looksRight(h, 'case-decided');

    // The applicant sees the decision and downloads the letter.
    await a.reload();
    await expect(a.locator('.outcomes').textContent()).resolves.toContain('Godkjent, kategori D');
    await looksRight(a, 'case-decided');
    const letter = await a.request.get(
      (await a.getByRole('link', { name: /vedtaksbrevet/ }).getAttribute('href'))!.replace(
        /^/,
        base,
      ),
    );
    expect(letter.headers()['content-type']).toBe('application/pdf');
    expect((await letter.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // The register: public in search with category D, and the card carries the photo.
    const search = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await search.goto(`${base}/?language=ara&county=46`);
    await expect(search.locator('.results').textContent()).resolves.toContain('Amina Hassan');
    await search.close();
    const card = await a.request.get(`${base}/api/me/card`);
    expect(await card.json()).toMatchObject({ status: 'valid', hasPhoto: true });
    await a.goto(`${base}/min-side/kort`);
    await looksRight(a, 'card');

    // The applicant's overview in English.
    await a.goto(`${base}/min-side/soknad?lang=en`);
    await expect(a.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Application for entry in the register',
    );
    await looksRight(a, 'overview-en');
    expect(checked.length).toBeGreaterThanOrEqual(15);
    await applicant.close();
    await handler.close();
  }, 180_000);

  it.each([
    ['interpreter', '/min-side/profil'],
    ['interpreter', '/min-side/profil/bilde'],
    ['interpreter', '/min-side/soknad?lang=en'],
    ['case_handler', '/saksbehandling?lang=en'],
    ['case_handler', '/saksbehandling/bilder'],
    ['administrator', '/admin/import'],
    ['administrator', '/admin/e-post'],
  ] as const)(
    'as %s, %s has no WCAG 2.1 A/AA violations at phone or desktop width',
    async (role, path) => {
      const [person]: Array<{ national_id: string; name: string }> = await t.dataSource.query(
        `SELECT national_id, given_name || ' ' || family_name AS name FROM interpreters
        ORDER BY interpreter_number LIMIT 1`,
      );
      const userId =
        role === 'interpreter'
          ? ((
              (
                await t.dataSource.query(`SELECT id FROM users WHERE national_id = $1`, [
                  person?.national_id,
                ])
              )[0] as { id: string } | undefined
            )?.id ?? (await createCitizenUser(t.dataSource, person.national_id, person.name)))
          : await createStaffUser(t.dataSource, `pages-${role}-${path}`, `Test ${role}`, [role]);
      const context = await signedIn(userId, role === 'interpreter' ? 'idporten' : 'staff', true);
      const page = await context.newPage();
      const res = await page.goto(`${base}${path}`);
      expect(res?.status()).toBe(200);
      await looksRight(page, path.replace(/\W+/g, '-'));
      await context.close();
    },
    60_000,
  );
});
