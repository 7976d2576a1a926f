// Turns Prometheus's per-version request rates into the split a face shows: each version's share
// and requests per second, now (a vector) or over time (a matrix). Pure. With no requests in the
// window there is no split at all, never "0 %": describeNoTraffic says so in words.
import type { ObservedVersionInfo } from '../../contract';
import { naturalCompare } from '../subsets';
import type { PromAnswer, PromPoint } from './prometheus-answer';

/** Istio's own word for a pod without a version label. */
export const UNKNOWN_VERSION = 'unknown';

function versionOf(metric: Record<string, string>): string {
  return metric.destination_version || UNKNOWN_VERSION;
}

// A rate is never negative; NaN or Inf would come from a broken query, and count as nothing.
function usable(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const threeDecimals = (value: number) => Math.round(value * 1000) / 1000;

export interface SplitNow {
  totalRps: number;
  versions: ObservedVersionInfo[];
  /** Evaluation time in seconds since the epoch; null when Prometheus returned no sample. */
  time: number | null;
}

/** The split from an instant query's vector; `versions` is empty when nothing was requested. */
export function splitFromVector(answer: PromAnswer): SplitNow {
  if (answer.resultType !== 'vector') throw new TypeError(`expected a vector, got a ${answer.resultType}`);
  const rates = new Map<string, number>();
  for (const sample of answer.samples) {
    const version = versionOf(sample.metric);
    rates.set(version, (rates.get(version) ?? 0) + usable(sample.value));
  }
  const total = [...rates.values()].reduce((a, b) => a + b, 0);
  const time = answer.samples[0]?.time ?? null;
  if (total === 0) return { totalRps: 0, versions: [], time };
  const versions = [...rates]
    .filter(([, rps]) => rps > 0)
    .map(([version, rps]) => ({ version, share: oneDecimal((rps * 100) / total), rps: threeDecimals(rps) }))
    .sort((a, b) => b.share - a.share || naturalCompare(a.version, b.version));
  return { totalRps: threeDecimals(total), versions, time };
}

export interface SplitOverTime {
  x: number[];
  versions: { version: string; share: (number | null)[] }[];
}

/** Shares per version at each evaluation time of a range query; null where nothing was requested. */
export function splitFromMatrix(answer: PromAnswer): SplitOverTime {
  if (answer.resultType !== 'matrix') throw new TypeError(`expected a matrix, got a ${answer.resultType}`);
  const byVersion = new Map<string, Map<number, number>>();
  const times = new Set<number>();
  for (const series of answer.series) {
    const version = versionOf(series.metric);
    const points = byVersion.get(version) ?? new Map<number, number>();
    series.points.forEach((p: PromPoint) => {
      times.add(p.time);
      points.set(p.time, (points.get(p.time) ?? 0) + usable(p.value));
    });
    byVersion.set(version, points);
  }
  const x = [...times].sort((a, b) => a - b);
  const totals = x.map((t) => [...byVersion.values()].reduce((sum, points) => sum + (points.get(t) ?? 0), 0));
  const versions = [...byVersion.keys()].sort(naturalCompare).map((version) => {
    const points = byVersion.get(version) as Map<number, number>;
    return { version, share: x.map((t, i) => (totals[i] === 0 ? null : oneDecimal(((points.get(t) ?? 0) * 100) / (totals[i] as number)))) };
  });
  return { x, versions };
}

/** "60s" → "the last 60 s"; whole minutes and hours read as such. */
export function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'the last hour' : `the last ${seconds / 3600} h`;
  if (seconds % 60 === 0) return seconds === 60 ? 'the last minute' : `the last ${seconds / 60} min`;
  return `the last ${seconds} s`;
}

/** What an empty split means, and what might be behind it. */
export function describeNoTraffic(service: string, namespace: string, windowSeconds: number, scrapeIntervalSeconds: number | null): string {
  const short = scrapeIntervalSeconds !== null && windowSeconds < 2 * scrapeIntervalSeconds;
  const why = short ? ` The window is shorter than two of Prometheus's ${scrapeIntervalSeconds} s scrapes, so a rate cannot be computed; use a window of at least ${4 * scrapeIntervalSeconds} s.` : '';
  return `No requests to ${service}.${namespace} in ${describeWindow(windowSeconds)} (as its sidecars report them).${why}`;
}
