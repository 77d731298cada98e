import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seedDemoRegister } from '../src/database/seed/demo-seeder.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// CI installs Chromium and sets REQUIRE_BROWSER, so these tests cannot silently vanish there.
if (!available && process.env.REQUIRE_BROWSER) {
  throw new Error(`REQUIRE_BROWSER is set but there is no browser at ${CHROMIUM}`);
}
const describeInBrowser = available ? describe : describe.skip;
const SCREENSHOTS = 'test-output/screenshots';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function wcagViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page CSP does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

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
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
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
