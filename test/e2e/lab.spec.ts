// The one button, end to end: browser mode in Chromium, "Create my mesh" clicked against the
// test world (release mirror, kind stand-in with its Docker node, istioctl from the archive),
// every step turning green, and the Bookinfo and dashboard links at the end.

import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from '../../core/lab/http-check';
import { runCli } from '../support/built-cli';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';
import { chromiumOrSkipReason, launchChromium } from './helpers/chromium';
import { allStepsGreen, clickCreateMesh, LAB_STEP_IDS, labLinks, labStepStates, waitForLabOutcome, waitForLabSteps } from './helpers/lab';
import { REPO_ROOT, startServe, type ServeHandle } from './helpers/serve';
import { freePort } from '../support/ports';

const OUTPUT_DIR = join(REPO_ROOT, 'test-results/e2e');
const chromium = chromiumOrSkipReason();
const dockerReady = await hasDocker();


describe.runIf(chromium.found && dockerReady)('browser mode: Create my mesh', () => {
  const name = `e2e-${process.pid}`;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let mirror: Mirror;
  let server: ServeHandle;
  let browser: Browser;
  let page: Page;
  let httpPort: number;

  beforeAll(async () => {
    if (!chromium.found) return;
    mkdirSync(OUTPUT_DIR, { recursive: true });
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-e2e-lab-'));
    mirror = await startMirror();
    env = { MESHDECK_MIRROR: mirror.url, MESHDECK_HOME: join(dir, 'home'), MESHDECK_WORLD_STATE: join(dir, 'world'), KUBECONFIG: join(dir, 'kubeconfig') };
    server = await startServe({ env });
    browser = await launchChromium(chromium.path);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 1100 }, colorScheme: 'dark' })).newPage();
    httpPort = await freePort();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (env) runCli(['down', '--yes', '--name', name], env);
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('turns every step green and links to Bookinfo and the dashboards', { timeout: 240_000 }, async () => {
    await page.goto(server.url);
    await clickCreateMesh(page, { name, httpPort, httpsPort: await freePort() });
    expect(Object.keys(await waitForLabSteps(page))).toContain('verify');
    // A long detail (the digest-pinned node image) ends in an ellipsis inside the list, never past its edge.
    await page.getByTestId('lab-step-node-image').locator('.step-detail-inline').waitFor();
    const overflow = await page.getByTestId('lab-steps').evaluate((list) => Math.max(...[...list.querySelectorAll('.step-head')].map((head) => head.getBoundingClientRect().right - list.getBoundingClientRect().right)));
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(OUTPUT_DIR, 'lab-running.png'), fullPage: true });
    const outcome = await waitForLabOutcome(page, 200_000);
    await page.screenshot({ path: join(OUTPUT_DIR, 'lab-created.png'), fullPage: true });
    expect(outcome, server.output()).toBe('succeeded');
    const states = await labStepStates(page);
    expect(Object.keys(states)).toEqual([...LAB_STEP_IDS]);
    expect(allStepsGreen(states), JSON.stringify(states)).toBe(true);

    const links = await labLinks(page);
    expect(links.bookinfo).toBe(`http://127.0.0.1:${httpPort}/productpage`);
    expect(links.kiali).toBe(`http://kiali.localhost:${httpPort}/kiali/`);
    const productPage = await httpGet(httpPort, '/productpage', 'bookinfo.localhost', AbortSignal.timeout(10_000));
    expect(productPage.body).toContain('Simple Bookstore App');

    // A reload (a new launch) shows the existing lab's status.
    await page.reload();
    await page.getByTestId('lab-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('lab-summary').textContent()).toContain(name);
  });
});
