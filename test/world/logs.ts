// Pod logs: validates a log request the way the kubelet does (container choice, waiting
// containers, previous instances), then serves lines of a container instance: its startup
// lines, steady lines at the configured rate (lines/second, changeable at run time) and any
// lines tests write explicitly (kept in a bounded ring per instance, as a kubelet rotates log
// files). Following streams end when the client goes, the pod is deleted or the container
// instance ends. Lines are computed from time, so idle pods cost nothing; writing them to a
// reader, at the reader's pace, is log-pipe's job.
import { startupLines, steadyLine, type LineContext } from './log-lines.js';
import { LogPipe, type LogLine, type LogOutput } from './log-pipe.js';
import { defaultLogRetention, LogRing, type LogRetention } from './log-ring.js';
import { badRequest } from './status.js';
import type { KubeObject, Store } from './store.js';

export interface LogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  timestamps?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

export interface LogStream {
  /** Starts writing to `out`; returns a function that stops the stream. `out.end()` is called once. */
  pipe(out: LogOutput): () => void;
}

interface ContainerStatusLike {
  name: string;
  restartCount?: number;
  image?: string;
  state?: { running?: { startedAt?: string }; waiting?: { reason?: string; message?: string }; terminated?: { startedAt?: string; finishedAt?: string } };
  lastState?: { terminated?: { startedAt?: string; finishedAt?: string } };
}

/** One run of one container: lines are startup lines at `start`, then one per 1/rate seconds. */
class Instance {
  anchorTime: number;
  anchorCount = 0;
  rate: number;
  readonly extra: LogRing;
  readonly startup: string[];
  readonly listeners = new Set<(line: LogLine) => void>();

  constructor(
    readonly ctx: LineContext,
    readonly start: number,
    readonly end: number | undefined,
    rate: number,
    retention: LogRetention,
  ) {
    this.extra = new LogRing(retention);
    this.anchorTime = start;
    this.rate = rate;
    this.startup = startupLines(ctx, new Date(start));
  }

  /** Steady lines generated up to time t. */
  countAt(t: number): number {
    const limit = this.end === undefined ? t : Math.min(t, this.end);
    if (limit <= this.anchorTime || this.rate <= 0) return this.anchorCount;
    return this.anchorCount + Math.floor(((limit - this.anchorTime) / 1000) * this.rate);
  }

  timeOf(index: number): number {
    if (index < this.anchorCount || this.rate <= 0) return this.anchorTime;
    return this.anchorTime + Math.ceil(((index - this.anchorCount) / this.rate) * 1000);
  }

  lineAt(index: number): LogLine {
    const at = this.timeOf(index);
    return { at, text: steadyLine(this.ctx, index, new Date(at)) };
  }

  setRate(rate: number, now: number): void {
    this.anchorCount = this.countAt(now);
    this.anchorTime = Math.max(now, this.start);
    this.rate = rate;
  }

  /** Lines up to time t, at most `max` of the newest (bounded so old pods stay cheap). */
  linesUntil(t: number, max: number): LogLine[] {
    const count = this.countAt(t);
    const first = Math.max(0, count - max);
    const out: LogLine[] = [];
    if (first === 0) for (const text of this.startup) out.push({ at: this.start, text });
    for (let i = first; i < count; i++) out.push(this.lineAt(i));
    if (this.extra.length > 0) {
      for (const line of this.extra) if (line.at <= t) out.push(line);
      out.sort((a, b) => a.at - b.at);
    }
    // Once written lines were rotated away, so was everything printed before them.
    const oldest = this.extra.dropped > 0 ? this.extra.oldest : undefined;
    if (oldest) return out.filter((l) => l.at >= oldest.at).slice(-max);
    return out.slice(-max);
  }
}

