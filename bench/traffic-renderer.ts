// Benchmark (issue 5): what the traffic generator at 200 requests/s costs the UI. Browser mode in
// Chromium on a world lab (in its own process); the Traffic screen open with its live chart.
// Main-thread busy time of the renderer (CDP Performance.getMetrics TaskDuration) over a window
// with the generator running at 200 rps, against the same window with the screen idle, same run.
// Goal: under 5% of one core while generating.   npm run bench:traffic-renderer [-- --seconds N]
import type { CDPSession } from 'playwright-core';
import { findChromium, launchChromium } from '../test/e2e/helpers/chromium';
import { startServe } from '../test/e2e/helpers/serve';
import { startLabProcess } from './lab-process';

const secondsArg = process.argv.indexOf('--seconds');
const seconds = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 15;


async function busySeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

/** Share of one core the renderer's main thread was busy over `seconds`. */
async function measure(cdp: CDPSession): Promise<number> {
  const busy0 = await busySeconds(cdp);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const busy1 = await busySeconds(cdp);
  return (busy1 - busy0) / ((performance.now() - t0) / 1000);
}

const chromium = findChromium();
if (!chromium.found) throw new Error(chromium.reason);
const lab = await startLabProcess();
const server = await startServe({ env: lab.env });
const browser = await launchChromium(chromium.path);
try {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 1500 } })).newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${server.url}#/traffic`);
  await page.getByTestId('traffic-slider-v1').waitFor({ timeout: 30_000 });
  await page.getByTestId('traffic-preset-80-20').click();
  await page.getByTestId('traffic-apply-draft').click();
  await page.waitForSelector('[data-testid="traffic-apply-state"][data-state="accepted"]');

  const idle = await measure(cdp);
  await page.getByTestId('traffic-rps').fill('200');
  await page.getByTestId('traffic-duration').fill(String(seconds + 30));
  await page.getByTestId('traffic-generator-start').click();
  await page.waitForSelector('[data-testid="traffic-run"][data-state="running"]');
  await new Promise((r) => setTimeout(r, 2000)); // chart set up, windows flowing
  const generating = await measure(cdp);
  const windows = Number(await page.getByTestId('traffic-chart').getAttribute('data-windows'));
  const summary = await page.getByTestId('traffic-observed').textContent();
  await page.getByTestId('traffic-generator-stop').click();

  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  console.log(`\nRenderer main thread with the Traffic screen open (${seconds} s each, Chromium, browser mode)\n`);
  console.log(`${'state'.padEnd(36)} ${'busy (share of one core)'.padStart(26)}`);
  console.log(`${'baseline: idle, no generator'.padEnd(36)} ${pct(idle).padStart(26)}`);
  console.log(`${'generator at 200 rps, live chart'.padEnd(36)} ${pct(generating).padStart(26)}`);
  console.log(`\nratio generating / idle: ${(generating / Math.max(idle, 1e-6)).toFixed(1)}×; windows drawn: ${windows}; ${summary ?? ''}`);
  console.log(`goal < 5% of one core while generating: ${generating < 0.05 ? 'met' : 'MISSED'} (${pct(generating)})`);
} finally {
  await browser.close();
  await server.stop();
  await lab.stop();
}
