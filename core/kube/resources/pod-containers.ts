// Which containers a pod has and what each one is — the one home for these questions, asked by
// status counts, waits, the stall diagnosis and the log and shell pickers. Istio injects its
// istio-proxy sidecar in one of two shapes: a classic one (last of spec.containers) or, with
// Istio >= 1.27 on kubelets >= 1.33, a native one (an init container with restartPolicy Always
// that keeps running beside the apps). kubectl counts native sidecars as containers in READY.
import type { ContainerStatus, PodObject } from './pod';

export const SIDECAR_NAME = 'istio-proxy';
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export interface PodContainer {
  name: string;
  image?: string;
  /** Where the spec lists it: spec.containers (app) or spec.initContainers (init). */
  kind: 'app' | 'init';
  /** An init container with restartPolicy Always: it starts in its turn and keeps running. */
  restartable: boolean;
  /** Istio's istio-proxy, in either shape. */
  sidecar: boolean;
  status?: ContainerStatus;
}

export function isRestartableInit(container: { restartPolicy?: string }): boolean {
  return container.restartPolicy === 'Always';
}

/** App containers first, then init containers, each with its status when the kubelet wrote one. */
export function podContainers(pod: PodObject): PodContainer[] {
  const statusOf = (list: ContainerStatus[] | undefined, name: string): ContainerStatus | undefined => list?.find((s) => s.name === name);
  const apps = (pod.spec?.containers ?? []).map((c): PodContainer => {
    const status = statusOf(pod.status?.containerStatuses, c.name);
    return { name: c.name, ...(c.image ? { image: c.image } : {}), kind: 'app', restartable: false, sidecar: c.name === SIDECAR_NAME, ...(status ? { status } : {}) };
  });
  const inits = (pod.spec?.initContainers ?? []).map((c): PodContainer => {
    const status = statusOf(pod.status?.initContainerStatuses, c.name);
    return { name: c.name, ...(c.image ? { image: c.image } : {}), kind: 'init', restartable: isRestartableInit(c), sidecar: c.name === SIDECAR_NAME, ...(status ? { status } : {}) };
  });
  return [...apps, ...inits];
}

export function containerNames(pod: PodObject): string[] {
  return podContainers(pod).map((c) => c.name);
}

/** Injected either as a regular container or as a native sidecar init container. */
export function hasSidecar(pod: PodObject): boolean {
  return podContainers(pod).some((c) => c.sidecar);
}

/** The status of a container of either list. */
export function containerStatus(pod: PodObject, name: string): ContainerStatus | undefined {
  return podContainers(pod).find((c) => c.name === name)?.status;
}

export function allContainerStatuses(pod: PodObject): ContainerStatus[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/**
 * READY as `kubectl get pods` shows it (printPod in kubernetes' printers.go): app containers
 * plus restartable init containers, the latter ready only once started (2/2 with a native sidecar).
 */
export function containerReadiness(pod: PodObject): { ready: number; total: number } {
  const counted = podContainers(pod).filter((c) => c.kind === 'app' || c.restartable);
  const ready = counted.filter((c) => c.status?.ready === true && (c.kind === 'app' || c.status.started === true)).length;
  return { ready, total: counted.length };
}

/** Native sidecars whose start the pod is still waiting for: the app containers wait in PodInitializing. */
export function unstartedSidecars(pod: PodObject): PodContainer[] {
  return podContainers(pod).filter((c) => c.restartable && c.status?.started !== true);
}

/**
 * The container kubectl picks when none is named (FindOrDefaultContainerByName in kubectl's
 * podcmd): the default-container annotation when it names any container of the pod, else the
 * first app container.
 */
export function defaultContainer(pod: PodObject): string | undefined {
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && containerNames(pod).includes(annotated)) return annotated;
  return pod.spec?.containers?.[0]?.name;
}

/** Where MeshDeck opens a shell by default: the annotation's container, else the first app that is not the sidecar. */
export function defaultShellContainer(pod: PodObject): string | undefined {
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && containerNames(pod).includes(annotated)) return annotated;
  const apps = podContainers(pod).filter((c) => c.kind === 'app');
  return (apps.find((c) => !c.sidecar) ?? apps[0])?.name;
}
