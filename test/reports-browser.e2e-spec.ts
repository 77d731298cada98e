import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PrintRunService } from '../src/cards/print-run.service.js';
import { addDays, osloDate } from '../src/reports/calendar-date.js';
import { ReportMaintenance } from '../src/reports/report-maintenance.js';
import { ReportsClock } from '../src/reports/reports-clock.js';
import { createInterpreter, type CreatedInterpreter } from './factories/interpreter.factory.js';
import { pdfFixture } from './factories/upload-files.js';
import { createCitizenUser, createStaffUser, sessionFor } from './factories/user.factory.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  describeInBrowser,
  SCREENSHOTS,
  wcagViolations,
  type AxeViolation,
} from './setup/browser.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

/**
 * Issue #11's journey through the pages, as people use them (the same
 * journey as reports-journey.e2e-spec.ts through the API): an anonymous
 * reporter on a phone with JavaScript turned off, a case handler on a
 * desktop, the interpreter and a committee member signed in, each in a
 * browser of their own. axe-core checks every page they see, error states
 * included, at a phone's width and a desktop's (WCAG 2.1 A/AA).
 */
describeInBrowser('Reports about interpreters, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let clock: ReportsClock;
  let interpreter: CreatedInterpreter;
  let cardToken: string;
  let handlerId: string;
  let memberId: string;
  let interpreterUserId: string;
  const checked: string[] = [];
  const REPORT_TEXT =
    'BROWSER-TEXT: the interpreter told the patient what to answer. I was the nurse in the room.';

  const PHONE = { width: 390, height: 844 };
  const DESKTOP = { width: 1280, height: 900 };

  async function person(
    who: { userId: string; provider: 'idporten' | 'staff' } | null,
    phone: boolean,
  ): Promise<BrowserContext> {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: phone ? PHONE : DESKTOP,
    });
    context.setDefaultTimeout(5_000);
    if (who) {
      await context.addCookies([
        { name: 'tr_session', value: await sessionFor(t, who.userId, who.provider), url: base },
      ]);
    }
    return context;
  }

  /**
   * Checks the page with axe and keeps a screenshot of it. The pages under
   * test run without JavaScript, and axe is JavaScript: it checks the same
   * HTML, written into a page of the same origin (so the style sheet
   * applies), at a phone's width and a desktop's. Nothing at 390 px may be
   * wider than the screen (a page that scrolls sideways is unreadable there).
   */
  async function looksRight(page: Page, name: string): Promise<void> {
    const html = await page.content();
    for (const width of [390, 1280]) {
      const checker = await browser.newPage({ viewport: { width, height: 900 } });
      await checker.goto(`${base}/health`);
      await checker.setContent(html, { waitUntil: 'load' });
      await checker.screenshot({
        path: `${SCREENSHOTS}/report-${name}-${width}.png`,
        fullPage: true,
      });
      const violations: AxeViolation[] = await wcagViolations(checker);
      // Whatever makes the page itself scroll sideways (a table may scroll in its own box).
      const overflowing = await checker.evaluate(() => {
        const edge = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= edge) return [];
        const scrolls = (e: Element) =>
          e.closest('.table-scroll') !== null ||
          [...document.querySelectorAll('body *')].some(
            (o) =>
              o !== e && o.contains(e) && /auto|scroll|hidden/.test(getComputedStyle(o).overflowX),
          );
        const wide = [...document.querySelectorAll('body *')].filter(
          (e) => e.getBoundingClientRect().right > edge + 0.5 && !scrolls(e),
        );
        return wide
          .filter((e) => !wide.some((o) => o !== e && e.contains(o)))
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${e.className}`);
      });
      expect({ name, width, violations, overflowing }).toEqual({
        name,
        width,
        violations: [],
        overflowing: [],
      });
      await checker.close();
    }
    checked.push(name);
  }

  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const notice = (page: Page) => page.locator('.notice').textContent();
  const section = (page: Page, heading: string) =>
    page.locator('section', {
      has: page.getByRole('heading', { level: 2, name: heading, exact: true }),
    });

  beforeAll(async () => {
    process.env.CARD_VERIFY_RATE_LIMIT = '100000';
    t = await startTestApp();
    clock = t.app.get(ReportsClock);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });

    interpreter = await createInterpreter(t.dataSource, {
      givenName: 'Tariq',
      familyName: 'Tolkesen',
      entries: [
        { language: 'ara', category: 'B' },
        { language: 'prs', category: 'D' },
      ],
    });
    const [card] = await t.app
      .get(PrintRunService)
      .printRun({ interpreterNumber: interpreter.interpreterNumber });
    cardToken = card.verificationUrl.split('/v/')[1];
    // Two written warnings from earlier cases, within the last five years.
    const today = osloDate(clock.now());
    for (const decidedOn of [addDays(today, -900), addDays(today, -200)]) {
      await t.owner.query(
        `INSERT INTO interpreter_sanctions (interpreter_id, kind, decided_on) VALUES ($1, 'warning', $2::date)`,
        [interpreter.id, decidedOn],
      );
    }
    handlerId = await createStaffUser(t.dataSource, 'browser-report-handler', 'Hilde Handler', [
      'case_handler',
    ]);
    memberId = await createStaffUser(t.dataSource, 'browser-member', 'Mona Medlem', [
      'committee_member',
    ]);
    await t.owner.query(`UPDATE users SET committee_seat = 'member' WHERE id = $1`, [memberId]);
    interpreterUserId = await createCitizenUser(
      t.dataSource,
      interpreter.nationalId,
      interpreter.name,
    );
  }, 120_000);

  afterAll(async () => {
    clock?.reset();
    delete process.env.CARD_VERIFY_RATE_LIMIT;
    await browser?.close();
    await t?.close();
  });

  it('goes from an anonymous report on a phone to a closed case, through the pages', async () => {
    const reporter = await person(null, true);
    const handler = await person({ userId: handlerId, provider: 'staff' }, false);
    const r = await reporter.newPage();
    const h = await handler.newPage();

    // 1. The reporter, on a phone without JavaScript: front page → "Meld fra om en tolk".
    await r.goto(`${base}/`);
    await r.getByRole('link', { name: 'Meld fra om en tolk' }).click();
    expect(await h1(r)).toBe('Meld fra om en tolk');
    await looksRight(r, 'form');

    // Sent empty: the error summary, each problem linked to its field.
    await r.getByRole('button', { name: 'Send' }).click();
    const summary = r.locator('.error-summary');
    await expect(summary.textContent()).resolves.toContain('Fortell hva som skjedde');
    const links = await summary
      .locator('a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining(['#f-text', '#f-duties']));
    await expect(
      r.getByLabel('Fortell hva som skjedde').getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await looksRight(r, 'form-errors');

    await r.getByLabel('Tolkenummer').fill(String(interpreter.interpreterNumber));
    await r.getByLabel('Fortell hva som skjedde').fill(REPORT_TEXT);
    await r.getByLabel('Når skjedde det?').fill(addDays(osloDate(clock.now()), -3));
    await r.getByLabel('Hvor skjedde det?').fill('Akuttmottaket');
    await r
      .getByLabel('Hvilket offentlig organ tolket tolken for?')
      .fill('Oslo universitetssykehus');
    await r.getByLabel('God tolkeskikk').check();
    await r.getByLabel('Upartiskhet').check();
    await expect(r.getByLabel('Nei, jeg vil være anonym').isChecked()).resolves.toBe(true);
    await r.getByLabel('Legg ved filer (kan stå tomt)').setInputFiles({
      name: 'notat.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfFixture('Notat fra vakten'),
    });
    await r.getByRole('button', { name: 'Send' }).click();

    // The receipt, shown once: the case number and the code, read off the page.
    expect(await h1(r)).toBe('Takk. Vi har fått meldingen din');
    const receiptCode = (await r.locator('.receipt-code__digits').textContent())!.replace(
      /\s/g,
      '',
    );
    expect(receiptCode).toMatch(/^\d{16}$/);
    const caseNumber = (await r.locator('dl.facts dd').first().textContent())!.trim();
    expect(caseNumber).toMatch(/^VAR-\d{4}-\d{4}$/);
    expect(r.url()).not.toContain(receiptCode);
    await looksRight(r, 'receipt');

    // 2. The case handler, on a desktop: the queue, the take form, the case.
    await h.goto(`${base}/saksbehandling/varsler`);
    await looksRight(h, 'queue');
    await h.getByRole('link', { name: caseNumber }).click();
    await expect(h.locator('body').textContent()).resolves.not.toContain('BROWSER-TEXT');
    await looksRight(h, 'take');
    // Taking it without a declaration is refused, on the page.
    await h.getByRole('button', { name: 'Ta saken' }).click();
    await expect(h.locator('.error-summary').count()).resolves.toBe(1);
    await looksRight(h, 'take-error');
    await h.getByLabel('Nei, jeg er ikke inhabil').check();
    await h.getByRole('button', { name: 'Ta saken' }).click();
    await expect(notice(h)).resolves.toContain('Du har tatt saken');
    await expect(h.locator('blockquote.message').first().textContent()).resolves.toBe(REPORT_TEXT);
    await expect(h.getByRole('link', { name: 'notat.pdf' }).count()).resolves.toBe(1);
    await looksRight(h, 'case-received');
    await h.getByRole('button', { name: 'Bekreft mottak' }).click();
    await expect(notice(h)).resolves.toContain('Mottaket er bekreftet');

    // A message without text is refused; then the question to the reporter.
    const messageForm = section(h, 'Skriv en melding eller et notat');
    await messageForm.getByLabel('Melderen (leses med kvitteringskoden)').check();
    await messageForm.getByRole('button', { name: 'Send' }).click();
    await expect(
      section(h, 'Skriv en melding eller et notat').locator('.error-summary').count(),
    ).resolves.toBe(1);
    await looksRight(h, 'case-message-error');
    await messageForm.getByLabel('Melderen (leses med kvitteringskoden)').check();
    await messageForm.getByLabel('Tekst').fill('SPØRSMÅL: Hvilken dag var dette?');
    await messageForm.getByRole('button', { name: 'Send' }).click();
    await expect(notice(h)).resolves.toContain('Meldingen er lagret');
    await looksRight(h, 'case-investigating');

    // 3. The reporter types the code (a wrong one first), reads the question and answers.
    await r.goto(`${base}/meld-fra/oppfolging`);
    await looksRight(r, 'follow-up');
    const wrong = receiptCode.slice(0, 15) + String((Number(receiptCode[15]) + 1) % 10);
    await r.getByLabel('Koden (16 siffer)').fill(wrong);
    await r.getByRole('button', { name: 'Åpne saken' }).click();
    await expect(r.locator('.error-summary').textContent()).resolves.toContain(
      'Vi fant ingen sak med denne koden',
    );
    await expect(r.locator('.error-summary a').first().getAttribute('href')).resolves.toBe(
      '#f-receiptCode',
    );
    expect(r.url()).not.toContain(wrong);
    await looksRight(r, 'follow-up-wrong-code');
    await r.getByLabel('Koden (16 siffer)').fill(receiptCode.replace(/(\d{4})(?=\d)/g, '$1 '));
    await r.getByRole('button', { name: 'Åpne saken' }).click();
    expect(await h1(r)).toBe(`Saken din ${caseNumber}`);
    expect(r.url()).not.toContain(receiptCode);
    await expect(r.locator('ol.timeline').first().textContent()).resolves.toContain(
      'SPØRSMÅL: Hvilken dag var dette?',
    );
    await expect(r.locator('dl.facts').first().textContent()).resolves.not.toContain('Ikke ennå');
    await looksRight(r, 'reporter-case');
    await r.getByRole('textbox', { name: 'Melding' }).fill('SVAR: Tirsdag den 3., om kvelden.');
    await r.getByRole('button', { name: 'Send' }).click();
    await expect(notice(r)).resolves.toContain('Meldingen din er sendt');
    await looksRight(r, 'reporter-case-answered');

    // 4. The handler reads the answer, writes the redacted account and tells the interpreter.
    await h.reload();
    await expect(h.locator('body').textContent()).resolves.toContain('SVAR: Tirsdag den 3.');
    await section(h, 'Anonymisert versjon')
      .getByLabel('Anonymisert tekst')
      .fill('ANONYMISERT: Tolken sa til pasienten hva hen skulle svare.');
    await h.getByRole('button', { name: 'Lagre anonymisert versjon' }).click();
    await expect(notice(h)).resolves.toContain('Den anonymiserte versjonen er lagret');
    await h.getByRole('button', { name: 'Varsle tolken' }).click();
    await expect(notice(h)).resolves.toContain('Tolken er varslet');

    // The interpreter, signed in on a phone: Min side → the cases about them → this one.
    const tolk = await person({ userId: interpreterUserId, provider: 'idporten' }, true);
    const i = await tolk.newPage();
    await i.goto(`${base}/min-side`);
    await i.getByRole('link', { name: 'Saker om deg' }).click();
    await looksRight(i, 'interpreter-cases');
    await i.getByRole('link', { name: caseNumber }).click();
    const account = (await i.locator('main').textContent())!;
    expect(account).toContain('ANONYMISERT: Tolken sa til pasienten');
    expect(account).not.toContain('BROWSER-TEXT');
    expect(account).not.toContain('SVAR: Tirsdag');
    await looksRight(i, 'interpreter-case');
    await i
      .getByRole('textbox', { name: 'Din uttalelse' })
      .fill('MIN SIDE: Jeg gjentok bare det legen sa.');
    await i.getByRole('button', { name: 'Send' }).click();
    await expect(notice(i)).resolves.toContain('Uttalelsen din er sendt');
    await looksRight(i, 'interpreter-case-replied');

    // 5. The handler refers the case to the committee.
    await h.reload();
    await expect(h.locator('body').textContent()).resolves.toContain('MIN SIDE: Jeg gjentok');
    const refer = section(h, 'Send til tolkeutvalget');
    await refer.getByLabel('Spørsmål').fill('Er en skriftlig advarsel riktig?');
    await refer.getByLabel('Råd innen (ÅÅÅÅ-MM-DD)').fill(addDays(osloDate(clock.now()), 14));
    await refer.getByRole('button', { name: 'Send til utvalget' }).click();
    await expect(notice(h)).resolves.toContain('Saken er sendt til tolkeutvalget');
    await looksRight(h, 'case-with-committee');

    // A committee member declares no conflict, reads the redacted account and advises.
    const committee = await person({ userId: memberId, provider: 'staff' }, false);
    const c = await committee.newPage();
    await c.goto(`${base}/utvalg`);
    await looksRight(c, 'committee-referrals');
    await c.getByRole('link', { name: caseNumber }).click();
    await expect(c.locator('main').textContent()).resolves.not.toContain('ANONYMISERT');
    await looksRight(c, 'committee-declaration');
    await c.getByRole('button', { name: 'Send erklæringen' }).click();
    await expect(c.locator('.error-summary').count()).resolves.toBe(1);
    await looksRight(c, 'committee-declaration-error');
    await c.getByLabel('Nei, jeg er ikke inhabil').check();
    await c.getByRole('button', { name: 'Send erklæringen' }).click();
    const redacted = (await c.locator('main').textContent())!;
    expect(redacted).toContain('ANONYMISERT: Tolken sa til pasienten');
    expect(redacted).not.toContain('BROWSER-TEXT');
    await looksRight(c, 'committee-reading');
    await c.getByLabel('Ditt råd til saksbehandleren').fill('RÅD: En skriftlig advarsel.');
    await c.getByRole('button', { name: 'Send rådet' }).click();
    await expect(notice(c)).resolves.toContain('Rådet ditt er registrert');
    await looksRight(c, 'committee-advised');

    // 6. The handler decides a written warning: the third in five years opens the exclusion review.
    await h.reload();
    await expect(h.locator('body').textContent()).resolves.toContain('RÅD: En skriftlig advarsel.');
    const decide = section(h, 'Vedtak');
    await decide.getByRole('button', { name: 'Fatt vedtak' }).click();
    await expect(section(h, 'Vedtak').locator('.error-summary').count()).resolves.toBe(1);
    await looksRight(h, 'case-decision-error');
    await decide.getByLabel('Skriftlig advarsel').check();
    await decide.getByLabel('Begrunnelse').fill('Du ga pasienten råd under tolkingen.');
    await decide.getByRole('button', { name: 'Fatt vedtak' }).click();
    await expect(notice(h)).resolves.toContain('en vurdering av utestengelse er åpnet');
    await looksRight(h, 'case-decided');
    const reportCaseUrl = h.url();

    // The review case, from the queue: why it was opened, and a temporary exclusion.
    await h.goto(`${base}/saksbehandling/varsler`);
    await looksRight(h, 'queue-with-review');
    const reviewRow = h.locator('tr', { hasText: 'Vurdering av utestengelse' });
    await reviewRow.getByRole('link').click();
    await expect(h.locator('.review-reason').textContent()).resolves.toContain(
      'Tredje skriftlige advarsel innen fem år',
    );
    await looksRight(h, 'review');
    const until = addDays(osloDate(clock.now()), 14);
    const temporary = section(h, 'Midlertidig utestengelse');
    await temporary.getByLabel('Første dag tilbake (ÅÅÅÅ-MM-DD)').fill(until);
    await temporary.getByLabel('Begrunnelse').fill('Tre advarsler på fem år.');
    await temporary.getByRole('button', { name: 'Utesteng midlertidig' }).click();
    await expect(notice(h)).resolves.toContain('Tolken er midlertidig utestengt');
    await looksRight(h, 'review-excluded');

    // At once: the card check reads suspended (never why) and the search no longer lists them.
    const visitor = await person(null, true);
    const v = await visitor.newPage();
    const cardReads = async () => {
      await v.goto(`${base}/v/${cardToken}`);
      return (await h1(v))!;
    };
    const searchLists = async () => {
      await v.goto(`${base}/?q=${interpreter.interpreterNumber}`);
      return (await v.locator('main').textContent())!.includes('Tolkesen');
    };
    expect(await cardReads()).toContain('Suspendert');
    await expect(v.locator('main').textContent()).resolves.not.toMatch(/advarsel|varsel|utesteng/i);
    await looksRight(v, 'card-suspended');
    expect(await searchLists()).toBe(false);

    // The day before the end date nothing changes; on it the interpreter is back.
    const maintenance = t.app.get(ReportMaintenance);
    clock.travel(13);
    await maintenance.run(clock.now());
    expect(await cardReads()).toContain('Suspendert');
    clock.travel(1);
    await maintenance.run(clock.now());
    expect(await cardReads()).toContain('Gyldig');
    expect(await searchLists()).toBe(true);

    // 7. The handler closes the report; the reporter sees it closed.
    await h.goto(reportCaseUrl);
    await h.getByRole('button', { name: 'Avslutt saken' }).click();
    await expect(notice(h)).resolves.toContain('Saken er avsluttet');
    await looksRight(h, 'case-closed');
    // Two weeks on, the reporter's short session has ended: they type the code again.
    await r.goto(`${base}/meld-fra/sak`);
    expect(await h1(r)).toBe('Følg opp meldingen din');
    await looksRight(r, 'follow-up-session-ended');
    await r.getByLabel('Koden (16 siffer)').fill(receiptCode);
    await r.getByRole('button', { name: 'Åpne saken' }).click();
    await expect(r.locator('dl.facts').first().textContent()).resolves.toContain(
      'Saken er avsluttet',
    );
    await looksRight(r, 'reporter-case-closed');
    await r.getByRole('button', { name: 'Logg ut av saken' }).click();
    await expect(notice(r)).resolves.toContain('Du er logget ut av saken');

    // The interpreter sees the decision and its letter.
    await i.reload();
    await expect(i.locator('main').textContent()).resolves.toContain('Skriftlig advarsel');
    await looksRight(i, 'interpreter-case-decided');

    expect(checked.length).toBeGreaterThanOrEqual(30);
    for (const ctx of [reporter, handler, tolk, committee, visitor]) await ctx.close();
  }, 300_000);

  it.each([
    ['statistics', '/statistikk/varsler'],
    ['statistics-en', '/statistikk/varsler?lang=en'],
    ['form-en', '/meld-fra?lang=en'],
    ['follow-up-en', '/meld-fra/oppfolging?lang=en'],
  ])(
    'the public page %s (%s) has no WCAG 2.1 A/AA violations',
    async (name, path) => {
      const context = await person(null, true);
      const page = await context.newPage();
      const res = await page.goto(`${base}${path}`);
      expect(res?.status()).toBe(200);
      await looksRight(page, name);
      await context.close();
    },
    60_000,
  );
});
