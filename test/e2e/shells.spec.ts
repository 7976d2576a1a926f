// Several shells at once on the Logs screen, in Chromium against a world lab: a shell in
// productpage and one in reviews, a command in each; the tabs and their sessions survive a
// visit to another screen; closing a tab while a command runs asks first; closing an idle one
// does not. The world counts the exec sessions on its side.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithIstioReference } from '../support/reference-suite';
import type { WorldLab } from '../support/world-lab';
import { chromiumOrSkipReason } from './helpers/chromium';
import { OUTPUT_DIR, openWorldLabPage, type WorldLabPage } from './helpers/world-lab-page';

const chromium = chromiumOrSkipReason();

interface Doc {
  document: { querySelectorAll(selector: string): { value: string }[] };
}

(chromium.found ? describeWithIstioReference : describe.skip)('browser mode: several shells', () => {
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

  function podOf(app: string, version?: string): string {
    const pod = lab.mesh.snapshot().pods.find((p) => p.namespace === 'default' && p.labels['app'] === app && (!version || p.labels['version'] === version));
    if (!pod) throw new Error(`no ${app} pod`);
    return pod.name;
  }

  async function pick(target: string): Promise<void> {
    await page.waitForFunction((ref) => [...(globalThis as unknown as Doc).document.querySelectorAll('[data-testid="logs-target"] option')].some((o) => o.value === ref), target, { timeout: 30_000 });
    await page.getByTestId('logs-target').selectOption(target);
  }

  async function openShell(tabs: number): Promise<void> {
    await page.getByTestId('shell-open').click();
    await expect.poll(() => page.getByTestId('shell-tab').count()).toBe(tabs);
    await page.waitForSelector('[data-testid="shell-pane"][data-phase="open"]', { timeout: 15_000 });
  }

  async function run(command: string): Promise<void> {
    await page.getByTestId('shell-terminal').click();
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
  }

  const terminalText = async () => (await page.getByTestId('shell-terminal').textContent()) ?? '';
  const tab = (index: number) => page.getByTestId('shell-tab').nth(index);

  it('opens a shell in productpage and another in reviews, each with its own command and output', async () => {
    await page.goto(`${session!.server.url}#/logs`);
    await pick('deploy/productpage-v1');
    await openShell(1);
    await run('echo first-in-$HOSTNAME');
    await expect.poll(terminalText, { timeout: 10_000 }).toContain(`first-in-${podOf('productpage')}`);

    await pick('deploy/reviews-v2');
    await openShell(2);
    await run('echo second-in-$HOSTNAME');
    await expect.poll(terminalText, { timeout: 10_000 }).toContain(`second-in-${podOf('reviews', 'v2')}`);
    expect(await terminalText()).not.toContain('first-in-');

    expect(await tab(0).textContent()).toContain(podOf('productpage'));
    expect(await tab(1).textContent()).toContain(podOf('reviews', 'v2'));
    expect(lab.world.execSessions()).toHaveLength(2);
    await page.screenshot({ path: join(OUTPUT_DIR, 'shells-two-tabs.png') });
  });

  it('keeps both sessions and what they showed across a visit to another screen', async () => {
    await page.getByTestId('nav-traffic').click();
    await page.getByTestId('section-logs').waitFor({ state: 'detached' });
    expect(lab.world.execSessions()).toHaveLength(2);
    await page.getByTestId('nav-logs').click();
    await expect.poll(() => page.getByTestId('shell-tab').count()).toBe(2);
    await expect.poll(terminalText, { timeout: 10_000 }).toContain('second-in-');
    await tab(0).getByRole('tab').click();
    await expect.poll(terminalText, { timeout: 10_000 }).toContain('first-in-');
    // The session is the same one: it still answers.
    await run('echo still-here');
    await expect.poll(terminalText, { timeout: 10_000 }).toContain('still-here');
    expect(lab.world.execSessions()).toHaveLength(2);
  });

  it('asks before closing a tab whose command is still running, and closes an idle one at once', async () => {
    await run('sleep 600');
    await page.waitForSelector('[data-testid="shell-tab"][data-running="true"]', { timeout: 10_000 });
    await tab(0).getByTestId('shell-tab-close').click();
    const dialog = page.getByTestId('shell-close-dialog');
    await dialog.waitFor({ timeout: 5_000 });
    expect(await dialog.textContent()).toContain(podOf('productpage'));
    await page.screenshot({ path: join(OUTPUT_DIR, 'shells-close-confirm.png') });
    // Cancel keeps it…
    await page.getByTestId('shell-close-dialog-cancel').click();
    expect(await page.getByTestId('shell-tab').count()).toBe(2);
    expect(lab.world.execSessions()).toHaveLength(2);
    // …confirming closes it, on the cluster's side too.
    await tab(0).getByTestId('shell-tab-close').click();
    await page.getByTestId('shell-close-dialog-confirm').click();
    await expect.poll(() => page.getByTestId('shell-tab').count()).toBe(1);
    await expect.poll(() => lab.world.execSessions().length, { timeout: 10_000 }).toBe(1);

    // The reviews shell sits at its prompt: no question.
    await tab(0).getByTestId('shell-tab-close').click();
    expect(await page.getByTestId('shell-close-dialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId('shell-tab').count()).toBe(0);
    await expect.poll(() => lab.world.execSessions().length, { timeout: 10_000 }).toBe(0);
  });

  it('says so in the tab when a shell ends', async () => {
    await openShell(1);
    await run('exit 3');
    await page.waitForSelector('[data-testid="shell-tab"][data-phase="ended"]', { timeout: 10_000 });
    expect(await page.getByTestId('shell-tab-state').textContent()).toBe('ended');
    await expect.poll(terminalText, { timeout: 10_000 }).toContain('shell exited with code 3');
    await page.screenshot({ path: join(OUTPUT_DIR, 'shells-ended.png') });
  });
});
