// The Images section and the workshop kit, end to end: a world lab built by `meshdeck up` (host
// pulls from the run's registry, images loaded into the kind node), the built `meshdeck serve` in
// Chromium. The list shows every image on this computer and in the node; a kit is exported with
// its progress to the end, imported again, and a kit with one changed byte is refused.

import { mkdirSync } from 'node:fs';
import { copyFile, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../support/built-cli';
import { freePort } from '../support/ports';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';
import { chromiumOrSkipReason, launchChromium } from './helpers/chromium';
import { REPO_ROOT, startServe, type ServeHandle } from './helpers/serve';

const OUTPUT_DIR = join(REPO_ROOT, 'test-results/e2e');
const chromium = chromiumOrSkipReason();
const dockerReady = await hasDocker();

/** The little of the page's globals the recorder touches (test/ has no DOM types). */
interface RecorderGlobals {
  __kitProgress?: { steps: string[]; percents: number[] };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
  document: { querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null };
}

/** Changes one byte in the middle of the first image part's body (walking the tar's 512-byte headers). */
async function tamper(file: string): Promise<string> {
  const handle = await open(file, 'r+');
  try {
    const header = Buffer.alloc(512);
    for (let at = 0; ; ) {
      await handle.read(header, 0, 512, at);
      const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
      if (name === '') throw new Error(`${file} has no image part`);
      const size = Number.parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim(), 8);
      if (name.startsWith('images/') && size > 0) {
        const where = at + 512 + Math.floor(size / 2);
        const byte = Buffer.alloc(1);
        await handle.read(byte, 0, 1, where);
        await handle.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, where);
        return name;
      }
      at += 512 + Math.ceil(size / 512) * 512;
    }
  } finally {
    await handle.close();
  }
}

async function runKit(page: Page, job: 'export' | 'import', path: string): Promise<string> {
  const card = page.getByTestId(`kit-${job}`);
  await page.getByTestId(`kit-${job}-path`).fill(path);
  await page.getByTestId(`kit-${job}-start`).click();
  await page.waitForFunction((testId) => {
    const doc = (globalThis as unknown as RecorderGlobals).document;
    const state = doc.querySelector(`[data-testid="${testId}"]`)?.getAttribute('data-task-state');
    const refused = doc.querySelector(`[data-testid="${testId}"] [data-testid="error-notice"]`);
    return state === 'succeeded' || state === 'failed' || state === 'cancelled' || refused !== null;
  }, `kit-${job}`, { timeout: 60_000, polling: 100 });
  return (await card.getAttribute('data-task-state')) ?? '';
}

