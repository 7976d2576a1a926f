// core/kube against the test world: real HTTPS, watches, controllers and upstream Istio YAML.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1ConfigMap, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { startWorld, zeroDelays, type World } from '../../test/world/index';
import { AppError } from '../contract';
import {
  applyObjects,
  checkConnection,
  createKubeClients,
  parseManifests,
  readPods,
  readServices,
  readWorkloads,
  waitForDeployments,
  waitForPodsReady,
  type KubeClients,
  type KubeObject,
} from './index';

function readUpstream(reference: string, relative: string): KubeObject[] {
  const path = join(reference, relative);
  return parseManifests(readFileSync(path, 'utf8'), path);
}

const addons = ['prometheus', 'grafana', 'kiali', 'jaeger'];
const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

function clientsFor(world: World): KubeClients {
  return createKubeClients({ kubeconfig: world.kubeconfigPath, context: world.contextName });
}

describe('core/kube clients', () => {
  it('refuses an unknown context with CLUSTER_NOT_FOUND naming the contexts there are, and leaves the kubeconfig alone', async () => {
    const world = await startWorld({ delays: zeroDelays });
    try {
      const before = createHash('sha256').update(readFileSync(world.kubeconfigPath)).digest('hex');
      const error = (() => {
        try {
          createKubeClients({ kubeconfig: world.kubeconfigPath, context: 'kind-nope' });
        } catch (err) {
          return err as AppError;
        }
        throw new Error('expected CLUSTER_NOT_FOUND');
      })();
      expect(error.code).toBe('CLUSTER_NOT_FOUND');
      expect(error.message).toContain('kind-nope');
      expect(error.message).toContain(world.contextName);
      const clients = clientsFor(world);
      expect(await checkConnection(clients)).toMatch(/^v1\./);
      clients.close();
      expect(createHash('sha256').update(readFileSync(world.kubeconfigPath)).digest('hex')).toBe(before);
    } finally {
      await world.stop();
    }
  });

  it('turns a server that is down into K8S_API with what to do, not a stack', async () => {
    const world = await startWorld({ delays: zeroDelays });
    const clients = clientsFor(world);
    await world.stop();
    const error = await caught(checkConnection(clients));
    expect(error.code).toBe('K8S_API');
    expect(error.message).toMatch(/cannot reach the Kubernetes API server .*ECONNREFUSED.*Is the cluster running/);
    const applying = await caught(applyObjects(clients, [namespace('x')]));
    expect(applying.code).toBe('K8S_API');
    expect(applying.message).toContain('Namespace x');
    expect(applying.message).not.toMatch(/\n\s+at /);
    clients.close();
  });
});

