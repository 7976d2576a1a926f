// The traffic generator: GETs one URL (Bookinfo's /productpage through the ingress gateway) at a
// fixed rate for a set time, open-loop, with bounded concurrency, and reports every window what
// came back. It owns scheduling and its lifetime only; HTTP lives in http-send.ts, counting in
// windows.ts, and it never decides which URL to hit.

import { validateHeaderName, validateHeaderValue, type Agent } from 'node:http';
import { AppError, type TrafficCountsInfo, type TrafficWindowInfo } from '../../contract';
import { classifyReviews } from './classify';
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
  const url = checkOptions(options);
  const { rps, durationSeconds } = options;
  const concurrency = options.concurrency ?? defaultConcurrency(rps);
  const windowMs = options.windowMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const headers = { ...options.headers };
  const sender = options.send ? undefined : createHttpSender({ maxSockets: concurrency, ...(options.agent ? { agent: options.agent } : {}) });
  const send: SendFunction = options.send ?? (sender as NonNullable<typeof sender>).send;
  const windows = new TrafficWindows(options.now ?? Date.now);

  const total = rps * durationSeconds;
  // Ticks often enough to spread requests evenly, rarely enough to stay cheap at low rates.
  const tickMs = Math.min(50, Math.max(5, 1000 / rps));
  // After a stall (a busy event loop, a suspended laptop) send at most ~100 ms worth at once;
  // the rest of the backlog is skipped, never fired as a burst.
  const maxBurst = Math.max(2, Math.ceil(rps / 10));
  const inFlight = new Set<AbortController>();
  let scheduled = 0;
  let state: 'running' | 'draining' | 'ended' = 'running';
  let startedAt = 0;
  let tickTimer: NodeJS.Timeout | undefined;
  let windowTimer: NodeJS.Timeout | undefined;
  let resolveDone!: (totals: TrafficCountsInfo) => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<TrafficCountsInfo>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });

  const report = (): void => {
    try {
      options.onWindow(windows.close());
    } catch (error) {
      end(error);
    }
  };

  const end = (error?: unknown): void => {
    if (state === 'ended') return;
    state = 'ended';
    clearInterval(tickTimer);
    clearInterval(windowTimer);
    options.signal?.removeEventListener('abort', stop);
    for (const controller of inFlight) controller.abort();
    inFlight.clear();
    sender?.close();
    if (error !== undefined) {
      rejectDone(error);
      return;
    }
    try {
      options.onWindow(windows.close());
    } catch (reportError) {
      rejectDone(reportError);
      return;
    }
    resolveDone(windows.totals());
  };

  const stop = (): void => end();

  const onAnswer = (answer: SendAnswer, sentAt: number): void => {
    if (state === 'ended') return;
    const latencyMs = performance.now() - sentAt;
    if (answer.status >= 200 && answer.status < 300) windows.record({ kind: 'answer', version: classifyReviews(answer.body), latencyMs });
    else windows.record({ kind: 'error', code: String(answer.status), latencyMs });
  };

  const onFailure = (error: unknown): void => {
    if (state === 'ended') return;
    // Our sender says why; anything else an injected transport throws counts as a network failure.
    windows.record({ kind: 'error', code: error instanceof SendFailure ? error.code : 'network' });
  };

  const launch = (): void => {
    const controller = new AbortController();
    inFlight.add(controller);
    const sentAt = performance.now();
    // Through a promise even if an injected send throws at once, so nothing escapes from a timer;
    // a bug in counting ends the run as failed.
    Promise.resolve()
      .then(() => send({ url, headers, signal: controller.signal, timeoutMs }))
      .then((answer) => onAnswer(answer, sentAt), onFailure)
      .catch((error: unknown) => end(error ?? new Error('the traffic generator failed')))
      .finally(() => {
        inFlight.delete(controller);
        if (state === 'draining' && inFlight.size === 0) end();
      });
  };

  const tick = (): void => {
    if (state !== 'running') return;
    const elapsed = performance.now() - startedAt;
    // Request k (0-based) is due at k/rps seconds: the first one goes at once.
    let due = Math.min(total, Math.floor((elapsed * rps) / 1000) + 1) - scheduled;
    if (due > maxBurst) {
      windows.skip(due - maxBurst);
      scheduled += due - maxBurst;
      due = maxBurst;
    }
    for (; due > 0; due--) {
      scheduled += 1;
      if (inFlight.size >= concurrency) windows.skip();
      else launch();
    }
    if (scheduled >= total) {
      // Everything is sent: let the answers come in (each bounded by the timeout), then end.
      state = 'draining';
      clearInterval(tickTimer);
      if (inFlight.size === 0) end();
    }
  };

  if (options.signal?.aborted) {
    // Still asynchronous, so the caller holds the handle before the (empty) last window arrives.
    setImmediate(stop);
  } else {
    options.signal?.addEventListener('abort', stop, { once: true });
    startedAt = performance.now();
    windowTimer = setInterval(report, windowMs);
    tickTimer = setInterval(tick, tickMs);
    setImmediate(tick);
  }

  return { done, stop, totals: () => windows.totals() };
}
