// The histogram's percentiles against the exact nearest-rank value of the sorted samples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency';

function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] ?? 0;
}

// Buckets are 1 % wide and answered by their geometric middle (≤ 0.5 % off), plus float slack at
// bucket edges; below 10 µs everything shares one bucket.
function closeTo(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= expected * 0.006 + 0.011;
}

describe('LatencyHistogram', () => {
  it('gives p50/p90/p99 within half a percent of the sorted-array reference', () => {
    const latency = fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 20_000, noNaN: true }));
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 400 }), fc.constantFrom(0.5, 0.9, 0.99, 0, 1), (samples, q) => {
        const histogram = new LatencyHistogram();
        for (const ms of samples) histogram.record(ms);
        const sorted = [...samples].sort((a, b) => a - b);
        expect(histogram.count).toBe(samples.length);
        const actual = histogram.percentile(q);
        const expected = nearestRank(sorted, q);
        if (!closeTo(actual, expected)) throw new Error(`q=${q}: ${actual} vs ${expected}`);
      }),
      { numRuns: 300 },
    );
  });

  it('is exact for a single value and for the extremes', () => {
    const histogram = new LatencyHistogram();
    histogram.record(12.345);
    expect(histogram.summary()).toEqual({ p50: 12.345, p90: 12.345, p99: 12.345 });
    for (let i = 1; i <= 1000; i++) histogram.record(i);
    expect(histogram.percentile(0)).toBe(1);
    expect(histogram.percentile(1)).toBe(1000);
  });

  it('answers 0 when empty, ignores nonsense, clamps beyond its range and resets', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.summary()).toEqual({ p50: 0, p90: 0, p99: 0 });
    histogram.record(Number.NaN);
    histogram.record(-1);
    histogram.record(Number.POSITIVE_INFINITY);
    expect(histogram.count).toBe(0);
    histogram.record(500_000);
    histogram.record(600_000);
    expect(histogram.percentile(0.5)).toBeGreaterThanOrEqual(500_000);
    expect(histogram.percentile(0.99)).toBe(600_000);
    histogram.reset();
    expect(histogram.count).toBe(0);
    expect(histogram.percentile(0.5)).toBe(0);
  });

  it('rounds the summary to microseconds', () => {
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 100; i++) histogram.record(3.14159265 + i * 0.0001);
    const { p50 } = histogram.summary();
    expect(Math.round(p50 * 1000) / 1000).toBe(p50);
    expect(closeTo(p50, 3.14659265)).toBe(true);
  });
});
