// Waits until every pod matching a label selector in a namespace is Ready (and at least
// `minimum` exist), driven by watches on those pods and the namespace's events; a stall names
// the pods' waiting reasons and event messages.
import type { KubeClients } from './client';
import { diagnosePods, isProgressEvent, type DiagnoseOptions, type EventObject } from './diagnose';
import { isPodReady, isTerminating, podProgressKey, type PodObject } from './resources/pod';
import { waitOnWatches, type WatchWaitHooks, type WatchWaitOptions } from './watch-wait';

export interface WaitForPodsOptions extends WatchWaitOptions, WatchWaitHooks, DiagnoseOptions {
  namespace: string;
  /** Label selector, e.g. "app=productpage". */
  selector: string;
  /** Pods that must exist. Default 1. */
  minimum?: number;
}

export function waitForPodsReady(clients: KubeClients, options: WaitForPodsOptions): Promise<void> {
  const base = `/api/v1/namespaces/${encodeURIComponent(options.namespace)}`;
  const minimum = options.minimum ?? 1;
  const live = (pods: PodObject[]): PodObject[] => pods.filter((p) => !isTerminating(p) && p.status?.phase !== 'Succeeded');
  return waitOnWatches(
    clients,
    [{ path: `${base}/pods`, labelSelector: options.selector }, { path: `${base}/events` }],
    ([podList = [], eventList = []]) => {
      const pods = live(podList as PodObject[]);
      const names = new Set(pods.map((p) => p.metadata?.name ?? ''));
      const ready = pods.filter(isPodReady).length;
      const events = (eventList as EventObject[]).filter((e) => isProgressEvent(e) && names.has(e.involvedObject?.name ?? '')).length;
      const signature = [...pods.map(podProgressKey).sort(), `events:${events}`].join('\n');
      return { done: pods.length >= minimum && ready === pods.length, ready, total: Math.max(pods.length, minimum), signature };
    },
    ([podList = [], eventList = []], trouble) => {
      const pods = live(podList as PodObject[]);
      const findings = diagnosePods(pods, eventList as EventObject[], options);
      const head = `Pods "${options.selector}" in ${options.namespace} made no progress for ${(options.stallMs / 1000).toFixed(1)} s (${pods.filter(isPodReady).length}/${Math.max(pods.length, minimum)} ready).`;
      const why = trouble ? ` ${trouble}` : findings.length ? ` ${findings.slice(0, 3).map((f) => f.text).join('; ')}. ${findings[0]?.next ?? ''}` : pods.length < minimum ? ' No matching pod exists; is the workload applied?' : ' No pod reports a problem yet.';
      return {
        message: `${head}${why}`.trim(),
        details: { namespace: options.namespace, selector: options.selector, reasons: [...new Set(findings.map((f) => f.reason))], images: [...new Set(findings.flatMap((f) => (f.image ? [f.image] : [])))] },
      };
    },
    options,
  );
}
