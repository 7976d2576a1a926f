// The Dashboards screen end to end: browser mode in Chromium against a world lab with the
// release's addons and the monitor gateway MeshDeck writes. Every pane renders its dashboard
// (stand-ins, and the real Prometheus the world runs) inside a frame with no framing error — the Kiali stand-in always sends
// X-Frame-Options: DENY, so this proves the route the app wrote removes it; without that route
// rule the pane says so instead of showing a refused frame. The split view puts the Traffic
// sliders beside Kiali's graph; a Grafana whose pod cannot pull its image says why and offers
// Repair. Screenshots go to test-results/e2e.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_NAMES, type DashboardName } from '../../core/contract';
import { dashboardVirtualService, DASHBOARDS } from '../../core/gateways';
import { applyObjects } from '../../core/kube';
import { describeWithIstioReference } from '../support/reference-suite';
import { hasPrometheus } from '../support/requirements';
import type { WorldLab } from '../support/world-lab';
import { breakGrafana, repairGrafana, startWorldLabWithDashboards } from '../support/world-lab-dashboards';
import { chromiumOrSkipReason, launchChromium } from './helpers/chromium';
import { REPO_ROOT, startServe, type ServeHandle } from './helpers/serve';

const OUTPUT_DIR = join(REPO_ROOT, 'test-results/e2e');
const chromium = chromiumOrSkipReason();
// Without Debian's prometheus the world cannot run the Prometheus pod; that pane is then left out.
const shown = DASHBOARD_NAMES.filter((name) => name !== 'prometheus' || hasPrometheus());

/** What each dashboard calls its page, and where the pane's entry point leads. */
const EXPECTED: Record<DashboardName, { title: string; path: RegExp }> = {
  kiali: { title: 'Kiali', path: /^\/kiali\/console\/graph\/namespaces\/\?.*kiosk=true/ },
  grafana: { title: 'Grafana', path: /^\/d\/[0-9a-f]+\/istio-service-dashboard\?var-service=productpage\.default\.svc\.cluster\.local/ },
  tracing: { title: 'Jaeger UI', path: /^\/jaeger\/search\?service=productpage\.default/ },
  // The real Prometheus: / redirects to its query page (3.x /query, 2.x /graph, Debian's classic-only 2.42 /classic/graph).
  prometheus: { title: 'Prometheus Time Series Collection and Processing Server', path: /^\/(query|graph|classic\/graph)$/ },
};

const FRAMING_TROUBLE = /x-frame-options|frame-ancestors|refused to (display|frame)|in a frame/i;

async function paneFrame(page: Page, name: DashboardName): Promise<Frame> {
  await page.waitForSelector(`[data-testid="dashboard-pane-${name}"][data-state="show"]`, { timeout: 20_000 });
  const handle = await page.getByTestId(`dashboard-frame-${name}`).elementHandle({ timeout: 20_000 });
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`the ${name} pane has no frame`);
  await frame.waitForLoadState('load');
  return frame;
}

function pathOf(frame: Frame): string {
  const url = new URL(frame.url());
  return `${url.pathname}${url.search}`;
}

