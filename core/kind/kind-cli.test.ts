// KindCli against the kind stand-in (test/world/bin/kind, strict v1alpha4 decoding, no Docker):
// the rendered config is accepted, a cluster goes create → list → kubeconfig → export → delete, a taken
// host port becomes PORT_IN_USE; and the error mapping on kind's and Docker's messages.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { exec, type ExecOptions } from '../exec';
import { kindCli, type KindCli } from './kind-cli';
import { kindClusterConfig, renderKindConfig } from './kind-config';
import { kindFailure } from './kind-errors';
import { freePort } from '../../test/support/ports';

const kindBin = join(import.meta.dirname, '..', '..', 'test', 'world', 'bin', 'kind');
const run = `${process.pid}-${Date.now().toString(36)}`;
let dir: string;
let kind: KindCli;

async function listen(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}


async function configFile(name: string, httpHostPort: number, httpsHostPort: number): Promise<string> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, renderKindConfig(kindClusterConfig({ name, httpHostPort, httpsHostPort, httpNodePort: 30080, httpsNodePort: 30443 })));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-kind-cli-'));
  const env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'state'), MESHDECK_WORLD_DOCKER: '0', KUBECONFIG: join(dir, 'default-kubeconfig'), HOME: dir };
  kind = kindCli({ kindPath: kindBin, exec, env });
});

