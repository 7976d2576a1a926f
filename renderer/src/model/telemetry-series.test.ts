import { describe, expect, it } from 'vitest';
import type { ObservedSeriesInfo } from '../../../core/contract';
import { chartLines, latestTelemetryShares, reportedPoints, withTelemetryVersions } from './telemetry-series';
import type { SplitSeries } from './split-series';

const telemetry = (x: number[], versions: ObservedSeriesInfo['versions']): ObservedSeriesInfo => ({
  service: 'reviews',
  namespace: 'bookinfo',
  reporter: 'destination',
  windowSeconds: 8,
  stepSeconds: 2,
  scrapeIntervalSeconds: 2,
  x,
  versions,
  query: 'sum by (destination_version) (…)',
});

const split: SplitSeries = { x: [101, 102], versions: ['v1', 'v2'], observed: [[75, null], [25, null]], target: [[80, 80], [20, 20]], p50: [1, null], p99: [2, null] };

describe('chartLines', () => {
  it('puts generator windows and telemetry points on one axis, undefined where a source has no point', () => {
    const lines = chartLines(split, [{ at: 100_000, weights: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] }], telemetry([100, 102], [{ version: 'v1', share: [null, 81.2] }]));
    expect(lines.x).toEqual([100, 101, 102]);
    expect(lines.observed).toEqual([[undefined, 75, null], [undefined, 25, null]]);
    expect(lines.target).toEqual([[80, 80, 80], [20, 20, 20]]);
    // At 100 nothing was requested (a gap); at 102 only v1 answered, so v2 had 0 %.
    expect(lines.telemetry).toEqual([[null, undefined, 81.2], [null, undefined, 0]]);
  });

  it('draws only telemetry and the target for a service the generator cannot classify', () => {
    const none: SplitSeries = { x: [], versions: ['v1', 'v2'], observed: [[], []], target: [[], []], p50: [], p99: [] };
    const lines = chartLines(none, [], telemetry([10, 12], [{ version: 'v1', share: [100, 50] }, { version: 'v2', share: [0, 50] }]));
    expect(lines).toEqual({ x: [10, 12], observed: [[undefined, undefined], [undefined, undefined]], target: [[null, null], [null, null]], telemetry: [[100, 50], [0, 50]] });
  });

  it('has no telemetry lines without telemetry', () => {
    expect(chartLines(split, [], null).telemetry).toEqual([[undefined, undefined], [undefined, undefined]]);
  });
});

describe('telemetry versions and shares', () => {
  it('adds the versions only the mesh reported', () => {
    expect(withTelemetryVersions(['v1', 'v2'], telemetry([1], [{ version: 'v2', share: [1] }, { version: 'unknown', share: [1] }]))).toEqual(['v1', 'v2', 'unknown']);
  });

  it('reads the newest reported shares, and nothing when no request was reported', () => {
    expect(latestTelemetryShares(telemetry([1, 2, 3], [{ version: 'v1', share: [50, 80.4, null] }, { version: 'v2', share: [50, 19.6, null] }]))).toEqual({ v1: 80, v2: 20 });
    expect(latestTelemetryShares(telemetry([1], [{ version: 'v1', share: [null] }]))).toEqual({});
    expect(latestTelemetryShares(null)).toEqual({});
    expect(reportedPoints(telemetry([1, 2, 3], [{ version: 'v1', share: [null, 80, 100] }, { version: 'v2', share: [null, 20, 0] }]))).toBe(2);
  });
});
