// Benchmark figure 2 of issue 9 (not part of the test run):  npm run bench:apply [-- --rounds N]
// Bookinfo + the prometheus, grafana, kiali and jaeger addons (upstream YAML from ../shared)
// applied to a fresh test world by MeshDeck's apply (core/kube) and by
// `kubectl apply --server-side -f` of the same files: same world kind, same run, alternating
// order per round. Prints medians and the ratio MeshDeck / kubectl (goal ≤ 0.5).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { applyObjects, createKubeClients, loadManifests } from '../core/kube/index';
import { findKubectl } from '../test/world/index';

const run = promisify(execFile);
const reference = fileURLToPath(new URL('../../shared/reference/istio/', import.meta.url));
const files = [
  'samples/bookinfo/platform/kube/bookinfo.yaml',
  ...['prometheus', 'grafana', 'kiali', 'jaeger'].map((a) => `samples/addons/${a}.yaml`),
].map((f) => join(reference, f));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface World {
  kubeconfigPath: string;
  contextName: string;
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
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}

async function meshdeck(world: World): Promise<{ ms: number; objects: number }> {
  const started = performance.now();
  const clients = createKubeClients({ kubeconfig: world.kubeconfigPath, context: world.contextName });
  const objects = await loadManifests(files);
  await applyObjects(clients, objects);
  const ms = performance.now() - started;
  clients.close();
  return { ms, objects: objects.length };
}

async function kubectl(binary: string, world: World): Promise<number> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'meshdeck-bench-kubectl-'));
  const args = ['apply', '--server-side', '--kubeconfig', world.kubeconfigPath, '--context', world.contextName, '--cache-dir', cacheDir, ...files.flatMap((f) => ['-f', f])];
  const started = performance.now();
  await run(binary, args, { maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - started;
  await rm(cacheDir, { recursive: true, force: true });
  return ms;
}

async function main(): Promise<void> {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`upstream YAML not found: ${missing.join(', ')} (expected ../shared/reference/istio next to the repository)`);
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 7;
  const binary = await findKubectl();
  const ours: number[] = [];
  const theirs: number[] = [];
  let objects = 0;
  // One untimed warm-up of each, so neither pays first-run disk caches in the figures.
  for (let round = -1; round < rounds; round++) {
    const order = round % 2 === 0 ? (['meshdeck', 'kubectl'] as const) : (['kubectl', 'meshdeck'] as const);
    for (const who of order) {
      const world = await freshWorld();
      try {
        if (who === 'meshdeck') {
          const r = await meshdeck(world);
          objects = r.objects;
          if (round >= 0) ours.push(r.ms);
        } else {
          const ms = await kubectl(binary, world);
          if (round >= 0) theirs.push(ms);
        }
      } finally {
        await world.stop();
      }
    }
  }
  const m = median(ours);
  const k = median(theirs);
  const ratio = m / k;
  console.log(`apply throughput: Bookinfo + prometheus, grafana, kiali, jaeger = ${objects} objects, fresh world each run, ${rounds} rounds (${binary})`);
  console.log(`  meshdeck apply               median ${m.toFixed(0).padStart(5)} ms   [${ours.map((v) => v.toFixed(0)).join(', ')}]`);
  console.log(`  kubectl apply --server-side  median ${k.toFixed(0).padStart(5)} ms   [${theirs.map((v) => v.toFixed(0)).join(', ')}]`);
  console.log(`  ratio meshdeck/kubectl       ${ratio.toFixed(2)}   goal ≤ 0.50: ${ratio <= 0.5 ? 'met' : 'MISSED'}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
