// Benchmark of the traffic generator (not part of the test run):  npx tsx bench/traffic-generator.ts [-- --seconds N]
// The generator sends /productpage at 200 rps for ~15 s through the test world's gateway (Bookinfo
// applied, reviews split 80/20), then for as long against a bare node:http server answering the
// same page bytes (the baseline: what the generator does when the server costs nothing). The table
// shows the achieved rate against the target, errors, latency, event-loop delay and the CPU each
// side used. Both servers run in a child process (this same file with --world), so the
// generator's CPU figure is its own. Loopback only; stops by itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { exec } from '../core/exec/index';
import type { TrafficCountsInfo } from '../core/contract/index';
import { startTrafficGenerator } from '../core/traffic/generator/index';
import { obtainIstioReference, requireIstioReference } from '../test/support/istio-reference';
import { findKubectl, startWorld, zeroDelays } from '../test/world/index';
import { startMeshDataPlane } from '../test/world/mesh/index';

const targetRps = 200;
const reviews8020 = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'default' },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] }] },
};

function getPage(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Child side: a world with Bookinfo behind the data plane, and a bare server answering one page
 * it served; prints {url, bareUrl}; answers "cpu" with its CPU use; ends when stdin closes.
 */
async function serveWorld(): Promise<void> {
  const kubectl = await findKubectl();
  // The parent made sure the files are here (downloading them if need be).
  const istio = requireIstioReference('bench:traffic');
  const crdFile = join(istio, 'manifests/charts/base/files/crd-all.gen.yaml');
  const bookinfoFiles = ['platform/kube/bookinfo.yaml', 'networking/bookinfo-gateway.yaml', 'networking/destination-rule-all.yaml'].map((f) => join(istio, 'samples/bookinfo', f));
  const world = await startWorld({ delays: zeroDelays, logLinesPerSecond: 0 });
  const mesh = await startMeshDataPlane({ kubeconfigPath: world.kubeconfigPath, host: '127.0.0.1', port: 0, seed: 7, podNetwork: world.podNetwork });
  const kube = (args: string[], input?: string) => exec(kubectl, ['--kubeconfig', world.kubeconfigPath, ...args], input === undefined ? {} : { input });
  await kube(['apply', '--server-side', '-f', crdFile]);
  await kube(['label', 'namespace', 'default', 'istio-injection=enabled', '--overwrite']);
  for (const file of bookinfoFiles) await kube(['apply', '-n', 'default', '-f', file]);
  await kube(['apply', '-f', '-'], stringify(reviews8020));
  await mesh.until(
    (s) =>
      s.pods.filter((p) => p.namespace === 'default' && p.ready && ['productpage', 'details', 'ratings', 'reviews'].includes(p.labels['app'] ?? '')).length === 6 &&
      s.gateways.length > 0 &&
      (s.virtualServices.find((v) => v.name === 'reviews')?.http[0]?.route?.length ?? 0) === 2,
    AbortSignal.timeout(60_000),
  );
  const url = `${mesh.url}/productpage`;
  const page = Buffer.from(await getPage(url), 'utf8');
  const bare = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
    res.end(page);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', () => resolve()));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/productpage`;
  process.stdout.write(`${JSON.stringify({ url, bareUrl })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line === 'cpu') process.stdout.write(`${JSON.stringify(process.cpuUsage())}\n`);
  });
  lines.on('close', () => {
    bare.closeAllConnections();
    bare.close();
    void mesh.stop().then(() => world.stop()).then(() => process.exit(0));
  });
}

interface WorldProcess {
  url: string;
  bareUrl: string;
  cpu(): Promise<NodeJS.CpuUsage>;
  stop(): Promise<void>;
}

async function worldProcess(): Promise<WorldProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--world'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const queue: ((line: string) => void)[] = [];
  lines.on('line', (line) => queue.shift()?.(line));
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      queue.push(resolve);
      child.once('exit', (code) => reject(new Error(`world process exited (${code ?? 'signal'})`)));
    });
  const { url, bareUrl } = JSON.parse(await nextLine()) as { url: string; bareUrl: string };
  return {
    url,
    bareUrl,
    cpu: async () => {
      const answer = nextLine();
      child.stdin?.write('cpu\n');
      return JSON.parse(await answer) as NodeJS.CpuUsage;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}

interface Measured {
  totals: TrafficCountsInfo;
  achieved: number;
  generatorCpu: number;
  serverCpu: number;
  loopDelayP99Ms: number;
  windows: number;
}

async function measure(world: WorldProcess, url: string, seconds: number): Promise<Measured> {
  let windows = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  const serverCpu0 = await world.cpu();
  const cpu0 = process.cpuUsage();
  loopDelay.enable();
  const started = performance.now();
  const totals = await startTrafficGenerator({ url, rps: targetRps, durationSeconds: seconds, onWindow: () => windows++ }).done;
  const wallMs = performance.now() - started;
  loopDelay.disable();
  const cpu1 = process.cpuUsage();
  const serverCpu1 = await world.cpu();
  return {
    totals,
    achieved: totals.requests / (wallMs / 1000),
    generatorCpu: cpuPercent(cpu0, cpu1, wallMs),
    serverCpu: cpuPercent(serverCpu0, serverCpu1, wallMs),
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    windows,
  };
}

function os(): string {
  return `${process.platform}/${process.arch}, node ${process.version}, ${availableParallelism()} CPUs`;
}

function cpuPercent(start: NodeJS.CpuUsage, end: NodeJS.CpuUsage, wallMs: number): number {
  return ((end.user - start.user + end.system - start.system) / 1000 / wallMs) * 100;
}

async function main(): Promise<void> {
  await obtainIstioReference('bench:traffic');
  const secondsArg = process.argv.indexOf('--seconds');
  const seconds = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 15;
  const world = await worldProcess();
  // A hard stop, whatever happens: the benchmark is bounded.
  const guard = setTimeout(() => {
    console.error('benchmark took too long; stopping');
    void world.stop().then(() => process.exit(2));
  }, (seconds + 60) * 1000);
  try {
    // Untimed warm-up: JIT, keep-alive sockets, the data plane's caches.
    await startTrafficGenerator({ url: world.url, rps: 50, durationSeconds: 2, onWindow: () => undefined }).done;
    const measured = await measure(world, world.url, seconds);
    const baseline = await measure(world, world.bareUrl, seconds);

    const share = (t: TrafficCountsInfo, version: string) => `${(((t.byVersion[version] ?? 0) / Math.max(1, t.requests)) * 100).toFixed(1)}%`;
    const split = (t: TrafficCountsInfo) => ['v1', 'v2', 'v3', 'unknown'].map((v) => share(t, v)).join(' / ');
    const latency = (t: TrafficCountsInfo) => `${t.latencyMs.p50} / ${t.latencyMs.p90} / ${t.latencyMs.p99} ms`;
    const both = (pick: (m: Measured) => string): [string, string] => [pick(measured), pick(baseline)];
    const rows: string[][] = [
      ['achieved rate', ...both((m) => `${m.achieved.toFixed(1)} rps`), `${targetRps} rps`, `${(measured.achieved / targetRps).toFixed(3)}x (bare ${(baseline.achieved / targetRps).toFixed(3)}x)`],
      ['requests answered / skipped', ...both((m) => `${m.totals.requests} / ${m.totals.skipped ?? 0}`), `${targetRps * seconds} / 0`, '-'],
      ['errors', ...both((m) => `${m.totals.errors} ${JSON.stringify(m.totals.errorCodes)}`), '0', '-'],
      ['latency p50 / p90 / p99', ...both((m) => latency(m.totals)), '-', '-'],
      ['observed v1 / v2 / v3 / unknown', ...both((m) => split(m.totals)), 'world: 80 / 20 / 0 / 0 %', '-'],
      ['generator CPU (this process)', ...both((m) => `${m.generatorCpu.toFixed(1)} % of a core`), '< 100 % (2 cores)', `${(measured.generatorCpu / baseline.generatorCpu).toFixed(2)}x bare`],
      ['generator event-loop delay p99', ...both((m) => `${m.loopDelayP99Ms.toFixed(1)} ms`), '-', '-'],
      ['server CPU (child process)', ...both((m) => `${m.serverCpu.toFixed(1)} % of a core`), '-', '-'],
      ['windows reported', ...both((m) => String(m.windows)), `~${seconds}`, '-'],
    ];
    const header = ['measure', 'test world gateway', 'bare node:http', 'target', 'ratio'];
    const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]?.length ?? 0)));
    const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
    console.log(`traffic generator: ${targetRps} rps for ${seconds} s per server, loopback (${os()})`);
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) console.log(line(r));
  } finally {
    clearTimeout(guard);
    await world.stop();
  }
}

if (process.argv.includes('--world')) {
  serveWorld().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