afterAll(async () => {
  await exec(kindBin, ['delete', 'clusters', '--all'], { env: { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'state'), MESHDECK_WORLD_DOCKER: '0', HOME: dir } }).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('KindCli against the kind stand-in', () => {
  it.concurrent('reports its version', async () => {
    expect(await kind.version()).toBe('0.32.0');
  });

  it.concurrent('creates a cluster from the rendered config, lists it, reads its kubeconfig and deletes it', async () => {
    const name = `life-${run}`;
    const kubeconfigPath = join(dir, 'meshdeck-kubeconfig');
    const lines: string[] = [];
    await kind.createCluster({ name, configPath: await configFile(name, await freePort(), await freePort()), kubeconfigPath, wait: 60_000, onLine: (line) => lines.push(line) });
    expect(lines).toContain(`Set kubectl context to "kind-${name}"`);
    expect(lines.some((line) => line.includes('Waiting ≤ 1m0s for control-plane = Ready'))).toBe(true);
    expect(await readFile(kubeconfigPath, 'utf8')).toContain(`name: kind-${name}`);
    expect(await kind.getClusters()).toContain(name);
    expect(await kind.getKubeconfig(name)).toContain(`current-context: kind-${name}`);
    // Export merges into a kubeconfig that has other contexts, and makes kind-<name> current there.
    const userKubeconfig = join(dir, 'user-kubeconfig');
    await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts:\n- name: team-cluster\n  context: {cluster: none, user: none}\ncurrent-context: team-cluster\n');
    await kind.exportKubeconfig({ name, kubeconfigPath: userKubeconfig });
    const exported = await readFile(userKubeconfig, 'utf8');
    expect(exported).toContain(`name: kind-${name}`);
    expect(exported).toContain('name: team-cluster');
    expect(exported).toContain(`current-context: kind-${name}`);

    await kind.deleteCluster({ name, kubeconfigPath });
    expect(await readFile(kubeconfigPath, 'utf8')).not.toContain(`kind-${name}`);
  });

  it.concurrent('says PORT_IN_USE, with the port, when a host port is taken', async () => {
    const blocker = await listen();
    const port = (blocker.address() as { port: number }).port;
    try {
      const name = `taken-${run}`;
      const failure = kind.createCluster({ name, configPath: await configFile(name, port, await freePort()), kubeconfigPath: join(dir, 'taken-kubeconfig') });
      await expect(failure).rejects.toMatchObject({ code: 'PORT_IN_USE', details: { port } });
      await expect(failure).rejects.toThrow(`Port ${port} is already in use`);
      // What kind quotes from Docker 28's daemon when another program holds the port.
      const stderr = String(((await failure.catch((error: unknown) => error)) as AppError).details?.stderr);
      expect(stderr).toMatch(new RegExp(`docker: Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint ${name}-control-plane \\([0-9a-f]{64}\\): failed to bind host port for 127\\.0\\.0\\.1:${port}:172\\.18\\.0\\.2:30080/tcp: address already in use\n\nRun 'docker run --help' for more information`));
      expect(await kind.getClusters()).not.toContain(name);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('KindCli arguments', () => {
  it('passes argument arrays, the signal and the logger to exec', async () => {
    const calls: Array<{ command: string; args: readonly string[]; options?: ExecOptions }> = [];
    const fake = kindCli({
      kindPath: '/opt/kind',
      exec: async (command, args, options) => {
        calls.push({ command, args, options });
        return { stdout: '', stderr: '', exitCode: 0 };
      },
    });
    const controller = new AbortController();
    const onLine = () => undefined;
    await fake.createCluster({ name: 'meshdeck', configPath: '/c/kind.yaml', kubeconfigPath: '/c/kubeconfig', wait: 90_500, image: 'kindest/node:x', signal: controller.signal, onLine });
    await fake.deleteCluster({ name: 'meshdeck', kubeconfigPath: '/c/kubeconfig' });
    expect(calls[0]).toMatchObject({
      command: '/opt/kind',
      args: ['create', 'cluster', '--name', 'meshdeck', '--config', '/c/kind.yaml', '--kubeconfig', '/c/kubeconfig', '--image', 'kindest/node:x', '--wait', '91s'],
      options: { signal: controller.signal, onLine },
    });
    expect(calls[1]?.args).toEqual(['delete', 'cluster', '--name', 'meshdeck', '--kubeconfig', '/c/kubeconfig']);
  });
});

describe('kindFailure', () => {
  const failed = (stderr: string) => new AppError('COMMAND_FAILED', 'kind failed', { command: 'kind create cluster', exitCode: 1, stderr });

  it('reads the port from Docker\'s "port is already allocated"', () => {
    const error = kindFailure(failed('ERROR: failed to create cluster: command "docker run ..." failed with error: exit status 125\nCommand Output: docker: Error response from daemon: driver failed programming external connectivity on endpoint meshdeck-control-plane: Bind for 127.0.0.1:8080 failed: port is already allocated.'), 'create the cluster');
    expect(error).toMatchObject({ code: 'PORT_IN_USE', details: { port: 8080 } });
  });

  it('says DOCKER_NOT_RUNNING when kind cannot reach Docker', () => {
    const error = kindFailure(failed(`ERROR: failed to create cluster: failed to get docker info: command "docker info --format '{{json .}}'" failed with error: exit status 1\nCommand Output: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?`), 'create the cluster');
    expect(error).toMatchObject({ code: 'DOCKER_NOT_RUNNING' });
    expect((error as AppError).message).toContain('Start Docker');
  });

  it('says CLUSTER_NOT_FOUND when kind finds no such cluster', () => {
    const error = kindFailure(failed("ERROR: could not locate any control plane nodes for cluster named 'lab'. Use the --name option to select a different cluster"), 'read the kubeconfig of "lab"');
    expect(error).toMatchObject({ code: 'CLUSTER_NOT_FOUND', details: { cluster: 'lab' } });
  });

  it('keeps kind\'s words otherwise, and passes cancellation through', () => {
    const error = kindFailure(failed('ERROR: failed to create cluster: node(s) already exist for a cluster with the name "meshdeck"'), 'create the cluster "meshdeck"');
    expect(error).toMatchObject({ code: 'COMMAND_FAILED', message: expect.stringContaining('node(s) already exist') });
    const cancelled = new AppError('CANCELLED', 'Cancelled.');
    expect(kindFailure(cancelled, 'x')).toBe(cancelled);
  });
});
