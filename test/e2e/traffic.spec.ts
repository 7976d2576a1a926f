// The Traffic screen end to end: browser mode in Chromium against a world lab (Bookinfo behind
// the mesh data plane). Drag reviews' sliders to 50/50 v1/v3, review and apply the first write,
// run the generator through the gateway, and watch the observed split converge on the target.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/kube';
import { describeWithIstioReference } from '../support/reference-suite';
import type { WorldLab } from '../support/world-lab';
import { chromiumOrSkipReason } from './helpers/chromium';
import { OUTPUT_DIR, openWorldLabPage, type WorldLabPage } from './helpers/world-lab-page';

const chromium = chromiumOrSkipReason();

/** Drags a range input's thumb to about `value`, then steps with the arrow keys to exactly it. */
async function dragSlider(page: Page, slider: Locator, readout: Locator, value: number): Promise<void> {
  const box = await slider.boundingBox();
  if (!box) throw new Error('slider not visible');
  const current = Number(await slider.inputValue());
  const y = box.y + box.height / 2;
  const xOf = (v: number) => box.x + 8 + ((box.width - 16) * v) / 100;
  await page.mouse.move(xOf(current), y);
  await page.mouse.down();
  await page.mouse.move(xOf(value), y, { steps: 12 });
  await page.mouse.up();
  for (let i = 0; i < 20 && Number(await slider.inputValue()) !== value; i++) {
    await slider.press(Number(await slider.inputValue()) < value ? 'ArrowRight' : 'ArrowLeft');
  }
  expect(await readout.textContent()).toBe(`${value}%`);
}

(chromium.found ? describeWithIstioReference : describe.skip)('browser mode: traffic shifting', () => {
  let lab: WorldLab;
  let page: Page;
  let session: WorldLabPage | undefined;

  beforeAll(async () => {
    if (!chromium.found) return;
    session = await openWorldLabPage(chromium.path, { seed: 50, viewport: { width: 1360, height: 1500 } });
    ({ lab, page } = session);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('drags reviews to 50/50 v1/v3, applies it, and the observed split converges', async () => {
    await page.goto(`${session!.server.url}#/traffic`);
    const v1 = page.getByTestId('traffic-slider-v1');
    const v2 = page.getByTestId('traffic-slider-v2');
    await v1.waitFor({ timeout: 30_000 });
    // Nothing written yet: the first write is a draft to review.
    await dragSlider(page, v2, page.getByTestId('traffic-weight-v2'), 0);
    await dragSlider(page, v1, page.getByTestId('traffic-weight-v1'), 50);
    expect(await page.getByTestId('traffic-weight-v3').textContent()).toBe('50%');
    await page.getByTestId('traffic-drawer').waitFor();
    expect(await page.getByTestId('traffic-diff-VirtualService').textContent()).toContain('weight: 50');
    await page.screenshot({ path: join(OUTPUT_DIR, 'traffic-draft.png'), fullPage: true });
    await page.getByTestId('traffic-apply-draft').click();
    await page.waitForSelector('[data-testid="traffic-apply-state"][data-state="accepted"]', { timeout: 15_000 });

    // The cluster holds exactly what the sliders say.
    const vs = (await lab.clients.http.request<KubeObject>('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews')).body;
    const route = ((vs['spec'] as { http: { route: { destination: { subset: string }; weight?: number }[] }[] }).http[0]?.route ?? []).map((r) => [r.destination.subset, r.weight]);
    expect(route).toEqual([['v1', 50], ['v3', 50]]);

    await page.getByTestId('traffic-rps').fill('100');
    await page.getByTestId('traffic-generator-start').click();
    await page.waitForSelector('[data-testid="traffic-run"][data-state="running"]', { timeout: 15_000 });
    // Converged: enough answers since the change, and both shares near 50.
    const observed = await page.waitForFunction(
      () => {
        // test/ has no DOM types: the little of `document` this touches.
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null; textContent: string | null } | null } }).document;
        const count = Number(/\((\d+)\)/.exec(doc.querySelector('[data-testid="traffic-observed"]')?.textContent ?? '')?.[1] ?? 0);
        const shares = JSON.parse(doc.querySelector('[data-testid="traffic-chart"]')?.getAttribute('data-observed') ?? '{}') as Record<string, number>;
        return count >= 600 ? { count, shares } : false;
      },
      undefined,
      { timeout: 45_000, polling: 250 },
    );
    const { count, shares } = (await observed.jsonValue()) as { count: number; shares: Record<string, number> };
    await page.screenshot({ path: join(OUTPUT_DIR, 'traffic-converged.png'), fullPage: true });
    console.info(`observed after ${count} answers: ${JSON.stringify(shares)}`);
    expect(Object.keys(shares).sort()).toEqual(['v1', 'v3']);
    expect(Math.abs((shares['v1'] ?? 0) - 50)).toBeLessThanOrEqual(8);
    expect(Math.abs((shares['v3'] ?? 0) - 50)).toBeLessThanOrEqual(8);

    // Stop ends the run; the run reports it.
    await page.getByTestId('traffic-generator-stop').click();
    await page.waitForSelector('[data-testid="traffic-run"][data-state="stopped"]', { timeout: 15_000 });
  }, 120_000);
});
