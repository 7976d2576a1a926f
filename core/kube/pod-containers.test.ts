// The container model for both shapes of Istio's sidecar: classic (istio-proxy last of the
// containers) and native (istio-proxy an init container with restartPolicy Always), and the
// stall diagnosis of a native sidecar that does not start.
import { describe, expect, it } from 'vitest';
import { chooseShellContainer } from './exec/shell-container';
import { diagnosePods, type EventObject } from './diagnose';
import { containersOf, defaultContainer, defaultedNote } from './logs/log-targets';
import type { ContainerStatus, PodObject } from './resources/pod';
import { containerReadiness, hasSidecar, podContainers, unstartedSidecars } from './resources/pod-containers';
import { summarizePod } from './status';

const proxyImage = 'registry.istio.io/release/proxyv2:1.30.3';
const running = (name: string, ready = true, started = true): ContainerStatus => ({ name, ready, started, restartCount: 0, state: { running: { startedAt: '2026-11-25T12:00:00Z' } } });
const completed: ContainerStatus = { name: 'istio-init', ready: true, started: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } };
const waiting = (name: string, reason: string, message?: string): ContainerStatus => ({ name, ready: false, started: false, restartCount: 0, state: { waiting: { reason, ...(message ? { message } : {}) } } });
const annotations = { 'kubectl.kubernetes.io/default-container': 'reviews' };

function condition(type: string, ok: boolean): { type: string; status: string } {
  return { type, status: ok ? 'True' : 'False' };
}

