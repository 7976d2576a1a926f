// Soak (issue 8, not part of the test run):  npm run bench:soak [-- --minutes N --warmup S]
// Against a world lab in its own process: the traffic generator at 50 rps through the gateway, one
// followed log stream of a busy pod (the productpage sidecar's access log, acked batch by batch),
// and a slider move every 2 s (RoutingService.apply, alternating splits), for --minutes (default 5).
// Samples heap (after a full GC when run with --expose-gc) and open handles / file descriptors
// after the warm-up and at the end, prints a start/end table with growth ratios, and counts every
// error (none are injected here, so any is a finding).
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { LogBatchInfo, TrafficCountsInfo } from '../core/contract/index';
import { startLabProcess } from './lab-process';
import { createKubeClients } from '../core/kube/index';
import { LogStreams } from '../core/kube/logs/index';
import { RoutingService } from '../core/traffic/index';
import { startTrafficGenerator } from '../core/traffic/generator/index';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index > 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}

const minutes = argument('--minutes', 5);
const warmupSeconds = argument('--warmup', 30);
const rps = 50;
const sliderEveryMs = 2_000;

interface Sample {
  heapMb: number;
  rssMb: number;
  handles: number;
  fds: number;
}

function sample(): Sample {
  // Only a full collection makes heap figures comparable between two moments.
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  // `_getActiveHandles` is Node's own (undocumented) list of sockets, timers and servers.
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
  return { heapMb: memory.heapUsed / 1e6, rssMb: memory.rss / 1e6, handles, fds: readdirSync('/proc/self/fd').length };
}


const lab = await startLabProcess();
const home = lab.env['MESHDECK_HOME'] ?? '';
const { context, httpPort } = JSON.parse(await readFile(join(home, 'lab.json'), 'utf8')) as { context: string; httpPort: number };
const clients = createKubeClients({ kubeconfig: lab.env['KUBECONFIG'] ?? '', context });
const routing = new RoutingService({ clients: async () => clients, defaultNamespace: 'default' });

const errors = { generator: 0, generatorCodes: {} as Record<string, number>, apply: 0, stream: 0, notices: 0 };
const firstErrors: string[] = [];
const noteError = (what: string) => {
  if (firstErrors.length < 5) firstErrors.push(what);
};

// The log stream: acked as soon as each batch arrives, like a viewer that keeps up.
let logLines = 0;
let batches = 0;
let streamId = '';
const streams: LogStreams = new LogStreams({
  clients: async () => clients,
  defaultNamespace: 'default',
  emit: (batch: LogBatchInfo) => {
    batches++;
    logLines += batch.chunks.reduce((sum, chunk) => sum + (chunk.text.match(/\n/g)?.length ?? 0), 0);
    errors.notices += batch.notices?.length ?? 0;
    if (batch.ended && batch.ended.reason !== 'closed') {
      errors.stream++;
      noteError(`log stream ended: ${batch.ended.reason} ${batch.ended.message ?? ''}`);
    }
    queueMicrotask(() => streams.ack(batch.streamId, batch.seq));
  },
});
streamId = (await streams.open({ target: 'deploy/productpage-v1', container: 'istio-proxy', follow: true, tailLines: 0 })).streamId;

// The generator runs for the whole soak in one run.
const totalSeconds = warmupSeconds + minutes * 60;
const generator = startTrafficGenerator({ url: `http://127.0.0.1:${httpPort}/productpage`, rps, durationSeconds: totalSeconds + 5, onWindow: () => undefined });

// Slider moves every 2 s, alternating splits.
const splits = [
  [80, 20, 0],
  [50, 0, 50],
  [0, 100, 0],
  [34, 33, 33],
];
let moves = 0;
let sliding = true;
const slider = (async () => {
  while (sliding) {
    const split = splits[moves % splits.length] as number[];
    try {
      await routing.apply({ service: 'reviews', weights: ['v1', 'v2', 'v3'].map((version, k) => ({ version, weight: split[k] as number })), seq: moves + 1 });
    } catch (error) {
      errors.apply++;
      noteError(`apply: ${(error as Error).message}`);
    }
    moves++;
    await delay(sliderEveryMs);
  }
})();

console.log(`Soak: ${rps} rps, one followed log stream, a slider move every ${sliderEveryMs / 1000} s; warm-up ${warmupSeconds} s, then ${minutes} min.`);
await delay(warmupSeconds * 1000);
const start = { ...sample(), requests: generator.totals().requests, lines: logLines, moves };
await delay(minutes * 60 * 1000);
const end = { ...sample(), requests: generator.totals().requests, lines: logLines, moves };

sliding = false;
generator.stop();
const totals: TrafficCountsInfo = await generator.done;
await slider;
errors.generator = totals.errors;
errors.generatorCodes = totals.errorCodes;
streams.close(streamId);

const row = (name: string, a: number, b: number, unit: string) =>
  `${name.padEnd(26)} ${a.toFixed(1).padStart(10)} ${b.toFixed(1).padStart(10)} ${(a === 0 ? 0 : b / a).toFixed(3).padStart(8)}×  ${unit}`;
console.log(`\n${'after warm-up → end'.padEnd(26)} ${'start'.padStart(10)} ${'end'.padStart(10)} ${'growth'.padStart(9)}`);
console.log(row('heap used (after GC)', start.heapMb, end.heapMb, (globalThis as { gc?: unknown }).gc ? 'MB' : 'MB (no --expose-gc: noisy)'));
console.log(row('rss', start.rssMb, end.rssMb, 'MB'));
console.log(row('active handles', start.handles, end.handles, 'sockets, timers, servers'));
console.log(row('open file descriptors', start.fds, end.fds, '/proc/self/fd'));
const measured = (end.requests - start.requests) / (minutes * 60);
console.log(`\nrequests ${totals.requests} (measured window ${end.requests - start.requests}, ${measured.toFixed(1)} rps of ${rps}), skipped ${totals.skipped ?? 0}`);
console.log(`reviews versions seen: ${JSON.stringify(totals.byVersion)}`);
console.log(`log lines followed ${logLines} in ${batches} batches (measured window ${end.lines - start.lines}); slider moves ${moves}`);
console.log(`errors: generator ${errors.generator} ${JSON.stringify(errors.generatorCodes)}, apply ${errors.apply}, log stream ${errors.stream}; stream notices ${errors.notices}`);
for (const line of firstErrors) console.log(`  first errors: ${line}`);
const growth = end.heapMb / start.heapMb;
console.log(`\nverdict: heap growth ${growth.toFixed(3)}× (goal ≤ 1.10), handles ${start.handles} → ${end.handles}, fds ${start.fds} → ${end.fds}, errors ${errors.generator + errors.apply + errors.stream} (goal 0)`);

clients.close();
await lab.stop();
