// Benchmark of the test world's API server (not part of the test run):
//   npm run bench:world   (node --expose-gc, so the memory figure is measured after a full GC)
// GETs per second, a list of 5,000 pods, 50 concurrent watchers each seeing every event, and
// memory with 5,000 pods. GET and LIST are also measured against a bare node:https server that
// answers the same bytes, so the table shows the world's overhead as a ratio.
import { Agent, createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { createCertificateAuthority } from '../test/world/certs.js';
import { startWorld, type KubeObject, type World } from '../test/world/index.js';
import type { ResourceType } from '../test/world/resources.js';

interface Row {
  measure: string;
  world: string;
  baseline: string;
  ratio: string;
  target: string;
}

function get(agent: Agent, ca: string, url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, ca, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Load comes from a worker thread, so the client's TLS work does not share the server's loop. */
async function getsPerSecond(url: string, ca: string, token: string, seconds: number, concurrency: number): Promise<number> {
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const https = require('node:https');
    const { url, ca, token, seconds, concurrency } = workerData;
    const agent = new https.Agent({ keepAlive: true, maxSockets: concurrency });
    const get = () => new Promise((resolve, reject) => {
      const req = https.request(url, { agent, ca, headers: { authorization: 'Bearer ' + token } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error('status ' + res.statusCode))));
      });
      req.on('error', reject);
      req.end();
    });
    const deadline = performance.now() + seconds * 1000;
    let count = 0;
    const worker = async () => { while (performance.now() < deadline) { await get(); count++; } };
    const started = performance.now();
    Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
      parentPort.postMessage(count / ((performance.now() - started) / 1000));
      agent.destroy();
    }, (e) => parentPort.postMessage(-1));
  `;
  const worker = new Worker(code, { eval: true, workerData: { url, ca, token, seconds, concurrency } });
  const rate = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: number) => resolve(m));
    worker.once('error', reject);
  });
  await worker.terminate();
  if (rate < 0) throw new Error(`GET ${url} failed`);
  return rate;
}

async function listMillis(url: string, ca: string, token: string, runs: number): Promise<{ ms: number; items: number }> {
  const agent = new Agent({ keepAlive: true });
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await get(agent, ca, url, token);
    items = (JSON.parse(r.body) as { items: unknown[] }).items.length;
    times.push(performance.now() - t);
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, items };
}

/** A bare HTTPS server with the world's certificate answering fixed bodies: the baseline. */
async function baselineServer(bodies: Map<string, string>): Promise<{ url: string; ca: string; close: () => Promise<void> }> {
  const authority = createCertificateAuthority('baseline-ca');
  const leaf = authority.issue({ commonName: 'baseline-server', ipAddresses: ['127.0.0.1'], usage: 'server' });
  const server = createServer({ cert: leaf.certPem, key: leaf.keyPem, keepAliveTimeout: 60_000 }, (req, res) => {
    const body = bodies.get((req.url ?? '').split('?')[0] ?? '') ?? '{}';
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}`, ca: authority.certPem, close: () => new Promise((r) => server.close(() => r())) };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function watchers(world: World, count: number, writes: number): Promise<{ ms: number; perWatcher: number[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: count + 4 });
  const seen = Array.from({ length: count }, () => 0);
  const expected = writes * 3; // ADDED, MODIFIED, DELETED per object
  const rv = String(world.store.resourceVersion);
  const requests = seen.map(
    (_, i) =>
      new Promise<void>((ready, reject) => {
        const req = request(`${world.serverUrl}/api/v1/namespaces/bench-watch/configmaps?watch=true&resourceVersion=${rv}`, { agent, ca: world.caPem, headers: { authorization: `Bearer ${world.token}` } }, (res) => {
          let buffer = '';
          res.on('data', (chunk: Buffer) => {
            buffer += chunk.toString('utf8');
            let nl: number;
            while ((nl = buffer.indexOf('\n')) >= 0) {
              const line = buffer.slice(0, nl);
              buffer = buffer.slice(nl + 1);
              if (line.includes('"type":"ADDED"') || line.includes('"type":"MODIFIED"') || line.includes('"type":"DELETED"')) seen[i] = (seen[i] ?? 0) + 1;
            }
          });
          ready();
        });
        req.on('error', reject);
        req.end();
      }),
  );
  await Promise.all(requests);
  await waitFor('watchers registered', () => world.hub.size >= count);
  const type = world.registry.get('', 'configmaps');
  if (!type) throw new Error('configmaps missing');
  const started = performance.now();
  for (let i = 0; i < writes; i++) {
    const name = `cm-${i}`;
    const created = world.api.create(type, 'v1', 'bench-watch', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: String(i) } });
    world.api.update(type, 'v1', 'bench-watch', name, { ...created, data: { n: String(i + 1) } });
    world.api.delete(type, 'bench-watch', name);
    if (i % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  await waitFor('every watcher saw every event', () => seen.every((n) => n >= expected));
  const ms = performance.now() - started;
  agent.destroy();
  return { ms, perWatcher: seen };
}

