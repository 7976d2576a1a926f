// Browser mode when `meshdeck serve` goes away and comes back. Briefly away: the page keeps
// retrying. Back with a new token (a restart): the server closes the page's socket with 4401,
// and the page stops retrying and says to open the new link from the terminal. The token note
// says what the token is. Needs no lab: Setup loads without one.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkipReason, launchChromium } from './helpers/chromium';
import { REPO_ROOT, startServe, type ServeHandle } from './helpers/serve';

const chromium = chromiumOrSkipReason();
const OUTPUT_DIR = join(REPO_ROOT, 'test-results/e2e');

describe.skipIf(!chromium.found)('browser mode: serve restarted', () => {
  let browser: Browser;
  let page: Page;
  let first: ServeHandle | undefined;
  let second: ServeHandle | undefined;
  const sockets: string[] = [];

  beforeAll(async () => {
    if (!chromium.found) return;
    mkdirSync(OUTPUT_DIR, { recursive: true });
    first = await startServe();
    browser = await launchChromium(chromium.path);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' })).newPage();
    page.on('websocket', (socket) => sockets.push(socket.url()));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await first?.stop();
    await second?.stop();
  });

  const connection = () => page.getByTestId('connection').getAttribute('data-state');

  it('says what the token is: valid until this meshdeck serve stops, keep the link to yourself', async () => {
    await page.goto(first!.url);
    await expect.poll(connection, { timeout: 20_000 }).toBe('open');
    const note = page.getByTestId('token-note');
    const text = (await note.textContent()) ?? '';
    expect(text).toMatch(/valid until this meshdeck serve stops/);
    expect(text).toMatch(/keep it to yourself/);
    expect(text).not.toMatch(/one-time/i);
    await page.screenshot({ path: join(OUTPUT_DIR, 'serve-token-note.png') });
    // Dismissed, it stays away on a reload of this tab.
    await page.getByTestId('token-note-dismiss').click();
    await page.reload();
    await expect.poll(connection, { timeout: 20_000 }).toBe('open');
    expect(await page.getByTestId('token-note').count()).toBe(0);
  });

  it('keeps retrying while serve is away, and says to open the new link once it is back with a new token', async () => {
    const port = Number(new URL(first!.url).port);
    await first!.stop();
    first = undefined;
    await expect.poll(connection, { timeout: 20_000 }).toBe('reconnecting');
    expect(await page.getByTestId('session-lost').textContent()).toContain('this page keeps trying');
    const beforeRestart = sockets.length;
    second = await startServe({ port });
    const restarted = page.getByTestId('session-restarted');
    await restarted.waitFor({ timeout: 30_000 });
    expect(await restarted.textContent()).toContain('MeshDeck was restarted: open the new link from the terminal');
    expect(await connection()).toBe('refused');
    expect(await page.getByTestId('session-lost').count()).toBe(0);
    // It reached the new serve at least once, was refused, and tries no more.
    const atRefusal = sockets.length;
    expect(atRefusal).toBeGreaterThan(beforeRestart);
    await page.screenshot({ path: join(OUTPUT_DIR, 'serve-restarted.png') });
    await page.waitForTimeout(6_000);
    expect(sockets.length).toBe(atRefusal);
  });

  it('works again from the new link', async () => {
    await page.goto(second!.url);
    await expect.poll(connection, { timeout: 20_000 }).toBe('open');
    expect(await page.getByTestId('session-restarted').count()).toBe(0);
  });
});
