// The same fidelity scenarios through @kubernetes/client-node: typed APIs, KubernetesObjectApi
// (server-side apply), Watch (resourceVersion, 410 Gone, bookmarks) and Log (follow).
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, Log, PatchStrategy, Watch, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { describeWithIstioReference } from '../support/reference-suite';
import { routeCrd, routeManifest, shopManifest } from './fixtures.js';
import { startWorld, type World } from './index.js';

function documents(text: string): KubernetesObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJSON() as KubernetesObject | null)
    .filter((d): d is KubernetesObject => d !== null && typeof d === 'object' && 'kind' in d);
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('@kubernetes/client-node against the world', () => {
  let world: World;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let objects: KubernetesObjectApi;

  beforeAll(async () => {
    world = await startWorld({ kubeconfigAuth: 'token', bookmarkIntervalMs: 200 });
    kc = new KubeConfig();
    kc.loadFromFile(world.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    objects = KubernetesObjectApi.makeApiClient(kc);
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function applyAll(text: string): Promise<KubernetesObject[]> {
    const out: KubernetesObject[] = [];
    for (const doc of documents(text)) out.push(await objects.patch(doc, undefined, undefined, 'meshdeck', true, PatchStrategy.ServerSideApply));
    return out;
  }

  it('authenticates with the token and with the client certificate; anonymous gets 401', async () => {
    expect((await core.listNamespace()).items.map((n) => n.metadata?.name)).toContain('kube-system');
    const certConfig = new KubeConfig();
    certConfig.loadFromFile(world.kubeconfigPath);
    certConfig.setCurrentContext(world.contextName);
    expect((await certConfig.makeApiClient(CoreV1Api).readNamespace({ name: 'default' })).metadata?.name).toBe('default');
    const raw = (headers: Record<string, string>): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const req = request(`${world.serverUrl}/api/v1/namespaces`, { ca: world.caPem, headers }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const headers of [{}, { authorization: "Bearer wrong" }] as Record<string, string>[]) {
      const answer = await raw(headers);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    }
  });

  it('applies a Bookinfo-shaped app server-side and sees Deployments become available', async () => {
    const applied = await applyAll(shopManifest('cn-shop'));
    expect(applied.map((o) => o.kind)).toContain('Deployment');
    const ready = await until('deployments available', async () => {
      const list = await apps.listNamespacedDeployment({ namespace: 'cn-shop' });
      const ok = list.items.length === 4 && list.items.every((d) => d.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True'));
      return ok ? list : undefined;
    });
    expect(ready.items.map((d) => d.status?.readyReplicas)).toEqual([1, 1, 1, 1]);
    const pods = await core.listNamespacedPod({ namespace: 'cn-shop', labelSelector: 'app=reviews' });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      // Istio 1.30 on a 1.36 node: istio-proxy is a native sidecar (a restartable init container).
      expect(pod.spec?.containers.map((c) => c.name)).toEqual(['reviews']);
      expect(pod.spec?.initContainers?.map((c) => [c.name, c.restartPolicy ?? ''])).toEqual([['istio-init', ''], ['istio-proxy', 'Always']]);
      expect(pod.status?.containerStatuses?.every((c) => c.ready)).toBe(true);
      expect(pod.status?.initContainerStatuses?.find((c) => c.name === 'istio-proxy')).toMatchObject({ ready: true, started: true });
      expect(pod.metadata?.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    }
    const deployment = await apps.readNamespacedDeployment({ name: 'reviews-v1', namespace: 'cn-shop' });
    expect(deployment.metadata?.managedFields?.find((m) => m.manager === 'meshdeck')?.operation).toBe('Apply');
    expect(deployment.status?.observedGeneration).toBe(1);
  });

  it('lists with selectors and pages with limit/continue', async () => {
    const page1 = await core.listNamespacedPod({ namespace: 'cn-shop', limit: 3 });
    expect(page1.items).toHaveLength(3);
    expect(page1.metadata?._continue).toBeTruthy();
    expect(page1.metadata?.remainingItemCount).toBe(1);
    const page2 = await core.listNamespacedPod({ namespace: 'cn-shop', limit: 3, _continue: page1.metadata?._continue });
    expect(page2.items).toHaveLength(1);
    const running = await core.listNamespacedPod({ namespace: 'cn-shop', fieldSelector: 'status.phase=Running', labelSelector: 'app in (reviews,catalog),version!=v2' });
    expect(running.items.map((p) => p.metadata?.labels?.['app']).sort()).toEqual(['catalog', 'reviews']);
  });

  it('rejects duplicates, stale updates and invalid objects with Status errors', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: 'cn-shop', body: { metadata: { name: 'settings' }, data: { a: '1' } } });
    await expect(core.createNamespacedConfigMap({ namespace: 'cn-shop', body: { metadata: { name: 'settings' } } })).rejects.toMatchObject({ code: 409, body: expect.stringContaining('"reason":"AlreadyExists"') });
    await core.replaceNamespacedConfigMap({ name: 'settings', namespace: 'cn-shop', body: { ...cm, data: { a: '2' } } });
    await expect(core.replaceNamespacedConfigMap({ name: 'settings', namespace: 'cn-shop', body: { ...cm, data: { a: '3' } } })).rejects.toMatchObject({ code: 409, body: expect.stringContaining('"reason":"Conflict"') });
    await expect(core.createNamespacedConfigMap({ namespace: 'cn-shop', body: { metadata: {} } })).rejects.toMatchObject({ code: 422, body: expect.stringContaining('metadata.name: Required value') });
    await expect(core.readNamespacedPod({ name: 'missing', namespace: 'cn-shop' })).rejects.toMatchObject({ code: 404 });
  });

  it('watches from a resourceVersion, gets 410 Gone when it is too old, and bookmarks', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'cn-shop' });
    const rv = list.metadata?.resourceVersion ?? '';
    const events: string[] = [];
    const watch = new Watch(kc);
    const controller = await watch.watch('/api/v1/namespaces/cn-shop/configmaps', { resourceVersion: rv, allowWatchBookmarks: true }, (type, obj: KubernetesObject) => events.push(`${type}:${obj.metadata?.name ?? ''}`), () => undefined);
    await core.createNamespacedConfigMap({ namespace: 'cn-shop', body: { metadata: { name: 'watched' } } });
    await core.patchNamespacedConfigMap({ name: 'watched', namespace: 'cn-shop', body: { data: { x: 'y' } } }, { headers: { 'Content-Type': 'application/merge-patch+json' } } as never).catch(async () => {
      const current = await core.readNamespacedConfigMap({ name: 'watched', namespace: 'cn-shop' });
      await core.replaceNamespacedConfigMap({ name: 'watched', namespace: 'cn-shop', body: { ...current, data: { x: 'y' } } });
    });
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'cn-shop' });
    await until('watch events', () => (events.filter((e) => e.endsWith(':watched')).length >= 3 && events.some((e) => e.startsWith('BOOKMARK')) ? true : undefined));
    controller.abort();
    expect(events.filter((e) => e.endsWith(':watched'))).toEqual(['ADDED:watched', 'MODIFIED:watched', 'DELETED:watched']);

    world.compact();
    const expired: { type: string; code?: number; reason?: string }[] = [];
    await new Promise<void>((resolve) => {
      void watch.watch('/api/v1/namespaces/cn-shop/configmaps', { resourceVersion: rv }, (type, obj: { code?: number; reason?: string }) => expired.push({ type, code: obj.code, reason: obj.reason }), () => resolve());
    });
    expect(expired).toEqual([{ type: 'ERROR', code: 410, reason: 'Expired' }]);
  });

  it('follows pod logs through Log', async () => {
    world.setLogRate(50);
    try {
      const pod = (await core.listNamespacedPod({ namespace: 'cn-shop', labelSelector: 'app=catalog' })).items[0] as V1Pod;
      const name = pod.metadata?.name ?? '';
      const sink = new PassThrough();
      let text = '';
      sink.on('data', (chunk: Buffer) => (text += chunk.toString()));
      // Aborting the request ends the pipe with an AbortError; that is the expected way out.
      sink.on('error', () => undefined);
      let ended = false;
      sink.on('end', () => (ended = true));
      sink.resume();
      await new Log(kc).log('cn-shop', name, 'istio-proxy', sink, { follow: true, tailLines: 1 });
      await until('access log lines', () => (text.split('\n').filter((l) => l.includes('"GET ')).length >= 3 ? true : undefined));
      // Following ends on the server side when the pod goes away (aborting would leave
      // client-node's internal stream with an unhandled AbortError).
      await core.deleteNamespacedPod({ name, namespace: 'cn-shop' });
      await until('log stream ended', () => (ended ? true : undefined));
      expect(text).toMatch(/\[\d{4}-\d\d-\d\dT[^\]]+\] "GET \S+ HTTP\/1\.1" \d{3} /);
      const other = (await core.listNamespacedPod({ namespace: 'cn-shop', labelSelector: 'app=reviews' })).items[0]?.metadata?.name ?? '';
      // With a native sidecar the pod has one app container, which the API server reads when none is named.
      expect(await core.readNamespacedPodLog({ name: other, namespace: 'cn-shop' })).toContain('Launching defaultServer');
      const bad = await core.readNamespacedPodLog({ name: other, namespace: 'cn-shop', container: 'nope' }).catch((e: { code?: number; body?: string }) => e);
      expect(bad).toMatchObject({ code: 400, body: expect.stringContaining(`container nope is not valid for pod ${other}`) });
    } finally {
      world.setLogRate(0.2);
    }
  });

  it('creates a CRD and custom objects, then removes them with the CRD', async () => {
    await applyAll(routeCrd);
    await until('route resource in discovery', () => (world.registry.get('shop.example.test', 'routes') ? true : undefined));
    await applyAll(routeManifest('cn-shop', 80));
    const custom = kc.makeApiClient(CustomObjectsApi);
    const route = (await custom.getNamespacedCustomObject({ group: 'shop.example.test', version: 'v1', namespace: 'cn-shop', plural: 'routes', name: 'reviews' })) as { spec: { weight: number; backends: { name: string; weight: number }[] } };
    expect(route.spec.weight).toBe(80);
    // A second manager changes one keyed list item; the first manager's apply keeps it shared.
    await applyAll(routeManifest('cn-shop', 70));
    const after = (await custom.getNamespacedCustomObject({ group: 'shop.example.test', version: 'v1', namespace: 'cn-shop', plural: 'routes', name: 'reviews' })) as { spec: { backends: { name: string; weight: number }[] } };
    expect(after.spec.backends).toEqual([{ name: 'v1', weight: 70 }, { name: 'v2', weight: 30 }]);
    await objects.delete({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'routes.shop.example.test' } });
    await until('CRD gone', () => (world.registry.get('shop.example.test', 'routes') === undefined ? true : undefined));
    expect(world.store.count('shop.example.test/routes')).toBe(0);
  });

  it('cascades deletes through owner references and namespaces', async () => {
    await apps.deleteNamespacedDeployment({ name: 'catalog-v1', namespace: 'cn-shop' });
    await until('catalog pods gone', async () => ((await core.listNamespacedPod({ namespace: 'cn-shop', labelSelector: 'app=catalog' })).items.length === 0 ? true : undefined));
    expect((await apps.listNamespacedReplicaSet({ namespace: 'cn-shop', labelSelector: 'app=catalog' })).items).toHaveLength(0);
    await core.deleteNamespace({ name: 'cn-shop' });
    await until('namespace gone', () => (world.store.get('/namespaces', undefined, 'cn-shop') ? undefined : true));
    for (const key of world.store.typeKeys()) expect(world.store.list(key, 'cn-shop')).toHaveLength(0);
  });

  describeWithIstioReference('upstream Istio YAML', (reference) => {
    it('applies crd-all.gen.yaml, bookinfo.yaml and the addons and reads every object back', async () => {
      await applyAll('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: default-bookinfo\n  labels: {istio-injection: enabled}\n');
      const files = [
        join(reference, 'manifests/charts/base/files/crd-all.gen.yaml'),
        join(reference, 'samples/bookinfo/platform/kube/bookinfo.yaml'),
        ...readdirSync(join(reference, 'samples/addons')).filter((f) => f.endsWith('.yaml')).map((f) => join(reference, 'samples/addons', f)),
      ];
      for (const file of files) {
        for (const doc of documents(readFileSync(file, 'utf8'))) {
          if (!doc.metadata?.namespace && file.includes('bookinfo')) doc.metadata = { ...doc.metadata, namespace: 'default-bookinfo' };
          const applied = await objects.patch(doc, undefined, undefined, 'meshdeck', true, PatchStrategy.ServerSideApply);
          const read = await objects.read({ apiVersion: doc.apiVersion ?? '', kind: doc.kind ?? '', metadata: { name: doc.metadata?.name ?? '', ...(applied.metadata?.namespace ? { namespace: applied.metadata.namespace } : {}) } });
          expect(read.metadata?.uid).toBe(applied.metadata?.uid);
        }
      }
      await until('bookinfo available', async () => {
        const list = await apps.listNamespacedDeployment({ namespace: 'default-bookinfo' });
        return list.items.length === 6 && list.items.every((d) => d.status?.availableReplicas === 1) ? true : undefined;
      });
    });
  });
});
