// Figure 3, slider to cluster:  npm run bench:slider [-- --moves N]
// Browser mode in Chromium against a world lab (its own process). The first split is reviewed
// and applied as a draft; after that each quick drag of reviews' v1 slider (three moves, then let
// go, so the released value is still waiting in the page's coalescer) applies live. Timed per
// drag: from the slider's native `change` event (the release; the page's clock) to this process
// seeing the VirtualService with that weight through a watch on the API server (same machine
// clock, ms precision). Baseline in the same run: `kubectl apply --server-side -f` of the same
// VirtualService, what a user types, timed from start to exit. Goal: p95 < 50 ms.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { stringify } from 'yaml';
import { createKubeClients, type KubeObject } from '../core/kube/index';
import { buildRouting } from '../core/traffic/index';
import { findChromium, launchChromium } from '../test/e2e/helpers/chromium';
import { findKubectl } from '../test/world/index';
import { isEntryPoint, numberFlag, percentile, row, runFigure, type BenchRow } from './bench-report';
import { startLabProcess } from './lab-process';
import { startServeProcess } from './serve-process';

interface ChangeRecord {
  value: number;
  /** Epoch ms on the page's clock. */
  at: number;
}

interface VsSeen {
  v1: number | undefined;
  at: number;
}

/** Records every native `change` of a traffic slider (the release) with its time, in the page. */
const RECORD_CHANGES = `
  window.__sliderChanges = [];
  document.addEventListener('change', (event) => {
    const target = event.target;
    if (target && target.dataset && target.dataset.testid === 'traffic-slider-v1') {
      window.__sliderChanges.push({ value: Number(target.value), at: performance.timeOrigin + event.timeStamp });
    }
  }, true);
`;

