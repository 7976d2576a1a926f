// Turns traffic generator windows into what the Traffic chart draws: per window, the share of
// answers each version gave (over a short rolling span, so a 5 rps run still reads), the target
// weight in force when the window closed, and latency; and the cumulative shares since the
// target last changed, which is what "converged" means. Pure; it keeps nothing itself.

import type { TrafficWindowInfo, WeightInfo } from '../../../core/contract';

/** How many windows (about one a second) the screen keeps and draws. */
export const KEPT_WINDOWS = 120;
/** Windows pooled for each observed point: 5 s at 5 rps is 25 answers, enough to read a split. */
export const ROLLING_WINDOWS = 5;
/** The service whose versions the generator tells apart (by the stars on the product page). */
export const OBSERVED_SERVICE = 'reviews';
/** The generator's bucket for answers it could not tell apart. */
export const UNKNOWN_VERSION = 'unknown';

/** From `at` (ms since the epoch) on, the cluster routed by `weights`; null: by no rule of MeshDeck's (Kubernetes spreads over the pods). */
export interface TargetMark {
  at: number;
  weights: WeightInfo[] | null;
}

export interface SplitSeries {
  /** Window end times in seconds since the epoch (uPlot's time unit). */
  x: number[];
  versions: string[];
  /** Per version: % of the answers in the rolling span; null where nothing answered. */
  observed: (number | null)[][];
  /** Per version: the target weight in force when the window closed; null before any is known. */
  target: (number | null)[][];
  p50: (number | null)[];
  p99: (number | null)[];
}

function answered(byVersion: Record<string, number>): number {
  let total = 0;
  for (const count of Object.values(byVersion)) total += count;
  return total;
}

/** The versions to draw: the service's own, then any other that answered (the unknown bucket last). */
export function chartVersions(known: readonly string[], windows: readonly TrafficWindowInfo[]): string[] {
  const versions = [...known];
  const extra = new Set<string>();
  for (const window of windows) {
    for (const [version, count] of Object.entries(window.window.byVersion)) {
      if (count > 0 && !versions.includes(version)) extra.add(version);
    }
  }
  const rest = [...extra].filter((version) => version !== UNKNOWN_VERSION).sort();
  return [...versions, ...rest, ...(extra.has(UNKNOWN_VERSION) ? [UNKNOWN_VERSION] : [])];
}

/** The weights in force at `time`: the newest mark at or before it (null when none, or no weights then). */
export function targetAt(marks: readonly TargetMark[], time: number): WeightInfo[] | null {
  let found: TargetMark | null = null;
  for (const mark of marks) if (mark.at <= time && (!found || mark.at >= found.at)) found = mark;
  return found?.weights ?? null;
}

export function buildSplitSeries(windows: readonly TrafficWindowInfo[], marks: readonly TargetMark[], versions: readonly string[]): SplitSeries {
  const x: number[] = [];
  const observed = versions.map(() => [] as (number | null)[]);
  const target = versions.map(() => [] as (number | null)[]);
  const p50: (number | null)[] = [];
  const p99: (number | null)[] = [];
  windows.forEach((window, index) => {
    const end = window.at + window.windowMs;
    x.push(end / 1000);
    const span = windows.slice(Math.max(0, index - ROLLING_WINDOWS + 1), index + 1);
    const counts = new Map<string, number>();
    let total = 0;
    for (const pooled of span) {
      for (const [version, count] of Object.entries(pooled.window.byVersion)) counts.set(version, (counts.get(version) ?? 0) + count);
      total += answered(pooled.window.byVersion);
    }
    const weights = targetAt(marks, end);
    versions.forEach((version, v) => {
      observed[v]!.push(total === 0 ? null : ((counts.get(version) ?? 0) * 100) / total);
      target[v]!.push(weights === null ? null : (weights.find((w) => w.version === version)?.weight ?? 0));
    });
    const requests = window.window.requests;
    p50.push(requests === 0 ? null : window.window.latencyMs.p50);
    p99.push(requests === 0 ? null : window.window.latencyMs.p99);
  });
  return { x, versions: [...versions], observed, target, p50, p99 };
}

/**
 * Whole-percent shares of the answers in the windows that started at or after `since` (all
 * windows when null). Empty when nothing answered there yet: no share is claimed without data.
 */
export function observedShares(windows: readonly TrafficWindowInfo[], since: number | null): Record<string, number> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const window of windows) {
    if (since !== null && window.at < since) continue;
    for (const [version, count] of Object.entries(window.window.byVersion)) counts.set(version, (counts.get(version) ?? 0) + count);
    total += answered(window.window.byVersion);
  }
  const shares: Record<string, number> = {};
  if (total === 0) return shares;
  for (const [version, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    if (count > 0) shares[version] = Math.round((count * 100) / total);
  }
  return shares;
}

/** The newest target change, from which convergence is measured; null when none is known. */
export function lastChange(marks: readonly TargetMark[]): number | null {
  let newest: number | null = null;
  for (const mark of marks) if (newest === null || mark.at > newest) newest = mark.at;
  return newest;
}
