// Figure 5, idle cost:  npm run bench:idle [-- --seconds 60]
// A world lab up (its own process), `meshdeck serve` with the UI open in Chromium on its first
// screen, left alone: after a settle period, the CPU time of the serve process over --seconds
// (from /proc: watches, not polling, should keep it near zero), its resident memory and the
// page's renderer process's. Baseline over the same window: `kubectl get pods -A --watch`, the
// lightest way people keep an eye on a lab today (a watch, too).
import { spawn } from 'node:child_process';
import { findChromium, launchChromium } from '../test/e2e/helpers/chromium';
import { findKubectl } from '../test/world/index';
import { isEntryPoint, numberFlag, row, runFigure, type BenchRow } from './bench-report';
import { startLabProcess } from './lab-process';
import { commandLine, cpuMs, descendants, rssMb } from './proc-stats';
import { startServeProcess } from './serve-process';

const SETTLE_MS = 5000;

/** Chromium's renderer processes started by this process (playwright launches Chromium as our child). */
function rendererPids(): number[] {
  return descendants(process.pid).filter((pid) => {
    const cmd = commandLine(pid);
    return cmd.includes('--type=renderer') && !cmd.includes('--extension-process');
  });
}

export async function benchIdle(options: { seconds?: number } = {}): Promise<BenchRow[]> {
  const windowMs = (options.seconds ?? 60) * 1000;
  const chromium = findChromium();
  if (!chromium.found) throw new Error(chromium.reason);
  const lab = await startLabProcess();
  // The world's default: every container logs a line every five seconds.
  await lab.setLogRate(0.2);
  const serve = await startServeProcess(lab.env);
  const browser = await launchChromium(chromium.path);
  const kubectl = spawn(await findKubectl(), ['--kubeconfig', lab.kubeconfigPath, '--context', lab.context, 'get', 'pods', '-A', '--watch'], { stdio: ['ignore', 'ignore', 'ignore'] });
  const kubectlExited = new Promise<void>((resolve) => kubectl.once('exit', () => resolve()));
  try {
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    await page.goto(serve.url);
    await page.waitForLoadState('networkidle');
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const renderers = rendererPids();
    if (renderers.length === 0) throw new Error('found no Chromium renderer process');
    const kubectlPid = kubectl.pid ?? 0;
    const before = { serve: cpuMs(serve.pid), kubectl: cpuMs(kubectlPid), renderers: renderers.map(cpuMs) };
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const elapsed = performance.now() - started;
    const percent = (used: number) => (used / elapsed) * 100;
    const serveCpu = percent(cpuMs(serve.pid) - before.serve);
    const kubectlCpu = percent(cpuMs(kubectlPid) - before.kubectl);
    // The page's renderer is the busiest (and biggest) one; spare renderers idle at a few MB.
    const rendererUse = renderers.map((pid, i) => ({ pid, cpu: percent(cpuMs(pid) - (before.renderers[i] ?? 0)), rss: rssMb(pid) })).sort((a, b) => b.rss - a.rss)[0]!;
    const serveRss = rssMb(serve.pid);
    const kubectlRss = rssMb(kubectlPid);
    // What any page costs: a renderer showing a blank page, in its own context.
    const blank = await (await browser.newContext()).newPage();
    await blank.goto('about:blank');
    const blankRss = rendererPids().filter((pid) => !renderers.includes(pid)).map(rssMb).sort((a, b) => b - a)[0];
    const seconds = windowMs / 1000;
    return [
      row({
        figure: 5,
        measure: `idle CPU of meshdeck serve over ${seconds} s (lab up, UI open)`,
        unit: '%',
        meshdeck: serveCpu,
        baseline: kubectlCpu,
        baselineName: 'kubectl get pods -A --watch',
        goal: '< 1% of a core',
        check: ({ meshdeck }) => meshdeck < 1,
        note: `the page's renderer used ${rendererUse.cpu.toFixed(2)}% of a core over the same ${seconds} s`,
      }),
      row({
        figure: 5,
        measure: 'resident memory, core + renderer (browser mode)',
        unit: 'MB',
        meshdeck: serveRss + rendererUse.rss,
        baseline: kubectlRss,
        baselineName: 'kubectl get pods -A --watch',
        goal: '< 250 MB',
        check: ({ meshdeck }) => meshdeck < 250,
        note: `serve ${serveRss.toFixed(0)} MB + renderer ${rendererUse.rss.toFixed(0)} MB (RSS)${blankRss === undefined ? '' : `; a renderer showing about:blank takes ${blankRss.toFixed(0)} MB`}`,
      }),
    ];
  } finally {
    kubectl.kill('SIGTERM');
    await kubectlExited;
    await browser.close();
    await serve.stop();
    await lab.stop();
  }
}

if (isEntryPoint(import.meta.url)) {
  runFigure('Figure 5: idle cost (meshdeck serve with a lab up and the UI open)', () => benchIdle({ seconds: numberFlag('seconds', 60) }));
}
