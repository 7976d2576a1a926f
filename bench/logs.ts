// Figure 4, logs:  npm run bench:logs [-- --rate 50000 --seconds 5]
// A world lab (its own process) whose containers log --rate lines/s. Measured one after the
// other on the same stream (productpage's app container), each after a warm-up:
// `kubectl logs -f` with its output counted by this process (what `> /dev/null` would discard),
// and the Logs screen in Chromium (browser mode), counting the lines the viewer wrote to its
// terminal (data-lines). In the page: the longest main-thread stall (a 10 ms heartbeat's worst
// lateness, plus long-task entries), and the JS heap (after a forced GC) sampled over two windows
// once the scrollback is full (flat = the later window's lowest sample within 10% of the earlier's).
import { spawn } from 'node:child_process';
import type { CDPSession, Page } from 'playwright-core';
import { createKubeClients, listObjects, POD } from '../core/kube/index';
import { findChromium, launchChromium } from '../test/e2e/helpers/chromium';
import { findKubectl } from '../test/world/index';
import { isEntryPoint, numberFlag, row, runFigure, type BenchRow } from './bench-report';
import { startLabProcess, type LabProcess } from './lab-process';
import { startServeProcess } from './serve-process';

const POD_LABEL = 'app=productpage';
const CONTAINER = 'productpage';

/** Counts lines per second of `kubectl logs -f` after a warm-up. */
async function kubectlRate(lab: LabProcess, pod: string, warmupMs: number, windowMs: number): Promise<number> {
  const kubectl = await findKubectl();
  const child = spawn(kubectl, ['--kubeconfig', lab.kubeconfigPath, '--context', lab.context, 'logs', '-f', '-n', 'default', pod, '-c', CONTAINER], { stdio: ['ignore', 'pipe', 'pipe'] });
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise((resolve) => setTimeout(resolve, warmupMs));
    const startLines = lines;
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    return ((lines - startLines) * 1000) / (performance.now() - started);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** A 10 ms heartbeat whose worst lateness is the longest the main thread was blocked, plus long tasks. */
const WATCH_MAIN_THREAD = `
  window.__stall = { worst: 0, longTasks: 0, longest: 0 };
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    window.__stall.worst = Math.max(window.__stall.worst, now - last - 10);
    last = now;
  }, 10);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__stall.longTasks++;
      window.__stall.longest = Math.max(window.__stall.longest, entry.duration);
    }
  }).observe({ type: 'longtask' });
`;

const linesShown = (page: Page) => page.getByTestId('logs-terminal').getAttribute('data-lines').then(Number);

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
}

interface ViewerFigures {
  rate: number;
  dropped: number;
  stallMs: number;
  longTasks: number;
  /** MB, after a forced GC each, from when the scrollback filled on. */
  heap: number[];
  scrollback: number;
}

async function viewer(lab: LabProcess, chromiumPath: string, warmupMs: number, windowMs: number): Promise<ViewerFigures> {
  const serve = await startServeProcess(lab.env);
  const browser = await launchChromium(chromiumPath);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await page.goto(`${serve.url}#/logs`);
    const target = page.getByTestId('logs-target');
    await target.waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="logs-target"] option[value="deploy/productpage-v1"]').waitFor({ state: 'attached', timeout: 30_000 });
    const scrollback = Number(await page.getByTestId('logs-scrollback').inputValue());
    await target.selectOption('deploy/productpage-v1');
    const containerOption = page.locator(`[data-testid="logs-container"] option[value="${CONTAINER}"]`);
    await containerOption.waitFor({ state: 'attached', timeout: 15_000 });
    await page.getByTestId('logs-container').selectOption(CONTAINER);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.locator('[data-testid="logs-terminal"]:not([data-lines="0"])').waitFor({ timeout: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, warmupMs));
    // Measure stalls from here on: the stream is flowing, the first paint and chunk loads are behind.
    await page.evaluate(WATCH_MAIN_THREAD);
    const startLines = await linesShown(page);
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const rate = ((await linesShown(page)) - startLines) * 1000 / (performance.now() - started);
    const stall = (await page.evaluate('window.__stall')) as { worst: number; longTasks: number; longest: number };
    // By now the scrollback is full (it holds far fewer lines than a window brings). Heap samples force
    // a GC, which blocks the page, so they come after the stall window.
    if ((await linesShown(page)) < scrollback) throw new Error(`the viewer showed only ${await linesShown(page)} lines, less than its scrollback of ${scrollback}`);
    // Eight samples over two windows. A sample is up to a MB higher when batches are in flight (live
    // even after a GC); what is retained is each window's lowest sample, and a leak raises that.
    const heap = [await heapMb(cdp)];
    for (let i = 1; i < 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, windowMs / 4));
      heap.push(await heapMb(cdp));
    }
    const dropped = Number(await page.getByTestId('logs-dropped').getAttribute('data-count'));
    return { rate, dropped, stallMs: Math.max(stall.worst, stall.longest), longTasks: stall.longTasks, heap, scrollback };
  } finally {
    await browser.close();
    await serve.stop();
  }
}

