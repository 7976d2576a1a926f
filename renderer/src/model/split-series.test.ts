import { describe, expect, it } from 'vitest';
import type { TrafficCountsInfo, TrafficWindowInfo, WeightInfo } from '../../../core/contract';
import { ROLLING_WINDOWS, buildSplitSeries, chartVersions, lastChange, observedShares, targetAt, type TargetMark } from './split-series';

const T0 = 1_700_000_000_000;

function counts(byVersion: Record<string, number>, errors = 0): TrafficCountsInfo {
  const answers = Object.values(byVersion).reduce((a, b) => a + b, 0);
  return { requests: answers + errors, byVersion, errors, errorCodes: errors ? { '503': errors } : {}, latencyMs: { p50: 12, p90: 40, p99: 95 } };
}

function window(second: number, byVersion: Record<string, number>, errors = 0): TrafficWindowInfo {
  return { runId: 'r', at: T0 + second * 1000, windowMs: 1000, window: counts(byVersion, errors), totals: counts({}) };
}

const w = (v1: number, v3: number): WeightInfo[] => [
  { version: 'v1', weight: v1 },
  { version: 'v3', weight: v3 },
];

describe('chart versions', () => {
  it('lists the service’s versions, then others that answered, the unknown bucket last', () => {
    const windows = [window(0, { v1: 3, unknown: 1, v9: 0 }), window(1, { v4: 2 })];
    expect(chartVersions(['v1', 'v2'], windows)).toEqual(['v1', 'v2', 'v4', 'unknown']);
  });
});

describe('target in force', () => {
  it('is the newest mark at or before the time, or null before any or after routing was removed', () => {
    const marks: TargetMark[] = [
      { at: T0, weights: w(100, 0) },
      { at: T0 + 5000, weights: w(50, 50) },
      { at: T0 + 9000, weights: null },
    ];
    expect(targetAt(marks, T0 - 1)).toBeNull();
    expect(targetAt(marks, T0 + 4999)).toEqual(w(100, 0));
    expect(targetAt(marks, T0 + 5000)).toEqual(w(50, 50));
    expect(targetAt(marks, T0 + 9500)).toBeNull();
    expect(lastChange(marks)).toBe(T0 + 9000);
    expect(lastChange([])).toBeNull();
  });
});

describe('series', () => {
  it('pools the last few windows for each observed point and steps the target at its change', () => {
    const windows = [window(0, { v1: 5 }), window(1, { v1: 5 }), window(2, { v1: 2, v3: 3 }), window(3, { v1: 0, v3: 0 })];
    const marks: TargetMark[] = [
      { at: T0, weights: w(100, 0) },
      { at: T0 + 1500, weights: w(50, 50) },
    ];
    const series = buildSplitSeries(windows, marks, ['v1', 'v3']);
    expect(series.x).toEqual([1, 2, 3, 4].map((s) => (T0 + s * 1000) / 1000));
    expect(series.observed[0]).toEqual([100, 100, (12 * 100) / 15, (12 * 100) / 15]);
    expect(series.observed[1]).toEqual([0, 0, 20, 20]);
    expect(series.target).toEqual([
      [100, 50, 50, 50],
      [0, 50, 50, 50],
    ]);
  });

  it('forgets windows older than the rolling span', () => {
    const windows = [window(0, { v1: 10 }), ...Array.from({ length: ROLLING_WINDOWS }, (_, i) => window(i + 1, { v3: 1 }))];
    const series = buildSplitSeries(windows, [], ['v1', 'v3']);
    expect(series.observed[0]!.at(-1)).toBe(0);
    expect(series.observed[1]!.at(-1)).toBe(100);
    expect(series.target[0]!.every((value) => value === null)).toBe(true);
  });

  it('leaves gaps, not zeros, where nothing answered, and latency only where requests were made', () => {
    const series = buildSplitSeries([window(0, {}), window(1, {}, 4)], [], ['v1']);
    expect(series.observed[0]).toEqual([null, null]);
    expect(series.p50).toEqual([null, 12]);
    expect(series.p99).toEqual([null, 95]);
  });
});

describe('observed shares', () => {
  it('sums answers since a time into whole percents, and claims nothing without answers', () => {
    const windows = [window(0, { v1: 10 }), window(1, { v1: 4, v3: 6 }), window(2, { v1: 5, v3: 5, unknown: 0 })];
    expect(observedShares(windows, null)).toEqual({ v1: 63, v3: 37 });
    expect(observedShares(windows, T0 + 1000)).toEqual({ v1: 45, v3: 55 });
    expect(observedShares(windows, T0 + 60_000)).toEqual({});
    expect(observedShares([window(0, {}, 3)], null)).toEqual({});
  });
});
