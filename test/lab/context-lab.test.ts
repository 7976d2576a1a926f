// A lab on the user's own cluster (`up --context`), the test world standing for that cluster and
// the mesh data plane for its ingress gateway: up notes what MeshDeck installed there, removal
// lists what down will remove and keep, and down removes exactly that and leaves the cluster and
// the user's own objects. Then with an Istio the user had installed before: down keeps it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConnection, createKubeClients, DEPLOYMENT, getObject, listObjects, NAMESPACE, type KubeClients, type NamespaceObject } from '../../core/kube';
import { istioctlCli, istioOverlay, renderIstioOverlay } from '../../core/istio';
import { exec } from '../../core/exec';
import { ensureIstio, DEFAULT_ISTIO_VERSION } from '../../core/tools';
import { readLedger } from '../../core/lab/lab-ledger';
import { createLabHarness, stepStates, type LabHarness } from '../support/lab-harness';
import { freePort } from '../support/ports';
import { startWorld, type World } from '../world/index.js';
import { startMeshDataPlane, type MeshDataPlane } from '../world/mesh/index.js';
import { startMirror, type Mirror } from '../world/mirror/index';

describe('a lab on the user’s own cluster, and leaving it clean', () => {
  let dir: string;
  let world: World;
  let mesh: MeshDataPlane;
  let mirror: Mirror;
  let harness: LabHarness;
  let clients: KubeClients;
  let httpsPort: number;
  let env: NodeJS.ProcessEnv;
  let context: string;
  const home = () => join(dir, 'home');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-context-lab-'));
    mirror = await startMirror();
    world = await startWorld({ dir: join(dir, 'world'), clusterName: 'team', contextName: 'team-cluster' });
    context = world.contextName;
    mesh = await startMeshDataPlane({ kubeconfigPath: world.kubeconfigPath, context, host: '127.0.0.1', port: 0, podNetwork: world.podNetwork });
    httpsPort = await freePort();
    env = { ...process.env, MESHDECK_HOME: home(), KUBECONFIG: world.kubeconfigPath };
    harness = createLabHarness({ dataDir: home(), mirrorUrl: mirror.url, env, userKubeconfig: world.kubeconfigPath });
    clients = createKubeClients({ kubeconfig: world.kubeconfigPath, context });
    // The user's own things in the cluster: a ConfigMap and a VirtualService MeshDeck did not write.
    world.apply([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'team-settings', namespace: 'default' }, data: { owner: 'team' } }]);
  });

  afterAll(async () => {
    clients?.close();
    await mesh?.stop();
    await world?.stop();
    await mirror?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const up = async () => {
    const task = await harness.finished(harness.lab.upWith({ context, httpPort: mesh.port, httpsPort }));
    expect(task.error, JSON.stringify(task.error)).toBeUndefined();
    return task;
  };
  const deployments = async (namespace: string) => (await listObjects(clients, DEPLOYMENT, namespace)).map((d) => d.metadata?.name).sort();
  const injectionLabel = async () => (await getObject<NamespaceObject>(clients, NAMESPACE, undefined, 'default'))?.metadata?.labels?.['istio-injection'];

  it('up notes what it installed; removal lists it; down removes exactly that and keeps the cluster and the user’s things', async () => {
    const task = await up();
    expect(stepStates(task)).toMatchObject({ kind: 'reused', cluster: 'reused', istio: 'done', bookinfo: 'done', verify: 'done' });
    const ledger = readLedger(join(home(), 'labs', 'team-cluster'));
    expect(ledger).toMatchObject({ istio: true, istioNamespace: true, injectionLabel: 'default' });
    expect(ledger.objects.filter((o) => o.part === 'bookinfo' && o.kind === 'Deployment')).toHaveLength(6);
    expect((await harness.lab.list()).find((lab) => lab.context === context)).toMatchObject({ provider: 'context', state: 'running', current: true, httpPort: mesh.port });

    const removal = await harness.lab.removal({ context });
    expect(removal).toMatchObject({ provider: 'context', deletesCluster: false });
    expect(removal.items).toEqual(expect.arrayContaining([expect.stringMatching(/^namespace default: Bookinfo \(6 Deployments/), 'The istio-injection label on namespace default', 'Istio (istioctl uninstall --purge -y) and namespace istio-system']));
    expect(removal.kept).toEqual(['The cluster (context team-cluster) and everything MeshDeck did not install']);

    // Cancelled at once: nothing is forgotten, and down again finishes the job.
    const first = harness.lab.down({ context });
    harness.tasks.cancel(first.id);
    expect((await harness.finished(first)).state).toBe('cancelled');
    expect((await harness.lab.list()).map((lab) => lab.context)).toEqual([context]);

    const down = await harness.finished(harness.lab.down({ context }));
    expect(down.error, JSON.stringify(down.error)).toBeUndefined();
    expect(stepStates(down)).toEqual({ routing: 'reused', gateways: 'done', bookinfo: 'done', addons: 'done', injection: 'done', istio: 'done' });
    await checkConnection(clients);
    expect(await deployments('default')).toEqual([]);
    expect(await injectionLabel()).toBeUndefined();
    expect(await getObject(clients, NAMESPACE, undefined, 'istio-system')).toBeUndefined();
    expect(await getObject(clients, { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true }, 'default', 'team-settings')).toBeDefined();
    expect(await harness.lab.list()).toEqual([]);
    // Down again: there is no lab there any more.
    const again = await harness.finished(harness.lab.down({ context }));
    expect(again.error?.code).toBe('CLUSTER_NOT_FOUND');
    await expect(harness.lab.removal({ context })).rejects.toMatchObject({ code: 'CLUSTER_NOT_FOUND' });
  });

  it('with an Istio the user installed before: up finds it, and down leaves it (and the label the user set)', async () => {
    const release = await ensureIstio({ dataDir: join(dir, 'own-tools'), mirror: mirror.url, platform: 'linux', arch: 'x64', version: DEFAULT_ISTIO_VERSION });
    const overlay = join(dir, 'overlay.yaml');
    await writeFile(overlay, renderIstioOverlay(istioOverlay({ profile: 'demo', httpNodePort: 31080, httpsNodePort: 31443 })));
    await istioctlCli({ istioctlPath: release.istioctl, exec, env }).install({ overlayPath: overlay, kubeconfigPath: world.kubeconfigPath, context });
    world.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { 'istio-injection': 'enabled' } } }], { fieldManager: 'team' });
    const istioBefore = await deployments('istio-system');
    expect(istioBefore).toContain('istiod');

    const task = await up();
    expect(stepStates(task)).toMatchObject({ istio: 'reused', bookinfo: 'done' });
    expect(readLedger(join(home(), 'labs', 'team-cluster'))).toMatchObject({ istio: false, istioNamespace: false });
    const removal = await harness.lab.removal({ context });
    expect(removal.kept).toEqual(expect.arrayContaining(['Istio (it was there before MeshDeck)', 'The istio-injection label on namespace default (MeshDeck did not set it)']));

    // A split MeshDeck's Traffic screen made (its managed-by label), and a rule of the user's own.
    const rule = (name: string, labels: Record<string, string>) => ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: 'default', labels }, spec: { hosts: [name], http: [{ route: [{ destination: { host: name } }] }] } });
    world.apply([rule('reviews', { 'app.kubernetes.io/managed-by': 'meshdeck' }), rule('ratings', { team: 'yes' })], { fieldManager: 'team' });

    const down = await harness.finished(harness.lab.down({ context }));
    expect(down.error, JSON.stringify(down.error)).toBeUndefined();
    expect(stepStates(down)).toMatchObject({ routing: 'done', bookinfo: 'done', addons: 'done', injection: 'reused', istio: 'reused' });
    const virtualServices = await listObjects(clients, { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', resource: 'virtualservices', namespaced: true }, 'default');
    expect(virtualServices.map((vs) => vs.metadata?.name)).toEqual(['ratings']);
    expect(await deployments('default')).toEqual([]);
    expect(await deployments('istio-system')).toEqual(istioBefore);
    expect(await injectionLabel()).toBe('enabled');
  });
});