function v1Weight(vs: KubeObject): number | undefined {
  const routes = (vs['spec'] as { http?: { route?: { destination?: { subset?: string }; weight?: number }[] }[] } | undefined)?.http?.[0]?.route ?? [];
  const v1 = routes.find((r) => r.destination?.subset === 'v1');
  if (!v1) return undefined;
  return v1.weight ?? (routes.length === 1 ? 100 : undefined);
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Flicks the slider's thumb from where it is to about `target` (0–100) with the mouse: three moves, then let go. */
async function drag(page: Page, target: number): Promise<void> {
  const slider = page.getByTestId('traffic-slider-v1');
  const box = await slider.boundingBox();
  if (!box) throw new Error('the v1 slider is not visible');
  const current = Number(await slider.inputValue());
  const y = box.y + box.height / 2;
  const xOf = (v: number) => box.x + 8 + ((box.width - 16) * v) / 100;
  await page.mouse.move(xOf(current), y);
  await page.mouse.down();
  await page.mouse.move(xOf(target), y, { steps: 3 });
  await page.mouse.up();
}

async function changes(page: Page): Promise<ChangeRecord[]> {
  return (await page.evaluate('window.__sliderChanges')) as ChangeRecord[];
}

export async function benchSlider(options: { moves?: number } = {}): Promise<BenchRow[]> {
  const moves = options.moves ?? 40;
  const chromium = findChromium();
  if (!chromium.found) throw new Error(chromium.reason);
  const lab = await startLabProcess();
  const clients = createKubeClients({ kubeconfig: lab.kubeconfigPath, context: lab.context });
  const seen: VsSeen[] = [];
  const watch = await clients.watch.watch(
    '/apis/networking.istio.io/v1/namespaces/default/virtualservices',
    {},
    (type: string, vs: KubeObject) => {
      if ((type === 'ADDED' || type === 'MODIFIED') && vs.metadata?.name === 'reviews') seen.push({ v1: v1Weight(vs), at: performance.timeOrigin + performance.now() });
    },
    () => undefined,
  );
  const serve = await startServeProcess(lab.env);
  const browser = await launchChromium(chromium.path);
  const dir = await mkdtemp(join(tmpdir(), 'meshdeck-bench-slider-'));
  const ui: number[] = [];
  const kubectlTimes: number[] = [];
  let alreadyThere = 0;
  try {
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 1400 } })).newPage();
    await page.addInitScript({ content: RECORD_CHANGES });
    await page.goto(`${serve.url}#/traffic`);
    await page.getByTestId('traffic-slider-v1').waitFor({ timeout: 30_000 });
    // The first write is a draft to review: apply it once; from then on moves apply live.
    await drag(page, 50);
    await page.getByTestId('traffic-apply-draft').click();
    await page.waitForSelector('[data-testid="traffic-apply-state"][data-state="accepted"]', { timeout: 15_000 });
    const targets = [30, 70, 45, 60, 25, 80, 40, 65];
    for (let i = 0; i < moves; i++) {
      const before = (await changes(page)).length;
      await drag(page, targets[i % targets.length] ?? 50);
      const change = await waitForChange(page, before);
      const event = await until(`the VirtualService with v1 at ${change.value}%`, () => {
        const after = seen.find((s) => s.v1 === change.value && s.at >= change.at);
        if (after) return after;
        // A drag move may have carried the final value before the release; then it was there already.
        const last = seen.at(-1);
        return last && last.v1 === change.value && last.at < change.at && Date.now() > change.at + 1000 ? last : undefined;
      });
      // Nothing was left to apply at the release: no latency to measure for this drag.
      if (event.at < change.at) alreadyThere++;
      else ui.push(event.at - change.at);
      await page.waitForSelector('[data-testid="traffic-apply-state"][data-state="accepted"]', { timeout: 15_000 });
      // Let the coalescer's interval pass, so the next drag starts like a fresh gesture.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const kubectl = await findKubectl();
    const file = join(dir, 'reviews.yaml');
    for (let i = 0; i < Math.min(20, moves); i++) {
      const v1 = targets[i % targets.length] ?? 50;
      const { virtualService } = buildRouting({ service: 'reviews', namespace: 'default', versions: ['v1', 'v2', 'v3'], weights: [{ version: 'v1', weight: v1 }, { version: 'v2', weight: 100 - v1 }, { version: 'v3', weight: 0 }] });
      await writeFile(file, stringify(virtualService));
      const started = performance.now();
      await promisify(execFile)(kubectl, ['--kubeconfig', lab.kubeconfigPath, '--context', lab.context, 'apply', '--server-side', '--force-conflicts', '-f', file]);
      kubectlTimes.push(performance.now() - started);
    }
  } finally {
    watch.abort();
    clients.close();
    await browser.close();
    await serve.stop();
    await lab.stop();
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`  release → accepted, sorted: [${[...ui].sort((a, b) => a - b).map((v) => v.toFixed(0)).join(', ')}] ms`);
  console.log(`  kubectl apply -f, sorted:   [${[...kubectlTimes].sort((a, b) => a - b).map((v) => v.toFixed(0)).join(', ')}] ms`);
  const note = `${ui.length} of ${moves} mouse drags of reviews' v1 slider, release (change event) → watch event with the new weight; kubectl: ${kubectlTimes.length} runs of apply --server-side -f${alreadyThere ? `; ${alreadyThere} drags had their final value applied by a drag move before the release and are left out` : ''}`;
  return [
    row({ figure: 3, measure: 'slider release → VirtualService accepted, p50', unit: 'ms', meshdeck: percentile(ui, 50), baseline: percentile(kubectlTimes, 50), baselineName: 'kubectl apply -f', goal: '' }),
    row({ figure: 3, measure: 'slider release → VirtualService accepted, p95', unit: 'ms', meshdeck: percentile(ui, 95), baseline: percentile(kubectlTimes, 95), baselineName: 'kubectl apply -f', goal: 'p95 < 50 ms', check: ({ meshdeck }) => meshdeck < 50, note }),
  ];
}

async function waitForChange(page: Page, before: number): Promise<ChangeRecord> {
  for (let i = 0; i < 200; i++) {
    const all = await changes(page);
    if (all.length > before) return all[all.length - 1] as ChangeRecord;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the slider fired no change event on release');
}

if (isEntryPoint(import.meta.url)) {
  runFigure('Figure 3: slider to cluster (browser mode, Chromium)', () => benchSlider({ moves: numberFlag('moves', 40) }));
}
