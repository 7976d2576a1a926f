// The world's scheduler and kubelet for its single node: binds pods, then walks each container
// through its image (image-pulls.ts: present, pulled, or ErrImagePull → ImagePullBackOff), init
// containers in order, start and readiness, after the configured delays; writes container
// statuses, conditions and Events the way the real kubelet reports them; finishes graceful
// deletion. Containers are simulated (only the API state moves) unless the world's container
// runtime claims their image (Prometheus): then the process drives the container's status.
// Restartable init containers (restartPolicy Always: native sidecars such as Istio's
// istio-proxy) start in their turn and keep running; the next init container and then the app
// containers wait until the sidecar has started, and the pod is Ready only once it is ready too.
// Istio's startup probe is its readiness endpoint, so started and ready flip together here.
import { randomBytes } from 'node:crypto';
import { clone, deepEqual } from '../json.js';
import { timestamp } from '../resource-api.js';
import type { KubeObject } from '../store.js';
import type { ContainerProcess, ContainerProcessState } from '../runtime/container-runtime.js';
import { delaysFor, keyOf, splitKey, type ControllerContext } from './context.js';
import { fullImage, imageStep, notFoundMessage, type PullJob } from './image-pulls.js';
import { WorkQueue } from './queue.js';

type Obj = Record<string, unknown>;

type Step = 'waiting' | 'pull-failed' | 'backoff' | 'running' | 'ready' | 'completed' | 'run-failed';

interface ContainerProgress {
  name: string;
  image: string;
  init: boolean;
  /** A restartable init container: it runs beside the app containers instead of completing. */
  sidecar: boolean;
  step: Step;
  due: number;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
  restartCount: number;
  lastTerminated?: Obj;
  /** A real process behind this container (the runtime claimed its image). */
  process?: ContainerProcess;
  runError?: Extract<ContainerProcessState, { phase: 'failed' }>;
  /** The node's pull of this container's image while one is under way, and how the last failed. */
  pull?: PullJob;
  pullAnnounced?: boolean;
  pullMessage?: string;
}

interface PodProgress {
  uid: string;
  bound: boolean;
  sandboxAt: number;
  sandboxReady: boolean;
  createdAt: number;
  containers: ContainerProgress[];
  /** Every init container has completed (or, for a sidecar, started) once; stays true after. */
  initialized: boolean;
  transitions: Map<string, string>;
  terminating: boolean;
  startTime?: string;
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function fieldPathOf(c: ContainerProgress): string {
  return `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}`;
}

/** Done as far as the next container is concerned: completed, or a sidecar that has started. */
function initDone(c: ContainerProgress): boolean {
  return c.step === 'completed' || (c.sidecar && c.step === 'ready');
}

export class Kubelet {
  readonly queue: WorkQueue;
  private readonly pods = new Map<string, PodProgress>();
  private readonly unsubscribe: () => void;
  private nextIp = 5;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('kubelet', (key) => this.reconcile(key), ctx.onError);
    this.unsubscribe = ctx.store.subscribe((event) => {
      if (event.typeKey !== '/pods') return;
      if (event.type === 'DELETED') {
        const uid = event.object.metadata.uid ?? '';
        for (const c of this.pods.get(uid)?.containers ?? []) void c.process?.stop();
        this.pods.delete(uid);
      }
      else this.queue.add(keyOf(event.object));
    });
    for (const pod of ctx.store.list('/pods')) this.queue.add(keyOf(pod));
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  /** Re-examines every pod now (after failure patterns or delays change). */
  resync(): void {
    for (const pod of this.ctx.store.list('/pods')) {
      const progress = this.pods.get(pod.metadata.uid ?? '');
      if (progress) for (const c of progress.containers) if (c.step === 'backoff' || c.step === 'pull-failed') c.due = Math.min(c.due, Date.now());
      this.queue.add(keyOf(pod));
    }
  }

  /** Simulates a container crash and restart: restartCount+1, lastState terminated, not ready. */
  restartContainer(namespace: string, podName: string, container: string): void {
    const pod = this.ctx.store.get('/pods', namespace, podName);
    const progress = pod ? this.pods.get(pod.metadata.uid ?? '') : undefined;
    const c = progress?.containers.find((x) => x.name === container && (!x.init || x.sidecar));
    if (!pod || !progress || !c || (c.step !== 'running' && c.step !== 'ready')) throw new Error(`container ${container} of pod ${namespace}/${podName} is not running`);
    const now = timestamp(new Date());
    c.lastTerminated = { exitCode: 137, reason: 'Error', startedAt: c.startedAt, finishedAt: now, containerID: c.containerID };
    c.restartCount++;
    c.startedAt = now;
    c.containerID = `containerd://${hex(32)}`;
    c.step = 'running';
    c.due = Date.now() + delaysFor(this.ctx.settings, pod).ready;
    this.ctx.events.record(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, this.source(), fieldPathOf(c));
    this.ctx.events.record(pod, 'Normal', 'Created', `Created container: ${c.name}`, this.source(), fieldPathOf(c));
    this.ctx.events.record(pod, 'Normal', 'Started', `Started container ${c.name}`, this.source(), fieldPathOf(c));
    this.writeStatus(pod, progress);
    this.queue.add(keyOf(pod));
  }

