import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// What every browser test shares: Debian's Chromium (never a downloaded
// browser), the flags it runs with here, and axe-core's WCAG 2.1 A/AA check.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
const available = existsSync(CHROMIUM);
// CI installs Chromium and sets REQUIRE_BROWSER, so these tests cannot silently vanish there.
if (!available && process.env.REQUIRE_BROWSER) {
  throw new Error(`REQUIRE_BROWSER is set but there is no browser at ${CHROMIUM}`);
}
export const describeInBrowser = available ? describe : describe.skip;
export const SCREENSHOTS = 'test-output/screenshots';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** What axe-core finds against WCAG 2.1 A and AA on the page as it is now. */
export async function wcagViolations(page: Page): Promise<AxeViolation[]> {
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
