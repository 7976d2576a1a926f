// What can be shown as logs in a namespace: pods with their containers (app, init, native
// sidecars), restart counts and whether a previous instance exists, and the workloads that own
// them (Deployment → ReplicaSet → Pod, StatefulSet, DaemonSet, by owner references). Also how a
// target string (`pod/NAME`, `deploy/NAME`, …) is read and which container kubectl would pick.
import { AppError, type ContainerInfo, type LogPodInfo, type LogTargetsInfo, type LogWorkloadInfo } from '../../contract';
import type { KubeClients } from '../client';
import { kubeError } from '../errors';
import { isPodReady, type ContainerStatus, type PodObject } from '../resources/pod';
import { containerStatus, defaultContainer as kubectlDefaultContainer, DEFAULT_CONTAINER_ANNOTATION, podContainers } from '../resources/pod-containers';

export type WorkloadKind = 'deploy' | 'sts' | 'ds';

export type LogTargetRef = { kind: 'pod'; name: string } | { kind: WorkloadKind; name: string };

export interface LogContainerStatus extends ContainerStatus {
  lastState?: { terminated?: { finishedAt?: string; exitCode?: number; reason?: string } };
}

export interface LogPod extends PodObject {
  status?: NonNullable<PodObject['status']> & { containerStatuses?: LogContainerStatus[]; initContainerStatuses?: LogContainerStatus[] };
}

interface OwnedObject {
  metadata?: { name?: string; ownerReferences?: { kind?: string; name?: string; controller?: boolean }[] };
}

const kindAliases: Record<string, LogTargetRef['kind']> = {
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  deploy: 'deploy',
  deployment: 'deploy',
  deployments: 'deploy',
  'deployment.apps': 'deploy',
  sts: 'sts',
  statefulset: 'sts',
  statefulsets: 'sts',
  'statefulset.apps': 'sts',
  ds: 'ds',
  daemonset: 'ds',
  daemonsets: 'ds',
  'daemonset.apps': 'ds',
};

const dns1123 = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Reads `NAME`, `pod/NAME`, `deploy/NAME`, `sts/NAME` or `ds/NAME` (kubectl's spellings too). */
export function parseLogTarget(target: string): LogTargetRef {
  const slash = target.indexOf('/');
  const kindText = slash === -1 ? 'pod' : target.slice(0, slash).toLowerCase();
  const name = slash === -1 ? target : target.slice(slash + 1);
  const kind = kindAliases[kindText];
  if (!kind) throw new AppError('INVALID_ARGUMENT', `"${target}" is not a log target: use a pod name, pod/NAME, deploy/NAME, sts/NAME or ds/NAME.`);
  if (!dns1123.test(name)) throw new AppError('INVALID_ARGUMENT', `"${name}" is not a valid ${kind === 'pod' ? 'pod' : 'workload'} name: lowercase letters, digits, "-" and ".".`);
  return { kind, name };
}

export function containerStatusOf(pod: LogPod, container: string): LogContainerStatus | undefined {
  return containerStatus(pod, container) as LogContainerStatus | undefined;
}

export function containersOf(pod: LogPod): ContainerInfo[] {
  return podContainers(pod).map((c) => {
    const status = containerStatusOf(pod, c.name);
    return { name: c.name, kind: c.kind, ...(c.sidecar ? { sidecar: true } : {}), restartCount: status?.restartCount ?? 0, hasPrevious: status?.lastState?.terminated !== undefined };
  });
}

/** The container kubectl logs shows when none is named: the default-container annotation, else the first. */
export function defaultContainer(pod: LogPod): string | undefined {
  return kubectlDefaultContainer(pod);
}

/**
 * kubectl's note when it picked the first container and the pod has others (init containers
 * count: a pod with a sidecar of either shape has istio-init), unless the annotation chose it.
 */
export function defaultedNote(pod: LogPod, chosen: string): string | undefined {
  if (pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION] === chosen) return undefined;
  const all = podContainers(pod);
  if (all.length < 2) return undefined;
  return `Defaulted container "${chosen}" out of: ${all.map((c) => (c.kind === 'init' ? `${c.name} (init)` : c.name)).join(', ')}`;
}

