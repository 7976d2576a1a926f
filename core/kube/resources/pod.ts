// Pods as raw JSON and the small questions asked of them: ready?, terminating?, how far did
// they get, which version their labels name. Pure helpers shared by waits, diagnosis, status and
// traffic routing; which containers a pod has (and its sidecar) is pod-containers.ts.
import type { ResourceInfo } from '../discovery';
import type { KubeObject } from '../objects';
import { allContainerStatuses } from './pod-containers';

export const POD: ResourceInfo = { apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespaced: true };

/** Labels that name a pod's version, first found wins (as Kiali reads them). */
export const VERSION_LABELS = ['service.istio.io/canonical-revision', 'app.kubernetes.io/version', 'version'] as const;

export interface VersionLabel {
  key: string;
  value: string;
}

/** The version label a set of pod labels carries (a pod's, or a workload's pod template's), with its key. */
export function versionLabelOf(labels: Record<string, string> | undefined): VersionLabel | undefined {
  for (const key of VERSION_LABELS) {
    const value = labels?.[key];
    if (value) return { key, value };
  }
  return undefined;
}

export function versionOf(labels: Record<string, string> | undefined): string | undefined {
  return versionLabelOf(labels)?.value;
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; message?: string };
}

export interface ContainerStatus {
  name: string;
  image?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
}

export interface PodObject extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: { name: string; image?: string }[];
    initContainers?: { name: string; image?: string; restartPolicy?: string }[];
  };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export function isPodReady(pod: PodObject): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function isTerminating(pod: PodObject): boolean {
  return pod.metadata?.deletionTimestamp !== undefined;
}

/** A short, stable summary of how far a pod got; changes in it count as progress. */
export function podProgressKey(pod: PodObject): string {
  const containers = allContainerStatuses(pod)
    .map((c) => `${c.name}:${c.ready ? 'R' : ''}${c.started ? 'S' : ''}${c.state?.running ? 'run' : c.state?.terminated ? 'term' : c.state?.waiting?.reason === 'ContainerCreating' || c.state?.waiting?.reason === 'PodInitializing' ? 'create' : 'wait'}`)
    .join(',');
  // Waiting reasons that flip back and forth (ErrImagePull ↔ ImagePullBackOff) and restart counts
  // of a crash loop are deliberately left out: they are not progress.
  return `${pod.metadata?.name ?? ''}|${pod.status?.phase ?? ''}|${pod.spec?.nodeName ?? ''}|${isPodReady(pod) ? 'ready' : ''}|${containers}`;
}
