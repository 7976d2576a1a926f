// Native sidecars with the real kubectl: Istio 1.30 on a kind v0.32 node (Kubernetes 1.36)
// injects istio-proxy as an init container with restartPolicy Always, kubectl counts it in
// READY and RESTARTS, and logs and exec reach it by name. The pod annotation
// sidecar.istio.io/nativeSidecar "false", a 1.32 node and Istio 1.26 give the classic shape; a
// sidecar image that cannot be pulled shows as Init:ErrImagePull / Init:ImagePullBackOff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopManifest } from './fixtures.js';
import { findKubectl } from './kubectl.js';
import { KubectlRunner } from './kubectl-runner.js';
import { startWorld, type World, type WorldOptions } from './index.js';

const ci = process.env['CI'] === 'true';
const kubectlPath = await findKubectl().catch((error: unknown) => {
  if (ci) throw error;
  console.warn(`skipping native sidecar tests: no kubectl >= 1.28 (${String(error)})`);
  return undefined;
});

interface PodJson {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { containers: { name: string }[]; initContainers?: { name: string; restartPolicy?: string; startupProbe?: unknown; ports?: unknown[]; env?: { name: string; value?: string }[] }[] };
  status: { initContainerStatuses?: { name: string; ready: boolean; started?: boolean; state: Record<string, unknown> }[] };
}

async function started(options: WorldOptions, namespace: string): Promise<{ world: World; k: KubectlRunner }> {
  const world = await startWorld(options);
  const k = new KubectlRunner(kubectlPath ?? 'kubectl', world.kubeconfigPath);
  await k.ok(['apply', '--server-side', '-f', '-'], shopManifest(namespace));
  return { world, k };
}

async function reviewsPod(k: KubectlRunner, namespace: string): Promise<PodJson> {
  const list = JSON.parse(await k.ok(['get', 'pods', '-n', namespace, '-l', 'app=reviews,version=v1', '-o', 'json'])) as { items: PodJson[] };
  const pod = list.items[0];
  if (!pod) throw new Error(`no reviews-v1 pod in ${namespace}`);
  return pod;
}

function shapeOf(pod: PodJson): { containers: string[]; initContainers: string[] } {
  return { containers: pod.spec.containers.map((c) => c.name), initContainers: (pod.spec.initContainers ?? []).map((c) => `${c.name}${c.restartPolicy ? `:${c.restartPolicy}` : ''}`) };
}

