// Reads one container's log and keeps reading it: tail, since, previous and follow as asked,
// with timestamps always requested so a broken connection can resume from the last line shown
// (no line twice), saying how long it was away and whether lines may be missing. When a
// followed stream ends it asks the pod why: still running → resume; restarted → follow the new
// instance; stopped or deleted → end. It emits plain lines and notices; batching and flow
// control are the stream's job.
import type { KubeClients } from '../client';
import { isAbort, KubeStatusError } from '../errors';
import { LineSplitter } from './line-splitter';
import { logError } from './log-errors';
import { openLogRequest, type LogQuery, type LogResponse } from './log-request';
import { formatLogTimestamp, secondsOf, splitTimestamp } from './log-timestamp';
import { containerStatusOf, type LogPod } from './log-targets';
import { systemTimers, type LogTimers } from './log-timers';
import { ResumePoint } from './resume-point';

export interface FollowerEnd {
  /** complete: the log ended (not following, or the container stopped); gone: the pod was deleted. */
  reason: 'complete' | 'gone' | 'error';
  message?: string;
  /** The API server stopped answering for longer than the bound: the cluster is gone or stopped. */
  unreachable?: boolean;
}

export interface PodLogFollowerOptions {
  clients: KubeClients;
  namespace: string;
  /** The pod as last seen: its name, uid and the container's restart count are used. */
  pod: LogPod;
  container: string;
  follow: boolean;
  previous: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** Keep the API's RFC 3339 timestamp at the start of each line (kubectl --timestamps). */
  timestamps: boolean;
  onLine(text: string): void;
  onNotice(text: string): void;
  onEnd(end: FollowerEnd): void;
  now?: () => number;
  timers?: LogTimers;
  /** Reconnects tried for a log that is read once (not followed) before giving up. Default 5. */
  maxReadRetries?: number;
  /** How long a followed log keeps reconnecting to an API server that does not answer. Default 30 s. */
  unreachableMs?: number;
}

const maxBackoffMs = 2000;
export const defaultUnreachableMs = 30_000;

function describeFailure(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return err instanceof Error ? err.message : 'the response ended early';
}

function stateOf(status: ReturnType<typeof containerStatusOf>): string {
  const terminated = status?.state?.terminated;
  if (terminated) return `terminated (${terminated.reason ?? 'exit'}${terminated.exitCode !== undefined ? `, exit code ${terminated.exitCode}` : ''})`;
  const waiting = status?.state?.waiting;
  if (waiting) return `is waiting (${waiting.reason ?? 'not started'})`;
  return 'stopped';
}

export class PodLogFollower {
  readonly label: string;
  private readonly options: PodLogFollowerOptions;
  private readonly splitter = new LineSplitter();
  private readonly resume = new ResumePoint();
  private readonly aborter = new AbortController();
  private readonly timers: LogTimers;
  private readonly now: () => number;
  private readonly follow: boolean;
  private readonly uid: string | undefined;
  private response: LogResponse | undefined;
  private timer: unknown;
  private currentInstance: number;
  private stopped = false;
  /** When the connection was lost (undefined while connected). */
  private lostAt: number | undefined;
  /** Attempts since a line last arrived; sets the backoff. */
  private attempts = 0;

  constructor(options: PodLogFollowerOptions) {
    this.options = options;
    this.label = `${options.pod.metadata?.name ?? ''}/${options.container}`;
    this.timers = options.timers ?? systemTimers;
    this.now = options.now ?? Date.now;
    // A previous instance has ended: there is nothing to follow, as with kubectl logs -p -f.
    this.follow = options.follow && !options.previous;
    this.uid = options.pod.metadata?.uid;
    this.currentInstance = containerStatusOf(options.pod, options.container)?.restartCount ?? 0;
  }

  /** The restart count of the container instance being read. */
  get instance(): number {
    return this.currentInstance;
  }

  /** Opens the log; rejects with INVALID_ARGUMENT / NOT_FOUND / K8S_API when the API refuses it. */
  async start(): Promise<void> {
    const { container, previous, tailLines, sinceSeconds } = this.options;
    try {
      await this.connect({ container, follow: this.follow, previous, ...(tailLines !== undefined ? { tailLines } : {}), ...(sinceSeconds !== undefined ? { sinceSeconds } : {}) });
    } catch (err) {
      this.stop();
      throw logError(err, `Reading the log of ${this.options.namespace}/${this.label}`, this.options.clients.server);
    }
  }

