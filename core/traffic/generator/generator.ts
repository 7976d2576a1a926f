// The traffic generator: GETs one URL (Bookinfo's /productpage through the ingress gateway) at a
// fixed rate for a set time, open-loop, with bounded concurrency, and reports every window what
// came back. It owns scheduling and its lifetime only; HTTP lives in http-send.ts, counting in
// windows.ts, and it never decides which URL to hit.

import { validateHeaderName, validateHeaderValue, type Agent } from 'node:http';
import { AppError, type TrafficCountsInfo, type TrafficWindowInfo } from '../../contract';
import { classifyReviews, pageProblem } from './classify';
import { createHttpSender, SendFailure, type SendAnswer, type SendFunction } from './http-send';
import { TrafficWindows } from './windows';

export const maxRps = 200;
export const maxConcurrency = 64;
export const maxDurationSeconds = 3600;

export interface TrafficGeneratorOptions {
  url: string;
  /** Requests per second, 1..200. */
  rps: number;
  durationSeconds: number;
  /** Requests in flight at most (1..64); by default enough for the rate. */
  concurrency?: number;
  /** Window length, default 1000 ms. */
  windowMs?: number;
  /** Per-request limit; a slower answer counts as error "timeout". Default 10 s. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  onWindow(window: Omit<TrafficWindowInfo, 'runId'>): void;
  /** Aborting it stops the run like stop(). */
  signal?: AbortSignal;
  /** A keep-alive node:http(s) Agent for the default sender (the caller then owns it). */
  agent?: Agent;
  /** Replaces HTTP altogether (tests of scheduling, other transports). */
  send?: SendFunction;
  /** Ms since the epoch, for window stamps. */
  now?: () => number;
}

export interface TrafficGenerator {
  /** Resolves with the final totals once the run has ended and its last window was reported. */
  done: Promise<TrafficCountsInfo>;
  /** Ends the run now: in-flight requests are aborted (and not counted), the last window is flushed. */
  stop(): void;
  totals(): TrafficCountsInfo;
}

const defaultTimeoutMs = 10_000;

/** Enough slots for answers up to a quarter second at the target rate, within 4..64. */
export function defaultConcurrency(rps: number): number {
  return Math.min(maxConcurrency, Math.max(4, Math.ceil(rps / 4)));
}

function invalid(message: string, details: Record<string, string | number>): AppError {
  return new AppError('INVALID_ARGUMENT', message, details);
}

function checkInteger(name: string, value: number, min: number, max: number, advice: string): void {
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(`${name} must be a whole number from ${min} to ${max}; ${advice}`, { [name]: value });
}

function checkOptions(options: TrafficGeneratorOptions): URL {
  checkInteger('rps', options.rps, 1, maxRps, `pick a rate between 1 and ${maxRps} requests per second.`);
  checkInteger('durationSeconds', options.durationSeconds, 1, maxDurationSeconds, 'pick a duration up to an hour.');
  if (options.concurrency !== undefined) checkInteger('concurrency', options.concurrency, 1, maxConcurrency, `pick 1 to ${maxConcurrency} requests in flight.`);
  if (options.windowMs !== undefined) checkInteger('windowMs', options.windowMs, 100, 60_000, 'pick a window from 100 ms to a minute.');
  if (options.timeoutMs !== undefined) checkInteger('timeoutMs', options.timeoutMs, 1, 120_000, 'pick a timeout up to two minutes.');
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw invalid(`"${options.url}" is not a URL; give the gateway address, e.g. http://127.0.0.1:8080/productpage.`, { url: options.url });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(`Traffic goes over HTTP or HTTPS, not ${url.protocol}; give an http:// URL of the gateway.`, { url: options.url });
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch {
      throw invalid(`Header "${name}" is not a valid HTTP header; use a token name and a one-line value.`, { header: name });
    }
  }
  return url;
}

export function startTrafficGenerator(options: TrafficGeneratorOptions): TrafficGenerator {
  const run = new GeneratorRun(options);
  return { done: run.done, stop: run.stop, totals: () => run.windows.totals() };
}

/**
 * One open-loop run: a tick sends what is due (request k at k/rps s), skipping what a full
 * concurrency budget or a stall would otherwise fire as a burst; a window closes every windowMs;
 * the run drains after the last request and ends once, on time, on stop or on a failure.
 */
class GeneratorRun {
  readonly done: Promise<TrafficCountsInfo>;
  readonly windows: TrafficWindows;
  private readonly url: URL;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  private readonly sender: ReturnType<typeof createHttpSender> | undefined;
  private readonly send: SendFunction;
  private readonly total: number;
  private readonly maxBurst: number;
  private readonly inFlight = new Set<AbortController>();
  private scheduled = 0;
  private state: 'running' | 'draining' | 'ended' = 'running';
  private startedAt = 0;
  private tickTimer: NodeJS.Timeout | undefined;
  private windowTimer: NodeJS.Timeout | undefined;
  private resolveDone!: (totals: TrafficCountsInfo) => void;
  private rejectDone!: (error: unknown) => void;

