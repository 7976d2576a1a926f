// Every writer sees every change, end to end: `meshdeck serve` over a world lab, two Traffic tabs
// in Chromium and a terminal. A tab's apply shows in the other tab, so does a terminal's
// `meshdeck shift`; presets clicked in both tabs at once leave exactly one "Accepted" and both
// showing what the cluster holds; a scaled workload's ready count follows; then the lab's API server goes away and both tabs say the lab is
// gone (the generator run stopped, with why), and come back when it answers again.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/kube';
import { runCliAsync } from '../support/built-cli';
import { describeWithIstioReference } from '../support/reference-suite';
import type { WorldLab } from '../support/world-lab';
import { chromiumOrSkipReason } from './helpers/chromium';
import { OUTPUT_DIR, openWorldLabPage, type WorldLabPage } from './helpers/world-lab-page';

const chromium = chromiumOrSkipReason();

async function weightsOf(page: Page): Promise<string[]> {
  return Promise.all(['v1', 'v2', 'v3'].map(async (v) => (await page.getByTestId(`traffic-weight-${v}`).textContent()) ?? ''));
}

async function untilWeights(page: Page, want: string[]): Promise<void> {
  await expect.poll(() => weightsOf(page), { timeout: 5000, interval: 100 }).toEqual(want);
}

function applyState(page: Page): Promise<string | null> {
  return page.getByTestId('traffic-apply-state').getAttribute('data-state');
}

(chromium.found ? describeWithIstioReference : describe.skip)('browser mode: two tabs, a terminal, a lab that goes away', () => {
  let lab: WorldLab;
  let first: Page;
  let second: Page;
  let session: WorldLabPage | undefined;

  beforeAll(async () => {
    if (!chromium.found) return;
    session = await openWorldLabPage(chromium.path, { seed: 51, viewport: { width: 1360, height: 1400 } });
    lab = session.lab;
    first = session.page;
    second = await first.context().newPage();
    for (const page of [first, second]) {
      await page.goto(`${session.server.url}#/traffic`);
      await page.getByTestId('traffic-slider-v1').waitFor({ timeout: 30_000 });
    }
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('one tab applies, the other’s draft turns stale and then follows; a terminal shift shows in both', async () => {
    // Both tabs make a draft from the same (empty) routing; the first applies its own.
    await second.getByTestId('traffic-preset-v3').click();
    await first.getByTestId('traffic-preset-80-20').click();
    await first.getByTestId('traffic-apply-draft').click();
    await first.waitForSelector('[data-testid="traffic-apply-state"][data-state="accepted"]', { timeout: 10_000 });
    // The second tab's draft was made from a version that is gone: stale, never "Accepted".
    await second.waitForSelector('[data-testid="traffic-apply-state"][data-state="stale"]', { timeout: 5000 });
    await second.screenshot({ path: join(OUTPUT_DIR, 'live-stale-draft.png'), fullPage: true });
    await second.getByTestId('traffic-back-to-cluster').click();
    await untilWeights(second, ['80%', '20%', '0%']);

    const shift = await runCliAsync(['shift', 'reviews', 'v1=20', 'v2=80'], lab.env);
    expect(shift.status, shift.stderr).toBe(0);
    await untilWeights(first, ['20%', '80%', '0%']);
    await untilWeights(second, ['20%', '80%', '0%']);
    // The tab whose "Accepted" described the old split no longer says so.
    expect(await applyState(first)).toBe('idle');
    await first.screenshot({ path: join(OUTPUT_DIR, 'live-after-terminal-shift.png'), fullPage: true });
  });

  it('presets clicked in both tabs at once: one is accepted, the other is told and shows the cluster', async () => {
    // A slow API server, so both applies leave before either tab can hear of the other's.
    lab.world.setLatency(300);
    try {
      await Promise.all([first.getByTestId('traffic-preset-50-v3').click(), second.getByTestId('traffic-preset-v3').click()]);
      await expect.poll(async () => [await applyState(first), await applyState(second)].sort(), { timeout: 10_000 }).toEqual(['accepted', 'failed']);
    } finally {
      lab.world.setLatency(0);
    }
    const refused = (await applyState(first)) === 'failed' ? first : second;
    expect(await refused.getByTestId('traffic-apply-state').textContent()).toContain('another MeshDeck writer');
    const vs = (await lab.clients.http.request<KubeObject>('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews')).body;
    const route = ((vs['spec'] as { http: { route: { destination: { subset: string }; weight?: number }[] }[] }).http[0]?.route ?? []).map((r) => `${r.destination.subset}=${r.weight ?? 100}`);
    const want = route.join(',') === 'v1=50,v3=50' ? ['50%', '0%', '50%'] : ['0%', '0%', '100%'];
    await untilWeights(first, want);
    await untilWeights(second, want);
    await refused.screenshot({ path: join(OUTPUT_DIR, 'live-two-writers-refused.png'), fullPage: true });
  });

  it('a workload scaled from a terminal shows its new ready count in both tabs', async () => {
    await lab.clients.http.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/reviews-v2', {
      body: JSON.stringify({ spec: { replicas: 2 } }),
      contentType: 'application/merge-patch+json',
    });
    for (const page of [first, second]) {
      await expect.poll(() => page.getByTestId('traffic-version-v2').textContent(), { timeout: 15_000 }).toContain('2/2 ready');
    }
  });

  it('the lab goes away: both tabs say so, the generator run is stopped with why; it comes back when the lab answers', async () => {
    await first.getByTestId('traffic-rps').fill('20');
    await first.getByTestId('traffic-generator-start').click();
    await first.waitForSelector('[data-testid="traffic-run"][data-state="running"]', { timeout: 10_000 });
    await lab.world.restartApiServer(async () => {
      for (const page of [first, second]) await page.getByTestId('traffic-lab-gone').waitFor({ timeout: 15_000 });
      expect(await first.getByTestId('traffic-split').count()).toBe(0);
      expect(await first.getByText('1/1 ready').count()).toBe(0);
      await first.getByTestId('traffic-lab-gone-run').waitFor({ timeout: 5000 });
      expect(await first.getByTestId('traffic-lab-gone-run').textContent()).toContain('when the lab went away');
      await first.screenshot({ path: join(OUTPUT_DIR, 'live-lab-gone.png'), fullPage: true });
      // Setup was read again when the lab went: it says what it found.
      await second.goto(`${session!.server.url}#/setup`);
      await second.getByTestId('section-setup').waitFor();
      await second.waitForTimeout(1500);
      await second.screenshot({ path: join(OUTPUT_DIR, 'live-lab-gone-setup.png'), fullPage: true });
    });
    await second.goto(`${session!.server.url}#/traffic`);
    for (const page of [first, second]) await page.getByTestId('traffic-slider-v1').waitFor({ timeout: 20_000 });
  });
});