export class LogService {
  private rate: number;
  private readonly instances = new Map<string, Instance>();
  private readonly unsubscribe: () => void;
  private readonly endListeners = new Map<string, Set<() => void>>();
  private readonly retention: LogRetention;
  private readonly pipes = new Set<LogPipe>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    options: { linesPerSecond?: number; retention?: Partial<LogRetention> } = {},
  ) {
    this.rate = options.linesPerSecond ?? 0.2;
    this.retention = { ...defaultLogRetention, ...options.retention };
    this.unsubscribe = store.subscribe((event) => {
      if (event.typeKey !== '/pods') return;
      const uid = event.object.metadata.uid ?? '';
      if (event.type === 'DELETED') this.endPod(uid, undefined);
      else if (event.type === 'MODIFIED') this.endPod(uid, event.object);
    });
  }

  /** Log streams being written right now (follows stay open until their client goes). */
  get openStreams(): number {
    return this.pipes.size;
  }

  get linesPerSecond(): number {
    return this.rate;
  }

  /** Lines per second for every container from now on (existing streams keep their history). */
  setRate(linesPerSecond: number): void {
    this.rate = Math.max(0, linesPerSecond);
    const now = this.now();
    for (const instance of this.instances.values()) instance.setRate(this.rate, now);
    for (const pipe of this.pipes) pipe.wake();
  }

  /** Appends a line to a running container's log (tests of log streaming). */
  write(pod: KubeObject, container: string, text: string): void {
    const instance = this.instanceFor(pod, container, false);
    if (!instance) throw badRequest(`container ${container} in pod ${pod.metadata.name ?? ''} is not running`);
    const line = { at: this.now(), text };
    instance.extra.push(line);
    for (const l of instance.listeners) l(line);
  }

  close(): void {
    this.unsubscribe();
    for (const set of this.endListeners.values()) for (const end of set) end();
    this.endListeners.clear();
  }

  private key(pod: KubeObject, container: string, restart: number): string {
    return `${pod.metadata.uid ?? ''}/${container}/${restart}`;
  }

  /** Ends follow streams of instances that no longer run (pod gone, container restarted or stopped). */
  private endPod(uid: string, pod: KubeObject | undefined): void {
    for (const [key, listeners] of this.endListeners) {
      if (!key.startsWith(`${uid}/`)) continue;
      if (pod) {
        const [, container = '', restart = '0'] = key.split('/');
        const status = this.statusOf(pod, container);
        if (status && (status.restartCount ?? 0) === Number(restart) && status.state?.running) continue;
      }
      for (const end of listeners) end();
      this.endListeners.delete(key);
    }
    if (!pod) for (const key of [...this.instances.keys()]) if (key.startsWith(`${uid}/`)) this.instances.delete(key);
  }

  private statusOf(pod: KubeObject, container: string): ContainerStatusLike | undefined {
    const status = pod['status'] as { containerStatuses?: ContainerStatusLike[]; initContainerStatuses?: ContainerStatusLike[] } | undefined;
    return [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? [])].find((c) => c.name === container);
  }

  private instanceFor(pod: KubeObject, container: string, previous: boolean): Instance | undefined {
    const status = this.statusOf(pod, container);
    if (!status) return undefined;
    const restart = (status.restartCount ?? 0) - (previous ? 1 : 0);
    const window = previous ? status.lastState?.terminated : (status.state?.running ?? status.state?.terminated);
    if (!window?.startedAt || restart < 0) return undefined;
    const key = this.key(pod, container, restart);
    let instance = this.instances.get(key);
    if (!instance) {
      const finished = previous ? status.lastState?.terminated?.finishedAt : status.state?.terminated?.finishedAt;
      const spec = pod['spec'] as { containers?: { name: string; image?: string }[]; initContainers?: { name: string; image?: string }[] } | undefined;
      const image = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].find((c) => c.name === container)?.image ?? '';
      const labels = pod.metadata.labels ?? {};
      const ctx: LineContext = {
        podName: pod.metadata.name ?? '',
        podIP: (pod['status'] as { podIP?: string } | undefined)?.podIP ?? '10.244.0.2',
        container,
        image,
        app: labels['app'] ?? labels['app.kubernetes.io/name'] ?? '',
      };
      instance = new Instance(ctx, Date.parse(window.startedAt), finished ? Date.parse(finished) : undefined, this.rate, this.retention);
      this.instances.set(key, instance);
    }
    return instance;
  }

  /** Validates the request (throws 400 Status) and returns a stream of the chosen container. */
  open(pod: KubeObject, options: LogOptions): LogStream {
    const name = pod.metadata.name ?? '';
    const spec = pod['spec'] as { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] } | undefined;
    const containers = (spec?.containers ?? []).map((c) => c.name);
    const initContainers = (spec?.initContainers ?? []).map((c) => c.name);
    let container = options.container;
    if (!container) {
      // The default-container annotation is a kubectl convention; the server never guesses.
      if (containers.length === 1) container = containers[0];
      else {
        throw badRequest(
          `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initContainers.length > 0 ? ` or one of the init containers: [${initContainers.join(' ')}]` : ''}`,
        );
      }
    }
    const chosen = container ?? '';
    if (!containers.includes(chosen) && !initContainers.includes(chosen)) throw badRequest(`container ${chosen} is not valid for pod ${name}`);
    const status = this.statusOf(pod, chosen);
    if (options.previous) {
      const instance = this.instanceFor(pod, chosen, true);
      if (!instance) throw badRequest(`previous terminated container "${chosen}" in pod "${name}" not found`);
      return this.stream(pod, chosen, instance, options, false);
    }
    if (!status?.state?.running && !status?.state?.terminated) {
      const reason = status?.state?.waiting?.reason ?? 'ContainerCreating';
      if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff') throw badRequest(`container "${chosen}" in pod "${name}" is waiting to start: trying and failing to pull image`);
      throw badRequest(`container "${chosen}" in pod "${name}" is waiting to start: ${reason}`);
    }
    const instance = this.instanceFor(pod, chosen, false);
    if (!instance) throw badRequest(`container "${chosen}" in pod "${name}" is waiting to start: ContainerCreating`);
    return this.stream(pod, chosen, instance, options, (options.follow ?? false) && status.state.running !== undefined);
  }

  private stream(pod: KubeObject, container: string, instance: Instance, options: LogOptions, follow: boolean): LogStream {
    const endKey = this.key(pod, container, this.statusOf(pod, container)?.restartCount ?? 0);
    return {
      pipe: (out) => {
        const now = this.now();
        const sinceMs = options.sinceTime ? Date.parse(options.sinceTime) : options.sinceSeconds !== undefined ? now - options.sinceSeconds * 1000 : -Infinity;
        let initial = instance.linesUntil(now, this.retention.lines).filter((l) => l.at >= sinceMs);
        if (options.tailLines !== undefined && options.tailLines >= 0) initial = options.tailLines === 0 ? [] : initial.slice(-options.tailLines);
        const onWritten = (line: LogLine): void => pipe.written(line);
        const stop = (): void => pipe.stop();
        const pipe = new LogPipe(instance, out, {
          initial,
          nextSteady: instance.countAt(now),
          follow,
          timestamps: options.timestamps ?? false,
          limitBytes: options.limitBytes && options.limitBytes > 0 ? options.limitBytes : Infinity,
          now: this.now,
          onStop: () => {
            this.pipes.delete(pipe);
            instance.listeners.delete(onWritten);
            this.endListeners.get(endKey)?.delete(stop);
          },
        });
        this.pipes.add(pipe);
        if (follow) {
          instance.listeners.add(onWritten);
          let set = this.endListeners.get(endKey);
          if (!set) {
            set = new Set();
            this.endListeners.set(endKey, set);
          }
          set.add(stop);
        }
        pipe.start();
        return stop;
      },
    };
  }
}
