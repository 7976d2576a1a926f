// Faults: Docker restarted while `meshdeck up` loads the lab's images into the kind node. The
// "Docker engine" is a unix-socket proxy in front of the machine's real one (DOCKER_HOST points at
// it; the real dockerd is never touched): it goes away the moment the load step starts and comes
// back before the second `up`.
// 1. Docker gone mid-load: the load step fails with DOCKER_NOT_RUNNING and advice, no stack
//    trace, and no half-written archive is left in the lab's folder.
// 2. Docker back: `up` again continues, loads into the node only what it still lacks, and finishes;
//    the node then has every image the lab runs.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../core/contract';
import type { LabRequest } from '../../core/lab';
import { createDockerEndpoint } from '../../core/docker';
import { nodeImages } from '../../core/images';
import { createLabHarness, stepStates, type LabHarness } from '../support/lab-harness';
import { freePort } from '../support/ports';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';
import { startDockerProxy, type DockerProxy } from './docker-proxy';

const dockerReady = await hasDocker();

describe.runIf(dockerReady)('faults: Docker restarted while images load into the node', () => {
  let dir: string;
  let mirror: Mirror;
  let proxy: DockerProxy | undefined;
  let harness: LabHarness;
  let request: LabRequest;
  const name = `load-${process.pid}`;
  const listeners = new Set<(task: TaskInfo) => void>();
  const labDir = () => join(dir, 'home', 'labs', name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-fault-load-'));
    mirror = await startMirror();
    proxy = await startDockerProxy(join(dir, 'docker.sock'));
    const env = { ...process.env, DOCKER_HOST: `unix://${join(dir, 'docker.sock')}`, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home') };
    const userKubeconfig = join(dir, 'user-kubeconfig');
    await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    harness = createLabHarness({ dataDir: join(dir, 'home'), mirrorUrl: mirror.url, env, userKubeconfig, onUpdate: (task) => listeners.forEach((listener) => listener(task)) });
    request = { name, httpPort: await freePort(), httpsPort: await freePort() };
  });

  afterAll(async () => {
    proxy ??= await startDockerProxy(join(dir, 'docker.sock'));
    if (harness) {
      const down = await harness.finished(harness.lab.down({ name }));
      if (down.state !== 'succeeded') console.warn(`cleanup: down ${down.state}: ${down.error?.message}`);
    }
    await proxy?.close();
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('Docker gone mid-load: the load step fails with DOCKER_NOT_RUNNING and leaves no half-written archive', async () => {
    const cut = new Promise<void>((resolve) => {
      const watch = (task: TaskInfo) => {
        if (task.steps?.some((step) => step.id === 'load-istio-images' && step.state === 'running')) {
          listeners.delete(watch);
          void proxy!.close().then(resolve);
        }
      };
      listeners.add(watch);
    });
    const task = await harness.finished(harness.lab.upWith(request));
    await cut;
    proxy = undefined;
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('DOCKER_NOT_RUNNING');
    expect(task.error?.message).toMatch(/Start Docker/);
    expect(task.error?.message).not.toMatch(/\n\s+at /);
    expect(stepStates(task)).toMatchObject({ cluster: 'done', 'load-istio-images': 'failed', istio: 'pending', bookinfo: 'pending' });
    const left = existsSync(labDir()) ? await readdir(labDir()) : [];
    expect(left.filter((file) => /\.tar|partial/.test(file))).toEqual([]);
  }, 120_000);

  it('Docker back: up continues, the node gets what it lacks, and the lab finishes', async () => {
    proxy = await startDockerProxy(join(dir, 'docker.sock'));
    const task = await harness.finished(harness.lab.upWith(request));
    expect(task.error).toBeUndefined();
    expect(task.state).toBe('succeeded');
    expect(stepStates(task)).toMatchObject({ cluster: 'reused', 'load-istio-images': 'done', 'load-app-images': 'done', istio: 'done', bookinfo: 'done', verify: 'done' });
    const images = (await harness.lab.status({ name })).exists;
    expect(images).toBe(true);
    const store = await nodeImages(createDockerEndpoint(process.env).client, `${name}-control-plane`);
    expect([...store.names].some((ref) => ref.includes('examples-bookinfo-reviews-v3'))).toBe(true);
    expect([...store.names].some((ref) => ref.includes('/pilot:'))).toBe(true);
  }, 120_000);
});
