// Read-only snapshots for `meshdeck status` and the UI: workloads of a namespace with ready/total
// replicas and how many of their pods carry the istio-proxy sidecar, pods with READY n/n, and
// Services with type, ports and nodePorts. One list per kind; nothing is changed.
import type { ComponentStatusInfo } from '../contract';
import type { KubeClients } from './client';
import { listObjects } from './requests';
import { DEPLOYMENT, desiredReplicas, matchesSelector, readyReplicas, type WorkloadObject } from './resources/deployment';
import { isPodReady, isTerminating, POD, type PodObject } from './resources/pod';
import { allContainerStatuses, containerReadiness, hasSidecar } from './resources/pod-containers';
import { SERVICE, type ServiceObject } from './resources/service';
import { STATEFUL_SET } from './resources/stateful-set';

export interface PodSummary {
  name: string;
  phase: string;
  ready: boolean;
  /** Ready containers / containers, as READY in `kubectl get pods` (2/2 with a sidecar of either shape). */
  containersReady: number;
  containers: number;
  sidecar: boolean;
  /** A container's waiting reason, e.g. ImagePullBackOff (init containers first; a telling reason over PodInitializing). */
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

export function summarizePod(pod: PodObject): PodSummary {
  const { ready, total } = containerReadiness(pod);
  const reasons = allContainerStatuses(pod).flatMap((c) => (c.state?.waiting?.reason ? [c.state.waiting.reason] : []));
  const waiting = reasons.find((r) => r !== 'PodInitializing' && r !== 'ContainerCreating') ?? reasons[0];
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
  const pods = await listObjects<PodObject>(clients, POD, namespace, selector ? { labelSelector: selector } : {});
  return pods.filter((p) => !isTerminating(p)).map(summarizePod);
}

/** Deployments and StatefulSets of a namespace: ready/total replicas and pods with the sidecar. */
export async function readWorkloads(clients: KubeClients, namespace: string): Promise<ComponentStatusInfo[]> {
  const [deployments, sets, pods] = await Promise.all([
    listObjects<WorkloadObject>(clients, DEPLOYMENT, namespace),
    listObjects<WorkloadObject>(clients, STATEFUL_SET, namespace),
    listObjects<PodObject>(clients, POD, namespace),
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
  const services = await listObjects<ServiceObject>(clients, SERVICE, namespace);
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
