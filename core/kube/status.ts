// Read-only snapshots for `meshdeck status` and the UI: workloads of a namespace with ready/total
// replicas and how many of their pods carry the istio-proxy sidecar, pods with READY n/n, and
// Services with type, ports and nodePorts. One list per kind; nothing is changed.
import type { ComponentStatusInfo } from '../contract';
import type { KubeClients } from './client';
import { kubeError } from './errors';
import { containerReadiness, hasSidecar, isPodReady, isTerminating, type PodObject } from './resources/pod';
import { desiredReplicas, matchesSelector, readyReplicas, type WorkloadObject } from './resources/deployment';

export interface PodSummary {
  name: string;
  phase: string;
  ready: boolean;
  /** Ready containers / containers, as READY in `kubectl get pods` (2/2 with a sidecar). */
  containersReady: number;
  containers: number;
  sidecar: boolean;
  /** A container's waiting reason, e.g. ImagePullBackOff. */
  waitingReason?: string;
}

export interface ServicePortSummary {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol: string;
}

export interface ServiceSummary {
  name: string;
  namespace: string;
  type: string;
  clusterIP?: string;
  ports: ServicePortSummary[];
}

interface ServiceObject {
  metadata?: { name?: string; namespace?: string };
  spec?: { type?: string; clusterIP?: string; ports?: { name?: string; port: number; targetPort?: number | string; nodePort?: number; protocol?: string }[] };
}

async function list<T>(clients: KubeClients, path: string, what: string): Promise<T[]> {
  try {
    return (await clients.http.request<{ items?: T[] }>('GET', path)).body.items ?? [];
  } catch (err) {
    throw kubeError(err, what, clients.server);
  }
}

export function summarizePod(pod: PodObject): PodSummary {
  const { ready, total } = containerReadiness(pod);
  const waiting = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason;
  return {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ready: isPodReady(pod),
    containersReady: ready,
    containers: total,
    sidecar: hasSidecar(pod),
    ...(waiting ? { waitingReason: waiting } : {}),
  };
}

export async function readPods(clients: KubeClients, namespace: string, selector?: string): Promise<PodSummary[]> {
  const q = selector ? `?labelSelector=${encodeURIComponent(selector)}` : '';
  const pods = await list<PodObject>(clients, `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods${q}`, `Reading pods of ${namespace}`);
  return pods.filter((p) => !isTerminating(p)).map(summarizePod);
}

/** Deployments and StatefulSets of a namespace: ready/total replicas and pods with the sidecar. */
export async function readWorkloads(clients: KubeClients, namespace: string): Promise<ComponentStatusInfo[]> {
  const base = `/namespaces/${encodeURIComponent(namespace)}`;
  const [deployments, sets, pods] = await Promise.all([
    list<WorkloadObject>(clients, `/apis/apps/v1${base}/deployments`, `Reading deployments of ${namespace}`),
    list<WorkloadObject>(clients, `/apis/apps/v1${base}/statefulsets`, `Reading statefulsets of ${namespace}`),
    list<PodObject>(clients, `/api/v1${base}/pods`, `Reading pods of ${namespace}`),
  ]);
  const live = pods.filter((p) => !isTerminating(p));
  const rows = [...deployments.map((d) => ({ ...d, kind: 'Deployment' })), ...sets.map((s) => ({ ...s, kind: 'StatefulSet' }))];
  return rows
    .map((w) => {
      const own = live.filter((p) => matchesSelector(p.metadata?.labels, w.spec?.selector));
      return {
        name: w.metadata?.name ?? '',
        namespace,
        ready: readyReplicas(w),
        total: desiredReplicas(w),
        withSidecar: own.filter(hasSidecar).length,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function readServices(clients: KubeClients, namespace: string): Promise<ServiceSummary[]> {
  const services = await list<ServiceObject>(clients, `/api/v1/namespaces/${encodeURIComponent(namespace)}/services`, `Reading services of ${namespace}`);
  return services
    .map((s) => ({
      name: s.metadata?.name ?? '',
      namespace,
      type: s.spec?.type ?? 'ClusterIP',
      ...(s.spec?.clusterIP ? { clusterIP: s.spec.clusterIP } : {}),
      ports: (s.spec?.ports ?? []).map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
        protocol: p.protocol ?? 'TCP',
      })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