function nativePod(proxy: ContainerStatus, app: ContainerStatus, initialized: boolean, extra: Partial<PodObject['metadata']> = {}): PodObject {
  return {
    metadata: { name: 'reviews-v1-abc', annotations, ...extra },
    spec: {
      nodeName: 'meshdeck-control-plane',
      initContainers: [
        { name: 'istio-init', image: proxyImage },
        { name: 'istio-proxy', image: proxyImage, restartPolicy: 'Always' },
      ],
      containers: [{ name: 'reviews', image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3' }],
    },
    status: {
      phase: initialized ? 'Running' : 'Pending',
      conditions: [condition('Initialized', initialized), condition('Ready', proxy.ready === true && app.ready === true), condition('PodScheduled', true)],
      initContainerStatuses: [initialized || proxy.state?.running ? completed : waiting('istio-init', 'PodInitializing'), proxy],
      containerStatuses: [app],
    },
  };
}

function classicPod(proxy: ContainerStatus, app: ContainerStatus): PodObject {
  return {
    metadata: { name: 'reviews-v1-def', annotations },
    spec: {
      nodeName: 'meshdeck-control-plane',
      initContainers: [{ name: 'istio-init', image: proxyImage }],
      containers: [{ name: 'reviews', image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3' }, { name: 'istio-proxy', image: proxyImage }],
    },
    status: { phase: 'Running', conditions: [condition('Initialized', true), condition('Ready', proxy.ready === true && app.ready === true)], initContainerStatuses: [completed], containerStatuses: [app, proxy] },
  };
}

describe('the containers of a pod, both sidecar shapes', () => {
  const native = nativePod(running('istio-proxy'), running('reviews'), true);
  const classic = classicPod(running('istio-proxy'), running('reviews'));

  it('finds the sidecar in initContainers or containers and counts READY as kubectl does', () => {
    for (const pod of [native, classic]) {
      expect(hasSidecar(pod)).toBe(true);
      expect(containerReadiness(pod)).toEqual({ ready: 2, total: 2 });
      expect(summarizePod(pod)).toMatchObject({ containersReady: 2, containers: 2, sidecar: true, ready: true });
    }
    expect(podContainers(native).map((c) => [c.name, c.kind, c.restartable, c.sidecar])).toEqual([
      ['reviews', 'app', false, false],
      ['istio-init', 'init', false, false],
      ['istio-proxy', 'init', true, true],
    ]);
    expect(hasSidecar({ spec: { containers: [{ name: 'app' }] } })).toBe(false);
  });

  it('does not count a native sidecar as ready before it has started', () => {
    const pod = nativePod(running('istio-proxy', false, false), waiting('reviews', 'PodInitializing'), false);
    expect(containerReadiness(pod)).toEqual({ ready: 0, total: 2 });
    expect(unstartedSidecars(pod).map((c) => c.name)).toEqual(['istio-proxy']);
    expect(unstartedSidecars(native)).toEqual([]);
  });

  it('marks istio-proxy as the sidecar in the log picker and defaults logs and shells to the app', () => {
    expect(containersOf(native).map((c) => [c.name, c.kind, c.sidecar ?? false])).toEqual([
      ['reviews', 'app', false],
      ['istio-init', 'init', false],
      ['istio-proxy', 'init', true],
    ]);
    expect(containersOf(classic).find((c) => c.name === 'istio-proxy')).toMatchObject({ kind: 'app', sidecar: true });
    for (const pod of [native, classic]) {
      expect(defaultContainer(pod)).toBe('reviews');
      expect(chooseShellContainer(pod)).toBe('reviews');
      expect(chooseShellContainer(pod, 'istio-proxy')).toBe('istio-proxy');
    }
  });

  it('follows the default-container annotation, which may name an init container, and notes a default kubectl picked', () => {
    const pointing = nativePod(running('istio-proxy'), running('reviews'), true, { annotations: { 'kubectl.kubernetes.io/default-container': 'istio-proxy' } });
    expect(defaultContainer(pointing)).toBe('istio-proxy');
    expect(chooseShellContainer(pointing)).toBe('istio-proxy');
    const bare = nativePod(running('istio-proxy'), running('reviews'), true, { annotations: {} });
    expect(defaultContainer(bare)).toBe('reviews');
    expect(defaultedNote(bare, 'reviews')).toBe('Defaulted container "reviews" out of: reviews, istio-init (init), istio-proxy (init)');
    expect(defaultedNote(native, 'reviews')).toBeUndefined();
  });
});

describe('diagnosing a pod held up by its sidecar', () => {
  it('names a native sidecar that cannot pull its image, not the app containers that wait in PodInitializing', () => {
    const pod = nativePod(waiting('istio-proxy', 'ImagePullBackOff', `Back-off pulling image "${proxyImage}"`), waiting('reviews', 'PodInitializing'), false);
    const [finding, ...rest] = diagnosePods([pod], []);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ reason: 'ImagePullBackOff', image: proxyImage });
    expect(finding?.text).toContain('native sidecar istio-proxy');
    expect(summarizePod(pod).waitingReason).toBe('ImagePullBackOff');
  });

  it('names a native sidecar that runs but never starts, with its probe event and istiod advice', () => {
    const pod = nativePod(running('istio-proxy', false, false), waiting('reviews', 'PodInitializing'), false);
    const events: EventObject[] = [
      { metadata: { name: 'e1' }, type: 'Warning', reason: 'Unhealthy', message: 'Startup probe failed: HTTP probe failed with statuscode: 503', involvedObject: { kind: 'Pod', name: 'reviews-v1-abc', fieldPath: 'spec.initContainers{istio-proxy}' }, lastTimestamp: '2026-11-25T12:00:05Z' },
    ];
    const [finding] = diagnosePods([pod], events);
    expect(finding).toMatchObject({ reason: 'SidecarNotStarted' });
    expect(finding?.text).toContain('Startup probe failed: HTTP probe failed with statuscode: 503');
    expect(finding?.next).toContain('istiod');
    expect(finding?.next).toContain('kubectl logs reviews-v1-abc -c istio-proxy');
  });

  it('sends a crash-looping sidecar of either shape to its previous logs', () => {
    const crashing = { ...waiting('istio-proxy', 'CrashLoopBackOff', 'back-off 40s restarting failed container=istio-proxy'), restartCount: 3 };
    for (const pod of [nativePod(crashing, waiting('reviews', 'PodInitializing'), false), classicPod(crashing, running('reviews'))]) {
      const [finding] = diagnosePods([pod], []);
      expect(finding?.reason).toBe('CrashLoopBackOff');
      expect(finding?.next).toContain('-c istio-proxy --previous');
    }
  });

  it('names a native sidecar that exited before it started, or was never created, once istio-init is done', () => {
    const held = (proxy: ContainerStatus, init: ContainerStatus = completed): PodObject => {
      const pod = nativePod(proxy, waiting('reviews', 'PodInitializing'), false);
      pod.status!.initContainerStatuses = [init, proxy];
      return pod;
    };
    const exited: ContainerStatus = { name: 'istio-proxy', ready: false, started: false, restartCount: 1, state: { terminated: { reason: 'Error', exitCode: 1 } } };
    const [gone] = diagnosePods([held(exited)], []);
    expect(gone).toMatchObject({ reason: 'SidecarNotStarted' });
    expect(gone?.text).toBe('pod reviews-v1-abc: native sidecar istio-proxy (an init container the app containers wait for) exited before it started (Error, exit code 1), so the pod stays Pending');
    expect(gone?.next).toContain('kubectl logs reviews-v1-abc -c istio-proxy --previous');

    const mount: EventObject = { metadata: { name: 'e2' }, type: 'Warning', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "istio-token"', involvedObject: { kind: 'Pod', name: 'reviews-v1-abc' }, lastTimestamp: '2026-11-25T12:00:09Z' };
    const [creating] = diagnosePods([held(waiting('istio-proxy', 'ContainerCreating'))], [mount]);
    expect(creating?.text).toContain('istio-proxy (an init container the app containers wait for) has not started (ContainerCreating) — MountVolume.SetUp failed for volume "istio-token"');

    // While istio-init still runs, the sidecar's turn has not come: no finding blames it.
    expect(diagnosePods([held(waiting('istio-proxy', 'PodInitializing'), running('istio-init'))], [])).toEqual([]);
  });

  it('advises the exact kind load command for an image that does not pull, only on a kind cluster', () => {
    const pod = classicPod(running('istio-proxy'), waiting('reviews', 'ImagePullBackOff', 'Back-off pulling image'));
    const image = 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3';
    const kindPath = '/Users/ann/Library/Application Support/MeshDeck/tools/kind-v0.32.0';
    const [onKind] = diagnosePods([pod], [], { imageLoad: { kindPath, clusterName: 'meshdeck' } });
    expect(onKind?.next).toContain(`\`docker pull ${image} && '${kindPath}' load docker-image ${image} --name meshdeck\``);
    const [onOwn] = diagnosePods([pod], []);
    expect(onOwn?.next).not.toContain('kind load');
    expect(onOwn?.next).not.toContain('load docker-image');
  });

  it('says which container keeps a running pod from Ready', () => {
    const [finding] = diagnosePods([classicPod(running('istio-proxy', false), running('reviews'))], []);
    expect(finding).toMatchObject({ reason: 'NotReady' });
    expect(finding?.text).toContain('not ready: istio-proxy');
  });
});
