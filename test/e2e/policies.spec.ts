// The Policies panel end to end: browser mode in Chromium against a world lab. Put an abort 500
// on half of ratings' requests from the panel (previewed first), send traffic through the gateway
// and see the product pages lose their ratings on the response-codes chart, then remove the fault
// and see them come back whole; Undo (the core's: the objects as they were before the last change)
// brings it back. A refused word reads like the CLI's; an edit by someone else after the Security
// preview is a CONFLICT. Screenshots at 1360×900 and at a projector's 1920×1080, where the
// policies and the charts sit side by side.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObjects, type KubeObject } from '../../core/kube';
import { describeWithIstioReference } from '../support/reference-suite';
import type { WorldLab } from '../support/world-lab';
import { startMirror, type Mirror } from '../world/mirror/index.js';
import { chromiumOrSkipReason } from './helpers/chromium';
import { OUTPUT_DIR, openWorldLabPage, type WorldLabPage } from './helpers/world-lab-page';

const chromium = chromiumOrSkipReason();

/** The response-codes chart's shares of the last few seconds, once the share of `outcome` is within [min, max]. */
async function waitForCodes(page: Page, wanted: { outcome: string; min: number; max: number }, timeout = 45_000): Promise<Record<string, number>> {
  const handle = await page.waitForFunction(
    ({ outcome, min, max }) => {
      // test/ has no DOM types: the little of `document` this touches.
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document;
      const shares = JSON.parse(doc.querySelector('[data-testid="traffic-codes"]')?.getAttribute('data-shares') ?? '{}') as Record<string, number>;
      const share = Object.keys(shares).length === 0 ? -1 : (shares[outcome] ?? 0);
      return share >= min && share <= max ? shares : false;
    },
    wanted,
    { timeout, polling: 250 },
  );
  return (await handle.jsonValue()) as Record<string, number>;
}

async function ratingsFault(lab: WorldLab): Promise<unknown> {
  const response = await lab.clients.http.request<KubeObject>('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/ratings').catch(() => null);
  const http = (response?.body?.['spec'] as { http?: { fault?: unknown }[] } | undefined)?.http ?? [];
  return http.find((rule) => rule.fault !== undefined)?.fault ?? null;
}

