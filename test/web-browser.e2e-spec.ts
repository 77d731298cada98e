import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import sharp from 'sharp';
import { PrintRunService } from '../src/cards/print-run.service.js';
import { seedDemoRegister } from '../src/database/seed/demo-seeder.js';
import { setEntryStatus } from './factories/interpreter.factory.js';
import { NotificationsService } from '../src/notifications/notifications.service.js';
import { createStaffUser, interpreterSession, sessionFor } from './factories/user.factory.js';
import { readQrFromPng } from './setup/pdf-qr.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  describeInBrowser,
  SCREENSHOTS,
  wcagViolations,
} from './setup/browser.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

describeInBrowser('Pages in a real browser (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoRegister(t.dataSource);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a nurse finds a Somali interpreter in Oslo with JavaScript turned off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('Språk').selectOption('som');
    await page.getByLabel('Fylke').selectOption('03');
    await page.getByLabel('Video').check();
    await page.getByRole('button', { name: 'Søk' }).click();
    await page.waitForURL(/language=som/);
    expect(page.url()).toContain('county=03');
    const heading = await page
      .getByRole('heading', { level: 2, name: /tolker? funnet/ })
      .textContent();
    expect(Number(heading!.replace(/\D/g, ''))).toBeGreaterThan(0);
    const first = page.locator('.result').first();
    await expect(first.locator('.entries').textContent()).resolves.toContain('Somali');
    await page.screenshot({ path: `${SCREENSHOTS}/search-nb.png`, fullPage: false });
    await first.getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBeTruthy();
    await page.screenshot({ path: `${SCREENSHOTS}/profile-nb.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('the accessibility checker itself finds a known violation', async () => {
    const page = await browser.newPage();
    await page.setContent('<html lang="nb"><body><main><img src="x.png"></main></body></html>');
    const violations = await wcagViolations(page);
    expect(violations.map((v) => v.id)).toContain('image-alt');
    await page.close();
  });

  it.each([
    ['search (bokmål)', '/?language=tir&minCategory=D'],
    ['search (English)', '/?language=tir&minCategory=D&lang=en'],
    ['search with errors', '/?gender=x'],
    ['empty search page', '/'],
    ['statistics', '/statistikk'],
    ['not found', '/tolk/1'],
    ['sign-in', '/logg-inn'],
  ])(
    'the %s page has no WCAG 2.1 A/AA violations axe can find',
    async (name, path) => {
      const page = await browser.newPage();
      await page.goto(`${base}${path}`);
      const violations = await wcagViolations(page);
      expect(violations).toEqual([]);
      await page.screenshot({
        path: `${SCREENSHOTS}/${name.replace(/\W+/g, '-')}.png`,
        fullPage: false,
      });
      await page.close();
    },
    60_000,
  );

  it('an administrator reads the outgoing mail (recorded, not sent) with no WCAG 2.1 A/AA violations', async () => {
    const notifications = t.app.get(NotificationsService);
    const id = await t.dataSource.transaction((em) =>
      notifications.enqueue(em, {
        to: 'tolk@example.no',
        template: 'decision_made',
        lang: 'nb',
        params: { caseNumber: 'S-2026-0001' },
      }),
    );
    // Delivered through the job queue by the recording transport (no SMTP_URL here).
    for (let i = 0; i < 100; i++) {
      const [row] = await t.dataSource.query(`SELECT status FROM notifications WHERE id = $1`, [
        id,
      ]);
      if (row.status === 'recorded') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const adminId = await createStaffUser(t.dataSource, 'browser-admin', 'Ada Admin', [
      'administrator',
    ]);
    const context = await browser.newContext();
    await context.addCookies([
      { name: 'tr_session', value: await sessionFor(t, adminId, 'staff'), url: base },
    ]);
    const page = await context.newPage();
    await page.goto(`${base}/admin/e-post`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Utgående e-post',
    );
    await page.getByText('Saken din er avgjort').click();
    await expect(page.locator('.mail-body').first().textContent()).resolves.toContain(
      'saksnummer S-2026-0001',
    );
    expect(await wcagViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/admin-mail.png`, fullPage: true });
    await context.close();
  }, 60_000);

  describe('interpreter cards', () => {
    async function cardHolder(where: string): Promise<{ id: string; token: string }> {
      const [row]: Array<{ id: string; n: number }> = await t.dataSource.query(
        `SELECT i.id, i.interpreter_number AS n FROM interpreters i WHERE ${where}
          ORDER BY i.interpreter_number LIMIT 1`,
      );
      const [card] = await t.app.get(PrintRunService).printRun({ interpreterNumber: row.n });
      return { id: row.id, token: card.verificationUrl.split('/v/')[1] };
    }

    it.each([
      ['valid', 'Gyldig'],
      ['suspended', 'Suspendert'],
      ['unknown', 'Ukjent kort'],
    ])(
      'the %s card check reads at a glance on a phone, with no WCAG 2.1 A/AA violations',
      async (kind, heading) => {
        let token = 'A'.repeat(108);
        if (kind !== 'unknown') {
          const holder = await cardHolder(
            `(SELECT count(*) FROM register_entries e WHERE e.interpreter_id = i.id AND e.status = 'active') >= 2`,
          );
          token = holder.token;
          // Suspend every entry of the card's holder.
          if (kind === 'suspended') await setEntryStatus(t.dataSource, holder.id, 'suspended');
        }
        const context = await browser.newContext({
          viewport: { width: 375, height: 740 },
        });
        const page = await context.newPage();
        await page.goto(`${base}/v/${token}`);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
          heading,
        );
        expect(await wcagViolations(page)).toEqual([]);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth > window.innerWidth,
        );
        expect(overflow).toBe(false);
        await page.screenshot({ path: `${SCREENSHOTS}/card-check-${kind}.png`, fullPage: true });
        await context.close();
      },
      60_000,
    );

    it('a police officer scans the QR on the digital card with a phone and sees the interpreter is valid', async () => {
      const [person]: Array<{ national_id: string; interpreter_number: number }> =
        await t.dataSource.query(
          `SELECT i.national_id, i.interpreter_number FROM interpreters i
            WHERE EXISTS (SELECT 1 FROM register_entries e WHERE e.interpreter_id = i.id AND e.status = 'active')
              AND NOT EXISTS (SELECT 1 FROM register_entries e WHERE e.interpreter_id = i.id AND e.status <> 'active')
            ORDER BY i.interpreter_number DESC LIMIT 1`,
        );
      const session = await interpreterSession(t, person.national_id, 'Demo Tolk');
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
      await phone.addCookies([{ name: 'tr_session', value: session, url: base }]);
      const page = await phone.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`);
      });
      await page.goto(`${base}/min-side/kort`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Mitt tolkekort',
      );
      expect(await wcagViolations(page)).toEqual([]);
      const shot = await page.locator('.my-card__qr svg').screenshot();
      await page.screenshot({ path: `${SCREENSHOTS}/my-card.png`, fullPage: true });
      // Read the QR code off the screen the way a phone camera would.
      const code = readQrFromPng(shot);
      expect(code).not.toBeNull();
      expect(code!.data).toMatch(/\/v\/[A-Za-z0-9_-]{108}$/);
      const scanned = code!.data.replace(/^https?:\/\/[^/]+/, base);
      const scanner = await browser.newContext({ viewport: { width: 375, height: 740 } });
      const checkPage = await scanner.newPage();
      await checkPage.goto(scanned);
      await expect(checkPage.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'Gyldig',
      );
      await expect(checkPage.locator('.card-holder').textContent()).resolves.toContain(
        String(person.interpreter_number),
      );
      await checkPage.screenshot({ path: `${SCREENSHOTS}/card-check-digital.png`, fullPage: true });
      // The interpreter loses the printed card and blocks it from the phone.
      await page.getByRole('link', { name: 'Har du mistet kortet?' }).click();
      expect(await wcagViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Sperr det gamle kortet og lag et nytt' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toContain(
        'Det gamle kortet er sperret',
      );
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}/my-card-replaced.png`, fullPage: true });
      await checkPage.reload();
      await expect(checkPage.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'Erstattet',
      );
      await scanner.close();
      // The header names the person on every page and signs them out from any of them.
      await expect(page.locator('.signed-in').textContent()).resolves.toContain('Demo Tolk');
      await page.getByRole('button', { name: 'Logg ut' }).click();
      await page.waitForURL(`${base}/`);
      await expect(page.getByRole('link', { name: 'Logg inn' }).count()).resolves.toBe(1);
      await expect(page.locator('.signed-in').count()).resolves.toBe(0);
      const after = await fetch(`${base}/api/me`, { headers: { cookie: `tr_session=${session}` } });
      expect(after.status).toBe(401);
      expect(errors).toEqual([]);
      await phone.close();
    }, 60_000);
  });

  it('an interpreter keeps their profile and sends a new photo, which a case handler approves (no WCAG 2.1 A/AA violations)', async () => {
    const [person]: Array<{ national_id: string; interpreter_number: number }> =
      await t.dataSource.query(
        `SELECT i.national_id, i.interpreter_number FROM interpreters i
          WHERE EXISTS (SELECT 1 FROM register_entries e WHERE e.interpreter_id = i.id AND e.status = 'active')
          ORDER BY i.interpreter_number LIMIT 1`,
      );
    const session = await interpreterSession(t, person.national_id, 'Profil Tolk');
    const context = await browser.newContext();
    await context.addCookies([{ name: 'tr_session', value: session, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/min-side`);
    await page.getByRole('link', { name: 'Min profil' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Min profil');
    expect(await wcagViolations(page)).toEqual([]);
    await page.locator('#f-phone').fill('12ab');
    await page.getByRole('button', { name: 'Lagre profilen' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('telefonnummer');
    expect(await wcagViolations(page)).toEqual([]);
    await page.locator('#f-phone').fill('+47 912 34 567');
    await page.getByLabel('Trøndelag').check();
    await page.getByLabel('Kort tekst på den offentlige profilen').fill('Tolker i helse og rett.');
    await page.getByRole('button', { name: 'Lagre profilen' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Profilen er lagret',
    );
    await page.screenshot({ path: `${SCREENSHOTS}/my-profile.png`, fullPage: true });

    await page.getByRole('link', { name: 'Bytt bilde på tolkekortet' }).click();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByLabel('Nytt bilde').setInputFiles({
      name: 'meg.jpg',
      mimeType: 'image/jpeg',
      buffer: await sharp({
        create: { width: 600, height: 750, channels: 3, background: '#7a5a3a' },
      })
        .jpeg()
        .toBuffer(),
    });
    await page.getByRole('button', { name: 'Send inn bildet' }).click();
    await expect(
      page.getByRole('heading', { name: 'Venter på godkjenning' }).count(),
    ).resolves.toBe(1);
    expect(await wcagViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/my-profile-photo.png`, fullPage: true });
    await context.close();

    const handlerId = await createStaffUser(t.dataSource, 'browser-photos', 'Bente Bilde', [
      'case_handler',
    ]);
    const staff = await browser.newContext();
    await staff.addCookies([
      { name: 'tr_session', value: await sessionFor(t, handlerId, 'staff'), url: base },
    ]);
    const review = await staff.newPage();
    await review.goto(`${base}/saksbehandling`);
    await review.getByRole('link', { name: 'Nye bilder til godkjenning' }).click();
    await expect(review.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Nye bilder til godkjenning',
    );
    expect(await wcagViolations(review)).toEqual([]);
    await review.screenshot({ path: `${SCREENSHOTS}/photo-review.png`, fullPage: true });
    await review.getByRole('button', { name: 'Godkjenn' }).first().click();
    await expect(review.getByRole('status').first().textContent()).resolves.toContain(
      'Bildet er godkjent',
    );
    await staff.close();
  }, 60_000);

  it('the profile page has no WCAG 2.1 A/AA violations and works on a phone-sized screen', async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(`${base}/?language=ara&minCategory=B`);
    await page.locator('.result a').first().click();
    expect(await wcagViolations(page)).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth,
    );
    expect(overflow).toBe(false);
    await page.screenshot({ path: `${SCREENSHOTS}/profile-mobile.png`, fullPage: true });
    await context.close();
  }, 60_000);
});
