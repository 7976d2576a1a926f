// Reads *why* pods are not getting anywhere from what the cluster says about them: containers'
// waiting reasons and messages, the kubelet's and scheduler's events (failed image pulls,
// Insufficient memory), and picks a next action that is honest and short. Pure: it works on
// objects the waits already hold, so a stall message costs no extra API call.
import type { KubeObject } from './objects';
import { allContainerStatuses, isPodReady, type PodObject } from './resources/pod';

export interface EventObject extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; fieldPath?: string };
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  count?: number;
}

export interface StallFinding {
  /** Short cause: ImagePullBackOff, Insufficient memory, FailedScheduling, CrashLoopBackOff, … */
  reason: string;
  /** One line naming the pod/container/image and the cluster's own words. */
  text: string;
  image?: string;
  next: string;
}

const imageReasons = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);
const creating = new Set(['ContainerCreating', 'PodInitializing']);

function when(e: EventObject): string {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '';
}

function latestEvent(events: EventObject[], pod: string, test: (e: EventObject) => boolean): EventObject | undefined {
  let best: EventObject | undefined;
  for (const e of events) {
    if (e.involvedObject?.kind !== 'Pod' || e.involvedObject.name !== pod || !test(e)) continue;
    if (!best || when(e) >= when(best)) best = e;
  }
  return best;
}

function nextFor(reason: string, image: string | undefined): string {
  if (imageReasons.has(reason))
    return `Check your network (proxy, VPN) and Docker Hub rate limits, then run again; if the image name is wrong, fix the manifest. Loading the image into the node beforehand (\`kind load docker-image ${image ?? '<image>'}\`) avoids the pull.`;
  if (reason === 'Insufficient memory' || reason === 'Insufficient cpu')
    return 'Give Docker more memory and CPU (Docker Desktop → Settings → Resources; Istio, Bookinfo and the dashboards need several GB), or delete workloads you do not need.';
  if (reason === 'FailedScheduling') return 'No node can take the pod; read the scheduler message above (taints, resources, volumes).';
  if (reason === 'CrashLoopBackOff') return "The container keeps exiting; read its logs (previous run) to see why.";
  if (reason === 'CreateContainerConfigError') return 'A ConfigMap or Secret the pod refers to is missing.';
  if (reason === 'NotReady') return 'The container runs but its readiness probe fails; read its logs.';
  return 'Look at the pod with `kubectl describe pod` on this context.';
}

function podFindings(pod: PodObject, events: EventObject[]): StallFinding[] {
  const name = pod.metadata?.name ?? '';
  const found: StallFinding[] = [];
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (!pod.spec?.nodeName && scheduled?.status !== 'True') {
    const event = latestEvent(events, name, (e) => e.reason === 'FailedScheduling');
    const message = event?.message ?? scheduled?.message;
    if (message) {
      const insufficient = /Insufficient (memory|cpu)/.exec(message);
      const reason = insufficient ? `Insufficient ${insufficient[1] ?? 'memory'}` : 'FailedScheduling';
      found.push({ reason, text: `pod ${name} cannot be scheduled: ${message}`, next: nextFor(reason, undefined) });
    } else {
      found.push({ reason: 'Pending', text: `pod ${name} is Pending and not scheduled yet`, next: 'Check that the node is Ready and the scheduler runs.' });
    }
    return found;
  }
  const images = new Map<string, string>();
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) if (c.image) images.set(c.name, c.image);
  for (const status of allContainerStatuses(pod)) {
    const waiting = status.state?.waiting;
    if (!waiting?.reason || creating.has(waiting.reason)) continue;
    const image = images.get(status.name) ?? status.image;
    let detail = waiting.message ?? '';
    if (imageReasons.has(waiting.reason)) {
      const event = latestEvent(events, name, (e) => e.type === 'Warning' && (e.message ?? '').startsWith('Failed to pull image'));
      if (event?.message) detail = event.message;
    } else if (waiting.reason === 'CrashLoopBackOff') {
      const event = latestEvent(events, name, (e) => e.type === 'Warning');
      if (event?.message) detail = event.message;
    }
    found.push({
      reason: waiting.reason,
      text: `pod ${name}: container ${status.name} is ${waiting.reason}${image ? ` on image ${image}` : ''}${detail ? ` — ${detail}` : ''}`,
      ...(image ? { image } : {}),
      next: nextFor(waiting.reason, image),
    });
  }
  if (found.length === 0 && pod.status?.phase === 'Running' && !isPodReady(pod)) {
    const event = latestEvent(events, name, (e) => e.reason === 'Unhealthy');
    found.push({ reason: 'NotReady', text: `pod ${name} is Running but not Ready${event?.message ? ` — ${event.message}` : ''}`, next: nextFor('NotReady', undefined) });
  }
  return found;
}

/** Findings for the pods that are not ready, most telling first, one per distinct cause. */
export function diagnosePods(pods: PodObject[], events: EventObject[]): StallFinding[] {
  const all = pods.filter((p) => !isPodReady(p) && p.status?.phase !== 'Succeeded').flatMap((p) => podFindings(p, events));
  const rank = (f: StallFinding): number => (imageReasons.has(f.reason) ? 0 : f.reason.startsWith('Insufficient') ? 1 : f.reason === 'FailedScheduling' ? 2 : f.reason === 'CrashLoopBackOff' ? 3 : 4);
  const seen = new Set<string>();
  const out: StallFinding[] = [];
  for (const f of all.sort((a, b) => rank(a) - rank(b))) {
    const key = `${f.reason}|${f.image ?? f.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** Relevant-progress events: new Normal events other than the ones a failing retry loop repeats. */
export function isProgressEvent(e: EventObject): boolean {
  return e.type === 'Normal' && e.reason !== 'Pulling' && e.reason !== 'BackOff' && e.reason !== 'Killing';
}