describeWithIstioReference('core/kube apply and waits with upstream Istio YAML', (reference) => {
  const upstream = (relative: string) => readUpstream(reference, relative);
  let world: World;
  let clients: KubeClients;
  beforeAll(async () => {
    world = await startWorld({ delays: zeroDelays, bookmarkIntervalMs: 1000 });
    clients = clientsFor(world);
  });
  afterAll(async () => {
    clients?.close();
    await world?.stop();
  });

  it('applies the Istio CRDs and a VirtualService in one call (CRDs Established first)', async () => {
    const vs: KubeObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'crd-test' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] },
    };
    // The VirtualService and its namespace come first on purpose: apply must reorder.
    const objects = [vs, ...upstream('manifests/charts/base/files/crd-all.gen.yaml'), namespace('crd-test')];
    const seen: string[] = [];
    const results = await applyObjects(clients, objects, { onProgress: (done, total, r) => seen.push(`${done}/${total} ${r.kind}`) });
    expect(results[0]).toMatchObject({ kind: 'VirtualService', namespace: 'crd-test', action: 'created' });
    expect(seen.at(-1)).toBe(`${objects.length}/${objects.length} VirtualService`);
    expect(results.every((r) => r.action === 'created')).toBe(true);
    const stored = world.store.get('networking.istio.io/virtualservices', 'crd-test', 'reviews');
    expect(stored?.metadata.managedFields?.some((m) => m.manager === 'meshdeck')).toBe(true);
  });

  it('applies Bookinfo and the four addons, waits until all are Available, and re-applying changes nothing', async () => {
    const objects = [
      namespace('bookinfo', { 'istio-injection': 'enabled' }),
      namespace('istio-system'),
      ...upstream('samples/bookinfo/platform/kube/bookinfo.yaml'),
      ...addons.flatMap((a) => upstream(`samples/addons/${a}.yaml`).map((o) => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata?.namespace ?? 'istio-system' } }))),
    ];
    const started = performance.now();
    const results = await applyObjects(clients, objects, { namespace: 'bookinfo' });
    const applyMs = performance.now() - started;
    expect(results.filter((r) => r.namespace === 'bookinfo' && r.kind === 'Deployment')).toHaveLength(6);
    const progress: string[] = [];
    await Promise.all([
      waitForDeployments(clients, { namespace: 'bookinfo', stallMs: 5000, onProgress: (ready, total) => progress.push(`${ready}/${total}`) }),
      waitForDeployments(clients, { namespace: 'istio-system', names: ['grafana', 'kiali', 'prometheus', 'jaeger'], statefulSets: 'all', stallMs: 5000 }),
    ]);
    expect(progress.at(-1)).toBe('6/6');
    console.log(`core/kube: applied ${objects.length} objects in ${applyMs.toFixed(0)} ms`);

    const workloads = await readWorkloads(clients, 'bookinfo');
    expect(workloads.map((w) => `${w.name} ${w.ready}/${w.total} sidecar ${w.withSidecar}`)).toContain('productpage-v1 1/1 sidecar 1');
    const pods = await readPods(clients, 'bookinfo', 'app=reviews');
    expect(pods.map((p) => `${p.containersReady}/${p.containers} ${p.sidecar}`)).toEqual(['2/2 true', '2/2 true', '2/2 true']);
    const services = await readServices(clients, 'istio-system');
    expect(services.find((s) => s.name === 'tracing')).toMatchObject({ type: 'ClusterIP', ports: expect.arrayContaining([expect.objectContaining({ port: 80 })]) });
    await waitForPodsReady(clients, { namespace: 'bookinfo', selector: 'app=productpage', stallMs: 2000 });

    const again = await applyObjects(clients, objects, { namespace: 'bookinfo' });
    expect(again.filter((r) => r.action !== 'unchanged').map((r) => `${r.kind}/${r.name}`)).toEqual([]);
    const changed = objects.map((o) => (o.kind === 'Service' && o.metadata?.name === 'details' ? { ...o, metadata: { ...o.metadata, labels: { ...o.metadata?.labels, extra: 'yes' } } } : o));
    const third = await applyObjects(clients, changed, { namespace: 'bookinfo' });
    expect(third.filter((r) => r.action !== 'unchanged').map((r) => `${r.action} ${r.kind}/${r.name}`)).toEqual(['configured Service/details']);
  });

  it('cancels mid-apply with CANCELLED and stops sending', async () => {
    const objects = [namespace('cancel-me'), ...Array.from({ length: 60 }, (_, i): V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'cancel-me' }, data: { i: String(i) } }))];
    world.setLatency(15);
    const controller = new AbortController();
    try {
      const error = await caught(
        applyObjects(clients, objects, { signal: controller.signal, concurrency: 4, onProgress: (done) => done === 10 && controller.abort() }),
      );
      expect(error.code).toBe('CANCELLED');
    } finally {
      world.setLatency(0);
    }
    expect(world.store.list('/configmaps', 'cancel-me').length).toBeLessThan(30);
  });
});

