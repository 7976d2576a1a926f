// Why the desktop window loads app://meshdeck and not file:// (Electron checklist 18), shown in
// the system Chromium with the built renderer: from file:// the page stays blank, because
// Chromium refuses its `<script type="module" crossorigin>` there — as Electron does once the
// grantFileProtocolExtraPrivileges fuse is off. Answered by the app:// scheme's own mapping
// (rendererAnswer) on a secure origin, the same files render. Electron's binary cannot run here;
// the stand-in preload below is the only part of the desktop window that is not real.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_ORIGIN, rendererAnswer } from '../../electron/main/renderer-protocol';
import { chromiumOrSkipReason, launchChromium } from './helpers/chromium';
import { REPO_ROOT } from './helpers/serve';

const chromium = chromiumOrSkipReason();
const rendererRoot = join(REPO_ROOT, 'out/renderer');
/** Stands in for app://meshdeck: secure like it, and `.invalid` never reaches a network. */
const STAND_IN_ORIGIN = 'https://meshdeck.invalid';

/** The little of the page's globals the browser-side callbacks touch (test/ has no DOM types). */
interface PageGlobals {
  meshdeck?: unknown;
  __cspViolations?: string[];
  document: {
    getElementById(id: string): { childElementCount: number } | null;
    addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
  };
}

/** The desktop page as the preload leaves it: a `window.meshdeck` bridge (whose calls never answer here) and a CSP watch. */
async function desktopPage(browser: Browser): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  await page.addInitScript(() => {
    const page = globalThis as unknown as PageGlobals;
    page.meshdeck = { call: () => new Promise(() => undefined), subscribe: () => () => undefined };
    const seen: string[] = [];
    page.__cspViolations = seen;
    page.document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return { page, consoleErrors };
}

const rootChildren = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).document.getElementById('root')?.childElementCount ?? -1);

describe.skipIf(!chromium.found)('the built renderer: file:// versus the app scheme', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!chromium.found) return;
    await readFile(join(rendererRoot, 'index.html')).catch(() => {
      throw new Error('The renderer is not built: run `npx electron-vite build` (npm test builds it) before the browser tests.');
    });
    browser = await launchChromium(chromium.path);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('stays blank from file://: the module script is refused', async () => {
    const { page, consoleErrors } = await desktopPage(browser);
    const refused = page.waitForEvent('console', { predicate: (message) => /blocked by CORS policy/.test(message.text()), timeout: 15_000 });
    await page.goto(pathToFileURL(join(rendererRoot, 'index.html')).href);
    expect((await refused).text()).toMatch(/from origin 'null'/);
    await page.waitForLoadState('load');
    expect(await rootChildren(page)).toBe(0);
    expect(consoleErrors.some((text) => /assets\/index-[\w-]+\.js/.test(text)), consoleErrors.join('\n')).toBe(true);
    await page.close();
  });

  it('renders when every request is answered by the app scheme mapping, with its CSP and no violation', async () => {
    const { page, consoleErrors } = await desktopPage(browser);
    const served: string[] = [];
    await page.route(`${STAND_IN_ORIGIN}/**`, async (route) => {
      const requested = new URL(route.request().url());
      // The same request, as Chromium would hand it to protocol.handle for app://meshdeck.
      const answer = await rendererAnswer(rendererRoot, { method: route.request().method(), url: `${RENDERER_ORIGIN}${requested.pathname}${requested.search}` });
      served.push(`${answer.status} ${requested.pathname}`);
      await route.fulfill({ status: answer.status, headers: answer.headers, body: answer.file ? await readFile(answer.file) : '' });
    });
    const response = await page.goto(`${STAND_IN_ORIGIN}/index.html`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByTestId('nav-setup').waitFor({ timeout: 15_000 });
    expect(await rootChildren(page)).toBeGreaterThan(0);
    expect(served).toEqual(expect.arrayContaining(['200 /index.html', expect.stringMatching(/^200 \/assets\/index-[\w-]+\.js$/), expect.stringMatching(/^200 \/assets\/index-[\w-]+\.css$/)]));
    expect(served.filter((line) => !line.startsWith('200 ')), 'refused requests').toEqual([]);
    expect(consoleErrors, 'console errors').toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations ?? []), 'CSP violations').toEqual([]);
    await page.close();
  });
});