/** Whether the container has something to read: it runs or ran (waiting containers have no log yet). */
export function hasStarted(pod: LogPod, container: string, previous: boolean): boolean {
  const status = containerStatusOf(pod, container);
  if (previous) return status?.lastState?.terminated !== undefined;
  return status?.state?.running !== undefined || status?.state?.terminated !== undefined;
}

function controllerOf(obj: OwnedObject): { kind?: string; name?: string } | undefined {
  return obj.metadata?.ownerReferences?.find((o) => o.controller) ?? obj.metadata?.ownerReferences?.[0];
}

/** `deploy/NAME` (through its ReplicaSet), `sts/NAME` or `ds/NAME`, when the pod has such an owner. */
export function workloadOfPod(pod: LogPod, replicaSetOwners: Map<string, string>): string | undefined {
  const owner = controllerOf(pod as OwnedObject);
  if (!owner?.name) return undefined;
  if (owner.kind === 'ReplicaSet') {
    const deployment = replicaSetOwners.get(owner.name);
    return deployment ? `deploy/${deployment}` : undefined;
  }
  if (owner.kind === 'StatefulSet') return `sts/${owner.name}`;
  if (owner.kind === 'DaemonSet') return `ds/${owner.name}`;
  return undefined;
}

async function list<T>(clients: KubeClients, path: string, what: string): Promise<T[]> {
  try {
    return (await clients.http.request<{ items?: T[] }>('GET', path)).body.items ?? [];
  } catch (err) {
    throw kubeError(err, what, clients.server);
  }
}

export async function readLogTargets(clients: KubeClients, namespace: string): Promise<LogTargetsInfo> {
  const ns = `/namespaces/${encodeURIComponent(namespace)}`;
  const [pods, replicaSets, deployments, statefulSets, daemonSets] = await Promise.all([
    list<LogPod>(clients, `/api/v1${ns}/pods`, `Reading pods of ${namespace}`),
    list<OwnedObject>(clients, `/apis/apps/v1${ns}/replicasets`, `Reading replicasets of ${namespace}`),
    list<OwnedObject>(clients, `/apis/apps/v1${ns}/deployments`, `Reading deployments of ${namespace}`),
    list<OwnedObject>(clients, `/apis/apps/v1${ns}/statefulsets`, `Reading statefulsets of ${namespace}`),
    list<OwnedObject>(clients, `/apis/apps/v1${ns}/daemonsets`, `Reading daemonsets of ${namespace}`),
  ]);
  const replicaSetOwners = new Map<string, string>();
  for (const rs of replicaSets) {
    const owner = controllerOf(rs);
    if (owner?.kind === 'Deployment' && owner.name && rs.metadata?.name) replicaSetOwners.set(rs.metadata.name, owner.name);
  }
  const podInfos: LogPodInfo[] = pods
    .map((pod) => {
      const workload = workloadOfPod(pod, replicaSetOwners);
      return {
        name: pod.metadata?.name ?? '',
        namespace,
        phase: pod.status?.phase ?? 'Unknown',
        ready: isPodReady(pod),
        containers: containersOf(pod),
        ...(workload ? { workload } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const workloads: LogWorkloadInfo[] = [
    ...deployments.map((d) => `deploy/${d.metadata?.name ?? ''}`),
    ...statefulSets.map((s) => `sts/${s.metadata?.name ?? ''}`),
    ...daemonSets.map((d) => `ds/${d.metadata?.name ?? ''}`),
  ]
    .sort()
    .map((ref) => ({ ref, namespace, pods: podInfos.filter((p) => p.workload === ref).map((p) => p.name) }));
  return { namespace, pods: podInfos, workloads };
}
