// An image that fails to pull stalls the plan with its reason: the kind stand-in's cluster is
// created with MESHDECK_WORLD_FAIL_IMAGES matching Bookinfo's reviews-v2 image, so its pods sit
// in ErrImagePull/ImagePullBackOff and the Bookinfo wait gives up after `stallMs` of no change.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../core/contract';
import { createDoctorDeps } from '../../core/doctor';
import { createLabService, type LabServiceWithRequests } from '../../core/lab';
import { TaskManager } from '../../core/tasks';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';
import { freePort } from '../support/ports';

const dockerReady = await hasDocker();
const REVIEWS_V2 = 'examples-bookinfo-reviews-v2';


describe.runIf(dockerReady)('an image that fails to pull', () => {
  let dir: string;
  let mirror: Mirror;
  let lab: LabServiceWithRequests;
  const name = `stall-${process.pid}`;
  const waiters = new Map<string, (task: TaskInfo) => void>();
  const tasks = new TaskManager({ onUpdate: (task) => (task.state !== 'running' ? waiters.get(task.id)?.(task) : undefined) });

  function finished(task: TaskInfo): Promise<TaskInfo> {
    return new Promise((resolve) => {
      const current = tasks.get(task.id);
      if (current.state !== 'running') return resolve(current);
      waiters.set(task.id, resolve);
    });
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-lab-stall-'));
    mirror = await startMirror();
    const env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home'), MESHDECK_WORLD_FAIL_IMAGES: REVIEWS_V2 };
    const userKubeconfig = join(dir, 'user-kubeconfig');
    await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    lab = createLabService({
      tasks,
      dataDir: join(dir, 'home'),
      mirror: mirror.url,
      platform: 'linux',
      arch: 'x64',
      env,
      userKubeconfig,
      doctorDeps: (ports) => createDoctorDeps(env, { ports, mirror: mirror.url }),
      stallMs: 4000,
    });
  });

  afterAll(async () => {
    if (lab) {
      const down = await finished(lab.down({ name }));
      expect(down.state).toBe('succeeded');
    }
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stalls the Bookinfo step with STALLED, naming the pull failure and the image', async () => {
    const task = await finished(lab.upWith({ name, httpPort: await freePort(), httpsPort: await freePort() }));
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('STALLED');
    expect(Object.fromEntries((task.steps ?? []).map((step) => [step.id, step.state]))).toMatchObject({ cluster: 'done', istio: 'done', bookinfo: 'failed', verify: 'pending' });
    expect(task.error?.message).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(task.error?.message).toContain(REVIEWS_V2);
    expect(task.error?.message).not.toMatch(/reviews-v[13]|ratings-v1|details-v1|productpage-v1/);
    // The advice is a command to paste: the managed kind binary and this cluster's name.
    expect(task.error?.message).toMatch(new RegExp(`\`docker pull \\S*${REVIEWS_V2}\\S* && \\S*/kind\\S* load docker-image \\S*${REVIEWS_V2}\\S* --name ${name}\``));
  });
});