export async function benchLogs(options: { rate?: number; seconds?: number } = {}): Promise<BenchRow[]> {
  const rate = options.rate ?? 50_000;
  const windowMs = (options.seconds ?? 5) * 1000;
  const warmupMs = 2000;
  const chromium = findChromium();
  if (!chromium.found) throw new Error(chromium.reason);
  const lab = await startLabProcess();
  try {
    const clients = createKubeClients({ kubeconfig: lab.kubeconfigPath, context: lab.context });
    const pods = await listObjects(clients, POD, 'default', { labelSelector: POD_LABEL });
    clients.close();
    const pod = pods[0]?.metadata?.name;
    if (!pod) throw new Error('the world lab has no productpage pod');
    await lab.setLogRate(rate);
    const baseline = await kubectlRate(lab, pod, warmupMs, windowMs);
    const ui = await viewer(lab, chromium.path, warmupMs, windowMs);
    const heapEarlier = Math.min(...ui.heap.slice(0, 4));
    const heapLater = Math.min(...ui.heap.slice(4));
    return [
      row({
        figure: 4,
        measure: `log lines/s shown, ${rate.toLocaleString('en-US')} lines/s stream`,
        unit: 'lines/s',
        meshdeck: ui.rate,
        baseline,
        baselineName: 'kubectl logs -f > /dev/null',
        goal: 'ratio ≥ 0.50',
        check: ({ ratio }) => ratio !== null && ratio >= 0.5,
        note: `${windowMs / 1000} s windows after ${warmupMs / 1000} s warm-up, one after the other; the core dropped ${ui.dropped.toLocaleString('en-US')} lines for the viewer (it counts them)`,
      }),
      row({
        figure: 4,
        measure: 'longest main-thread task while streaming',
        unit: 'ms',
        meshdeck: ui.stallMs,
        baseline: null,
        baselineName: '',
        goal: '< 100 ms',
        check: ({ meshdeck }) => meshdeck < 100,
        note: `worst lateness of a 10 ms timer over ${windowMs / 1000} s; ${ui.longTasks} long tasks (≥ 50 ms)`,
      }),
      row({
        figure: 4,
        measure: `renderer JS heap with a full scrollback (${ui.scrollback.toLocaleString('en-US')} lines), later vs earlier ${windowMs / 1000} s`,
        unit: 'MB',
        meshdeck: heapLater,
        baseline: heapEarlier,
        baselineName: 'earlier window',
        goal: 'flat (≤ 1.10×)',
        check: ({ ratio }) => ratio !== null && ratio <= 1.1,
        note: `JS heap after a forced GC, 8 samples over ${(2 * windowMs) / 1000} s from when the scrollback filled: [${ui.heap.map((h) => h.toFixed(1)).join(', ')}] MB; the lowest of the first and of the second four`,
      }),
    ];
  } finally {
    await lab.stop();
  }
}

if (isEntryPoint(import.meta.url)) {
  runFigure('Figure 4: logs (viewer vs kubectl logs -f)', () => benchLogs({ rate: numberFlag('rate', 50_000), seconds: numberFlag('seconds', 5) }));
}
