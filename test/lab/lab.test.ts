// The one-click plan end to end against the test world, the way a user's machine runs it: kind
// and Istio downloaded from the release mirror and verified, the kind stand-in (with its Docker
// node container), istioctl from the archive, then Bookinfo reachable through the host port.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../core/contract';
import { createDoctorDeps } from '../../core/doctor';
import { monitorGatewayObjects } from '../../core/gateways';
import { applyObjects, collectionPath, createKubeClients, parseManifests, readPods, type KubeClients, type KubeObject, type PodObject } from '../../core/kube';
import { appKubeconfigPath, createLabService, resolveLabConfig, type LabServiceWithRequests } from '../../core/lab';
import { recordFromConfig, saveRecord } from '../../core/lab/lab-registry';
import { httpGet } from '../../core/lab/http-check';
import { TaskManager } from '../../core/tasks';
import { describeWithIstioReference } from '../support/reference-suite';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';
import { freePort } from '../support/ports';

const dockerReady = await hasDocker();


// Whole labs on two shared cores (host pulls, node loads): a backstop for a hang, not a speed goal (bench/).
describe.runIf(dockerReady)('the one-click lab against the test world', { timeout: 300_000 }, () => {
  let dir: string;
  let mirror: Mirror;
  let lab: LabServiceWithRequests;
  let httpPort: number;
  let httpsPort: number;
  const name = `lab-${process.pid}`;
  const waiters = new Map<string, (task: TaskInfo) => void>();
  const tasks = new TaskManager({ onUpdate: (task) => (task.state !== 'running' ? waiters.get(task.id)?.(task) : undefined) });
  const seen: TaskInfo[] = [];
  let userKubeconfig: string;
  let userKubeconfigHash: string;
  const hashOf = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

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
    userKubeconfig = join(dir, 'user-kubeconfig');
    await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts:\n- name: team-cluster\n  context: {cluster: none, user: none}\ncurrent-context: team-cluster\n');
    userKubeconfigHash = await hashOf(userKubeconfig);
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

  it('reports the lab in status, and a second up is a no-op (and merges the context into the user’s kubeconfig when asked)', async () => {
    // Every run so far went without mergeKubeconfig: the user's kubeconfig is byte for byte as written.
    expect(await hashOf(userKubeconfig)).toBe(userKubeconfigHash);

    const status = await lab.status({ name });
    expect(status).toMatchObject({ exists: true, name, context: `kind-${name}`, provider: 'kind' });
    expect(status.bookinfo).toHaveLength(6);
    expect(status.bookinfo.every((item) => item.ready === item.total && item.withSidecar === item.total)).toBe(true);
    // The kind node runs Kubernetes 1.36, so Istio 1.30 made istio-proxy a native sidecar; READY still counts it.
    const clients = createKubeClients({ kubeconfig: appKubeconfigPath(join(dir, 'home')), context: `kind-${name}` });
    try {
      const [pod] = (await clients.http.request<{ items: PodObject[] }>('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dproductpage')).body.items;
      expect(pod?.spec?.initContainers?.map((c) => `${c.name}${c.restartPolicy ? `:${c.restartPolicy}` : ''}`)).toEqual(['istio-init', 'istio-proxy:Always']);
      expect(pod?.spec?.containers?.map((c) => c.name)).toEqual(['productpage']);
      expect((await readPods(clients, 'default', 'app=productpage')).map((p) => `${p.containersReady}/${p.containers} ${p.sidecar}`)).toEqual(['2/2 true']);
    } finally {
      clients.close();
    }
    expect(status.istio.map((item) => item.name)).toEqual(['istiod', 'istio-ingressgateway', 'istio-egressgateway']);
    expect(status.urls.dashboards.kiali).toBe(`http://kiali.localhost:${httpPort}/kiali/`);

    const again = await finished(lab.upWith({ name, httpPort, httpsPort, mergeKubeconfig: true }));
    expect(again.state).toBe('succeeded');
    expect(stepStates(again)).toMatchObject({ cluster: 'reused', kubeconfig: 'done', istio: 'reused', injection: 'reused', bookinfo: 'reused', addons: 'reused' });
    const merged = await readFile(userKubeconfig, 'utf8');
    expect(merged).toContain(`name: kind-${name}`);
    expect(merged).toContain('name: team-cluster');
    expect(tasks.log(again.id).lines.some((line) => line.step === 'kubeconfig' && line.text.includes(`Merged context kind-${name} into ${userKubeconfig}`))).toBe(true);
  });

  it('a failed up leaves the current lab alone: ports in use (--name second), a mistyped --context, Docker unreachable', async () => {
    const expectCurrentUnchanged = async () => {
      expect(await lab.status({})).toMatchObject({ exists: true, name, context: `kind-${name}` });
      expect((await lab.target()).context).toBe(`kind-${name}`);
      expect((await lab.list()).map((known) => [known.name, known.current])).toEqual([[name, true]]);
    };
    await expectCurrentUnchanged();
    // The lab itself holds these ports.
    const second = await finished(lab.upWith({ name: 'second', httpPort, httpsPort }));
    expect(second.error?.code).toBe('PORT_IN_USE');
    await expectCurrentUnchanged();
    const typo = await finished(lab.upWith({ context: 'team-clustr' }));
    expect(typo.error?.code).toBe('CLUSTER_NOT_FOUND');
    await expectCurrentUnchanged();
    // Another MeshDeck on the same data folder, whose Docker does not answer.
    const env = { ...process.env, DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}`, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home') };
    const noDocker = createLabService({ tasks, dataDir: join(dir, 'home'), mirror: mirror.url, platform: 'linux', arch: 'x64', env, userKubeconfig, doctorDeps: (ports) => createDoctorDeps(env, { ports, mirror: mirror.url }), stallMs: 60_000 });
    const third = await finished(noDocker.upWith({ name: 'third', httpPort: await freePort(), httpsPort: await freePort() }));
    expect(third.error?.code).toBe('DOCKER_NOT_RUNNING');
    await expectCurrentUnchanged();
  });

  it('refuses at once an up that would change the lab’s port, naming what to do; omitted options mean as it is', async () => {
    const before = tasks.list().length;
    expect(() => lab.upWith({ name, httpPort: httpPort + 1 })).toThrow(expect.objectContaining({ code: 'CONFLICT', message: `Lab ${name} already exists with --http-port ${httpPort}. Run \`meshdeck down --name ${name}\` first to re-create it on ${httpPort + 1}, or leave out --http-port.` }));
    expect(tasks.list()).toHaveLength(before);
    // `up --name` alone takes the ports from the lab's record: everything is there already.
    const again = await finished(lab.upWith({ name }));
    expect(again.state).toBe('succeeded');
    expect(stepStates(again)).toMatchObject({ cluster: 'reused', istio: 'reused', verify: 'done' });
    expect(again.result?.kind === 'lab' && again.result.status.urls.bookinfo).toBe(`http://127.0.0.1:${httpPort}/productpage`);
  });

  it('lists the lab as running and current, selects it, and refuses a lab it does not know', async () => {
    const [listed] = await lab.list();
    expect(listed).toEqual({ name, context: `kind-${name}`, provider: 'kind', state: 'running', current: true, istioVersion: expect.any(String), httpPort, httpsPort, bookinfoUrl: `http://127.0.0.1:${httpPort}/productpage` });
    expect(await lab.select({ name })).toMatchObject({ name, current: true });
    await expect(lab.select({ name: 'nope' })).rejects.toMatchObject({ code: 'CLUSTER_NOT_FOUND', message: expect.stringContaining('`meshdeck labs` lists') });
    await expect(lab.removal({ name: 'nope' })).rejects.toMatchObject({ code: 'CLUSTER_NOT_FOUND' });
    expect(await lab.removal({ name })).toMatchObject({ deletesCluster: true, items: [`kind cluster ${name} and everything in it`, `context kind-${name} in MeshDeck’s kubeconfig`, `context kind-${name} in ${userKubeconfig}`] });
  });

  describeWithIstioReference('with the upstream Bookinfo routing files', (reference) => {
    it('reset puts Bookinfo routing back to how up left it, and leaves istio-system alone', async () => {
      const networking = join(reference, 'samples', 'bookinfo', 'networking');
      const upstream = async (file: string) => parseManifests(await readFile(join(networking, file), 'utf8'), file);
      const clients: KubeClients = createKubeClients({ kubeconfig: appKubeconfigPath(join(dir, 'home')), context: `kind-${name}` });
      const pathOf = async (object: KubeObject, namespace: string) => {
        const info = await clients.discovery.resolve(object.apiVersion ?? '', object.kind ?? '');
        return collectionPath(info!, namespace);
      };
      const get = async (object: KubeObject, namespace: string) => (await clients.http.request<KubeObject>('GET', `${await pathOf(object, namespace)}/${object.metadata?.name ?? ''}`)).body;
      const names = async (object: KubeObject) => ((await clients.http.request<{ items: KubeObject[] }>('GET', await pathOf(object, 'default'))).body.items ?? []).map((o) => o.metadata?.name).sort();
      try {
        const [bookinfo] = (await upstream('bookinfo-gateway.yaml')).filter((o) => o.kind === 'VirtualService') as [KubeObject];
        const rules = await upstream('destination-rule-all.yaml');
        await applyObjects(clients, [...rules, ...(await upstream('virtual-service-reviews-80-20.yaml'))], { namespace: 'default' });
        // Someone edits the gateway's VirtualService: a route change (server-side apply) and an extra field.
        const spec = bookinfo['spec'] as { http: { match: unknown[] }[] };
        const edited = { ...bookinfo, spec: { exportTo: ['*'], http: [{ ...spec.http[0], match: [...spec.http[0]!.match, { uri: { prefix: '/edited' } }] }] } };
        await applyObjects(clients, [edited], { namespace: 'default', fieldManager: 'someone-else' });
        expect(await names(bookinfo)).toEqual(['bookinfo', 'reviews']);
        expect(await names(rules[0]!)).toEqual(['details', 'productpage', 'ratings', 'reviews']);
        expect((await get(bookinfo, 'default'))['spec']).not.toEqual(bookinfo['spec']);
        const monitor = monitorGatewayObjects({ domain: 'localhost' });
        const versions = async () => Promise.all(monitor.map(async (o) => (await get(o, 'istio-system')).metadata?.resourceVersion));
        const monitorBefore = await versions();

        const task = await finished(lab.reset({ name }));
        expect(task.error).toBeUndefined();
        expect(task.kind).toBe('lab-reset');
        expect(stepStates(task)).toEqual({ reset: 'done' });
        // exportTo belongs to the other manager, so server-side apply alone keeps it: reset replaces the spec.
        expect(tasks.log(task.id).lines.some((line) => line.step === 'reset' && line.text.includes('Replaced the spec of VirtualService') && line.text.includes('bookinfo'))).toBe(true);
        expect(task.result?.kind === 'lab-reset' && task.result.reset.removed).toEqual([
          { kind: 'VirtualService', name: 'reviews' },
          { kind: 'DestinationRule', name: 'details' },
          { kind: 'DestinationRule', name: 'productpage' },
          { kind: 'DestinationRule', name: 'ratings' },
          { kind: 'DestinationRule', name: 'reviews' },
        ]);
        expect(await names(bookinfo)).toEqual(['bookinfo']);
        expect(await names(rules[0]!)).toEqual([]);
        expect((await get(bookinfo, 'default'))['spec']).toEqual(bookinfo['spec']);
        expect(await versions()).toEqual(monitorBefore);
        const page = await httpGet(httpPort, '/productpage', 'bookinfo.localhost', AbortSignal.timeout(10_000));
        expect(page.status).toBe(200);
        expect(page.body).toContain('Simple Bookstore App');

        const again = await finished(lab.reset({ name }));
        expect(again.result?.kind === 'lab-reset' && again.result.reset).toMatchObject({ removed: [], restored: [{ name: 'bookinfo-gateway', action: 'unchanged' }, { name: 'bookinfo', action: 'unchanged' }] });
      } finally {
        clients.close();
      }
    });
  });

  it('down deletes the cluster; status then says there is no lab, and reset that there is nothing to reset', async () => {
    const down = await finished(lab.down({ name }));
    expect(down.state).toBe('succeeded');
    // The context the user opted in to is taken out of their kubeconfig again; theirs stays.
    const userFile = await readFile(userKubeconfig, 'utf8');
    expect(userFile).not.toContain(`kind-${name}`);
    expect(userFile).toContain('name: team-cluster');
    const status = await lab.status({ name });
    expect(status.exists).toBe(false);
    expect(status.problem?.code).toBeDefined();
    const reset = await finished(lab.reset({ name }));
    expect(reset.error?.code).toBe('CLUSTER_NOT_FOUND');
    // The lab is forgotten: down again says there is none (it used to say "deleted").
    const again = await finished(lab.down({ name }));
    expect(again.error).toMatchObject({ code: 'CLUSTER_NOT_FOUND', message: expect.stringContaining(`There is no lab ${name} to delete.`) });
    expect(await lab.list()).toEqual([]);
    // A lab it remembers whose cluster is gone (deleted behind MeshDeck's back): down forgets it and says so.
    await saveRecord(join(dir, 'home'), recordFromConfig(resolveLabConfig({ name: 'ghost' }, { dataDir: join(dir, 'home'), userKubeconfig }), new Date().toISOString()));
    expect((await lab.list()).map((known) => [known.name, known.state])).toEqual([['ghost', 'absent']]);
    const ghost = await finished(lab.down({ name: 'ghost' }));
    expect(ghost.error).toBeUndefined();
    expect(ghost.steps?.at(-1)).toMatchObject({ state: 'done', detail: 'Cluster ghost was already gone; MeshDeck forgot it' });
    expect(await lab.list()).toEqual([]);
  });
});
