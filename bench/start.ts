// Figure 6, start:  npm run bench:start [-- --rounds 5]
// Time from spawning `meshdeck serve` to the first contentful paint of its UI in Chromium (the
// browser already running, a fresh tab and cache each round), against the floor measured in the
// same run: a bare Node server of the same built files (bench/static-serve.mjs), same browser,
// alternating order. And the renderer bundle's gzip size (deterministic: no baseline), without
// chunks only the dashboards use.
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { findChromium, launchChromium } from '../test/e2e/helpers/chromium';
import { isEntryPoint, median, numberFlag, row, runFigure, type BenchRow } from './bench-report';
import { startServeProcess } from './serve-process';

const rendererDir = fileURLToPath(new URL('../out/renderer/', import.meta.url));
/** Chunks named after the dashboards' components are loaded only by the Dashboards screen. */
const DASHBOARD_CHUNK = /^(Dashboard|NativeDashboard|dashboard)/;


/** A fresh tab (own cache) on about:blank, made before the clock starts, as a running browser has. */
async function freshPage(browser: Browser): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  return { page: await context.newPage(), close: () => context.close() };
}

/** Epoch ms of the page's first contentful paint after opening `url`. */
async function firstPaintAt(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  // Runs in the page (the page's CSP forbids evaluating strings there).
  const handle = await page.waitForFunction(
    () => {
      const entry = performance.getEntriesByName('first-contentful-paint')[0];
      return entry ? performance.timeOrigin + entry.startTime : false;
    },
    undefined,
    { timeout: 30_000, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}

interface StartTimes {
  /** Spawn → first contentful paint. */
  total: number;
  /** Spawn → URL printed. */
  printed: number;
}

async function meshdeckStart(browser: Browser): Promise<StartTimes> {
  const tab = await freshPage(browser);
  const serve = await startServeProcess({ ...process.env });
  const printed = Date.now() - serve.spawnedAt;
  try {
    return { total: (await firstPaintAt(tab.page, serve.url)) - serve.spawnedAt, printed };
  } finally {
    await tab.close();
    await serve.stop();
  }
}

async function floorStart(browser: Browser): Promise<StartTimes> {
  const tab = await freshPage(browser);
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [fileURLToPath(new URL('./static-serve.mjs', import.meta.url)), rendererDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(text);
        if (match) resolve(match[0]);
      });
      child.once('exit', (code) => reject(new Error(`the static server exited (${code ?? 'signal'})`)));
    });
    const printed = Date.now() - spawnedAt;
    return { total: (await firstPaintAt(tab.page, url)) - spawnedAt, printed };
  } finally {
    await tab.close();
    child.kill('SIGTERM');
    await exited;
  }
}

interface BundleSize {
  allKb: number;
  initialKb: number;
  dashboardChunks: string[];
}

/** gzip sizes of the built renderer's JS and CSS: all of it (less dashboard-only chunks), and what the first load fetches. */
export async function bundleSize(): Promise<BundleSize> {
  const assets = (await readdir(join(rendererDir, 'assets'))).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const gz = new Map<string, number>();
  const text = new Map<string, string>();
  for (const file of assets) {
    const bytes = await readFile(join(rendererDir, 'assets', file));
    gz.set(file, gzipSync(bytes, { level: 9 }).length / 1024);
    text.set(file, bytes.toString('utf8'));
  }
  const dashboardChunks = assets.filter((f) => DASHBOARD_CHUNK.test(f));
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string));
  // Follow static imports (not import()) from the entry: the browser fetches those before first run.
  const queue = [...initial];
  while (queue.length > 0) {
    for (const m of (text.get(queue.shift()!) ?? '').matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) {
      const file = m[1] as string;
      if (!initial.has(file)) {
        initial.add(file);
        queue.push(file);
      }
    }
  }
  const sum = (files: string[]) => files.reduce((total, f) => total + (gz.get(f) ?? 0), 0);
  return { allKb: sum(assets.filter((f) => !dashboardChunks.includes(f))), initialKb: sum([...initial]), dashboardChunks };
}

export async function benchStart(options: { rounds?: number } = {}): Promise<BenchRow[]> {
  const rounds = options.rounds ?? 5;
  const chromium = findChromium();
  if (!chromium.found) throw new Error(chromium.reason);
  const browser = await launchChromium(chromium.path);
  const ours: StartTimes[] = [];
  const floor: StartTimes[] = [];
  try {
    // One untimed round of each warms the disk cache and the browser.
    for (let round = -1; round < rounds; round++) {
      const order = round % 2 === 0 ? (['meshdeck', 'floor'] as const) : (['floor', 'meshdeck'] as const);
      for (const who of order) {
        const result = who === 'meshdeck' ? await meshdeckStart(browser) : await floorStart(browser);
        if (round >= 0) (who === 'meshdeck' ? ours : floor).push(result);
      }
    }
  } finally {
    await browser.close();
  }
  const bundle = await bundleSize();
  const ms = (values: StartTimes[]) => median(values.map((v) => v.total));
  return [
    row({
      figure: 6,
      measure: '`meshdeck serve` → first contentful paint',
      unit: 'ms',
      meshdeck: ms(ours),
      baseline: ms(floor),
      baselineName: 'bare node server of the same files',
      goal: '< 1500 ms',
      check: ({ meshdeck }) => meshdeck < 1500,
      note: `median of ${rounds}; the URL was printed after ${median(ours.map((v) => v.printed)).toFixed(0)} ms (floor ${median(floor.map((v) => v.printed)).toFixed(0)} ms), the rest is the page`,
    }),
    row({
      figure: 6,
      measure: 'renderer bundle, gzip (JS + CSS, no dashboard-only chunks)',
      unit: 'kB',
      meshdeck: bundle.allKb,
      baseline: null,
      baselineName: '',
      goal: '< 600 kB',
      check: ({ meshdeck }) => meshdeck < 600,
      note: `first load fetches ${bundle.initialKb.toFixed(0)} kB of it; ${bundle.dashboardChunks.length === 0 ? 'no chunk is dashboard-only (the Dashboards screen is in the main chunk)' : `left out: ${bundle.dashboardChunks.join(', ')}`}`,
    }),
  ];
}

if (isEntryPoint(import.meta.url)) {
  runFigure('Figure 6: start (meshdeck serve → first paint) and bundle size', () => benchStart({ rounds: numberFlag('rounds', 5) }));
}