describe.runIf(chromium.found && dockerReady)('browser mode: images and the workshop kit', () => {
  const name = `e2e-img-${process.pid}`;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let mirror: Mirror;
  let server: ServeHandle;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!chromium.found) return;
    mkdirSync(OUTPUT_DIR, { recursive: true });
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-e2e-images-'));
    mirror = await startMirror();
    env = { MESHDECK_MIRROR: mirror.url, MESHDECK_HOME: join(dir, 'home'), MESHDECK_WORLD_STATE: join(dir, 'world'), KUBECONFIG: join(dir, 'kubeconfig') };
    const up = await runCliAsync(['up', '--name', name, '--http-port', String(await freePort()), '--https-port', String(await freePort())], env, 170_000);
    expect(up.status, up.stderr).toBe(0);
    server = await startServe({ env });
    browser = await launchChromium(chromium.path);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    // Records every step text and percentage the export's progress card shows, however briefly.
    await context.addInitScript(() => {
      const page = globalThis as unknown as RecorderGlobals;
      const seen = { steps: [] as string[], percents: [] as number[] };
      page.__kitProgress = seen;
      new page.MutationObserver(() => {
        const step = page.document.querySelector('[data-testid="kit-export"] .progress-step')?.textContent;
        const value = page.document.querySelector('[data-testid="kit-export"] [role="progressbar"]')?.getAttribute('aria-valuenow');
        if (step && seen.steps[seen.steps.length - 1] !== step) seen.steps.push(step);
        if (value != null && seen.percents[seen.percents.length - 1] !== Number(value)) seen.percents.push(Number(value));
      }).observe(page.document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    page = await context.newPage();
    // A whole lab `up` first (about 25 s on two idle cores; more when they are shared).
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (env) runCli(['down', '--yes', '--name', name], env);
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists every image on this computer and in the node, exports a kit, imports it, and refuses a changed one', { timeout: 120_000 }, async () => {
    await page.goto(server.url);
    const rows = page.getByTestId('image-row');
    // images.list runs istioctl manifest generate and asks the node's crictl: seconds, more on shared cores.
    await page
      .locator('[data-testid="images-section"][aria-busy="false"]')
      .waitFor({ timeout: 90_000 })
      .catch(async (error: Error) => {
        await page.screenshot({ path: join(OUTPUT_DIR, 'images-timeout.png') });
        throw new Error(`${error.message}\n${server.output().slice(-2000)}`);
      });
    expect(await page.getByTestId('images-section').getByTestId('error-notice').count(), await page.getByTestId('images-section').textContent() ?? '').toBe(0);
    const images = await rows.evaluateAll((elements) => elements.map((element) => ({ ref: element.getAttribute('data-ref'), host: element.getAttribute('data-host'), node: element.getAttribute('data-node') })));
    expect(images.length).toBeGreaterThan(8);
    expect(images.filter((image) => image.host !== 'true'), 'images missing on the host').toEqual([]);
    expect(images.filter((image) => !image.ref?.startsWith('kindest/node') && image.node !== 'true'), 'images missing in the node').toEqual([]);
    expect(await page.getByTestId('images-totals').textContent()).toMatch(new RegExp(`${images.length} of ${images.length} on this computer .* · ${images.length - 1} of ${images.length - 1} in the lab's node`));
    // The doctor reads the same report: nothing left to pull, and the run's registry stands in for Docker Hub.
    const hub = page.locator('[data-testid="doctor-finding-docker-hub"][data-status]');
    await hub.waitFor({ timeout: 45_000 });
    expect(await hub.getAttribute('data-status')).toBe('ok');
    expect(await hub.textContent()).toContain('the mirror');
    expect(await page.getByTestId('doctor-finding-image-disk').textContent()).toMatch(/already there; .* free in /);
    await page.getByTestId('images-section').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT_DIR, 'images-1920.png') });

    const kit = join(dir, 'istio-workshop.kit');
    expect(await page.getByTestId('kit-export-path').inputValue(), 'a default in the Downloads folder').toMatch(/istio-workshop\.kit$/);
    expect(await runKit(page, 'export', kit)).toBe('succeeded');
    const progress = (await page.evaluate(() => (globalThis as unknown as RecorderGlobals).__kitProgress))!;
    expect(progress.steps.filter((step) => step !== 'Starting…').length, `the export showed what it was doing: ${progress.steps.join(' | ')}`).toBeGreaterThan(0);
    expect(progress.percents, 'progress never goes back').toEqual([...progress.percents].sort((a, b) => a - b));
    expect(await page.getByTestId('kit-export-result').textContent()).toContain(kit);

    expect(await runKit(page, 'import', kit)).toBe('succeeded');
    expect(await page.getByTestId('kit-import-result').textContent()).toContain(kit);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('kit-section').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT_DIR, 'kit-1280.png') });

    const changed = join(dir, 'changed.kit');
    await copyFile(kit, changed);
    const part = await tamper(changed);
    expect(await runKit(page, 'import', changed)).not.toBe('succeeded');
    const notice = page.getByTestId('kit-import').getByTestId('error-notice');
    expect(await notice.getAttribute('data-code')).toBe('KIT_INVALID');
    expect(await notice.textContent()).toContain(part);
    // A long image reference in the message wraps inside the card instead of running off its edge.
    const overflow = await page.getByTestId('kit-import').evaluate((card: { scrollWidth: number; clientWidth: number }) => card.scrollWidth - card.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(OUTPUT_DIR, 'kit-invalid-1280.png') });
  });
});

