// The Workshop screen end to end: browser mode in Chromium against a world lab. "Open pack…"
// refuses a malformed pack with file:line:field and opens the engine's fixture pack; a lesson is
// checked (fails, saying what is missing), solved, checked (passes) and reset (fails again). The
// presenter view is shot at 1920×1080 and 1280×720, and a second screen follows its ← / →.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithIstioReference } from '../support/reference-suite';
import { chromiumOrSkipReason } from './helpers/chromium';
import { REPO_ROOT } from './helpers/serve';
import { OUTPUT_DIR, openWorldLabPage, type WorldLabPage } from './helpers/world-lab-page';

const chromium = chromiumOrSkipReason();
const FIXTURE_PACK = join(REPO_ROOT, 'test/fixtures/workshop/mini');

const BAD_PACK = `apiVersion: meshdeck.dev/v1alpha1
kind: LessonPack
id: broken
title: Broken
version: 0.0.1
lessons:
  - id: only
    title: Only
    minutes: 1
    body: A check kind that does not exist.
    tasks:
      - id: one
        title: One
        instructions: { text: nothing }
        check:
          - kind: shell
            message: never
`;

async function checkLesson(page: Page, passed: boolean): Promise<string> {
  await page.getByTestId('workshop-check-button').click();
  const result = page.locator(`[data-testid="workshop-check"][data-passed="${passed}"]`);
  await result.waitFor({ timeout: 30_000 });
  return (await result.textContent()) ?? '';
}

async function confirmed(page: Page, button: string, work: 'solve' | 'reset'): Promise<void> {
  await page.getByTestId(button).click();
  await page.getByTestId(`workshop-confirm-${work}-confirm`).click();
  await page.locator(`[data-testid="workshop-work"][data-work="${work}"][data-state="done"]`).waitFor({ timeout: 30_000 });
}

(chromium.found ? describeWithIstioReference : describe.skip)('browser mode: workshop', () => {
  let session: WorldLabPage | undefined;
  let page: Page;
  let badPack: string;

  beforeAll(async () => {
    if (!chromium.found) return;
    badPack = await mkdtemp(join(tmpdir(), 'meshdeck-bad-pack-'));
    await writeFile(join(badPack, 'pack.yaml'), BAD_PACK);
    session = await openWorldLabPage(chromium.path, { seed: 61, viewport: { width: 1360, height: 900 } });
    page = session.page;
  });

  afterAll(async () => {
    await session?.stop();
    if (badPack) await rm(badPack, { recursive: true, force: true });
  });

  it('refuses a malformed pack with file:line:field, then opens the fixture pack', async () => {
    await page.goto(`${session!.server.url}#/workshop`);
    await page.getByTestId('section-workshop').waitFor({ timeout: 30_000 });
    await page.getByTestId('workshop-open-toggle').click();
    await page.getByTestId('workshop-open-path').fill(badPack);
    await page.getByTestId('workshop-open-submit').click();
    const problems = page.getByTestId('workshop-problems');
    await problems.waitFor({ timeout: 15_000 });
    expect(await problems.textContent()).toMatch(/pack\.yaml:\d+(:\d+)? lessons\[0\]\.tasks\[0\]\.check\[0\]\.kind/);

    await page.getByTestId('workshop-open-path').fill(FIXTURE_PACK);
    await page.getByTestId('workshop-open-submit').click();
    await page.getByTestId('workshop-lesson-route-v1').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('workshop-problems').count()).toBe(0);
  });

  it('opens a lesson, checks (fails), solves, checks (passes) and resets', async () => {
    await page.getByTestId('workshop-lesson-route-v1').click();
    await page.locator('[data-testid="workshop-lesson"][data-lesson="route-v1"]').waitFor();
    expect(await page.getByTestId('workshop-task-reviews-v1-kubectl').textContent()).toContain('virtual-service-all-v1.yaml');

    expect(await checkLesson(page, false)).toContain('There is no VirtualService reviews sending everything to subset v1.');
    await page.screenshot({ path: join(OUTPUT_DIR, 'workshop-check-failed-1360.png'), fullPage: true });

    await page.getByTestId('workshop-hint-reviews-v1').click();
    expect(await page.getByTestId('workshop-hint-text-reviews-v1').textContent()).toContain('subset v1');
    await page.getByTestId('workshop-solution-reviews-v1').click();
    expect(await page.getByTestId('workshop-solution-yaml-reviews-v1').textContent()).toContain('kind: VirtualService');

    await confirmed(page, 'workshop-solve', 'solve');
    await checkLesson(page, true);
    await page.locator('[data-testid="workshop-lesson-route-v1"][data-state="passed"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(OUTPUT_DIR, 'workshop-check-passed-1360.png'), fullPage: true });

    await confirmed(page, 'workshop-reset', 'reset');
    await page.locator('[data-testid="workshop-lesson-route-v1"]:not([data-state="passed"])').waitFor({ timeout: 10_000 });
    await checkLesson(page, false);
  });

  it('shows the presenter view at 1920×1080 and 1280×720, and a second screen follows it', async () => {
    const second = await page.context().newPage();
    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${session!.server.url}#/workshop/present`);
      await page.locator('[data-testid="presenter"][data-lesson="route-v1"]').waitFor({ timeout: 15_000 });
      await page.keyboard.press('c');
      await page.getByTestId('workshop-check').waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(OUTPUT_DIR, `workshop-presenter-${width}x${height}.png`) });
    }
    await page.keyboard.press('?');
    await page.getByTestId('presenter-keys').waitFor();
    await page.screenshot({ path: join(OUTPUT_DIR, 'workshop-presenter-keys-1280x720.png') });
    await page.keyboard.press('Escape');

    await second.goto(`${session!.server.url}#/workshop/present`);
    await second.locator('[data-testid="presenter"][data-lesson="route-v1"]').waitFor({ timeout: 15_000 });
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="presenter"][data-lesson="reach-productpage"]').waitFor({ timeout: 10_000 });
    await second.locator('[data-testid="presenter"][data-lesson="reach-productpage"]').waitFor({ timeout: 10_000 });
    await second.close();
  });
});