  constructor(private readonly options: TrafficGeneratorOptions) {
    this.url = checkOptions(options);
    const { rps, durationSeconds } = options;
    this.concurrency = options.concurrency ?? defaultConcurrency(rps);
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.headers = { ...options.headers };
    this.sender = options.send ? undefined : createHttpSender({ maxSockets: this.concurrency, ...(options.agent ? { agent: options.agent } : {}) });
    this.send = options.send ?? (this.sender as NonNullable<typeof this.sender>).send;
    this.windows = new TrafficWindows(options.now ?? Date.now);
    this.total = rps * durationSeconds;
    // After a stall (a busy event loop, a suspended laptop) send at most ~100 ms worth at once;
    // the rest of the backlog is skipped, never fired as a burst.
    this.maxBurst = Math.max(2, Math.ceil(rps / 10));
    this.done = new Promise<TrafficCountsInfo>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    if (options.signal?.aborted) {
      // Still asynchronous, so the caller holds the handle before the (empty) last window arrives.
      setImmediate(this.stop);
      return;
    }
    options.signal?.addEventListener('abort', this.stop, { once: true });
    this.startedAt = performance.now();
    // Ticks often enough to spread requests evenly, rarely enough to stay cheap at low rates.
    const tickMs = Math.min(50, Math.max(5, 1000 / rps));
    this.windowTimer = setInterval(this.report, options.windowMs ?? 1000);
    this.tickTimer = setInterval(this.tick, tickMs);
    setImmediate(this.tick);
  }

  readonly stop = (): void => this.end();

  private readonly report = (): void => {
    try {
      this.options.onWindow(this.windows.close());
    } catch (error) {
      this.end(error);
    }
  };

  private readonly tick = (): void => {
    if (this.state !== 'running') return;
    const elapsed = performance.now() - this.startedAt;
    // Request k (0-based) is due at k/rps seconds: the first one goes at once.
    let due = Math.min(this.total, Math.floor((elapsed * this.options.rps) / 1000) + 1) - this.scheduled;
    if (due > this.maxBurst) {
      this.windows.skip(due - this.maxBurst);
      this.scheduled += due - this.maxBurst;
      due = this.maxBurst;
    }
    for (; due > 0; due--) {
      this.scheduled += 1;
      if (this.inFlight.size >= this.concurrency) this.windows.skip();
      else this.launch();
    }
    if (this.scheduled >= this.total) {
      // Everything is sent: let the answers come in (each bounded by the timeout), then end.
      this.state = 'draining';
      clearInterval(this.tickTimer);
      if (this.inFlight.size === 0) this.end();
    }
  };

  private end(error?: unknown): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    clearInterval(this.tickTimer);
    clearInterval(this.windowTimer);
    this.options.signal?.removeEventListener('abort', this.stop);
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
    this.sender?.close();
    if (error !== undefined) {
      this.rejectDone(error);
      return;
    }
    try {
      this.options.onWindow(this.windows.close());
    } catch (reportError) {
      this.rejectDone(reportError);
      return;
    }
    this.resolveDone(this.windows.totals());
  }

  private launch(): void {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const sentAt = performance.now();
    // Through a promise even if an injected send throws at once, so nothing escapes from a timer;
    // a bug in counting ends the run as failed.
    Promise.resolve()
      .then(() => this.send({ url: this.url, headers: this.headers, signal: controller.signal, timeoutMs: this.timeoutMs }))
      .then((answer) => this.onAnswer(answer, sentAt), (error: unknown) => this.onFailure(error))
      .catch((error: unknown) => this.end(error ?? new Error('the traffic generator failed')))
      .finally(() => {
        this.inFlight.delete(controller);
        if (this.state === 'draining' && this.inFlight.size === 0) this.end();
      });
  }

  private onAnswer(answer: SendAnswer, sentAt: number): void {
    if (this.state === 'ended') return;
    const latencyMs = answer.latencyMs ?? performance.now() - sentAt;
    if (answer.status >= 200 && answer.status < 300) this.windows.record({ kind: 'answer', version: classifyReviews(answer.body), latencyMs, problem: pageProblem(answer.body) });
    else this.windows.record({ kind: 'error', code: String(answer.status), latencyMs });
  }

  private onFailure(error: unknown): void {
    if (this.state === 'ended') return;
    // Our sender says why; anything else an injected transport throws counts as a network failure.
    this.windows.record({ kind: 'error', code: error instanceof SendFailure ? error.code : 'network' });
  }
}
