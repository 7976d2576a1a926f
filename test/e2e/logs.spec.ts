// The Logs screen end to end: browser mode in Chromium against a world lab. Open productpage's
// logs, see lines the pod writes while following, search a word, download the log, open a shell
// in the container and run a command; closing the tab ends the server-side log stream.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithIstioReference } from '../support/reference-suite';
import type { WorldLab } from '../support/world-lab';
import { chromiumOrSkipReason } from './helpers/chromium';
import { OUTPUT_DIR, openWorldLabPage, type WorldLabPage } from './helpers/world-lab-page';

const chromium = chromiumOrSkipReason();

(chromium.found ? describeWithIstioReference : describe.skip)('browser mode: logs and shell', () => {
  let lab: WorldLab;
  let page: Page;
  let session: WorldLabPage | undefined;

  beforeAll(async () => {
    if (!chromium.found) return;
    session = await openWorldLabPage(chromium.path, { viewport: { width: 1400, height: 900 } });
    ({ lab, page } = session);
  });

  afterAll(async () => {
    await session?.stop();
  });

  function productpagePod(): string {
    const pod = lab.mesh.snapshot().pods.find((p) => p.namespace === 'default' && p.labels['app'] === 'productpage');
    if (!pod) throw new Error('no productpage pod');
    return pod.name;
  }

  it('follows productpage, finds a word, and downloads what it shows', async () => {
    await page.goto(`${session!.server.url}#/logs`);
    const target = page.getByTestId('logs-target');
    await target.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): { value: string }[] } }).document;
      return [...doc.querySelectorAll('[data-testid="logs-target"] option')].some((o) => o.value === 'deploy/productpage-v1');
    }, undefined, { timeout: 30_000 });
    await target.selectOption('deploy/productpage-v1');
    const terminal = page.getByTestId('logs-terminal');
    await page.waitForFunction(() => Number((globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector('[data-testid="logs-terminal"]')?.getAttribute('data-lines') ?? 0) > 0, undefined, { timeout: 20_000 });

    // A line the pod writes now shows up while following.
    const before = Number(await terminal.getAttribute('data-lines'));
    lab.world.writeLog('default', productpagePod(), 'productpage', 'INFO MeshDeck-e2e-marker reached the viewer');
    await page.waitForFunction((n) => Number((globalThis as unknown as { document: { querySelector(s: string): { getAttribute(k: string): string | null } | null } }).document.querySelector('[data-testid="logs-terminal"]')?.getAttribute('data-lines') ?? 0) > n, before, { timeout: 10_000 });

    await page.getByTestId('logs-search').fill('MeshDeck-e2e-marker');
    await page.getByTestId('logs-search-next').click();
    await expect.poll(async () => (await page.getByTestId('logs-search-count').textContent()) ?? '', { timeout: 10_000 }).toMatch(/1/);
    await page.screenshot({ path: join(OUTPUT_DIR, 'logs-search.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('logs-download').click()]);
    const saved = join(OUTPUT_DIR, 'productpage.log');
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toMatch(/productpage.*\.txt$|productpage.*\.log$/);
    const text = await readFile(saved, 'utf8');
    expect(text).toContain('MeshDeck-e2e-marker reached the viewer');
    // The world serves one follow stream for this viewer.
    expect(lab.world.openLogStreams()).toBeGreaterThanOrEqual(1);
  });

  it('opens a shell in the container and runs a command', async () => {
    await page.getByTestId('shell-open').click();
    const shell = page.getByTestId('shell-terminal');
    await shell.waitFor({ timeout: 15_000 });
    await page.waitForSelector('[data-testid="shell-pane"][data-phase="open"]', { timeout: 15_000 });
    await shell.click();
    await page.keyboard.type('echo shell-in-$HOSTNAME');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await shell.textContent()) ?? '', { timeout: 10_000 }).toContain(`shell-in-${productpagePod()}`);
    await page.screenshot({ path: join(OUTPUT_DIR, 'logs-shell.png') });
    expect(lab.world.execSessions().length).toBe(1);
  });

  it('closing the tab ends the server-side log stream and the shell', async () => {
    await page.close();
    await expect.poll(() => lab.world.openLogStreams(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => lab.world.execSessions().length, { timeout: 15_000 }).toBe(0);
  });
});
