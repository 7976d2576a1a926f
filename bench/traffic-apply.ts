// Benchmark (issue 5): slider move → VirtualService accepted by the API server, against the test
// world (not part of the test run):  npm run bench:traffic-apply [-- --moves N]
// A world lab runs in its own process (so its API server does not share this event loop).
// Timed, same run, interleaved: MeshDeck's RoutingService.apply of a new split; the floor — one
// raw server-side-apply PATCH of the same VirtualService over a warm keep-alive connection; and
// what a user would type: `kubectl apply --server-side -f` of that VirtualService. Prints p50/p95
// of each and the ratios (goal: MeshDeck p95 < 50 ms).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { createKubeClients } from '../core/kube/index';
import { buildRouting, RoutingService } from '../core/traffic/index';
import { findKubectl } from '../test/world/index';
import { startLabProcess } from './lab-process';

const run = promisify(execFile);
const movesArg = process.argv.indexOf('--moves');
const moves = movesArg > 0 ? Number(process.argv[movesArg + 1]) : 200;
const kubectlMoves = Math.min(30, moves);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}


const dir = await mkdtemp(join(tmpdir(), 'meshdeck-bench-traffic-'));
const lab = await startLabProcess();
const kubeconfig = lab.kubeconfigPath;
const clients = createKubeClients({ kubeconfig, context: 'kind-meshdeck' });
const routing = new RoutingService({ clients: async () => clients, defaultNamespace: 'default' });
const kubectl = await findKubectl();

const splits = [
  [80, 20, 0],
  [50, 0, 50],
  [34, 33, 33],
  [0, 0, 100],
];
const weightsAt = (i: number) => ['v1', 'v2', 'v3'].map((version, k) => ({ version, weight: (splits[i % splits.length] as number[])[k] as number }));
const vsPath = '/apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews';

// Warm-up: the first apply reads ownership and writes the DestinationRule.
await routing.apply({ service: 'reviews', weights: weightsAt(0) });
const meshdeck: number[] = [];
const floor: number[] = [];
for (let i = 1; i <= moves; i++) {
  let t = performance.now();
  await routing.apply({ service: 'reviews', weights: weightsAt(i), seq: i });
  meshdeck.push(performance.now() - t);
  // A split the next move does not ask for, so that move has something to write.
  const { virtualService } = buildRouting({ service: 'reviews', namespace: 'default', versions: ['v1', 'v2', 'v3'], weights: weightsAt(i + 2) });
  t = performance.now();
  await clients.http.request('PATCH', vsPath, { query: { fieldManager: 'meshdeck', force: 'true' }, body: JSON.stringify(virtualService), contentType: 'application/apply-patch+yaml' });
  floor.push(performance.now() - t);
  // The raw PATCH moved the object on; let MeshDeck re-read it as the user's next preview would.
  await routing.preview({ service: 'reviews', weights: weightsAt(i + 1) });
}
const kubectlTimes: number[] = [];
const file = join(dir, 'reviews.yaml');
for (let i = 0; i < kubectlMoves; i++) {
  const { virtualService } = buildRouting({ service: 'reviews', namespace: 'default', versions: ['v1', 'v2', 'v3'], weights: weightsAt(i) });
  await writeFile(file, stringify(virtualService));
  const t = performance.now();
  await run(kubectl, ['--kubeconfig', kubeconfig, 'apply', '--server-side', '--force-conflicts', '--field-manager', 'meshdeck', '-f', file]);
  kubectlTimes.push(performance.now() - t);
}

const row = (name: string, values: number[]) => `${name.padEnd(44)} ${String(values.length).padStart(5)} ${percentile(values, 50).toFixed(1).padStart(8)} ${percentile(values, 95).toFixed(1).padStart(8)}`;
console.log(`\nSlider move → VirtualService accepted (test world, ${moves} moves)\n`);
console.log(`${'what'.padEnd(44)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
console.log(row('MeshDeck RoutingService.apply', meshdeck));
console.log(row('floor: one raw SSA PATCH, warm connection', floor));
console.log(row('kubectl apply --server-side -f (a user)', kubectlTimes));
const p95 = percentile(meshdeck, 95);
console.log(`\nratio MeshDeck / floor (p95): ${(p95 / percentile(floor, 95)).toFixed(2)}×`);
console.log(`ratio MeshDeck / kubectl (p95): ${(p95 / percentile(kubectlTimes, 95)).toFixed(3)}×`);
console.log(`goal p95 < 50 ms: ${p95 < 50 ? 'met' : 'MISSED'} (${p95.toFixed(1)} ms)`);

clients.close();
await lab.stop();
await rm(dir, { recursive: true, force: true });