(chromium.found ? describeWithIstioReference : describe.skip)('browser mode: policies', () => {
  let lab: WorldLab;
  let page: Page;
  let session: WorldLabPage | undefined;
  let mirror: Mirror | undefined;

  beforeAll(async () => {
    if (!chromium.found) return;
    // The curl client's manifest comes from the lab's Istio release; this lab was made without `up`, so from the world's mirror.
    mirror = await startMirror();
    session = await openWorldLabPage(chromium.path, { seed: 51, viewport: { width: 1360, height: 900 }, env: { MESHDECK_MIRROR: mirror.url } });
    ({ lab, page } = session);
  });

  afterAll(async () => {
    await session?.stop();
    await mirror?.stop();
  });

  it('sets an abort on ratings from the Policies panel, sees pages lose their ratings, and clears it', async () => {
    await page.goto(`${session!.server.url}#/traffic`);
    await page.getByTestId('traffic-service').waitFor({ timeout: 30_000 });
    await page.getByTestId('traffic-service').selectOption('default/ratings');
    const panel = page.getByTestId('policies-panel');
    await panel.getByTestId('policy-none').waitFor({ timeout: 15_000 });

    // A percentage over 100 is refused by the core in the CLI's words, and nothing is written.
    await page.getByTestId('policy-fault-abort').fill('500');
    await page.getByTestId('policy-fault-percent').fill('150');
    await page.getByTestId('policy-preview-button').click();
    const refusal = panel.getByTestId('error-notice');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('INVALID_ARGUMENT');
    expect(await refusal.textContent()).toContain('percent');
    expect(await ratingsFault(lab)).toBeNull();

    await page.getByTestId('policy-fault-percent').fill('50');
    await page.getByTestId('policy-preview-button').click();
    await page.getByTestId('policy-preview').waitFor();
    expect(await page.getByTestId('policy-preview').getByTestId('traffic-diff-VirtualService').textContent()).toContain('httpStatus: 500');
    await page.screenshot({ path: join(OUTPUT_DIR, 'policies-preview-1360.png'), fullPage: true });
    await page.getByTestId('policy-apply').click();
    await page.getByTestId('policy-accepted').waitFor({ timeout: 15_000 });
    expect(await ratingsFault(lab)).toEqual({ abort: { httpStatus: 500, percentage: { value: 50 } } });
    await panel.getByTestId('policy-chip-fault').waitFor();
    expect(await panel.getByTestId('policy-chip-fault').textContent()).toContain('abort 500 for 50%');

    // Through the gateway productpage still answers 200, but about half its pages lack ratings.
    await page.getByTestId('traffic-rps').fill('40');
    await page.getByTestId('traffic-generator-start').click();
    await page.waitForSelector('[data-testid="traffic-run"][data-state="running"]', { timeout: 15_000 });
    const faulted = await waitForCodes(page, { outcome: 'degraded', min: 25, max: 75 });
    console.info(`with the abort: ${JSON.stringify(faulted)}`);
    // A few points on the chart before it is looked at (one point draws no line).
    await page.waitForFunction(() => Number((globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector('[data-testid="traffic-codes"]')?.getAttribute('data-windows') ?? 0) >= 6, undefined, { timeout: 15_000 });
    await page.getByTestId('traffic-codes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT_DIR, 'policies-fault-1360.png'), fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });
    // Projector-wide: the Policies panel and the codes chart side by side, both in view.
    await panel.scrollIntoViewIfNeeded();
    const [codesBox, panelBox] = await Promise.all([page.getByTestId('traffic-codes').boundingBox(), panel.boundingBox()]);
    expect(codesBox!.x).toBeGreaterThanOrEqual(panelBox!.x + panelBox!.width);
    expect(codesBox!.x + codesBox!.width).toBeLessThanOrEqual(1920);
    expect(codesBox!.y).toBeGreaterThanOrEqual(0);
    expect(codesBox!.y + codesBox!.height).toBeLessThanOrEqual(1080);
    expect(panelBox!.y).toBeLessThan(1080);
    await page.screenshot({ path: join(OUTPUT_DIR, 'policies-fault-1920.png') });
    await page.setViewportSize({ width: 1360, height: 900 });
    // Narrower, one column: the chart is below the split, above the policies.
    const [narrowCodes, narrowPanel] = await Promise.all([page.getByTestId('traffic-codes').boundingBox(), panel.boundingBox()]);
    expect(narrowCodes!.y + narrowCodes!.height).toBeLessThanOrEqual(narrowPanel!.y);

    // Remove only the fault: the pages come back whole.
    await panel.getByTestId('policy-remove-fault').click();
    await panel.getByTestId('policy-none').waitFor({ timeout: 15_000 });
    expect(await ratingsFault(lab)).toBeNull();
    const cleared = await waitForCodes(page, { outcome: '2xx', min: 100, max: 100 });
    console.info(`after removing it: ${JSON.stringify(cleared)}`);
    await page.getByTestId('traffic-codes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT_DIR, 'policies-cleared-1360.png'), fullPage: true });

    // Undo of that removal writes the fault back through the same apply.
    await page.getByTestId('policy-undo').click();
    await panel.getByTestId('policy-chip-fault').waitFor({ timeout: 15_000 });
    expect(await ratingsFault(lab)).toEqual({ abort: { httpStatus: 500, percentage: { value: 50 } } });

    await page.getByTestId('traffic-generator-stop').click();
    await page.waitForSelector('[data-testid="traffic-run"][data-state="stopped"]', { timeout: 15_000 });
    await panel.getByTestId('policy-remove-fault').click();
    await panel.getByTestId('policy-none').waitFor({ timeout: 15_000 });
  }, 150_000);

  it('shows a VirtualService someone else wrote read-only, and writes it only after Take over', async () => {
    await applyObjects(lab.clients, [{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'details', namespace: 'default' }, spec: { hosts: ['details'], http: [{ route: [{ destination: { host: 'details' } }], timeout: '4s' }] } }], { fieldManager: 'kubectl-client-side-apply' });
    await page.getByTestId('traffic-service').selectOption('default/details');
    const panel = page.getByTestId('policies-panel');
    await panel.getByTestId('policies-foreign').waitFor({ timeout: 15_000 });
    expect(await panel.getByTestId('policy-chip-timeout').textContent()).toContain('timeout 4s');
    expect(await page.getByTestId('policy-apply').isDisabled()).toBe(true);
    await panel.getByTestId('policies-takeover').click();
    await page.getByTestId('policy-tab-timeout').click();
    await page.getByTestId('policy-timeout-timeout').fill('2s');
    await page.getByTestId('policy-apply').click();
    await page.waitForSelector('[data-testid="policies-panel"][data-owner="meshdeck"]', { timeout: 15_000 });
    const vs = (await lab.clients.http.request<KubeObject>('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/details')).body;
    expect((vs.metadata?.labels ?? {})['app.kubernetes.io/managed-by']).toBe('meshdeck');
    expect(JSON.stringify(vs['spec'])).toContain('"timeout":"2s"');
  });

  it('turns on STRICT for the namespace from the Security section and sees the out-of-mesh curl client fail', async () => {
    await page.getByTestId('traffic-service').selectOption('default/productpage');
    const security = page.getByTestId('security-panel');
    await security.getByTestId('security-in-force').waitFor({ timeout: 15_000 });
    expect(await security.getByTestId('security-in-force').getAttribute('data-mtls')).toBe('PERMISSIVE');

    // Requests from a namespace MeshDeck makes without injection: plaintext, accepted while PERMISSIVE.
    await page.getByTestId('traffic-from').selectOption('curl');
    await page.getByTestId('traffic-client-namespace').fill('outside');
    await page.getByTestId('traffic-rps').fill('10');
    await page.getByTestId('traffic-generator-start').click();
    await page.waitForSelector('[data-testid="traffic-run"][data-state="running"]', { timeout: 30_000 });
    expect(await page.getByTestId('traffic-run').textContent()).toMatch(/from pod outside\/curl-.* \(outside the mesh\)/);
    await waitForCodes(page, { outcome: '2xx', min: 100, max: 100 });

    await page.getByTestId('security-mode').selectOption('STRICT');
    await page.getByTestId('security-preview-button').click();
    expect(await page.getByTestId('security-preview').getByTestId('traffic-diff-PeerAuthentication').textContent()).toContain('mode: STRICT');
    await page.getByTestId('security-apply').click();
    await page.getByTestId('security-accepted').waitFor({ timeout: 15_000 });
    await page.waitForSelector('[data-testid="security-in-force"][data-mtls="STRICT"]', { timeout: 15_000 });
    // Every request from outside the mesh is now reset: "no answer" (curl exit 56).
    const refused = await waitForCodes(page, { outcome: 'failed', min: 100, max: 100 });
    console.info(`under STRICT from outside the mesh: ${JSON.stringify(refused)}`);

    // Someone else edits the PeerAuthentication after the preview: Apply is a CONFLICT and writes nothing.
    await page.getByTestId('security-mode').selectOption('PERMISSIVE');
    await page.getByTestId('security-preview-button').click();
    await page.waitForSelector('[data-testid="security-preview"] [data-testid="traffic-diff-PeerAuthentication"]:has-text("mode: PERMISSIVE")', { timeout: 15_000 });
    const edited = await lab.clients.http.request<KubeObject>('PATCH', '/apis/security.istio.io/v1/namespaces/default/peerauthentications/default', {
      query: { fieldManager: 'kubectl-edit' },
      contentType: 'application/merge-patch+json',
      body: JSON.stringify({ metadata: { annotations: { edited: 'by-hand' } } }),
    });
    await page.getByTestId('security-apply').click();
    const conflict = security.getByTestId('error-notice');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.getAttribute('data-code')).toBe('CONFLICT');
    const stored = (await lab.clients.http.request<KubeObject>('GET', '/apis/security.istio.io/v1/namespaces/default/peerauthentications/default')).body;
    expect([stored.metadata?.resourceVersion, (stored['spec'] as { mtls?: { mode?: string } }).mtls?.mode]).toEqual([edited.body.metadata?.resourceVersion, 'STRICT']);
    await security.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByTestId('traffic-codes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT_DIR, 'policies-strict-1360.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByTestId('security-panel').scrollIntoViewIfNeeded();
    // The charts' column stays inside the window, long telemetry notes and all.
    const overflow = await page.locator('#content').evaluate((content) => content.scrollWidth - content.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(OUTPUT_DIR, 'policies-strict-1920.png') });
    await page.setViewportSize({ width: 1360, height: 900 });

    // Removed, PERMISSIVE again: the client gets through.
    await page.getByTestId('security-remove').click();
    await page.waitForSelector('[data-testid="security-in-force"][data-mtls="PERMISSIVE"]', { timeout: 15_000 });
    await waitForCodes(page, { outcome: '2xx', min: 100, max: 100 });
    await page.getByTestId('traffic-generator-stop').click();
    await page.waitForSelector('[data-testid="traffic-run"][data-state="stopped"]', { timeout: 15_000 });
  }, 120_000);
});