(chromium.found ? describeWithIstioReference : describe.skip)('browser mode: dashboards', () => {
  let lab: WorldLab;
  let server: ServeHandle;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!chromium.found) return;
    mkdirSync(OUTPUT_DIR, { recursive: true });
    lab = await startWorldLabWithDashboards({ seed: 7 });
    server = await startServe({ env: { MESHDECK_HOME: lab.home, KUBECONFIG: lab.world.kubeconfigPath } });
    browser = await launchChromium(chromium.path);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' })).newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await lab?.stop();
  });

  it('shows every dashboard live in its pane, at its entry point, with no framing error', async () => {
    await page.goto(`${server.url}#/dashboards`);
    for (const name of shown) {
      await page.getByTestId(`dashboard-tab-${name}`).click();
      const frame = await paneFrame(page, name);
      expect(await frame.title(), name).toBe(EXPECTED[name].title);
      expect(pathOf(frame), name).toMatch(EXPECTED[name].path);
      expect(new URL(frame.url()).host).toBe(`${name}.localhost:${lab.mesh.port}`);
      expect(await page.getByTestId(`dashboard-tab-${name}`).getAttribute('data-status')).toBe('ok');
      if (name === 'kiali' || name === 'grafana') await page.screenshot({ path: join(OUTPUT_DIR, `dashboards-${name}.png`) });
    }
    expect(errors.filter((text) => FRAMING_TROUBLE.test(text))).toEqual([]);
  }, 60_000);

  it('follows a link inside the frame and comes back with the pane’s Back button', async () => {
    await page.getByTestId('dashboard-tab-tracing').click();
    const frame = await paneFrame(page, 'tracing');
    expect(await page.getByTestId('dashboard-back-tracing').isDisabled()).toBe(true);
    await frame.getByRole('link', { name: 'Search' }).click();
    await frame.waitForURL(/\/jaeger\/search$/);
    await page.getByTestId('dashboard-back-tracing').click();
    await frame.waitForURL(/\/jaeger\/search\?service=productpage\.default/);
    // The pane learns of the move from the frame's load event; then Forward leads somewhere.
    await page.waitForSelector('[data-testid="dashboard-forward-tracing"]:not([disabled])', { timeout: 10_000 });
    // The app stayed where it was.
    expect(new URL(page.url()).hash).toBe('#/dashboards');
  }, 30_000);

  it('puts the Traffic sliders beside Kiali’s graph, and beside Grafana’s dashboard of the service being shifted', async () => {
    await page.getByTestId('dashboards-split-toggle').click();
    await page.getByTestId('traffic-slider-v1').waitFor({ timeout: 20_000 });
    const kiali = await paneFrame(page, 'kiali');
    expect(await kiali.title()).toBe('Kiali');
    await page.screenshot({ path: join(OUTPUT_DIR, 'dashboards-split.png') });
    await page.getByTestId('dashboards-split-grafana').click();
    const grafana = await paneFrame(page, 'grafana');
    expect(pathOf(grafana)).toMatch(/var-service=reviews\.default\.svc\.cluster\.local/);
    await page.screenshot({ path: join(OUTPUT_DIR, 'dashboards-split-grafana.png') });
    await page.getByTestId('dashboards-split-kiali').click();
    await page.getByTestId('dashboards-split-toggle').click();
    expect(errors.filter((text) => FRAMING_TROUBLE.test(text))).toEqual([]);
  }, 60_000);

  it('says why Grafana is not ready and offers Repair instead of a broken page', async () => {
    await breakGrafana(lab);
    try {
      await page.getByTestId('dashboards-recheck').click();
      await page.getByTestId('dashboard-tab-grafana').click();
      const problem = page.getByTestId('dashboard-problem-grafana');
      await problem.waitFor({ timeout: 20_000 });
      expect(await problem.getAttribute('data-problem')).toBe('pod-not-ready');
      const reason = (await page.getByTestId('dashboard-reason-grafana').textContent()) ?? '';
      // The kubelet retries the pull, so the pod is in one or the other at any moment.
      expect(reason).toMatch(/ImagePullBackOff|ErrImagePull/);
      expect(reason).toContain('grafana/grafana');
      expect(await page.getByTestId('dashboard-repair-grafana').isVisible()).toBe(true);
      expect(await page.getByTestId('dashboard-frame-grafana').count()).toBe(0);
      expect(await page.getByTestId('dashboard-tab-grafana').getAttribute('data-status')).toBe('fail');
      await page.screenshot({ path: join(OUTPUT_DIR, 'dashboards-grafana-not-ready.png') });
    } finally {
      await repairGrafana(lab);
    }
    await page.getByTestId('dashboard-recheck-grafana').click();
    expect(await (await paneFrame(page, 'grafana')).title()).toBe('Grafana');
  }, 60_000);

  it('without the route rule that strips Kiali’s DENY, says so rather than showing a refused frame', async () => {
    const kiali = DASHBOARDS.find((d) => d.name === 'kiali')!;
    const withRule = dashboardVirtualService(kiali);
    const withoutRule = dashboardVirtualService({ ...kiali, removeResponseHeaders: [] });
    await applyObjects(lab.clients, [withoutRule]);
    // The data plane routes by what the API server holds: wait until it no longer strips the header.
    await lab.mesh.until((s) => s.virtualServices.some((v) => v.name === 'monitor-kiali' && !v.http[0]?.headers?.response?.remove?.length), AbortSignal.timeout(10_000));
    try {
      await page.getByTestId('dashboard-tab-kiali').click();
      await page.getByTestId('dashboards-recheck').click();
      const problem = page.getByTestId('dashboard-problem-kiali');
      await problem.waitFor({ timeout: 20_000 });
      expect(await problem.getAttribute('data-problem')).toBe('framing');
      expect(await page.getByTestId('dashboard-reason-kiali').textContent()).toContain('X-Frame-Options: DENY');
      expect(await page.getByTestId('dashboard-repair-kiali').textContent()).toContain('gateways');
    } finally {
      await applyObjects(lab.clients, [withRule]);
    }
    await lab.mesh.until((s) => s.virtualServices.some((v) => v.name === 'monitor-kiali' && (v.http[0]?.headers?.response?.remove?.length ?? 0) > 0), AbortSignal.timeout(10_000));
    await page.getByTestId('dashboard-recheck-kiali').click();
    expect(await (await paneFrame(page, 'kiali')).title()).toBe('Kiali');
  }, 60_000);
});