  private source(): { component: string; host: string } {
    return { component: 'kubelet', host: this.ctx.settings.nodeName };
  }

  private allocateIp(): string {
    const n = this.nextIp++;
    return `10.244.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
  }

  private progressFor(pod: KubeObject): PodProgress {
    const uid = pod.metadata.uid ?? '';
    let p = this.pods.get(uid);
    if (!p) {
      const spec = pod['spec'] as { initContainers?: { name: string; image: string; restartPolicy?: string }[]; containers?: { name: string; image: string }[] };
      const now = Date.now();
      p = {
        uid,
        bound: Boolean((pod['spec'] as Obj)['nodeName']),
        sandboxAt: 0,
        sandboxReady: false,
        createdAt: now,
        containers: [
          ...(spec.initContainers ?? []).map((c) => ({ name: c.name, image: c.image, init: true, sidecar: c.restartPolicy === 'Always', step: 'waiting' as Step, due: 0, attempts: 0, restartCount: 0 })),
          ...(spec.containers ?? []).map((c) => ({ name: c.name, image: c.image, init: false, sidecar: false, step: 'waiting' as Step, due: 0, attempts: 0, restartCount: 0 })),
        ],
        initialized: !(spec.initContainers ?? []).length,
        transitions: new Map(),
        terminating: false,
      };
      this.pods.set(uid, p);
    }
    return p;
  }

  private reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.ctx.store.get('/pods', namespace, name);
    if (!pod) return;
    const progress = this.progressFor(pod);
    const delays = delaysFor(this.ctx.settings, pod);
    const now = Date.now();
    const podType = this.ctx.type('', 'pods');

    if (pod.metadata.deletionTimestamp) {
      if (!progress.terminating) {
        progress.terminating = true;
        for (const c of progress.containers) void c.process?.stop();
        for (const c of progress.containers) if (c.step === 'running' || c.step === 'ready') this.ctx.events.record(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, this.source(), fieldPathOf(c));
        this.queue.addAfter(key, delays.terminate);
        if (delays.terminate > 0) return;
      }
      this.ctx.api.delete(podType, namespace, name, { gracePeriodSeconds: 0 });
      return;
    }
    const phase = (pod['status'] as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;

    if (!progress.bound) {
      const due = progress.createdAt + delays.schedule;
      if (now < due) return this.queue.addAfter(key, due - now);
      const next = clone(pod);
      (next['spec'] as Obj)['nodeName'] = this.ctx.settings.nodeName;
      progress.bound = true;
      this.ctx.api.update(podType, 'v1', namespace, name, next, { fieldManager: 'kube-scheduler' });
      this.ctx.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace ?? ''}/${name} to ${this.ctx.settings.nodeName}`, { component: 'default-scheduler' });
      progress.sandboxAt = now + delays.pull;
      progress.startTime = timestamp(new Date());
      const bound = this.ctx.store.get('/pods', namespace, name);
      if (bound) this.writeStatus(bound, progress);
      return this.queue.addAfter(key, delays.pull);
    }
    if (!progress.sandboxReady) {
      if (progress.sandboxAt === 0) progress.sandboxAt = now + delays.pull;
      if (now < progress.sandboxAt) return this.queue.addAfter(key, progress.sandboxAt - now);
      progress.sandboxReady = true;
      const ip = this.allocateIp();
      progress.transitions.set('ip', ip);
      const hasInit = progress.containers.some((c) => c.init);
      for (const c of progress.containers) c.due = c.init ? now : now + (hasInit ? 0 : delays.start);
    }
    let changed = false;
    let nextDue = Infinity;
    // Init containers run one at a time; app containers start together once they are done.
    // Started sidecars keep running: after initialization they advance beside the apps (a restart).
    const inits = progress.containers.filter((c) => c.init);
    const pendingInit = progress.initialized ? undefined : inits.find((c) => !initDone(c));
    const active = pendingInit ? [pendingInit] : progress.containers.filter((c) => !c.init || c.sidecar);
    for (const c of active) {
      if (now < c.due) {
        nextDue = Math.min(nextDue, c.due);
        continue;
      }
      if (this.advance(pod, c, now, progress.transitions.get('ip') ?? '')) changed = true;
      if (c.step !== 'ready' && c.step !== 'completed') nextDue = Math.min(nextDue, c.due);
    }
    if (pendingInit && initDone(pendingInit)) {
      changed = true;
      if (inits.every(initDone)) {
        progress.initialized = true;
        for (const c of progress.containers) if (!c.init) c.due = now + delays.start;
      }
      this.queue.add(key);
    }
    if (changed) this.writeStatus(pod, progress);
    if (nextDue !== Infinity) this.queue.addAfter(key, Math.max(0, nextDue - now));
  }

  /** One transition of one container; returns true when its status changed. */
  private advance(pod: KubeObject, c: ContainerProgress, now: number, podIP: string): boolean {
    const delays = delaysFor(this.ctx.settings, pod);
    const fieldPath = fieldPathOf(c);
    const failing = this.ctx.settings.failingImages.some((re) => re.test(c.image) || re.test(fullImage(c.image)));
    switch (c.step) {
      case 'waiting':
      case 'backoff': {
        const step = failing ? { kind: 'failed' as const, message: notFoundMessage(c.image) } : imageStep(this.ctx.images, c, () => void ((c.due = Date.now()), this.queue.add(keyOf(pod))));
        if (step.kind === 'wait') {
          if (step.announce) this.ctx.events.record(pod, 'Normal', 'Pulling', step.announce, this.source(), fieldPath);
          c.due = Infinity;
          return false;
        }
        if (step.kind === 'failed') {
          c.attempts++;
          c.step = 'pull-failed';
          c.pullMessage = step.message;
          if (failing || !c.pullAnnounced) this.ctx.events.record(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, this.source(), fieldPath);
          this.ctx.events.record(pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${step.message}`, this.source(), fieldPath);
          this.ctx.events.record(pod, 'Warning', 'Failed', 'Error: ErrImagePull', this.source(), fieldPath);
          c.due = now + Math.max(1, Math.floor(delays.backoff / 2));
          return true;
        }
        c.attempts = 0;
        c.step = 'running';
        c.startedAt = timestamp(new Date(now));
        c.containerID = `containerd://${hex(32)}`;
        this.ctx.events.record(pod, 'Normal', 'Pulled', step.event, this.source(), fieldPath);
        this.ctx.events.record(pod, 'Normal', 'Created', `Created container: ${c.name}`, this.source(), fieldPath);
        this.ctx.events.record(pod, 'Normal', 'Started', `Started container ${c.name}`, this.source(), fieldPath);
        c.due = now + (c.init && !c.sidecar ? delays.initContainer : delays.ready);
        if (!c.init) this.startProcess(pod, c, podIP);
        return true;
      }
      case 'pull-failed':
        c.step = 'backoff';
        this.ctx.events.record(pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, this.source(), fieldPath);
        this.ctx.events.record(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', this.source(), fieldPath);
        // The kubelet doubles its back-off per failure, capped at five minutes.
        c.due = now + Math.min(delays.backoff * 2 ** Math.min(c.attempts - 1, 6), 300_000);
        return true;
      case 'running':
        if (c.init && !c.sidecar) {
          c.step = 'completed';
          c.finishedAt = timestamp(new Date(now));
          return true;
        }
        // A process is ready when its readiness probe passes; the runtime calls back on every change.
        if (c.process?.state().phase === 'starting') return void (c.due = Infinity), false;
        if (c.process?.state().phase === 'failed') return this.runFailed(pod, c);
        c.step = 'ready';
        return true;
      case 'ready':
        return c.process?.state().phase === 'failed' ? this.runFailed(pod, c) : false;
      default:
        return false;
    }
  }

  private startProcess(pod: KubeObject, c: ContainerProgress, podIP: string): void {
    const key = keyOf(pod);
    const onChange = (): void => void ((c.due = Date.now()), this.queue.add(key));
    c.process = this.ctx.runtime?.start({ pod, container: c.name, image: c.image, podIP, onChange });
  }

  /** The process could not start or exited: the container waits (RunContainerError / CrashLoopBackOff) with the reason. */
  private runFailed(pod: KubeObject, c: ContainerProgress): boolean {
    const state = c.process?.state() as Extract<ContainerProcessState, { phase: 'failed' }>;
    c.step = 'run-failed';
    c.runError = state;
    c.due = Infinity;
    if (state.exitCode !== undefined) c.lastTerminated = { exitCode: state.exitCode, reason: 'Error', startedAt: c.startedAt, finishedAt: timestamp(new Date()), containerID: c.containerID };
    if (state.reason === 'RunContainerError') this.ctx.events.record(pod, 'Warning', 'Failed', `Error: ${state.message}`, this.source(), fieldPathOf(c));
    else this.ctx.events.record(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`, this.source(), fieldPathOf(c));
    return true;
  }

  private containerStatus(c: ContainerProgress, podInitializing: boolean): Obj {
    const base: Obj = {
      name: c.name,
      image: c.image,
      imageID: c.containerID ? `${fullImage(c.image).split(':')[0] ?? ''}@sha256:${hex(32)}` : '',
      ...(c.containerID ? { containerID: c.containerID } : {}),
      restartCount: c.restartCount,
      lastState: c.lastTerminated ? { terminated: c.lastTerminated } : {},
    };
    switch (c.step) {
      case 'waiting':
        return { ...base, state: { waiting: { reason: podInitializing ? 'PodInitializing' : 'ContainerCreating' } }, ready: false, started: false };
      case 'pull-failed':
        return {
          ...base,
          state: { waiting: { reason: 'ErrImagePull', message: c.pullMessage ?? notFoundMessage(c.image) } },
          ready: false,
          started: false,
        };
      case 'backoff':
        return { ...base, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } }, ready: false, started: false };
      case 'running':
        // A sidecar is started only once its startup probe passes (here: when it turns ready).
        return { ...base, state: { running: { startedAt: c.startedAt } }, ready: false, started: !c.sidecar };
      case 'ready':
        return { ...base, state: { running: { startedAt: c.startedAt } }, ready: true, started: true };
      case 'run-failed':
        return { ...base, state: { waiting: { reason: c.runError?.reason ?? 'RunContainerError', message: c.runError?.message ?? '' } }, ready: false, started: false };
      case 'completed':
        return { ...base, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: c.startedAt, finishedAt: c.finishedAt, containerID: c.containerID } }, ready: true, started: false };
    }
  }

  private writeStatus(pod: KubeObject, progress: PodProgress): void {
    const current = this.ctx.store.get('/pods', pod.metadata.namespace, pod.metadata.name ?? '');
    if (!current) return;
    const now = timestamp(new Date());
    const previous = (current['status'] as Obj | undefined) ?? {};
    const previousConditions = (previous['conditions'] as { type: string; status: string; lastTransitionTime?: string }[] | undefined) ?? [];
    const inits = progress.containers.filter((c) => c.init);
    const apps = progress.containers.filter((c) => !c.init);
    const initialized = progress.initialized;
    // Readiness counts sidecars first, as the kubelet's ContainersReady condition lists them.
    const unready = [...inits.filter((c) => c.sidecar), ...apps].filter((c) => c.step !== 'ready').map((c) => c.name);
    const condition = (type: string, ok: boolean, reason?: string, message?: string): Obj => {
      const before = previousConditions.find((c) => c.type === type);
      const status = ok ? 'True' : 'False';
      return {
        type,
        status,
        lastProbeTime: null,
        lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
        ...(ok || !reason ? {} : { reason, message }),
      };
    };
    const conditions = [
      ...(progress.bound ? [condition('PodReadyToStartContainers', progress.sandboxReady)] : []),
      condition('Initialized', initialized, 'ContainersNotInitialized', `containers with incomplete status: [${inits.filter((c) => !initDone(c)).map((c) => c.name).join(' ')}]`),
      condition('Ready', unready.length === 0, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`),
      condition('ContainersReady', unready.length === 0, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`),
      condition('PodScheduled', progress.bound),
    ];
    const ip = progress.transitions.get('ip');
    const running = initialized && apps.some((c) => c.step === 'running' || c.step === 'ready');
    const status: Obj = {
      phase: running ? 'Running' : 'Pending',
      conditions,
      ...(progress.bound ? { hostIP: this.ctx.settings.nodeIP, hostIPs: [{ ip: this.ctx.settings.nodeIP }] } : {}),
      ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
      ...(progress.startTime ? { startTime: progress.startTime } : {}),
      ...(inits.length > 0 && progress.bound ? { initContainerStatuses: inits.map((c) => this.containerStatus(c, true)) } : {}),
      ...(progress.bound ? { containerStatuses: apps.map((c) => this.containerStatus(c, !initialized)) } : {}),
      qosClass: previous['qosClass'] ?? 'BestEffort',
    };
    // imageIDs are random per write; keep the previous one for an unchanged container.
    for (const list of ['initContainerStatuses', 'containerStatuses']) {
      const before = (previous[list] as Obj[] | undefined) ?? [];
      for (const s of (status[list] as Obj[] | undefined) ?? []) {
        const old = before.find((b) => b['name'] === s['name'] && b['containerID'] === s['containerID']);
        if (old && s['imageID']) s['imageID'] = old['imageID'];
      }
    }
    if (deepEqual(previous, status)) return;
    const podType = this.ctx.type('', 'pods');
    this.ctx.api.update(podType, 'v1', current.metadata.namespace, current.metadata.name ?? '', { ...current, status }, { subresource: 'status', fieldManager: 'kubelet' });
  }
}
