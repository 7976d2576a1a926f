// Browser mode end to end: the built `meshdeck serve`, the real renderer in the system
// Chromium, the real doctor. The page must load with its token, keep the token out of the
// address bar, show the doctor's findings, and break no CSP rule on the way.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkipReason, launchChromium } from './helpers/chromium';
import { REPO_ROOT, startServe, type ServeHandle } from './helpers/serve';
import packageJson from '../../package.json' with { type: 'json' };

const OUTPUT_DIR = join(REPO_ROOT, 'test-results/e2e');
const chromium = chromiumOrSkipReason();

/** The little of the page's globals the browser-side callbacks touch (test/ has no DOM types). */
interface PageGlobals {
  __cspViolations?: string[];
  document: {
    activeElement: { getAttribute(name: string): string | null } | null;
    addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
  };
}

interface PageProblems {
  console: string[];
  httpErrors: string[];
}

function watch(page: Page): PageProblems {
  const problems: PageProblems = { console: [], httpErrors: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.console.push(message.text());
  });
  page.on('pageerror', (error) => problems.console.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.httpErrors.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations ?? []);
}

describe.skipIf(!chromium.found)('browser mode: Setup', () => {
  let server: ServeHandle;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!chromium.found) return;
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startServe();
    browser = await launchChromium(chromium.path);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    // Injected by the browser, so it is not subject to the page's CSP; it records violations.
    await context.addInitScript(() => {
      const page = globalThis as unknown as PageGlobals;
      const seen: string[] = [];
      page.__cspViolations = seen;
      page.document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('loads with the printed token and shows the doctor findings', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(server.url);

    await page.locator('[data-testid="doctor-finding-docker-engine"][data-status]').waitFor({ timeout: 45_000 });
    for (const id of ['docker-engine', 'host-ports']) {
      const status = await page.getAttribute(`[data-testid="doctor-finding-${id}"]`, 'data-status');
      expect(['ok', 'warn', 'fail', 'skipped'], `${id} has a status`).toContain(status);
    }
    const overall = page.getByTestId('doctor-overall');
    await expect.poll(() => overall.getAttribute('data-overall')).toMatch(/^(ok|warn|fail)$/);
    expect(await overall.textContent()).toMatch(/Ready for a lab|Ready, with warnings|Fix the failed checks first/);

    expect(new URL(page.url()).searchParams.has('token'), 'the token is gone from the address bar').toBe(false);
    expect(await page.getByTestId('app-version').textContent()).toBe(`v${packageJson.version}`);
    for (const section of ['setup', 'traffic', 'dashboards', 'logs', 'workshop']) {
      expect(await page.getByTestId(`nav-${section}`).count(), `nav-${section}`).toBe(1);
    }

    await page.screenshot({ path: join(OUTPUT_DIR, 'setup.png'), fullPage: true });
    expect(problems.console, 'console errors').toEqual([]);
    expect(problems.httpErrors, 'failed requests').toEqual([]);
    expect(await cspViolations(page), 'CSP violations').toEqual([]);
    await page.close();
  });

  it('keeps working after a reload and moves between sections with the keyboard', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(server.url);
    await page.getByTestId('doctor-overall').waitFor({ timeout: 45_000 });

    await page.reload();
    await page.getByTestId('doctor-overall').waitFor({ timeout: 45_000 });

    await page.getByTestId('nav-setup').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('section-traffic').waitFor();
    expect(await page.getByTestId('nav-traffic').getAttribute('aria-current')).toBe('page');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('data-testid'))).toBe('nav-traffic');
    expect(await page.getByTestId('traffic-empty').getAttribute('data-kind')).toBe('no-lab');

    expect(problems.console, 'console errors').toEqual([]);
    expect(problems.httpErrors, 'failed requests').toEqual([]);
    expect(await cspViolations(page), 'CSP violations').toEqual([]);
    await page.close();
  });
});

if (!chromium.found) {
  console.warn(`Browser tests skipped: ${chromium.reason}`);
  describe('browser mode: Setup', () => {
    it.skip(`skipped: ${chromium.reason}`, () => {});
  });
}
