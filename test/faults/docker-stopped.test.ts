// Faults: Docker stopped before and during `meshdeck up`, on one data dir, the way a user meets them.
// The "Docker engine" is a unix-socket proxy this test starts in front of the machine's real one
// (DOCKER_HOST points at it; the real dockerd is never touched).
// 1. Before `up` nothing listens there: DOCKER_NOT_RUNNING with "start Docker" advice from the
//    preflight, and nothing created.
// 2. During `up`: the proxy is cut the moment the preflight has passed, so the node image's pull
//    meets a DOCKER_HOST that does not answer: DOCKER_NOT_RUNNING on that step, and still no cluster.
// 3. Docker back: `up` again continues and finishes.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../core/contract';
import type { LabRequest } from '../../core/lab';
import { createLabHarness, stepStates, type LabHarness } from '../support/lab-harness';
import { freePort } from '../support/ports';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';
import { startDockerProxy, type DockerProxy } from './docker-proxy';


const dockerReady = await hasDocker();

describe.runIf(dockerReady)('faults: Docker stopped before and during up, then back', () => {
  let dir: string;
  let mirror: Mirror;
  let proxy: DockerProxy | undefined;
  let request: LabRequest;
  let userKubeconfig: string;
  let userKubeconfigHash: string;
  const name = `faults-${process.pid}`;
  const listeners = new Set<(task: TaskInfo) => void>();
  let harness: LabHarness;
  let lab: LabHarness['lab'];
  const hashOf = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');
  const finished = (task: TaskInfo) => harness.finished(task);

  function expectAdvice(task: TaskInfo): void {
    expect(task.error?.message).not.toMatch(/\n\s+at /);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-fault-docker-'));
    mirror = await startMirror();
    const dockerHost = `unix://${join(dir, 'docker.sock')}`;
    const env = { ...process.env, DOCKER_HOST: dockerHost, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home') };
    userKubeconfig = join(dir, 'user-kubeconfig');
    await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    userKubeconfigHash = await hashOf(userKubeconfig);
    harness = createLabHarness({ dataDir: join(dir, 'home'), mirrorUrl: mirror.url, env, userKubeconfig, onUpdate: (task) => listeners.forEach((listener) => listener(task)) });
    lab = harness.lab;
    request = { name, httpPort: await freePort(), httpsPort: await freePort() };
  });

  afterAll(async () => {
    if (lab) {
      const down = await finished(lab.down({ name }));
      if (down.state !== 'succeeded') console.warn(`cleanup: down ${down.state}: ${down.error?.message}`);
    }
    await proxy?.close();
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('Docker stopped before up: DOCKER_NOT_RUNNING with advice, before any cluster exists', async () => {
    const task = await finished(lab.upWith(request));
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('DOCKER_NOT_RUNNING');
    expect(task.error?.message).toMatch(/docker/i);
    expect(task.error?.message).toMatch(/[Ss]tart/);
    expectAdvice(task);
    expect(stepStates(task)).toMatchObject({ preflight: 'failed', cluster: 'pending', istio: 'pending' });
    expect((await lab.status({ name })).exists).toBe(false);
  });

  it('Docker stopped during up: DOCKER_NOT_RUNNING on the node image step, no half-made cluster', async () => {
    proxy = await startDockerProxy(join(dir, 'docker.sock'));
    const cut = new Promise<void>((resolve) => {
      const watch = (task: TaskInfo) => {
        if (task.steps?.some((step) => step.id === 'preflight' && step.state === 'done')) {
          listeners.delete(watch);
          void proxy!.close().then(resolve);
        }
      };
      listeners.add(watch);
    });
    const task = await finished(lab.upWith(request));
    await cut;
    proxy = undefined;
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('DOCKER_NOT_RUNNING');
    expect(task.error?.message).toMatch(/Start Docker/);
    expectAdvice(task);
    // The node image is the first thing after the preflight that needs the engine (kind creates the cluster from it).
    expect(stepStates(task)).toMatchObject({ preflight: 'done', 'node-image': 'failed', cluster: 'pending', istio: 'pending' });
    expect((await lab.status({ name })).exists).toBe(false);
  });

  it('Docker back: up again continues and finishes; the user’s kubeconfig was never touched', async () => {
    proxy = await startDockerProxy(join(dir, 'docker.sock'));
    const task = await finished(lab.upWith(request));
    expect(task.error).toBeUndefined();
    expect(task.state).toBe('succeeded');
    expect(stepStates(task)).toMatchObject({ preflight: 'done', cluster: 'done', istio: 'done', bookinfo: 'done', verify: 'done' });
    expect(await hashOf(userKubeconfig)).toBe(userKubeconfigHash);
  }, 120_000);
});
