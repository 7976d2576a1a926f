// The test world's proof, the way a user's machine runs it: Istio downloaded from the release
// mirror and verified, a cluster from the kind stand-in (with its real Docker node container),
// istioctl from the archive, Bookinfo applied with real kubectl, and traffic sent to the host
// port Docker publishes — 2,000 requests split 80/20, header and fault rules, unknown hosts —
// then `kind delete cluster` leaving no process, container or port behind.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import Docker from 'dockerode';
import { x as extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasDocker } from '../support/requirements.js';
import { findKubectl } from './kubectl.js';
import { startMirror, type Mirror } from './mirror/index.js';
import { repoRoot } from './mirror/repo-paths.js';
import { bindable, freePort } from '../support/ports.js';
import { alive } from '../support/processes.js';

const istioVersion = '1.30.5';
const archiveName = `istio-${istioVersion}-linux-amd64.tar.gz`;
const cluster = `proof-${process.pid}`;
const requests = 2_000;
const concurrency = 16;
const dockerReady = await hasDocker();

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let dir: string;
let env: NodeJS.ProcessEnv;
let mirror: Mirror;
let kubectl: string;
let istioHome: string;
let hostPort: number;
let httpsHostPort: number;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function exec(command: string, args: string[], timeoutMs = 90_000): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function ok(command: string, args: string[]): Promise<string> {
  const result = await exec(command, args);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

const kube = (...args: string[]): Promise<string> => ok(kubectl, args);
const kind = (...args: string[]): Promise<Result> => exec('kind', args);
const bookinfo = (file: string): string => join(istioHome, 'samples', 'bookinfo', file);

function http(path: string, options: { port?: number; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: options.port ?? hostPort, path, method: options.method ?? 'GET', headers: options.headers, agent, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer for ${path} within 10 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Which reviews version rendered the page, by the 1.30 page's markers (FACTS.md). */
function reviewsVersion(page: string): string {
  if (page.includes('<div class="flex gap-x-1 text-black-500">')) return 'v2';
  if (page.includes('<div class="flex gap-x-1 text-red-500">')) return 'v3';
  if (page.includes('Ratings service is currently unavailable')) return 'ratings-unavailable';
  return page.includes('Start here') ? 'v1' : 'no-page';
}

/**
 * Retries a request until `done` holds: config applied with kubectl reaches the data plane
 * through a watch in another process, and HTTP from outside has no way to be told when.
 */
async function eventually(send: () => Promise<Answer>, done: (answer: Answer) => boolean, timeoutMs = 15_000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await send().catch((error: unknown) => ({ status: 0, headers: {}, body: String(error) }));
    if (done(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`no expected answer within ${timeoutMs} ms; last: ${answer.status} ${answer.body.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const overlay = (http2: number, https: number): string => `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  profile: demo
  components:
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
      k8s:
        service:
          type: NodePort
          ports:
          - {name: status-port, port: 15021, targetPort: 15021}
          - {name: http2, port: 80, targetPort: 8080, nodePort: ${http2}}
          - {name: https, port: 443, targetPort: 8443, nodePort: ${https}}
`;

describe.skipIf(!dockerReady)('proof: Bookinfo through a kind stand-in cluster and its published port', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-proof-'));
    kubectl = await findKubectl();
    env = {
      ...process.env,
      MESHDECK_WORLD_STATE: join(dir, 'state'),
      KUBECONFIG: join(dir, 'kubeconfig'),
      HOME: dir,
      // The stand-ins first; kubectl last, so its folder never shadows the Node this test runs on.
      PATH: [join(repoRoot(), 'test', 'world', 'bin'), process.env.PATH ?? '', dirname(kubectl)].join(delimiter),
    };
    mirror = await startMirror({ istioVersions: [istioVersion] });
    [hostPort, httpsHostPort] = [await freePort(), await freePort()];
  });

  afterAll(async () => {
    agent.destroy();
    if (env) await kind('delete', 'clusters', '--all');
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('downloads the Istio archive from the mirror, verifies its .sha256 and extracts it', async () => {
    const url = `${mirror.url}/istio/istio/releases/download/${istioVersion}/${archiveName}`;
    const archive = Buffer.from(await (await fetch(url)).arrayBuffer());
    const sum = await (await fetch(`${url}.sha256`)).text();
    expect(sum).toBe(`${createHash('sha256').update(archive).digest('hex')} ${archiveName}\n`);
    await writeFile(join(dir, archiveName), archive);
    await extract({ file: join(dir, archiveName), cwd: dir });
    istioHome = join(dir, `istio-${istioVersion}`);
    expect(existsSync(join(istioHome, 'bin', 'istioctl'))).toBe(true);
    expect(await ok(join(istioHome, 'bin', 'istioctl'), ['version', '--remote=false'])).toBe(`client version: ${istioVersion}\n`);
  });

  it('creates the cluster, installs Istio and Bookinfo, and serves through the published port', async () => {
    const kindConfig = join(dir, 'kind.yaml');
    await writeFile(kindConfig, `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
- role: control-plane
  extraPortMappings:
  - {containerPort: 30080, hostPort: ${hostPort}, listenAddress: 127.0.0.1, protocol: TCP}
  - {containerPort: 30443, hostPort: ${httpsHostPort}, listenAddress: 127.0.0.1, protocol: TCP}
`);
    const created = await kind('create', 'cluster', '--name', cluster, '--config', kindConfig, '--wait', '60s');
    expect(created.stderr).toContain(`Set kubectl context to "kind-${cluster}"`);
    expect(created.code).toBe(0);
    const [node] = await new Docker().listContainers({ filters: { label: [`io.x-k8s.kind.cluster=${cluster}`] } });
    expect(node?.Ports.filter((p) => p.PublicPort).map((p) => `${p.IP}:${p.PublicPort}->${p.PrivatePort}`).sort()).toEqual(
      [`127.0.0.1:${hostPort}->30080`, `127.0.0.1:${httpsHostPort}->30443`].sort(),
    );
    // Docker owns the host port; no node port leads anywhere until the gateway Service exists.
    expect(await bindable(hostPort)).toBe(false);
    expect((await http('/productpage').catch(() => undefined))?.status).toBeUndefined();

    await writeFile(join(dir, 'overlay.yaml'), overlay(30080, 30443));
    const install = await exec(join(istioHome, 'bin', 'istioctl'), ['install', '-y', '-f', join(dir, 'overlay.yaml')]);
    expect(install.code).toBe(0);
    // istioctl writes its progress, the last line included, to stderr.
    expect(install.stderr).toContain('✔ Installation complete');
    await kube('label', 'namespace', 'default', 'istio-injection=enabled', '--overwrite');
    await kube('apply', '-f', bookinfo('platform/kube/bookinfo.yaml'));
    for (const file of ['bookinfo-gateway.yaml', 'destination-rule-all.yaml', 'virtual-service-reviews-80-20.yaml']) await kube('apply', '-f', bookinfo(`networking/${file}`));
    await kube('wait', '--for=condition=available', 'deployment', '--all', '--timeout=60s');
    const page = await eventually(() => http('/productpage'), (a) => a.status === 200);
    expect(page.headers['server']).toBe('istio-envoy');
    // The https node port carries plain HTTP in the test world.
    expect((await http('/productpage', { port: httpsHostPort })).status).toBe(200);
  }, 120_000);

  it(`splits ${requests} requests through the port 80/20 between reviews v1 and v2`, async () => {
    const counts: Record<string, number> = {};
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < requests) {
        sent++;
        const res = await http('/productpage');
        expect(res.status).toBe(200);
        const version = reviewsVersion(res.body);
        counts[version] = (counts[version] ?? 0) + 1;
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const v1 = ((counts['v1'] ?? 0) / requests) * 100;
    const v2 = ((counts['v2'] ?? 0) / requests) * 100;
    console.info(`proof: ${requests} requests through 127.0.0.1:${hostPort} in ${Date.now() - started} ms: v1 ${v1.toFixed(1)}% / v2 ${v2.toFixed(1)}%`, counts);
    expect(Object.keys(counts).sort()).toEqual(['v1', 'v2']);
    expect(Math.abs(v1 - 80)).toBeLessThanOrEqual(3);
    expect(Math.abs(v2 - 20)).toBeLessThanOrEqual(3);
    // The gateway pod's istio-proxy log got the lines, written by the cluster's own process.
    const log = await kube('logs', '-n', 'istio-system', 'deploy/istio-ingressgateway', '--tail=5');
    expect(log).toMatch(/"GET \/productpage HTTP\/1\.1" 200 - via_upstream/);
  }, 60_000);

  it('routes jason to v2 by header, then aborts his ratings calls', async () => {
    const login = await http('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=jason&passwd=jason' });
    expect(login.status).toBe(302);
    const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0] ?? '';
    const jason = (): Promise<Answer> => http('/productpage', { headers: { cookie } });

    await kube('apply', '-f', bookinfo('networking/virtual-service-reviews-test-v2.yaml'));
    await eventually(jason, (a) => reviewsVersion(a.body) === 'v2');
    for (let i = 0; i < 50; i++) {
      expect(reviewsVersion((await jason()).body)).toBe('v2');
      expect(reviewsVersion((await http('/productpage')).body)).toBe('v1');
    }

    await kube('apply', '-f', bookinfo('networking/virtual-service-ratings-test-abort.yaml'));
    await eventually(jason, (a) => reviewsVersion(a.body) === 'ratings-unavailable');
    for (let i = 0; i < 50; i++) {
      const page = (await jason()).body;
      expect(page).toContain('<p class="text-red-500">Ratings service is currently unavailable</p>');
      expect(page).not.toContain('glyphicon glyphicon-star');
      expect(reviewsVersion((await http('/productpage')).body)).toBe('v1');
    }
  }, 60_000);

  it('answers 404 for a host no Gateway serves, and for a path no route matches', async () => {
    const host = 'bookinfo.meshdeck.test';
    await kube('patch', 'gateways.networking.istio.io', 'bookinfo-gateway', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/servers/0/hosts', value: [host] }]));
    await kube('patch', 'virtualservices.networking.istio.io', 'bookinfo', '--type=merge', '-p', JSON.stringify({ spec: { hosts: [host] } }));
    const unknown = await eventually(() => http('/productpage', { headers: { host: 'unknown.meshdeck.test' } }), (a) => a.status === 404);
    expect(unknown.body).toBe('');
    expect((await http('/productpage', { headers: { host } })).status).toBe(200);
    expect((await http('/no-such-page', { headers: { host } })).status).toBe(404);
  }, 30_000);

  it('kind delete cluster leaves no process, container or port behind', async () => {
    const record = JSON.parse(await readFile(join(dir, 'state', 'kind', cluster, 'cluster.json'), 'utf8')) as { runnerPid: number };
    expect(alive(record.runnerPid)).toBe(true);
    agent.destroy();
    const deleted = await kind('delete', 'cluster', '--name', cluster);
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toContain(`Deleted nodes: ["${cluster}-control-plane"]`);
    expect(alive(record.runnerPid)).toBe(false);
    expect(await new Docker().listContainers({ all: true, filters: { label: [`io.x-k8s.kind.cluster=${cluster}`] } })).toEqual([]);
    expect(await bindable(hostPort)).toBe(true);
    expect(await bindable(httpsHostPort)).toBe(true);
    expect((await kind('get', 'clusters')).stdout).not.toContain(cluster);
  }, 30_000);
});
