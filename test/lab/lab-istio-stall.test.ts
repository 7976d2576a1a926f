// istiod's image fails to pull while `istioctl install` runs: MeshDeck's own stall watch, not
// istioctl's readiness timeout (300 s by default, raised to a backstop of an hour), ends the
// Istio step with STALLED naming the pull failure, istiod's image and the exact `kind load`
// command; istioctl is stopped. The kind stand-in's cluster is created with
// MESHDECK_WORLD_FAIL_IMAGES matching the pilot image.
import { execFileSync } from 'node:child_process';
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
const PILOT = '/pilot:';


describe.runIf(dockerReady)('istiod that cannot pull its image during istioctl install', () => {
  let dir: string;
  let mirror: Mirror;
  let lab: LabServiceWithRequests;
  const name = `istio-stall-${process.pid}`;
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
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-lab-istio-stall-'));
    mirror = await startMirror();
    const env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home'), MESHDECK_WORLD_FAIL_IMAGES: PILOT };
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

  it('stalls the Istio step with STALLED from its own watch, and stops istioctl', async () => {
    const task = await finished(lab.upWith({ name, httpPort: await freePort(), httpsPort: await freePort() }));
    expect(task.state).toBe('failed');
    // STALLED is the watch's verdict; istioctl's own failure would be COMMAND_FAILED.
    expect(task.error?.code).toBe('STALLED');
    expect(Object.fromEntries((task.steps ?? []).map((step) => [step.id, step.state]))).toMatchObject({ cluster: 'done', istio: 'failed', bookinfo: 'pending' });
    expect(task.error?.message).toContain('istiod');
    expect(task.error?.message).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(task.error?.message).toMatch(/`docker pull \S*\/pilot:\S* && \S*\/kind\S* load docker-image \S*\/pilot:\S* --name istio-stall-\d+`/);
    // istioctl was at work (its progress lines reach the step's log) and had not given up itself.
    const log = (task.steps ?? []).find((step) => step.id === 'istio')?.logTail ?? [];
    expect(log).toContain('✔ Istio core installed ⛵️');
    expect(log.join('\n')).not.toContain('encountered an error');
    const running = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
    expect(running.filter((args) => args.includes('istioctl') && args.includes(dir))).toEqual([]);
  });
});