describeWithIstioReference('core/kube stalls and recovery', (reference) => {
  const upstream = (relative: string) => readUpstream(reference, relative);
  let world: World;
  let clients: KubeClients;
  beforeAll(async () => {
    world = await startWorld({ delays: zeroDelays, bookmarkIntervalMs: 1000 });
    clients = clientsFor(world);
  });
  afterAll(async () => {
    clients?.close();
    await world?.stop();
  });

  const bookinfoIn = (ns: string): KubeObject[] => [namespace(ns, { 'istio-injection': 'enabled' }), ...upstream('samples/bookinfo/platform/kube/bookinfo.yaml').map((o) => ({ ...o, metadata: { ...o.metadata, namespace: ns } }))];

  it('fails with STALLED naming the image, ImagePullBackOff and the event text when a pull fails', async () => {
    world.failImages(/examples-bookinfo-ratings/);
    try {
      await applyObjects(clients, bookinfoIn('stall'));
      const started = performance.now();
      const error = await caught(waitForDeployments(clients, { namespace: 'stall', stallMs: 1500 }));
      const elapsed = performance.now() - started;
      expect(error.code).toBe('STALLED');
      expect(error.message).toMatch(/ratings-v1/);
      expect(error.message).toMatch(/(ImagePullBackOff|ErrImagePull) on image [^ ]*examples-bookinfo-ratings-v1/);
      expect(error.message).toContain('Failed to pull image');
      expect(error.message).toMatch(/rate limits/);
      expect(error.details?.['images']).toEqual([expect.stringContaining('examples-bookinfo-ratings-v1')]);
      expect(elapsed).toBeLessThan(4000);
      const podError = await caught(waitForPodsReady(clients, { namespace: 'stall', selector: 'app=ratings', stallMs: 800 }));
      expect(podError.code).toBe('STALLED');
      expect(podError.message).toContain('examples-bookinfo-ratings-v1');
    } finally {
      world.failImages();
    }
    // Once the image pulls, the same wait finishes.
    await waitForDeployments(clients, { namespace: 'stall', stallMs: 3000 });
  });

  it('does not stall on a slow rollout that keeps progressing', async () => {
    world.setDelays({ schedule: 150, pull: 500, start: 400, ready: 500 });
    try {
      await applyObjects(clients, bookinfoIn('slow'));
      const started = performance.now();
      await waitForDeployments(clients, { namespace: 'slow', stallMs: 1000 });
      // Each pod needs ~1.5 s in total, longer than the stall period.
      expect(performance.now() - started).toBeGreaterThan(1000);
    } finally {
      world.setDelays(zeroDelays);
    }
  });

  it('recovers when its watch connections drop and the resourceVersion is gone (410)', async () => {
    world.setDelays({ schedule: 100, pull: 300, start: 200, ready: 300 });
    const dropped: string[] = [];
    // A Watch whose first connection per path is cut shortly after it opens, as a flaky network would.
    const flaky = {
      watch: async (path: string, params: Record<string, string | number | boolean | undefined>, onEvent: (type: string, obj: unknown) => void, done: (err: unknown) => void) => {
        const controller = await clients.watch.watch(path, params, onEvent, done);
        if (!dropped.includes(path)) {
          dropped.push(path);
          setTimeout(() => {
            world.compact();
            controller.abort();
          }, 200);
        }
        return controller;
      },
    } as unknown as Watch;
    let reflectors: { lists: number; watches: number }[] = [];
    try {
      await applyObjects(clients, bookinfoIn('flaky'));
      await waitForDeployments({ ...clients, watch: flaky }, { namespace: 'flaky', stallMs: 3000, onReflectors: (rs) => (reflectors = rs) });
    } finally {
      world.setDelays(zeroDelays);
    }
    expect(dropped.length).toBeGreaterThanOrEqual(3);
    // Each reflector listed again after the 410 (3 collections: first list + relist).
    // At least one reflector had to list again after the 410; none gave up.
    expect(reflectors.reduce((n, r) => n + r.lists, 0)).toBeGreaterThan(reflectors.length);
    expect(reflectors.every((r) => r.watches >= 2)).toBe(true);
  });
});