interface Bench {
  world: World;
  baseline: { url: string; ca: string };
  /** Bodies the bare server answers, by path: each section adds what the world answered. */
  bodies: Map<string, string>;
  nsType: ResourceType;
  rows: Row[];
}

const podsUrlPath = '/api/v1/namespaces/bench/pods';

async function measureGets(bench: Bench, target: string): Promise<void> {
  const { world, baseline, rows } = bench;
  await getsPerSecond(target, world.caPem, world.token, 0.5, 8); // warm-up
  const worldGets = await getsPerSecond(target, world.caPem, world.token, 3, 16);
  const bareGets = await getsPerSecond(`${baseline.url}/api/v1/namespaces/default/configmaps/kube-root-ca.crt`, baseline.ca, 'x', 3, 16);
  rows.push({ measure: 'GET object (16 clients, keep-alive)', world: `${worldGets.toFixed(0)} /s`, baseline: `${bareGets.toFixed(0)} /s`, ratio: `${(worldGets / bareGets).toFixed(2)}x`, target: '>= 2000 /s' });
}

/** 5,000 ConfigMaps listed over HTTPS: the list target, with small objects. */
async function measureConfigMapList(bench: Bench): Promise<void> {
  const { world, baseline, bodies, nsType, rows } = bench;
  const { api, registry } = world;
  const cmType = registry.get('', 'configmaps');
  if (!cmType) throw new Error('configmaps missing');
  api.create(nsType, 'v1', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench-list' } });
  for (let i = 0; i < 5000; i++) {
    api.create(cmType, 'v1', 'bench-list', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(4, '0')}`, labels: { app: `app-${i % 50}` } }, data: { key: `value-${i}` } });
  }
  const cmPath = '/api/v1/namespaces/bench-list/configmaps';
  await listMillis(`${world.serverUrl}${cmPath}`, world.caPem, world.token, 2);
  const cmList = await listMillis(`${world.serverUrl}${cmPath}`, world.caPem, world.token, 9);
  const cmBody = (await get(new Agent(), world.caPem, `${world.serverUrl}${cmPath}`, world.token)).body;
  bodies.set(cmPath, cmBody);
  const bareCm = await listMillis(`${baseline.url}${cmPath}`, baseline.ca, 'x', 9);
  rows.push({
    measure: `LIST 5,000 ConfigMaps (${(Buffer.byteLength(cmBody) / 1e6).toFixed(1)} MB JSON, median of 9)`,
    world: `${cmList.ms.toFixed(1)} ms`,
    baseline: `${bareCm.ms.toFixed(1)} ms`,
    ratio: `${(cmList.ms / bareCm.ms).toFixed(2)}x`,
    target: '< 100 ms',
  });
  api.delete(nsType, undefined, 'bench-list');
  await waitFor('bench-list namespace gone', () => world.store.get('/namespaces', undefined, 'bench-list') === undefined);

}

/** 5,000 pods, run to Ready by the controllers, then listed over HTTPS (JSON and Table). */
async function measurePods(bench: Bench): Promise<void> {
  const { world, baseline, bodies, rows } = bench;
  const podType = world.registry.get('', 'pods');
  if (!podType) throw new Error('pods missing');
  const created = performance.now();
  for (let i = 0; i < 5000; i++) {
    world.api.create(podType, 'v1', 'bench', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${String(i).padStart(4, '0')}`, labels: { app: `app-${i % 50}`, version: `v${i % 3}` } },
      spec: { containers: [{ name: 'app', image: 'example.test/app:1.0', ports: [{ containerPort: 8080 }] }] },
    } as KubeObject);
    if (i % 500 === 0) await new Promise((r) => setImmediate(r));
  }
  const isReady = (p: KubeObject): boolean => ((p['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  await waitFor('5000 pods ready', () => world.store.list('/pods', 'bench').filter(isReady).length === 5000, 300_000);
  const settleMs = performance.now() - created;
  rows.push({ measure: 'create 5,000 pods and run them to Ready', world: `${(settleMs / 1000).toFixed(1)} s`, baseline: '-', ratio: '-', target: '-' });
  const listUrl = `${world.serverUrl}${podsUrlPath}`;
  await listMillis(listUrl, world.caPem, world.token, 2);
  const listed = await listMillis(listUrl, world.caPem, world.token, 9);
  if (listed.items !== 5000) throw new Error(`list returned ${listed.items} items`);
  const listBody = (await get(new Agent(), world.caPem, listUrl, world.token)).body;
  bodies.set(podsUrlPath, listBody);
  const bareList = await listMillis(`${baseline.url}${podsUrlPath}`, baseline.ca, 'x', 9);
  rows.push({
    measure: `LIST 5,000 pods (${(Buffer.byteLength(listBody) / 1e6).toFixed(1)} MB JSON, median of 9)`,
    world: `${listed.ms.toFixed(1)} ms`,
    baseline: `${bareList.ms.toFixed(1)} ms`,
    ratio: `${(listed.ms / bareList.ms).toFixed(2)}x`,
    target: '-',
  });
  const tableList = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = request(listUrl, { ca: world.caPem, headers: { authorization: `Bearer ${world.token}`, accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
  rows.push({ measure: 'LIST 5,000 pods as Table (kubectl get)', world: `${(performance.now() - tableList).toFixed(1)} ms`, baseline: '-', ratio: '-', target: '-' });

}

async function main(): Promise<void> {
  const world = await startWorld({ logLinesPerSecond: 0 });
  const nsType = world.registry.get('', 'namespaces');
  if (!nsType) throw new Error('built-in types missing');
  for (const name of ['bench', 'bench-watch']) world.api.create(nsType, 'v1', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

  // GETs per second (a pod-sized object), world vs bare server answering the same bytes.
  const target = `${world.serverUrl}/api/v1/namespaces/default/configmaps/kube-root-ca.crt`;
  const sample = await get(new Agent(), world.caPem, target, world.token);
  const bodies = new Map([['/api/v1/namespaces/default/configmaps/kube-root-ca.crt', sample.body]]);
  const baseline = await baselineServer(bodies);
  const bench: Bench = { world, baseline, bodies, nsType, rows: [] };
  const rows = bench.rows;
  await measureGets(bench, target);
  await measureConfigMapList(bench);
  await measurePods(bench);

  // Memory with the 5,000 pods (and their events, ReplicaSet-free) held by the world.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) console.warn('memory figure includes garbage: run with node --expose-gc (npm run bench:world)');
  gc?.();
  const memory = process.memoryUsage();
  rows.push({ measure: `memory with 5,000 pods (+${world.store.count('/events')} events)`, world: `rss ${(memory.rss / 1e6).toFixed(0)} MB, heap ${(memory.heapUsed / 1e6).toFixed(0)} MB`, baseline: '-', ratio: '-', target: '< 200 MB' });

  // 50 watchers, each must see all 3 x 300 events.
  const watched = await watchers(world, 50, 300);
  const delivered = watched.perWatcher.reduce((a, b) => a + b, 0);
  rows.push({
    measure: '50 watchers x 900 events (create/update/delete 300 ConfigMaps)',
    world: `${watched.ms.toFixed(0)} ms, ${(delivered / (watched.ms / 1000)).toFixed(0)} events/s delivered`,
    baseline: '-',
    ratio: '-',
    target: `all see all: ${watched.perWatcher.every((n) => n === 900) ? 'yes' : 'NO'}`,
  });

  await baseline.close();
  await world.stop();
  printRows(rows);
}

function printRows(rows: Row[]): void {
  const headers: Row = { measure: 'measure', world: 'world', baseline: 'bare https', ratio: 'ratio', target: 'target' };
  const widths = (Object.keys(headers) as (keyof Row)[]).map((k) => Math.max(...[headers, ...rows].map((r) => r[k].length)));
  const line = (r: Row): string => (Object.keys(headers) as (keyof Row)[]).map((k, i) => r[k].padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
