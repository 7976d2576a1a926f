// The lab's images end to end against the test world and the run's registry (the world's global
// setup: MESHDECK_IMAGE_MIRROR, MESHDECK_KIND_NODE_IMAGE): `up` pulls through the mirror on the
// host and loads the node from the host, images.list then shows every image on both; `down` +
// `up` pulls nothing (no Docker pull event for the lab's images) and only loads the new node; a
// node that lost one image gets that one back.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagesReportInfo, TaskInfo } from '../../core/contract';
import { createDoctorDeps } from '../../core/doctor';
import { createLabService, type LabServiceWithRequests } from '../../core/lab';
import { TaskManager } from '../../core/tasks';
import { hasDocker, hasRegistry } from '../support/requirements';
import { freePort } from '../support/ports';
import { startMirror, type Mirror } from '../world/mirror/index';

const run = promisify(execFile);
// A whole lab on two shared cores: a backstop for a hang, not a speed goal (that is bench/).
const LAB_TIMEOUT_MS = 240_000;
// The run's registry (world-registry-setup.ts) exports MESHDECK_IMAGE_MIRROR when Docker and the registry are there.
const ready = (await hasDocker()) && hasRegistry() && Boolean(process.env.MESHDECK_IMAGE_MIRROR);
if (!ready) console.warn('Skipping the lab images test: it needs Docker and the world registry (MESHDECK_IMAGE_MIRROR from the world global setup).');

describe.runIf(ready)('the lab’s images against the test world', () => {
  const docker = new Docker();
  const name = `images-${process.pid}`;
  const waiters = new Map<string, (task: TaskInfo) => void>();
  const tasks = new TaskManager({ onUpdate: (task) => (task.state !== 'running' ? waiters.get(task.id)?.(task) : undefined) });
  let dir: string;
  let mirror: Mirror;
  let lab: LabServiceWithRequests;
  let ports: { httpPort: number; httpsPort: number };

  const finished = (task: TaskInfo): Promise<TaskInfo> =>
    new Promise((resolve) => {
      const current = tasks.get(task.id);
      if (current.state !== 'running') return resolve(current);
      waiters.set(task.id, resolve);
    });
  const steps = (task: TaskInfo) => Object.fromEntries((task.steps ?? []).map((step) => [step.id, step]));
  const up = async () => {
    const task = await finished(lab.upWith({ name, ...ports }));
    expect(task.error).toBeUndefined();
    expect(task.state).toBe('succeeded');
    return task;
  };
  const expectAllPresent = (report: ImagesReportInfo) => {
    expect(report.lab).toBe(name);
    expect(report.mirror).toBe(process.env.MESHDECK_IMAGE_MIRROR);
    expect(report.images.filter((image) => !image.host || image.node !== true)).toEqual([]);
    expect(report.dockerHubPulls).toBe(0);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-lab-images-'));
    mirror = await startMirror();
    ports = { httpPort: await freePort(), httpsPort: await freePort() };
    const env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home') };
    lab = createLabService({ tasks, dataDir: join(dir, 'home'), mirror: mirror.url, platform: 'linux', arch: process.arch, env, userKubeconfig: join(dir, 'user-kubeconfig'), doctorDeps: (p) => createDoctorDeps(env, { ports: p, mirror: mirror.url }), stallMs: 60_000 });
  });

  afterAll(async () => {
    // A test that failed mid-up leaves its task running: stop it before taking the lab down.
    const running = tasks.list().filter((task) => task.state === 'running');
    tasks.cancelAll();
    await Promise.all(running.map((task) => finished(task)));
    if (lab) await finished(lab.down({ name }));
    await mirror?.stop();
    await rm(dir, { recursive: true, force: true });
  }, LAB_TIMEOUT_MS);

  it('up leaves every image the lab needs on the host and on the node', async () => {
    const task = await up();
    const byId = steps(task);
    for (const id of ['node-image', 'istio-images', 'app-images', 'load-istio-images', 'load-app-images']) expect(['done', 'reused']).toContain(byId[id]?.state);
    const report = await lab.images!({ name });
    expectAllPresent(report);
    const sources = new Set(report.images.map((image) => image.source));
    expect([...sources].sort()).toEqual(['addons', 'bookinfo', 'curl', 'istio', 'node']);
    expect(report.images.find((image) => image.source === 'node')?.ref).toBe(process.env.MESHDECK_KIND_NODE_IMAGE);
    expect(report.images.every((image) => image.pullFrom?.startsWith(`${process.env.MESHDECK_IMAGE_MIRROR}/`))).toBe(true);
  }, LAB_TIMEOUT_MS);

  it('down then up pulls nothing and loads the new node from the host', async () => {
    const down = await finished(lab.down({ name }));
    expect(down.state).toBe('succeeded');
    const refs = (await lab.images!({ name })).images.map((image) => image.ref);
    const since = Math.floor(Date.now() / 1000);
    const task = await up();
    const until = Math.ceil(Date.now() / 1000) + 1;
    const byId = steps(task);
    expect(byId['node-image']?.state).toBe('reused');
    for (const id of ['istio-images', 'app-images']) expect(byId[id]?.state).toBe('reused');
    for (const id of ['load-istio-images', 'load-app-images']) {
      expect(byId[id]?.state).toBe('done');
      expect(byId[id]?.detail).toMatch(/^Loaded all \d+ images into the node$/);
    }
    // Docker's own record: no pull of any of the lab's images while the second up ran.
    const events = await new Promise<string>((resolve, reject) => {
      docker.getEvents({ since, until, filters: { type: ['image'], event: ['pull'] } }, (error, stream) => {
        if (error || !stream) return reject(error ?? new Error('no event stream'));
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      });
    });
    const pulled = events.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id?: string }).id ?? '');
    expect(pulled.filter((id) => refs.some((ref) => id.includes(ref.replace(/@.*$/, '').replace(/^docker\.io\//, ''))))).toEqual([]);
    expectAllPresent(await lab.images!({ name }));
  }, 2 * LAB_TIMEOUT_MS);

  it('a node that lost one image gets exactly that one back from the host, and nothing else is loaded', async () => {
    const before = await lab.images!({ name });
    const appRefs = before.images.filter((image) => !['node', 'istio'].includes(image.source));
    const lost = appRefs.find((image) => image.source === 'bookinfo')!.ref;
    // What a user's `crictl rmi` or a pruning node does: the node's containerd forgets the image.
    const removed = await run('docker', ['exec', `${name}-control-plane`, 'ctr', '--namespace=k8s.io', 'images', 'rm', lost]);
    expect(removed.stdout).toBe(`${lost}\n`);
    expect((await lab.images!({ name })).images.filter((image) => image.node === false).map((image) => image.ref)).toEqual([lost]);

    const byId = steps(await up());
    for (const id of ['istio-images', 'app-images', 'load-istio-images']) expect(byId[id]?.state).toBe('reused');
    expect(byId['load-app-images']).toMatchObject({ state: 'done', detail: `Loaded 1 of ${appRefs.length} images into the node (it had the rest)` });
    expectAllPresent(await lab.images!({ name }));
  }, LAB_TIMEOUT_MS);
});
