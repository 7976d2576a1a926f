import { describe, expect, it } from 'vitest';
import type { TrafficWindowInfo } from '../../../core/contract';
import { buildCodeSeries, codeClass, codeShares, versionLatencies } from './code-series';

const T0 = 1_700_000_000_000;

function window(second: number, answers: number, errorCodes: Record<string, number>, latencyByVersion?: TrafficWindowInfo['window']['latencyByVersion'], degraded?: Record<string, number>): TrafficWindowInfo {
  const errors = Object.values(errorCodes).reduce((a, b) => a + b, 0);
  const counts = { requests: answers + errors, byVersion: { v1: answers }, errors, errorCodes, latencyMs: { p50: 1, p90: 1, p99: 1 }, ...(latencyByVersion ? { latencyByVersion } : {}), ...(degraded ? { degraded } : {}) };
  return { runId: 'r', at: T0 + second * 1000, windowMs: 1000, window: counts, totals: counts };
}

describe('response codes', () => {
  it('sorts the counters’ codes into classes', () => {
    expect(['503', '500', '403', '302', 'network', 'timeout', 'curl-56'].map(codeClass)).toEqual(['5xx', '5xx', '4xx', '4xx', 'failed', 'failed', 'failed']);
  });

  it('draws each class as a share of the requests over the rolling span', () => {
    const series = buildCodeSeries([window(0, 5, { '500': 5 }), window(1, 10, {}), window(2, 0, {})]);
    expect(series.x).toEqual([T0 / 1000 + 1, T0 / 1000 + 2, T0 / 1000 + 3]);
    // 4xx, 5xx, failed, degraded: half of the first window failed with 500; pooled, 5 of 20, then of 20 again.
    expect(series.shares).toEqual([
      [0, 0, 0],
      [50, 25, 25],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(buildCodeSeries([window(0, 0, {})]).shares[1]).toEqual([null]);
  });

  it('says the shares in whole percent, 2xx first', () => {
    expect(codeShares([window(0, 6, { '403': 3, network: 1 })])).toEqual({ '2xx': 60, '4xx': 30, failed: 10 });
    expect(codeShares([])).toEqual({});
    // A 200 page without its ratings is served, but not whole: it counts apart from 2xx.
    expect(codeShares([window(0, 4, {}, undefined, { 'ratings-unavailable': 1 })])).toEqual({ '2xx': 75, degraded: 25 });
  });

  it('gives each version that answered its own p99 line', () => {
    const windows = [window(0, 2, {}, { v1: { p50: 5, p90: 6, p99: 7 } }), window(1, 2, {}, { v1: { p50: 5, p90: 6, p99: 8 }, v3: { p50: 9, p90: 9, p99: 2500 } })];
    expect(versionLatencies(windows, ['v1', 'v2', 'v3'])).toEqual({ versions: ['v1', 'v3'], p99: [[7, 8], [null, 2500]] });
  });
});
