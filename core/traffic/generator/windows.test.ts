import { describe, expect, it } from 'vitest';
import { TrafficWindows } from './windows';

describe('TrafficWindows', () => {
  it('counts a window and the totals, and starts the next window empty', () => {
    let clock = 1_000_000;
    const windows = new TrafficWindows(() => clock);
    windows.record({ kind: 'answer', version: 'v1', latencyMs: 10 });
    windows.record({ kind: 'answer', version: 'v1', latencyMs: 20 });
    windows.record({ kind: 'answer', version: 'v3', latencyMs: 30 });
    windows.record({ kind: 'answer', version: 'unknown', latencyMs: 3000, problem: 'reviews-unavailable' });
    windows.record({ kind: 'error', code: '503', latencyMs: 5 });
    windows.record({ kind: 'error', code: 'network' });
    windows.skip(2);
    clock += 1000;
    const first = windows.close();
    expect(first.at).toBe(1_000_000);
    expect(first.windowMs).toBe(1000);
    const { latencyMs, latencyByVersion, ...counts } = first.window;
    // Per version only the 2xx answers it gave: v1 10 and 20 ms, v3 30 ms; none for v2.
    expect(latencyByVersion).toEqual({ v1: { p50: 10, p90: 20, p99: 20 }, v3: { p50: 30, p90: 30, p99: 30 } });
    expect(counts).toEqual({ requests: 6, byVersion: { v1: 2, v2: 0, v3: 1, unknown: 1 }, errors: 2, errorCodes: { '503': 1, network: 1 }, degraded: { 'reviews-unavailable': 1 }, skipped: 2 });
    // Latencies of answers (the 503 too), not of failures without one: 5, 10, 20, 30, 3000 ms.
    expect(Math.abs(latencyMs.p50 - 20)).toBeLessThan(0.11);
    expect(latencyMs.p90).toBe(3000);
    expect(latencyMs.p99).toBe(3000);
    expect(first.totals).toEqual(first.window);

    windows.record({ kind: 'answer', version: 'v2', latencyMs: 40 });
    windows.skip(0);
    clock += 250;
    const second = windows.close();
    expect(second.at).toBe(1_001_000);
    expect(second.windowMs).toBe(250);
    expect(second.window).toEqual({ requests: 1, byVersion: { v1: 0, v2: 1, v3: 0, unknown: 0 }, errors: 0, errorCodes: {}, degraded: {}, latencyMs: { p50: 40, p90: 40, p99: 40 }, latencyByVersion: { v2: { p50: 40, p90: 40, p99: 40 } }, skipped: 0 });
    expect(second.totals).toMatchObject({ requests: 7, byVersion: { v1: 2, v2: 1, v3: 1, unknown: 1 }, errors: 2, skipped: 2 });
    expect(windows.totals()).toEqual(second.totals);
  });
});
