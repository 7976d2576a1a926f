// Reads *why* pods are not getting anywhere from what the cluster says about them: containers'
// waiting reasons and messages, the kubelet's and scheduler's events (failed image pulls,
// Insufficient memory), and picks a next action that is honest and short. Pure: it works on
// objects the waits already hold, so a stall message costs no extra API call.
// A native sidecar (istio-proxy as a restartable init container) that never starts holds the
// whole pod in Pending with its apps in PodInitializing: the finding names the sidecar.
import { shellCommand } from '../exec';
import type { KubeObject } from './objects';
import { isPodReady, type PodObject } from './resources/pod';
import { podContainers, unstartedSidecars, type PodContainer } from './resources/pod-containers';

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

/** A kind cluster MeshDeck manages: image advice can name the exact `kind load` command. */
export interface KindImageLoad {
  /** The kind binary MeshDeck runs (managed download or the user's). */
  kindPath: string;
  clusterName: string;
}

export interface DiagnoseOptions {
  /** Only for kind clusters; on a user's own cluster there is no node to load images into. */
  imageLoad?: KindImageLoad;
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

/** The commands that put an image into the kind node from the host, exactly as the user can paste them. */
export function kindLoadCommand(image: string, load: KindImageLoad): string {
  return `${shellCommand(['docker', 'pull', image])} && ${shellCommand([load.kindPath, 'load', 'docker-image', image, '--name', load.clusterName])}`;
}

function nextFor(reason: string, image: string | undefined, options: DiagnoseOptions = {}): string {
  if (imageReasons.has(reason)) {
    const check = 'Check your network (proxy, VPN) and Docker Hub rate limits, then run again; if the image name is wrong, fix the manifest.';
    if (!image || !options.imageLoad) return check;
    return `${check} Pulling the image on the host and loading it into the node (\`${kindLoadCommand(image, options.imageLoad)}\`) avoids the pull in the cluster.`;
  }
  if (reason === 'Insufficient memory' || reason === 'Insufficient cpu')
    return 'Give Docker more memory and CPU (Docker Desktop → Settings → Resources; Istio, Bookinfo and the dashboards need several GB), or delete workloads you do not need.';
  if (reason === 'FailedScheduling') return 'No node can take the pod; read the scheduler message above (taints, resources, volumes).';
  if (reason === 'CrashLoopBackOff') return "The container keeps exiting; read its logs (previous run) to see why.";
  if (reason === 'CreateContainerConfigError') return 'A ConfigMap or Secret the pod refers to is missing.';
  if (reason === 'NotReady') return 'The container runs but its readiness probe fails; read its logs.';
  return 'Look at the pod with `kubectl describe pod` on this context.';
}

/** How a container is named in a finding: native sidecars say that the app containers wait for them. */
function containerLabel(c: PodContainer): string {
  if (c.restartable) return `native sidecar ${c.name} (an init container the app containers wait for)`;
  return c.kind === 'init' ? `init container ${c.name}` : `container ${c.name}`;
}

/** Istio's proxy gets specific advice: it starts once it has its configuration from istiod. */
function sidecarNext(reason: string, pod: string, c: PodContainer): string | undefined {
  if (!c.sidecar) return undefined;
  const logs = `\`kubectl logs ${pod} -c ${c.name}${reason === 'CrashLoopBackOff' ? ' --previous' : ''}\``;
  if (reason === 'CrashLoopBackOff' || reason === 'SidecarNotStarted' || reason === 'NotReady') return `istio-proxy starts once it reaches istiod and gets its configuration and certificate: check that istiod in istio-system is Ready, then read ${logs}.`;
  return undefined;
}

/** Whether the regular init containers listed before `sidecar` have all completed (its turn has come). */
function turnHasCome(pod: PodObject, sidecar: PodContainer): boolean {
  const inits = podContainers(pod).filter((c) => c.kind === 'init');
  return inits.slice(0, inits.findIndex((c) => c.name === sidecar.name)).every((c) => c.restartable || c.status?.state?.terminated?.exitCode === 0);
}

/** Why a native sidecar whose turn has come has not started, in the kubelet's words where it has some. */
function unstartedText(c: PodContainer, pod: string, events: EventObject[]): string {
  const state = c.status?.state;
  if (state?.running) {
    const probe = latestEvent(events, pod, (e) => e.reason === 'Unhealthy' && (e.involvedObject?.fieldPath ?? '').includes(`{${c.name}}`));
    return `runs but has not started (its startup probe has not passed)${probe?.message ? ` — ${probe.message}` : ''}`;
  }
  const warning = latestEvent(events, pod, (e) => e.type === 'Warning')?.message;
  const said = warning ? ` — ${warning}` : '';
  if (state?.terminated) {
    const t = state.terminated;
    return `exited before it started (${t.reason ?? 'exit'}, exit code ${t.exitCode ?? '?'})${said}`;
  }
  return `has not started (${state?.waiting?.reason ?? 'no status yet'})${said}`;
}

/**
 * Native sidecars that hold the pod in Pending (apps PodInitializing): running with a startup
 * probe that has not passed, exited before starting, or never created (ContainerCreating, no status).
 */
function unstartedFindings(pod: PodObject, events: EventObject[]): StallFinding[] {
  const name = pod.metadata?.name ?? '';
  const initialized = pod.status?.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True') ?? false;
  if (initialized) return [];
  return unstartedSidecars(pod)
    .filter((c) => turnHasCome(pod, c))
    .map((c) => ({
      reason: 'SidecarNotStarted',
      text: `pod ${name}: ${containerLabel(c)} ${unstartedText(c, name, events)}, so the pod stays Pending`,
      ...(c.image ? { image: c.image } : {}),
      next: sidecarNext(c.status?.state?.terminated ? 'CrashLoopBackOff' : 'SidecarNotStarted', name, c) ?? `Read its logs (\`kubectl logs ${name} -c ${c.name}\`) and the pod's events (\`kubectl describe pod ${name}\`).`,
    }));
}

function podFindings(pod: PodObject, events: EventObject[], options: DiagnoseOptions): StallFinding[] {
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
  // Init containers first: while one of them waits, the app containers only say PodInitializing.
  const containers = podContainers(pod);
  for (const c of [...containers.filter((x) => x.kind === 'init'), ...containers.filter((x) => x.kind === 'app')]) {
    const waiting = c.status?.state?.waiting;
    if (!waiting?.reason || creating.has(waiting.reason)) continue;
    const image = c.image ?? c.status?.image;
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
      text: `pod ${name}: ${containerLabel(c)} is ${waiting.reason}${image ? ` on image ${image}` : ''}${detail ? ` — ${detail}` : ''}`,
      ...(image ? { image } : {}),
      next: sidecarNext(waiting.reason, name, c) ?? nextFor(waiting.reason, image, options),
    });
  }
  if (found.length === 0) found.push(...unstartedFindings(pod, events));
  if (found.length === 0 && pod.status?.phase === 'Running' && !isPodReady(pod)) {
    const event = latestEvent(events, name, (e) => e.reason === 'Unhealthy');
    const unready = containers.filter((c) => (c.kind === 'app' || c.restartable) && c.status?.ready !== true);
    const sidecar = unready.find((c) => c.sidecar);
    const which = unready.length > 0 ? ` (not ready: ${unready.map((c) => c.name).join(', ')})` : '';
    found.push({ reason: 'NotReady', text: `pod ${name} is Running but not Ready${which}${event?.message ? ` — ${event.message}` : ''}`, next: (sidecar && sidecarNext('NotReady', name, sidecar)) || nextFor('NotReady', undefined) });
  }
  return found;
}

/** Findings for the pods that are not ready, most telling first, one per distinct cause. */
export function diagnosePods(pods: PodObject[], events: EventObject[], options: DiagnoseOptions = {}): StallFinding[] {
  const all = pods.filter((p) => !isPodReady(p) && p.status?.phase !== 'Succeeded').flatMap((p) => podFindings(p, events, options));
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
