// The kind stand-in as users run it: the executable in test/world/bin, real kubectl against the
// cluster it creates, the real Docker engine for the node container (skipped on a dev machine
// without one, required in CI), and nothing left behind by `kind delete cluster`.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takenPort } from '../../../core/kind/taken-port.js';
import { hasDocker } from '../../support/requirements.js';
import { repoRoot } from '../mirror/repo-paths.js';
import { freePort } from '../../support/ports';
import { alive } from '../../support/processes.js';

const kindBin = join(repoRoot(), 'test', 'world', 'bin', 'kind');
const run = `${process.pid}-${Date.now().toString(36)}`;
const dockerReady = await hasDocker();
let dir: string;
let env: NodeJS.ProcessEnv;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function exec(command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...env, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const kind = (args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<Result> => exec(kindBin, args, extraEnv);

async function config(name: string, body: string): Promise<string> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n${body}`);
  return file;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-kind-cli-'));
  env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'state'), KUBECONFIG: join(dir, 'kubeconfig'), HOME: dir };
});

afterAll(async () => {
  await kind(['delete', 'clusters', '--all']);
  await rm(dir, { recursive: true, force: true });
});

describe('kind stand-in: config errors', () => {
  it('rejects unknown fields with the strict decoder message and exit 1', async () => {
    const file = await config('unknown', 'nodes:\n- role: control-plane\n  extraPortMapping: []\n');
    const result = await kind(['create', 'cluster', '--name', `bad-${run}`, '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'ERROR: failed to create cluster: unable to decode config: yaml: unmarshal errors:\n  line 5: field extraPortMapping not found in type v1alpha4.Node\n',
    );
  });

  it('rejects a bad role and duplicate port mappings', async () => {
    const role = await kind(['create', 'cluster', '--name', `bad-${run}`, '--config', await config('role', 'nodes:\n- role: control-plane\n- role: boss\n')]);
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('ERROR: failed to create cluster: invalid configuration for node 1: "boss" is not a valid node role');
    const dup = await kind(['create', 'cluster', '--name', `bad-${run}`, '--config', await config('dup', 'nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 1, hostPort: 18080}\n  - {containerPort: 2, hostPort: 18080}\n')]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('port mapping with same listen address, port and protocol already configured: 0.0.0.0:18080/TCP');
  });

  it('fails like Docker when a host port is taken, and cleans up', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const name = `taken-${run}`;
      const file = await config('taken', `nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 30080, hostPort: ${port}, listenAddress: 127.0.0.1}\n`);
      const result = await kind(['create', 'cluster', '--name', name, '--config', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(' ✗ Preparing nodes 📦');
      expect(result.stderr).toContain(`Deleted nodes: ["${name}-control-plane"]`);
      expect(result.stderr).toMatch(/ERROR: failed to create cluster: command "docker run --name [^"]+" failed with error: exit status 125/);
      expect(result.stderr).toMatch(/address already in use|port is already allocated/);
      // MeshDeck reads the port from whatever this engine said (Docker 28's binding text, or an older userland proxy's).
      expect(takenPort(result.stderr)?.port).toBe(port);
      expect((await kind(['get', 'clusters'])).stdout).not.toContain(name);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('kind stand-in: a cluster from create to delete', () => {
  it('creates a cluster kubectl can use, with a labelled node container, and deletes all of it', async () => {
    const name = `life-${run}`;
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const file = await config('life', `nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 30080, hostPort: ${httpPort}, listenAddress: 127.0.0.1}\n  - {containerPort: 30443, hostPort: ${httpsPort}, listenAddress: 127.0.0.1}\n`);
    const created = await kind(['create', 'cluster', '--name', name, '--config', file, '--wait', '60s']);
    expect(created.stderr).toContain(`Creating cluster "${name}" ...`);
    expect(created.stderr).toContain(' ✓ Ensuring node image (kindest/node:v1.36.1) 🖼');
    expect(created.stderr).toContain(' ✓ Starting control-plane 🕹️');
    expect(created.stderr).toContain(`Set kubectl context to "kind-${name}"`);
    expect(created.code).toBe(0);

    const namespaces = await exec('kubectl', ['--context', `kind-${name}`, 'get', 'ns']);
    expect(namespaces.code).toBe(0);
    expect(namespaces.stdout).toMatch(/^default\s+Active/m);
    expect(await readFile(join(dir, 'kubeconfig'), 'utf8')).toContain(`current-context: kind-${name}`);
    expect((await kind(['get', 'clusters'])).stdout.split('\n')).toContain(name);
    expect((await kind(['get', 'kubeconfig', '--name', name])).stdout).toContain(`name: kind-${name}`);
    const record = JSON.parse(await readFile(join(dir, 'state', 'kind', name, 'cluster.json'), 'utf8')) as { runnerPid: number };
    expect(alive(record.runnerPid)).toBe(true);

    const docker = new Docker();
    if (dockerReady) {
      const [container] = await docker.listContainers({ filters: { label: [`io.x-k8s.kind.cluster=${name}`] } });
      expect(container?.Names).toEqual([`/${name}-control-plane`]);
      expect(container?.Labels['io.x-k8s.kind.role']).toBe('control-plane');
      const published = container!.Ports.filter((p) => p.PublicPort).map((p) => `${p.IP}:${p.PublicPort}->${p.PrivatePort}`).sort();
      expect(published).toEqual([`127.0.0.1:${httpPort}->30080`, `127.0.0.1:${httpsPort}->30443`].sort());
      expect(await listening(httpPort)).toBe(true);
    }

    const deleted = await kind(['delete', 'cluster', '--name', name]);
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toContain(`Deleting cluster "${name}" ...`);
    expect(alive(record.runnerPid)).toBe(false);
    expect((await kind(['get', 'clusters'])).stdout).not.toContain(name);
    expect(await readFile(join(dir, 'kubeconfig'), 'utf8')).not.toContain(`kind-${name}`);
    expect(await listening(httpPort)).toBe(false);
    expect(await listening(httpsPort)).toBe(false);
    if (dockerReady) expect(await docker.listContainers({ all: true, filters: { label: [`io.x-k8s.kind.cluster=${name}`] } })).toEqual([]);
  });
});
