// The one-click plan end to end against the test world, the way a user's machine runs it: kind
// and Istio downloaded from the release mirror and verified, the kind stand-in (with its Docker
// node container), istioctl from the archive, then Bookinfo reachable through the host port.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../core/contract';
import { createDoctorDeps } from '../../core/doctor';
import { createLabService, type LabServiceWithRequests } from '../../core/lab';
import { httpGet } from '../../core/lab/http-check';
import { TaskManager } from '../../core/tasks';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';

const dockerReady = await hasDocker();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.runIf(dockerReady)('the one-click lab against the test world', () => {
  let dir: string;
  let mirror: Mirror;
  let lab: LabServiceWithRequests;
  let httpPort: number;
  let httpsPort: number;
  const name = `lab-${process.pid}`;
  const waiters = new Map<string, (task: TaskInfo) => void>();
  const tasks = new TaskManager({ onUpdate: (task) => (task.state !== 'running' ? waiters.get(task.id)?.(task) : undefined) });
  const seen: TaskInfo[] = [];

  function finished(task: TaskInfo): Promise<TaskInfo> {
    return new Promise((resolve) => {
      const current = tasks.get(task.id);
      if (current.state !== 'running') return resolve(current);
      waiters.set(task.id, resolve);
    });
  }

  function stepStates(task: TaskInfo): Record<string, string> {
    return Object.fromEntries((task.steps ?? []).map((step) => [step.id, step.state]));
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-lab-'));
    mirror = await startMirror();
    [httpPort, httpsPort] = [await freePort(), await freePort()];
    const env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home') };
    const userKubeconfig = join(dir, 'user-kubeconfig');
    await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts:\n- name: team-cluster\n  context: {cluster: none, user: none}\ncurrent-context: team-cluster\n');
    lab = createLabService({
      tasks,
      dataDir: join(dir, 'home'),
      mirror: mirror.url,
      platform: 'linux',
      arch: 'x64',
      env,
      userKubeconfig,
      doctorDeps: (ports) => createDoctorDeps(env, { ports, mirror: mirror.url }),
      stallMs: 60_000,
    });
  });

  afterAll(async () => {
    const down = lab.down({ name });
    seen.push(await finished(down));
    await mirror.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stops on a corrupted kind download with CHECKSUM_MISMATCH, before any cluster exists', async () => {
    mirror.knobs.corrupt('kind-linux-amd64');
    try {
      const task = await finished(lab.upWith({ name, httpPort, httpsPort }));
      expect(task.state).toBe('failed');
      expect(task.error?.code).toBe('CHECKSUM_MISMATCH');
      expect(stepStates(task)).toMatchObject({ kind: 'failed' });
      expect(stepStates(task).cluster).toBe('pending');
    } finally {
      mirror.knobs.reset();
    }
  });

  it('refuses a host port that is taken with PORT_IN_USE and a suggestion, before creating anything', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(httpPort, '127.0.0.1', resolve));
    try {
      const task = await finished(lab.upWith({ name, httpPort, httpsPort }));
      expect(task.error?.code).toBe('PORT_IN_USE');
      expect(task.error?.message).toMatch(new RegExp(`${httpPort} → \\d+`));
      expect(stepStates(task)).toMatchObject({ preflight: 'failed', cluster: 'pending' });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses an unknown context of the user’s kubeconfig with CLUSTER_NOT_FOUND', async () => {
    const task = await finished(lab.upWith({ context: 'no-such-context' }));
    expect(task.error?.code).toBe('CLUSTER_NOT_FOUND');
    expect(task.error?.message).toContain('team-cluster');
  });

  it('cancelled mid-plan, then run again: finishes without redoing what was done', async () => {
    const first = lab.upWith({ name, httpPort, httpsPort });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (tasks.get(first.id).steps?.some((step) => step.id === 'istio' && step.state === 'running')) {
          clearInterval(check);
          resolve();
        }
      }, 50);
    });
    tasks.cancel(first.id);
    const cancelled = await finished(first);
    expect(cancelled.state).toBe('cancelled');
    expect(stepStates(cancelled)).toMatchObject({ cluster: 'done', istio: 'cancelled' });

    const second = await finished(lab.upWith({ name, httpPort, httpsPort }));
    expect(second.error).toBeUndefined();
    expect(second.state).toBe('succeeded');
    expect(stepStates(second)).toMatchObject({ cluster: 'reused', bookinfo: 'done', addons: 'done', verify: 'done' });
    const page = await httpGet(httpPort, '/productpage', 'bookinfo.localhost', AbortSignal.timeout(10_000));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Simple Bookstore App');
  });

  it('reports the lab in status, and a second up is a no-op', async () => {
    const status = await lab.status({ name });
    expect(status).toMatchObject({ exists: true, name, context: `kind-${name}`, provider: 'kind' });
    expect(status.bookinfo).toHaveLength(6);
    expect(status.bookinfo.every((item) => item.ready === item.total && item.withSidecar === item.total)).toBe(true);
    expect(status.istio.map((item) => item.name)).toEqual(['istiod', 'istio-ingressgateway', 'istio-egressgateway']);
    expect(status.urls.dashboards.kiali).toBe(`http://kiali.localhost:${httpPort}/kiali/`);

    const again = await finished(lab.upWith({ name, httpPort, httpsPort }));
    expect(again.state).toBe('succeeded');
    expect(stepStates(again)).toMatchObject({ cluster: 'reused', istio: 'reused', injection: 'reused', bookinfo: 'reused', addons: 'reused' });
  });

  it('down deletes the cluster; status then says there is no lab', async () => {
    const down = await finished(lab.down({ name }));
    expect(down.state).toBe('succeeded');
    const status = await lab.status({ name });
    expect(status.exists).toBe(false);
    expect(status.problem?.code).toBeDefined();
  });
});
