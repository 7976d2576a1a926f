// `npm run world -- --dir DIR` as a person or script uses it: wait for "ready", source env.sh
// in bash, use kind/istioctl/kubectl and the mirror as on a workstation, create a cluster, then
// SIGTERM — and nothing is left: no cluster process, container, port, mirror or API server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tsxLoaderUrl } from '../mirror/repo-paths.js';
import { bindable, freePort } from '../../support/ports';
import { alive } from '../../support/processes.js';

const cluster = `station-${process.pid}`;
let dir: string;
let child: ChildProcess;
let output = '';

function bash(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // A clean environment, as a new terminal would have; env.sh must supply the rest.
    const shell = spawn('bash', ['-c', `source ${join(dir, 'env.sh')}\n${script}`], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    shell.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    shell.on('error', reject);
    shell.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const dockerUp = await new Docker().ping().then(() => true, () => false);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-world-cmd-'));
  child = spawn(process.execPath, ['--import', tsxLoaderUrl(), join(repoRoot(), 'test', 'world', 'cli.ts'), '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" within 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      if (!/^ready$/m.test(output)) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`exited ${code}:\n${output}`))));
  });
}, 40_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('npm run world', () => {
  it('writes an env.sh that makes a shell a MeshDeck workstation, and cleans up on SIGTERM', async () => {
    const tools = await bash('kind version && istioctl version --remote=false && kubectl version --client -o json >/dev/null && echo kubectl-ok && echo "$MESHDECK_MIRROR" && echo "$MESHDECK_HOME" && type meshdeck | head -1');
    expect(tools.stderr).toBe('');
    const [kindLine, istioLine, kubectlLine, mirrorUrl, home, meshdeck] = tools.stdout.trim().split('\n');
    expect(kindLine).toMatch(/^kind v0\.32\.0 /);
    expect(istioLine).toMatch(/^client version: 1\.30\.\d+$/);
    expect(kubectlLine).toBe('kubectl-ok');
    expect(home).toBe(join(dir, 'meshdeck-home'));
    expect(await readdir(home!)).toEqual([]);
    expect(meshdeck).toBe('meshdeck is a function');
    const sum = await fetch(`${mirrorUrl}/istio/istio/releases/download/1.30.5/istio-1.30.5-linux-amd64.tar.gz.sha256`);
    expect(sum.status).toBe(200);
    const apiKubeconfig = join(dir, 'api-server', 'kubeconfig');
    expect((await bash(`kubectl --kubeconfig "${apiKubeconfig}" get ns default -o name`)).stdout).toBe('namespace/default\n');
    const apiServer = /server: (https:\/\/\S+)/.exec(await readFile(apiKubeconfig, 'utf8'))?.[1] ?? '';

    const hostPort = await freePort();
    await writeFile(join(dir, 'kind.yaml'), `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 30080, hostPort: ${hostPort}, listenAddress: 127.0.0.1}\n`);
    const created = await bash(`kind create cluster --name ${cluster} --config ${join(dir, 'kind.yaml')} && kubectl get ns default -o name`);
    expect(created.stdout).toBe('namespace/default\n');
    expect(await readFile(join(dir, 'kubeconfig'), 'utf8')).toContain(`kind-${cluster}`);
    const { runnerPid } = JSON.parse(await readFile(join(dir, 'state', 'kind', cluster, 'cluster.json'), 'utf8')) as { runnerPid: number };
    expect(alive(runnerPid)).toBe(true);
    expect(await bindable(hostPort)).toBe(false);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain(`Deleting cluster "${cluster}" ...`);
    expect(alive(runnerPid)).toBe(false);
    expect(await bindable(hostPort)).toBe(true);
    expect(await readdir(join(dir, 'state', 'kind'))).toEqual([]);
    expect(await listening(mirrorUrl!)).toBe(false);
    expect(await listening(apiServer)).toBe(false);
    if (dockerUp) expect(await new Docker().listContainers({ all: true, filters: { label: [`io.x-k8s.kind.cluster=${cluster}`] } })).toEqual([]);
  }, 60_000);
});