describe.skipIf(!kubectlPath)('native sidecars against the real kubectl', () => {
  describe('Istio 1.30 on a 1.36 node', () => {
    let world: World;
    let k: KubectlRunner;
    beforeAll(async () => {
      ({ world, k } = await started({}, 'shop'));
      await k.ok(['wait', '-n', 'shop', '--for=condition=ready', 'pod', '--all', '--timeout=60s']);
    });
    afterAll(async () => {
      await world?.stop();
    });

    it('injects istio-proxy as a restartable init container after istio-init, as the template renders it', async () => {
      const pod = await reviewsPod(k, 'shop');
      expect(shapeOf(pod)).toEqual({ containers: ['reviews'], initContainers: ['istio-init', 'istio-proxy:Always'] });
      const proxy = pod.spec.initContainers?.find((c) => c.name === 'istio-proxy');
      expect(proxy?.startupProbe).toMatchObject({ httpGet: { path: '/healthz/ready', port: 15021 } });
      expect(proxy?.ports).toEqual([{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }]);
      expect(proxy?.env?.find((e) => e.name === 'ISTIO_META_APP_CONTAINERS')?.value).toBe('reviews');
      const status = JSON.parse(pod.metadata.annotations?.['sidecar.istio.io/status'] ?? '{}') as { initContainers: string[]; containers: unknown };
      expect(status).toMatchObject({ initContainers: ['istio-init', 'istio-proxy'], containers: null });
      expect(pod.metadata.annotations).toMatchObject({ 'kubectl.kubernetes.io/default-container': 'reviews', 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true' });
      expect(pod.status.initContainerStatuses?.find((c) => c.name === 'istio-proxy')).toMatchObject({ ready: true, started: true, state: { running: {} } });
      expect(pod.status.initContainerStatuses?.find((c) => c.name === 'istio-init')?.state).toHaveProperty('terminated');
    });

    it('shows READY 2/2 and counts the sidecar restarts in RESTARTS', async () => {
      const pods = (await k.ok(['get', 'pods', '-n', 'shop', '--no-headers'])).trim().split('\n');
      expect(pods).toHaveLength(4);
      for (const line of pods) expect(line).toMatch(/^\S+\s+2\/2\s+Running\s+0\s+/);
      const pod = await reviewsPod(k, 'shop');
      world.restartContainer('shop', pod.metadata.name, 'istio-proxy');
      await k.ok(['wait', '-n', 'shop', '--for=condition=ready', `pod/${pod.metadata.name}`, '--timeout=30s']);
      expect(await k.ok(['get', 'pod', '-n', 'shop', pod.metadata.name, '--no-headers'])).toMatch(/^\S+\s+2\/2\s+Running\s+1 \(\S+ ago\)\s+/);
    });

    it('serves logs of the sidecar and execs into it by name; the default container is the app', async () => {
      const pod = await reviewsPod(k, 'shop');
      world.writeLog('shop', pod.metadata.name, 'istio-proxy', 'envoy says hello');
      expect(await k.ok(['logs', '-n', 'shop', pod.metadata.name, '-c', 'istio-proxy', '--tail=1'])).toBe('envoy says hello\n');
      const env = await k.ok(['exec', '-n', 'shop', pod.metadata.name, '-c', 'istio-proxy', '--', 'env']);
      expect(env).toContain('ISTIO_META_APP_CONTAINERS=reviews');
      const plain = await k.run(['logs', '-n', 'shop', pod.metadata.name, '--tail=1']);
      expect(plain.code).toBe(0);
      expect(plain.stderr).not.toContain('Defaulted container');
      expect(await k.ok(['exec', '-n', 'shop', pod.metadata.name, '--', 'hostname'])).toBe(`${pod.metadata.name}\n`);
    });
  });

  describe('the classic shape', () => {
    const worlds: World[] = [];
    afterAll(async () => {
      await Promise.all(worlds.map((w) => w.stop()));
    });

    it.each([
      ['a 1.32 node', { kubernetesVersion: 'v1.32.2' }],
      ['Istio 1.26', { istioVersion: '1.26.4' }],
    ])('with %s istio-proxy is the last container and istio-init the last init container', async (_what, options: WorldOptions) => {
      const { world, k } = await started(options, 'shop');
      worlds.push(world);
      await k.ok(['wait', '-n', 'shop', '--for=condition=ready', 'pod', '--all', '--timeout=60s']);
      expect(shapeOf(await reviewsPod(k, 'shop'))).toEqual({ containers: ['reviews', 'istio-proxy'], initContainers: ['istio-init'] });
      expect(await k.ok(['get', 'pods', '-n', 'shop', '-l', 'app=reviews', '--no-headers'])).toMatch(/^\S+\s+2\/2\s+Running\s+0\s+/);
    });

    it('with the pod annotation sidecar.istio.io/nativeSidecar "false" on a 1.36 node, and "true" forces native on 1.32', async () => {
      for (const [version, annotation, expected] of [
        ['v1.36.1', 'false', { containers: ['app', 'istio-proxy'], initContainers: ['istio-init'] }],
        ['v1.32.2', 'true', { containers: ['app'], initContainers: ['istio-init', 'istio-proxy:Always'] }],
      ] as const) {
        const world = await startWorld({ kubernetesVersion: version });
        worlds.push(world);
        const k = new KubectlRunner(kubectlPath ?? 'kubectl', world.kubeconfigPath);
        const manifest = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: solo\n  labels: {istio-injection: enabled}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\n  namespace: solo\n  annotations: {sidecar.istio.io/nativeSidecar: "${annotation}"}\nspec:\n  containers:\n  - {name: app, image: example.test/app:1}\n`;
        await k.ok(['apply', '-f', '-'], manifest);
        const pod = JSON.parse(await k.ok(['get', 'pod', 'solo', '-n', 'solo', '-o', 'json'])) as PodJson;
        expect(shapeOf(pod)).toEqual(expected);
      }
    });
  });

  describe('a sidecar image that cannot be pulled', () => {
    let world: World;
    let k: KubectlRunner;
    beforeAll(async () => {
      world = await startWorld();
      world.failImages(/proxyv2/);
      k = new KubectlRunner(kubectlPath ?? 'kubectl', world.kubeconfigPath);
      await k.ok(['apply', '--server-side', '-f', '-'], shopManifest('shop'));
    });
    afterAll(async () => {
      await world?.stop();
    });

    it('keeps the pod Pending in Init:ErrImagePull / Init:ImagePullBackOff with the app PodInitializing', async () => {
      // istio-init shares the proxy image, so the first init container fails to pull.
      await k.ok(['wait', '-n', 'shop', '--for=jsonpath={.status.initContainerStatuses[0].state.waiting.reason}=ImagePullBackOff', 'pod', '-l', 'app=catalog', '--timeout=30s']);
      const line = await k.ok(['get', 'pods', '-n', 'shop', '-l', 'app=catalog', '--no-headers']);
      expect(line).toMatch(/^\S+\s+0\/2\s+Init:(ErrImagePull|ImagePullBackOff)\s+0\s+/);
      const pod = JSON.parse(await k.ok(['get', 'pods', '-n', 'shop', '-l', 'app=catalog', '-o', 'jsonpath={.items[0]}'])) as PodJson & { status: { phase: string; containerStatuses: { state: { waiting?: { reason: string } } }[] } };
      expect(pod.status.phase).toBe('Pending');
      expect(pod.status.containerStatuses[0]?.state.waiting?.reason).toBe('PodInitializing');
    });

    it('reports the sidecar itself when only its image fails, after the init container before it completed', async () => {
      world.failImages(/broken-proxy/);
      const manifest = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: lone\n  namespace: default\nspec:\n  initContainers:\n  - {name: setup, image: example.test/setup:1}\n  - {name: istio-proxy, image: example.test/broken-proxy:1, restartPolicy: Always}\n  containers:\n  - {name: app, image: example.test/app:1}\n`;
      await k.ok(['apply', '-f', '-'], manifest);
      await k.ok(['wait', '--for=jsonpath={.status.initContainerStatuses[1].state.waiting.reason}=ImagePullBackOff', 'pod/lone', '--timeout=30s']);
      expect(await k.ok(['get', 'pod', 'lone', '--no-headers'])).toMatch(/^lone\s+0\/2\s+Init:(ErrImagePull|ImagePullBackOff)\s+0\s+/);
      world.failImages();
      await k.ok(['wait', '--for=condition=ready', 'pod/lone', '--timeout=30s']);
      expect(await k.ok(['get', 'pod', 'lone', '--no-headers'])).toMatch(/^lone\s+2\/2\s+Running\s+0\s+/);
    });
  });
});