  /** Ends at once: the HTTP request is aborted, nothing more is reported. */
  stop(): void {
    this.stopped = true;
    this.response?.abort();
    this.response = undefined;
    this.aborter.abort();
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async connect(query: LogQuery): Promise<void> {
    const response = await openLogRequest(this.options.clients.kubeConfig, this.options.namespace, this.options.pod.metadata?.name ?? '', query, {
      onText: (text) => this.onText(text),
      onEnd: (complete, error) => this.onEnd(complete, error),
    }, this.aborter.signal);
    if (this.stopped) {
      response.abort();
      return;
    }
    this.response = response;
    // A window (tail or since) that turns out empty leaves nothing to resume from but the time
    // following began: older lines were left out on purpose. The server's clock, not ours.
    const windowed = query.tailLines !== undefined || query.sinceSeconds !== undefined;
    if (windowed && response.serverTime !== undefined) this.resume.startAt(secondsOf(response.serverTime));
  }

  private onText(text: string): void {
    if (this.stopped) return;
    for (const line of this.splitter.push(text)) this.handleLine(line);
  }

  private handleLine(raw: string): void {
    const { timestamp, text } = splitTimestamp(raw);
    if (!this.resume.accept(timestamp, text)) return;
    const gap = this.resume.takeGap();
    if (gap) this.options.onNotice(`${this.label}: lines between ${formatLogTimestamp(gap.from)} and ${formatLogTimestamp(gap.to)} may be missing: the log was rotated while the connection was down`);
    this.attempts = 0;
    this.options.onLine(this.options.timestamps ? raw : text);
  }

  private onEnd(complete: boolean, error: unknown): void {
    this.response = undefined;
    if (this.stopped) return;
    if (complete) {
      const rest = this.splitter.flush();
      if (rest !== undefined) this.handleLine(rest);
    } else {
      this.splitter.discard();
      this.lost(error);
    }
    if (complete && !this.follow) return this.finish({ reason: 'complete' });
    this.scheduleCheck();
  }

  private lost(error: unknown): void {
    if (this.lostAt !== undefined) return;
    this.lostAt = this.now();
    this.options.onNotice(`${this.label}: lost the connection to the API server (${describeFailure(error)}); reconnecting`);
  }

  private scheduleCheck(): void {
    if (this.stopped) return;
    const delay = this.attempts === 0 ? 0 : Math.min(maxBackoffMs, 100 * 2 ** (this.attempts - 1));
    this.attempts++;
    if (!this.follow && this.attempts > (this.options.maxReadRetries ?? 5)) {
      return this.finish({ reason: 'error', message: `Reading the log of ${this.label} failed: the connection to the API server broke ${this.attempts - 1} times. Check the cluster, then open the log again.` });
    }
    const bound = this.options.unreachableMs ?? defaultUnreachableMs;
    if (this.lostAt !== undefined && this.now() - this.lostAt >= bound) {
      const seconds = Math.round((this.now() - this.lostAt) / 1000);
      const message = `Following the log of ${this.label} ended: the API server (${this.options.clients.server}) has not answered for ${seconds} s, so the lab's cluster is gone or stopped. Start or create the lab again (Setup, or \`meshdeck up\`), then open the log again.`;
      return this.finish({ reason: 'error', message, unreachable: true });
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.check();
    }, delay);
  }

  /** The stream ended or broke: find out from the pod what to do next. */
  private async check(): Promise<void> {
    const { clients, namespace, container } = this.options;
    const name = this.options.pod.metadata?.name ?? '';
    let pod: LogPod;
    try {
      pod = (await clients.http.request<LogPod>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`, { signal: this.aborter.signal })).body;
    } catch (err) {
      if (this.stopped || isAbort(err)) return;
      if (err instanceof KubeStatusError && err.statusCode === 404) return this.gone();
      if (err instanceof KubeStatusError && (err.statusCode === 401 || err.statusCode === 403)) return this.finish({ reason: 'error', message: logError(err, `Reading pod ${namespace}/${name}`).message });
      this.lost(err);
      return this.scheduleCheck();
    }
    if (this.stopped) return;
    if (this.uid && pod.metadata?.uid && pod.metadata.uid !== this.uid) return this.gone();
    const status = containerStatusOf(pod, container);
    const restart = status?.restartCount ?? 0;
    const running = status?.state?.running !== undefined;
    if (restart === this.currentInstance && (running || this.lostAt !== undefined || !this.follow)) return this.reconnect(false);
    if (this.follow && restart > this.currentInstance && running) return this.reconnect(true, restart);
    if (!this.follow) return this.finish({ reason: 'error', message: `The log of ${this.label} changed while it was read: the container restarted. Open it again.` });
    if (this.lostAt !== undefined) this.options.onNotice(`${this.label}: the container restarted while the connection was down; lines it printed after the last one shown are only in its previous log`);
    this.options.onNotice(`${this.label}: container ${stateOf(status)}`);
    this.finish({ reason: 'complete' });
  }

  private async reconnect(newInstance: boolean, restart?: number): Promise<void> {
    const { container, previous } = this.options;
    let query: LogQuery;
    if (newInstance) {
      if (this.lostAt !== undefined) this.options.onNotice(`${this.label}: the container restarted while the connection was down; lines it printed after the last one shown are only in its previous log`);
      this.options.onNotice(`${this.label}: container restarted (restart ${restart ?? 0}); following the new instance`);
      this.currentInstance = restart ?? this.currentInstance;
      this.resume.reset();
      query = { container, follow: true };
    } else {
      const sinceTime = this.resume.sinceTime();
      query = { container, follow: this.follow, previous, ...(sinceTime ? { sinceTime } : {}) };
      this.resume.beginResume();
    }
    try {
      await this.connect(query);
    } catch (err) {
      if (this.stopped || isAbort(err)) return;
      if (err instanceof KubeStatusError && (err.statusCode === 401 || err.statusCode === 403)) return this.finish({ reason: 'error', message: logError(err, `Reading the log of ${this.label}`).message });
      // 400 (the container just stopped) or the network: ask the pod again, a little later.
      if (!(err instanceof KubeStatusError)) this.lost(err);
      return this.scheduleCheck();
    }
    if (this.stopped || this.lostAt === undefined) return;
    this.options.onNotice(`${this.label}: reconnected after ${((this.now() - this.lostAt) / 1000).toFixed(1)}s`);
    this.lostAt = undefined;
  }

  private gone(): void {
    this.options.onNotice(`${this.label}: pod ${this.options.pod.metadata?.name ?? ''} was deleted`);
    this.finish({ reason: 'gone' });
  }

  private finish(end: FollowerEnd): void {
    if (this.stopped) return;
    this.stop();
    this.options.onEnd(end);
  }
}
