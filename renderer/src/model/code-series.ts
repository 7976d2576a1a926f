// What the response-codes chart and the per-version latency lines draw from generator windows:
// per window the share of requests (over the same rolling span as the split) that ended in 4xx,
// 5xx, with no answer at all (a reset, a timeout, curl's 000), or in a 200 page that says a
// backend behind it failed (a fault on ratings or reviews seen through the gateway), and each
// version's p99. A fault,
// a timeout, an open breaker or a 403 shows here. Pure; it keeps nothing itself.

import type { TrafficWindowInfo } from '../../../core/contract';
import { ROLLING_WINDOWS } from './split-series';

/** The ways a request goes wrong, in drawing order. */
export const CODE_CLASSES = ['4xx', '5xx', 'failed', 'degraded'] as const;
export type CodeClass = (typeof CODE_CLASSES)[number];

/** An error code of the counters ("503", "403", "network", "timeout", "curl-56") by class; 3xx counts with 4xx as "not served". */
export function codeClass(code: string): Exclude<CodeClass, 'degraded'> {
  if (/^5\d\d$/.test(code)) return '5xx';
  if (/^[34]\d\d$/.test(code)) return '4xx';
  return 'failed';
}

function countClasses(window: TrafficWindowInfo, byClass: Map<CodeClass, number>): void {
  const add = (name: CodeClass, count: number) => byClass.set(name, (byClass.get(name) ?? 0) + count);
  for (const [code, count] of Object.entries(window.window.errorCodes)) add(codeClass(code), count);
  for (const count of Object.values(window.window.degraded ?? {})) add('degraded', count);
}

export interface CodeSeries {
  x: number[];
  /** Per class (CODE_CLASSES order): % of the requests in the rolling span; null where none were sent. */
  shares: (number | null)[][];
}

export function buildCodeSeries(windows: readonly TrafficWindowInfo[]): CodeSeries {
  const x: number[] = [];
  const shares = CODE_CLASSES.map(() => [] as (number | null)[]);
  windows.forEach((window, index) => {
    x.push((window.at + window.windowMs) / 1000);
    const byClass = new Map<CodeClass, number>();
    let requests = 0;
    for (const pooled of windows.slice(Math.max(0, index - ROLLING_WINDOWS + 1), index + 1)) {
      requests += pooled.window.requests;
      countClasses(pooled, byClass);
    }
    CODE_CLASSES.forEach((name, c) => shares[c]!.push(requests === 0 ? null : ((byClass.get(name) ?? 0) * 100) / requests));
  });
  return { x, shares };
}

/** Whole-percent shares of the requests in `windows` by outcome ("2xx" and each class), for text and tests; empty with no requests. */
export function codeShares(windows: readonly TrafficWindowInfo[]): Record<string, number> {
  let requests = 0;
  const byClass = new Map<CodeClass, number>();
  for (const window of windows) {
    requests += window.window.requests;
    countClasses(window, byClass);
  }
  if (requests === 0) return {};
  const failed = [...byClass.values()].reduce((a, b) => a + b, 0);
  const shares: Record<string, number> = { '2xx': Math.round(((requests - failed) * 100) / requests) };
  for (const name of CODE_CLASSES) if (byClass.has(name)) shares[name] = Math.round(((byClass.get(name) ?? 0) * 100) / requests);
  return shares;
}

/** Per version, its p99 in each window (null where it gave no 2xx answer); versions without any are left out. */
export function versionLatencies(windows: readonly TrafficWindowInfo[], versions: readonly string[]): { versions: string[]; p99: (number | null)[][] } {
  const shown = versions.filter((version) => windows.some((window) => window.window.latencyByVersion?.[version] !== undefined));
  return { versions: shown, p99: shown.map((version) => windows.map((window) => window.window.latencyByVersion?.[version]?.p99 ?? null)) };
}
