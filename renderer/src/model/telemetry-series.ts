// Puts the split the mesh reports (traffic.observeSeries: shares by version from Prometheus)
// on the Traffic chart's time axis beside the generator's page-classified split: one x axis
// (the union of both), per version the generator's share, the target and the telemetry share.
// Where a source has no point at a time the value is `undefined` (uPlot draws across it, as
// its join() does for alignment), while `null` stays a gap: nothing was requested then. Pure.

import type { ObservedSeriesInfo } from '../../../core/contract';
import { targetAt, type SplitSeries, type TargetMark } from './split-series';

export type Point = number | null | undefined;

export interface ChartLines {
  x: number[];
  observed: Point[][];
  target: Point[][];
  telemetry: Point[][];
}

/** The versions the mesh reported, in its order. */
export function telemetryVersions(series: ObservedSeriesInfo | null): string[] {
  return series ? series.versions.map((line) => line.version) : [];
}

/** `versions` followed by the telemetry's versions that are not among them. */
export function withTelemetryVersions(versions: readonly string[], series: ObservedSeriesInfo | null): string[] {
  return [...versions, ...telemetryVersions(series).filter((version) => !versions.includes(version))];
}

function telemetryAt(series: ObservedSeriesInfo, version: string, index: number): number | null {
  const line = series.versions.find((l) => l.version === version);
  const anyRequests = series.versions.some((l) => l.share[index] !== null && l.share[index] !== undefined);
  if (!anyRequests) return null;
  // Requests reached the service then, none of them this version: 0 %, not a gap.
  return line?.share[index] ?? 0;
}

/** The chart's lines for `versions` (in the order of split.versions) on one time axis. */
export function chartLines(split: SplitSeries, marks: readonly TargetMark[], telemetry: ObservedSeriesInfo | null): ChartLines {
  const tx = telemetry?.x ?? [];
  const x = [...new Set([...split.x, ...tx])].sort((a, b) => a - b);
  const atWindow = new Map(split.x.map((time, index) => [time, index]));
  const atTelemetry = new Map(tx.map((time, index) => [time, index]));
  const observed = split.versions.map((_, v) =>
    x.map((time) => {
      const index = atWindow.get(time);
      return index === undefined ? undefined : (split.observed[v]![index] ?? null);
    }),
  );
  const targets = x.map((time) => targetAt(marks, time * 1000));
  const target = split.versions.map((version) => targets.map((weights) => (weights === null ? null : (weights.find((w) => w.version === version)?.weight ?? 0))));
  const lines = split.versions.map((version) =>
    x.map((time) => {
      const index = atTelemetry.get(time);
      return index === undefined || !telemetry ? undefined : telemetryAt(telemetry, version, index);
    }),
  );
  return { x, observed, target, telemetry: lines };
}

/** Whole-percent shares at the newest time the mesh reported requests; empty when it reported none. */
export function latestTelemetryShares(series: ObservedSeriesInfo | null): Record<string, number> {
  if (!series) return {};
  for (let index = series.x.length - 1; index >= 0; index--) {
    const reported = series.versions.filter((line) => line.share[index] !== null && line.share[index] !== undefined);
    if (reported.length === 0) continue;
    const shares: Record<string, number> = {};
    for (const line of [...reported].sort((a, b) => a.version.localeCompare(b.version))) {
      const share = line.share[index] as number;
      if (share > 0) shares[line.version] = Math.round(share);
    }
    return shares;
  }
  return {};
}

/** How many evaluation times the mesh reported requests at. */
export function reportedPoints(series: ObservedSeriesInfo | null): number {
  if (!series) return 0;
  return series.x.filter((_, index) => series.versions.some((line) => line.share[index] !== null && line.share[index] !== undefined)).length;
}
