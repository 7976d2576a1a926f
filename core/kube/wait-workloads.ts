// Waits until Deployments (and optionally StatefulSets) of one namespace are rolled out, driven
// by watches on them, their pods and the namespace's events. Progress is any change in rollout
// counts, in how far their pods got, or a new non-failure event; a stall names the pods' waiting
// reasons and the events' words. It never changes anything in the cluster.
import type { KubeClients } from './client';
import { diagnosePods, isProgressEvent, type DiagnoseOptions, type EventObject } from './diagnose';
import { isPodReady, isTerminating, podProgressKey, type PodObject } from './resources/pod';
import { waitOnWatches, type Explanation, type Snapshot, type WatchWaitHooks, type WatchWaitOptions } from './watch-wait';
import { desiredReplicas, isDeploymentAvailable, matchesSelector, type WorkloadObject } from './resources/deployment';
import { isStatefulSetReady } from './resources/stateful-set';

export interface WaitForWorkloadsOptions extends WatchWaitOptions, WatchWaitHooks, DiagnoseOptions {
  namespace: string;
  /** Deployment names; omitted means every Deployment in the namespace. */
  names?: string[];
  /** StatefulSets to wait for too (e.g. loki): names, or 'all'. Default none. */
  statefulSets?: string[] | 'all';
}

interface Wanted {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  object: WorkloadObject | undefined;
}

function ns(namespace: string): string {
  return `/namespaces/${encodeURIComponent(namespace)}`;
}

function wantedOf(list: WorkloadObject[], kind: Wanted['kind'], names: string[] | 'all' | undefined): Wanted[] {
  if (names === undefined) return [];
  const byName = new Map(list.map((o) => [o.metadata?.name ?? '', o]));
  const chosen = names === 'all' ? [...byName.keys()].sort() : names;
  return chosen.map((name) => ({ kind, name, object: byName.get(name) }));
}

function isReady(w: Wanted): boolean {
  if (!w.object) return false;
  return w.kind === 'Deployment' ? isDeploymentAvailable(w.object) : isStatefulSetReady(w.object);
}

export function waitForDeployments(clients: KubeClients, options: WaitForWorkloadsOptions): Promise<void> {
  const withSets = options.statefulSets !== undefined;
  const specs = [
    { path: `/apis/apps/v1${ns(options.namespace)}/deployments` },
    { path: `/api/v1${ns(options.namespace)}/pods` },
    { path: `/api/v1${ns(options.namespace)}/events` },
    ...(withSets ? [{ path: `/apis/apps/v1${ns(options.namespace)}/statefulsets` }] : []),
  ];
  const split = (s: Snapshot): { wanted: Wanted[]; pods: PodObject[]; events: EventObject[] } => {
    const [deployments = [], allPods = [], events = [], sets = []] = s as [WorkloadObject[], PodObject[], EventObject[], WorkloadObject[]];
    const wanted = [...wantedOf(deployments, 'Deployment', options.names ?? 'all'), ...wantedOf(sets, 'StatefulSet', options.statefulSets)];
    const pods = allPods.filter((p) => wanted.some((w) => w.object && matchesSelector(p.metadata?.labels, w.object.spec?.selector)));
    return { wanted, pods, events };
  };
  const evaluate = (s: Snapshot) => {
    const { wanted, pods, events } = split(s);
    const ready = wanted.filter(isReady).length;
    const podNames = new Set(pods.map((p) => p.metadata?.name ?? ''));
    const workloadNames = wanted.map((w) => w.name);
    const progressEvents = (events as EventObject[]).filter(
      (e) => isProgressEvent(e) && (podNames.has(e.involvedObject?.name ?? '') || workloadNames.some((n) => (e.involvedObject?.name ?? '').startsWith(n))),
    );
    const signature = [
      ...wanted.map((w) => `${w.kind}/${w.name}:${w.object ? JSON.stringify([w.object.metadata?.generation, w.object.status ?? {}]) : 'missing'}`),
      ...pods.map(podProgressKey).sort(),
      `events:${progressEvents.length}`,
    ].join('\n');
    return { done: ready === wanted.length, ready, total: wanted.length, signature };
  };
  const explain = (s: Snapshot, trouble: string | undefined): Explanation => {
    const { wanted, pods, events } = split(s);
    const waiting = wanted.filter((w) => !isReady(w));
    const stuck = waiting
      .map((w) => (w.object ? `${w.name} ${w.object.status?.availableReplicas ?? w.object.status?.readyReplicas ?? 0}/${desiredReplicas(w.object)}` : `${w.name} (not created)`))
      .join(', ');
    const livePods = pods.filter((p) => !isTerminating(p) && !isPodReady(p));
    const findings = diagnosePods(livePods, events, options);
    const seconds = (options.stallMs / 1000).toFixed(1);
    const head = `Waiting for ${waiting.length} of ${wanted.length} workloads in ${options.namespace} made no progress for ${seconds} s (${stuck}).`;
    const why = trouble ? ` ${trouble}` : findings.length ? ` ${findings.slice(0, 3).map((f) => f.text).join('; ')}.` : ' No pod reports a problem yet.';
    const next = trouble ? '' : findings[0] ? ` ${findings[0].next}` : ' Check that the cluster\'s controllers run (`meshdeck status`).';
    return {
      message: `${head}${why}${next}`,
      details: {
        namespace: options.namespace,
        waitingFor: waiting.map((w) => w.name),
        reasons: [...new Set(findings.map((f) => f.reason))],
        images: [...new Set(findings.flatMap((f) => (f.image ? [f.image] : [])))],
      },
    };
  };
  return waitOnWatches(clients, specs, evaluate, explain, options);
}

