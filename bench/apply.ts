// Figure 2, apply throughput:  npm run bench:apply [-- --rounds N]
// Bookinfo + the prometheus, grafana, kiali and jaeger addons (the upstream reference YAML)
// applied to a fresh test world by MeshDeck's apply (core/kube) and by
// `kubectl apply --server-side -f` of the same files: same world kind, same run, alternating
// order per round. Reports medians, the ratio MeshDeck / kubectl (goal ≤ 0.5), and the CPU the
// world's API server spent on each, because that server (one Node thread) bounds both clients.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { applyObjects, createKubeClients, loadManifests } from '../core/kube/index';
import { obtainIstioReference } from '../test/support/istio-reference';
import { findKubectl } from '../test/world/index';
import { isEntryPoint, median, numberFlag, row, runFigure, type BenchRow } from './bench-report';
import { cpuMs } from './proc-stats';

const run = promisify(execFile);
const upstreamFiles = (reference: string): string[] =>
  ['samples/bookinfo/platform/kube/bookinfo.yaml', ...['prometheus', 'grafana', 'kiali', 'jaeger'].map((a) => `samples/addons/${a}.yaml`)].map((f) => join(reference, f));

interface World {
  kubeconfigPath: string;
  contextName: string;
  /** The world's process, whose CPU time is the API server's (and its controllers'). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * A fresh world with the addons' namespace, as after `istioctl install` (not timed), in its own
 * process: in this one its API server would compete with MeshDeck for the event loop.
 */
async function freshWorld(): Promise<World> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./apply-world.ts', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`world process exited (${code ?? 'signal'})`)));
  });
  const info = JSON.parse(line) as { kubeconfigPath: string; contextName: string };
  return {
    ...info,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}

async function meshdeck(world: World, files: string[]): Promise<{ ms: number; objects: number }> {
  const started = performance.now();
  const clients = createKubeClients({ kubeconfig: world.kubeconfigPath, context: world.contextName });
  const objects = await loadManifests(files);
  await applyObjects(clients, objects);
  const ms = performance.now() - started;
  clients.close();
  return { ms, objects: objects.length };
}

async function kubectl(binary: string, world: World, files: string[]): Promise<number> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'meshdeck-bench-kubectl-'));
  const args = ['apply', '--server-side', '--kubeconfig', world.kubeconfigPath, '--context', world.contextName, '--cache-dir', cacheDir, ...files.flatMap((f) => ['-f', f])];
  const started = performance.now();
  await run(binary, args, { maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - started;
  await rm(cacheDir, { recursive: true, force: true });
  return ms;
}

export async function benchApply(options: { rounds?: number } = {}): Promise<BenchRow[]> {
  const rounds = options.rounds ?? 7;
  const files = upstreamFiles(await obtainIstioReference('bench:apply'));
  const binary = await findKubectl();
  const ours: number[] = [];
  const theirs: number[] = [];
  const ourServerCpu: number[] = [];
  const theirServerCpu: number[] = [];
  let objects = 0;
  // One untimed warm-up of each, so neither pays first-run disk caches in the figures.
  for (let round = -1; round < rounds; round++) {
    const order = round % 2 === 0 ? (['meshdeck', 'kubectl'] as const) : (['kubectl', 'meshdeck'] as const);
    for (const who of order) {
      const world = await freshWorld();
      try {
        const cpuBefore = cpuMs(world.pid);
        const ms = who === 'meshdeck' ? await meshdeck(world, files).then((r) => ((objects = r.objects), r.ms)) : await kubectl(binary, world, files);
        const serverCpu = cpuMs(world.pid) - cpuBefore;
        if (round < 0) continue;
        (who === 'meshdeck' ? ours : theirs).push(ms);
        (who === 'meshdeck' ? ourServerCpu : theirServerCpu).push(serverCpu);
      } finally {
        await world.stop();
      }
    }
  }
  console.log(`  meshdeck apply               [${ours.map((v) => v.toFixed(0)).join(', ')}] ms`);
  console.log(`  kubectl apply --server-side  [${theirs.map((v) => v.toFixed(0)).join(', ')}] ms`);
  return [
    row({
      figure: 2,
      measure: `apply Bookinfo + 4 addons (${objects} objects), fresh world`,
      unit: 'ms',
      meshdeck: median(ours),
      baseline: median(theirs),
      baselineName: 'kubectl apply --server-side',
      goal: 'ratio ≤ 0.50',
      check: ({ ratio }) => ratio !== null && ratio <= 0.5,
      note: `median of ${rounds}, alternating order; the API server (one Node thread, with its controllers) used ${median(ourServerCpu).toFixed(0)} ms CPU under MeshDeck and ${median(theirServerCpu).toFixed(0)} ms under kubectl`,
    }),
    row({
      figure: 2,
      measure: 'apply: wall time vs the API server’s own CPU time',
      unit: 'ms',
      meshdeck: median(ours),
      baseline: median(ourServerCpu),
      baselineName: 'API server CPU (floor)',
      goal: '',
    }),
  ];
}

if (isEntryPoint(import.meta.url)) {
  runFigure('Figure 2: apply throughput (MeshDeck apply vs kubectl apply --server-side)', () => benchApply({ rounds: numberFlag('rounds', 7) }));
}
