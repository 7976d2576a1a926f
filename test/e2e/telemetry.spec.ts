// The Traffic chart's mesh telemetry end to end: browser mode in Chromium over a world lab with
// the release's addons, whose Prometheus is the real one scraping the world's sidecars. Reviews
// is routed 80/20 by `meshdeck shift`; the page's generator sends requests and the chart draws,
// beside its page-classified split, the split the mesh reports (dotted), which lands near the
// target; then ratings, which the generator cannot classify, shows the mesh's split alone.
// Screenshots go to test-results/e2e (telemetry-reviews.png, telemetry-ratings.png).
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/built-cli';
import { describeWithIstioReference } from '../support/reference-suite';
import { hasPrometheus } from '../support/requirements';
import type { WorldLab } from '../support/world-lab';
import { startWorldLabWithDashboards } from '../support/world-lab-dashboards';
import { chromiumOrSkipReason, launchChromium } from './helpers/chromium';
import { startServe, type ServeHandle } from './helpers/serve';
import { OUTPUT_DIR } from './helpers/world-lab-page';

const chromium = chromiumOrSkipReason();
const prometheus = hasPrometheus();

/** The telemetry line once it is in `want.state` with (at least) `want.versions` reported at `want.points` times. */
async function telemetryWhen(page: Page, want: { state: string; versions?: string[]; points?: number }): Promise<{ state: string; shares: Record<string, number>; text: string }> {
  const handle = await page.waitForFunction(
    ({ state, versions, points }) => {
      // test/ has no DOM types: the little of `document` this touches.
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null; textContent: string | null } | null } }).document;
      const line = doc.querySelector('[data-testid="traffic-telemetry"]');
      if (!line) return false;
      const seen = { state: line.getAttribute('data-state') ?? '', shares: JSON.parse(line.getAttribute('data-shares') ?? '{}') as Record<string, number>, text: line.textContent ?? '' };
      const enough = Number(line.getAttribute('data-points') ?? 0) >= points;
      return seen.state === state && enough && versions.every((version) => seen.shares[version] !== undefined) ? seen : false;
    },
    { state: want.state, versions: want.versions ?? [], points: want.points ?? 0 },
    { timeout: 60_000, polling: 250 },
  );
  return (await handle.jsonValue()) as { state: string; shares: Record<string, number>; text: string };
}

(chromium.found && prometheus ? describeWithIstioReference : describe.skip)('browser mode: the split the mesh reports', () => {
  let lab: WorldLab;
  let server: ServeHandle;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!chromium.found) return;
    lab = await startWorldLabWithDashboards({ seed: 1717 });
    const shifted = await runCliAsync(['shift', 'reviews', 'v1=80', 'v2=20', '-n', 'default'], lab.env);
    expect(shifted.status, shifted.stderr).toBe(0);
    server = await startServe({ env: { MESHDECK_HOME: lab.home, KUBECONFIG: lab.world.kubeconfigPath } });
    browser = await launchChromium(chromium.path);
    page = await (await browser.newContext({ viewport: { width: 1360, height: 1500 }, colorScheme: 'dark' })).newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await lab?.stop();
  });

  it('draws the mesh-reported reviews split beside the generator’s, near 80/20', async () => {
    await page.goto(`${server.url}#/traffic`);
    await page.getByTestId('traffic-generator-start').waitFor({ timeout: 30_000 });
    await page.getByTestId('traffic-rps').fill('50');
    await page.getByTestId('traffic-generator-start').click();
    await page.waitForSelector('[data-testid="traffic-run"][data-state="running"]', { timeout: 15_000 });
    const seen = await telemetryWhen(page, { state: 'ok', versions: ['v1', 'v2'], points: 8 });
    await page.getByTestId('traffic-chart').scrollIntoViewIfNeeded();
    await page.getByTestId('traffic-chart').screenshot({ path: join(OUTPUT_DIR, 'telemetry-reviews.png') });
    console.info(`the mesh reports ${JSON.stringify(seen.shares)} for reviews: ${seen.text}`);
    expect(Object.keys(seen.shares).sort()).toEqual(['v1', 'v2']);
    expect(Math.abs((seen.shares.v1 ?? 0) - 80)).toBeLessThanOrEqual(15);
    expect(seen.text).toMatch(/Mesh telemetry, newest point: v1 \d+%, v2 \d+% \(Istio's istio_requests_total in Prometheus, reporter=destination, rate over \d+ s\)/);
    expect(await page.getByTestId('traffic-chart').textContent()).toContain('mesh telemetry (Prometheus, rate over');
  }, 120_000);

  it('shows ratings from the mesh alone, with its reason when Prometheus goes away', async () => {
    await page.getByTestId('traffic-service').selectOption('default/ratings');
    await page.waitForSelector('[data-testid="traffic-chart"][data-service="ratings"]');
    const seen = await telemetryWhen(page, { state: 'ok', versions: ['v1'], points: 3 });
    await page.getByTestId('traffic-chart').screenshot({ path: join(OUTPUT_DIR, 'telemetry-ratings.png') });
    expect(seen.shares).toEqual({ v1: 100 });
    expect(await page.getByTestId('traffic-chart').getAttribute('data-windows')).toBe('0');

    await page.getByTestId('traffic-generator-stop').click();
    await lab.clients.http.request('DELETE', '/apis/apps/v1/namespaces/istio-system/deployments/prometheus', { body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' }) });
    const gone = await telemetryWhen(page, { state: 'unavailable' });
    expect(gone.text).toMatch(/^Mesh telemetry unavailable: Prometheus \(istio-system\/prometheus\) is not ready yet/);
  }, 120_000);
});
