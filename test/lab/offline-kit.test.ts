// The offline kit end to end against the test world and the run's registry (world-registry-setup):
// export on one MESHDECK_HOME (tools from the release mirror, images pulled from the registry),
// remove the images from Docker, import on an EMPTY home with the mirror, the registry and the
// world's node network all unreachable, then `up --offline` builds the lab from the kit alone.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KitTaskResultInfo, TaskInfo } from '../../core/contract';
import { defaultKit } from '../../core/app/default-kit';
import { TaskManager } from '../../core/tasks';
import { createLabHarness, stepStates } from '../support/lab-harness';
import { freePort } from '../support/ports';
import { startMirror, type Mirror } from '../world/mirror/index';

const docker = new Docker();
let dir: string;
let mirror: Mirror;
let kitPath: string;
const name = `kit-${process.pid}`;

function kitTasks(env: NodeJS.ProcessEnv, home: string) {
  const waiters = new Map<string, (task: TaskInfo) => void>();
  const tasks = new TaskManager({ onUpdate: (task) => (task.state !== 'running' ? waiters.get(task.id)?.(task) : undefined) });
  const kit = defaultKit({ ...env, MESHDECK_HOME: home }, home)(tasks);
  const finished = (task: TaskInfo) => new Promise<TaskInfo>((resolve) => (tasks.get(task.id).state !== 'running' ? resolve(tasks.get(task.id)) : waiters.set(task.id, resolve)));
  return { kit, finished };
}

beforeAll(async () => {
  if (!process.env.MESHDECK_IMAGE_MIRROR) throw new Error('This test needs the run-wide registry (test/support/world-registry-setup.ts): Docker and /usr/bin/docker-registry.');
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-kit-world-'));
  mirror = await startMirror();
  kitPath = join(dir, 'lab.kit');
});
afterAll(async () => {
  await mirror?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('offline kit against the world', () => {
  let exported: KitTaskResultInfo;

  it('exports tools and every image of the lab from one home', async () => {
    const { kit, finished } = kitTasks({ ...process.env, MESHDECK_MIRROR: mirror.url }, join(dir, 'online-home'));
    const ended = await finished(kit.export({ path: kitPath }));
    expect(ended.error).toBeUndefined();
    exported = ended.result as KitTaskResultInfo;
    const images = exported.manifest.parts.filter((part) => part.kind === 'image').map((part) => part.name);
    expect(images).toContain(process.env.MESHDECK_KIND_NODE_IMAGE);
    expect(images.some((ref) => ref.includes('/pilot:'))).toBe(true);
    expect(images.some((ref) => ref.includes('examples-bookinfo-reviews-v3'))).toBe(true);
  }, 180_000);

  it('imports on an empty home with no network, and up --offline builds the lab from it', async () => {
    // The host forgets the images (every tag, mirror names included): only the kit has them now.
    // The node image is digest-pinned: docker load drops its digest, the kit's pin stands in.
    for (const part of exported.manifest.parts.filter((p) => p.kind === 'image')) {
      if (part.imageId) await docker.getImage(part.imageId).remove({ force: true }).catch(() => undefined);
    }
    const closed = await freePort();
    const home = join(dir, 'offline-home');
    const env = { ...process.env, MESHDECK_HOME: home, MESHDECK_MIRROR: `http://127.0.0.1:${closed}`, MESHDECK_IMAGE_MIRROR: `127.0.0.1:${closed}`, MESHDECK_WORLD_OFFLINE: '1', MESHDECK_WORLD_STATE: join(dir, 'world') };
    const { kit, finished } = kitTasks(env, home);
    const imported = await finished(kit.import({ path: kitPath }));
    expect(imported.error).toBeUndefined();
    expect((imported.result as KitTaskResultInfo & { kind: 'kit-import' }).loadedImages.length).toBe(exported.manifest.parts.filter((p) => p.kind === 'image').length);

    const userKubeconfig = join(dir, 'user-kubeconfig');
    await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    const harness = createLabHarness({ dataDir: home, mirrorUrl: env.MESHDECK_MIRROR, env, userKubeconfig });
    const up = await harness.finished(harness.lab.upWith({ name, httpPort: await freePort(), httpsPort: await freePort(), offline: true }));
    expect(up.error).toBeUndefined();
    expect(up.state).toBe('succeeded');
    // Nothing to pull: the host had every image from the kit; the node got them by kind load.
    expect(stepStates(up)).toMatchObject({ preflight: 'done', 'node-image': 'reused', 'istio-images': 'reused', 'app-images': 'reused', 'load-istio-images': 'done', 'load-app-images': 'done' });
    const down = await harness.finished(harness.lab.down({ name }));
    expect(down.state).toBe('succeeded');
  }, 300_000);
});
