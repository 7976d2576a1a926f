// Node ports without a Docker engine (MESHDECK_WORLD_DOCKER=0): the cluster's own process takes
// the mapped host ports on loopback, resets connections while no ingress gateway Service owns
// the node port, serves the data plane once one does, and lets go of the ports on delete.
// (The Docker path, through the node container's relay, is proven by test/world/proof.test.ts.)
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../mirror/repo-paths.js';
import { bindable, freePort } from '../../support/ports';

const bin = (tool: string): string => join(repoRoot(), 'test', 'world', 'bin', tool);
const cluster = `ports-${process.pid}`;
let dir: string;
let env: NodeJS.ProcessEnv;

function exec(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** IPv4 addresses listening on the port, from /proc/net/tcp (state 0A = LISTEN). */
async function listenAddresses(port: number): Promise<string[]> {
  const table = await readFile('/proc/net/tcp', 'utf8');
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return table.split('\n').slice(1).map((line) => line.trim().split(/\s+/)).filter((f) => f[1]?.endsWith(`:${hex}`) && f[3] === '0A')
    .map((f) => (f[1]!.slice(0, 8).match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)).join('.'));
}

/** The status, or the error code when the connection fails (ECONNRESET for a rejected node port). */
function get(port: number): Promise<{ status?: number; server?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/productpage', agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, server: String(res.headers['server']) }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-node-ports-'));
  env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'state'), KUBECONFIG: join(dir, 'kubeconfig'), HOME: dir, MESHDECK_WORLD_DOCKER: '0' };
});

afterAll(async () => {
  await exec(bin('kind'), ['delete', 'clusters', '--all']);
  await rm(dir, { recursive: true, force: true });
});

describe('node ports without Docker', () => {
  it('hold the host ports, serve the gateway once it owns the node port, and let go on delete', async () => {
    const [gatewayPort, otherPort] = [await freePort(), await freePort()];
    await writeFile(join(dir, 'kind.yaml'), `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
- role: control-plane
  extraPortMappings:
  - {containerPort: 30080, hostPort: ${gatewayPort}, listenAddress: 127.0.0.1}
  - {containerPort: 31999, hostPort: ${otherPort}}
`);
    const created = await exec(bin('kind'), ['create', 'cluster', '--name', cluster, '--config', join(dir, 'kind.yaml')]);
    expect(created.code, created.stderr).toBe(0);
    expect(await bindable(gatewayPort)).toBe(false);
    expect(await get(gatewayPort)).toEqual({ error: 'ECONNRESET' });

    await writeFile(join(dir, 'overlay.yaml'), `apiVersion: install.istio.io/v1alpha1
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
          - {name: http2, port: 80, targetPort: 8080, nodePort: 30080}
`);
    const installed = await exec(bin('istioctl'), ['install', '-y', '-f', join(dir, 'overlay.yaml')]);
    expect(installed.code, installed.stderr).toBe(0);
    // No Gateway yet: Envoy's empty 404 (the ready gateway pod reaches the data plane's watch quickly).
    const deadline = Date.now() + 10_000;
    let answer = await get(gatewayPort);
    while (answer.status === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await get(gatewayPort);
    }
    expect(answer).toEqual({ status: 404, server: 'istio-envoy' });
    // A mapped port that is no gateway node port stays rejected; 0.0.0.0 was narrowed to loopback.
    expect(await get(otherPort)).toEqual({ error: 'ECONNRESET' });
    expect(await listenAddresses(otherPort)).toEqual(['127.0.0.1']);

    expect((await exec(bin('kind'), ['delete', 'cluster', '--name', cluster])).code).toBe(0);
    expect(await bindable(gatewayPort)).toBe(true);
    expect(await bindable(otherPort)).toBe(true);
  }, 60_000);
});
