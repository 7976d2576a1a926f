import { describe, expect, it } from 'vitest';
import { judgeTraffic, type Outcome } from './traffic-judge';

function outcomes(n: number, outcome: Partial<Outcome>): Outcome[] {
  return Array.from({ length: n }, () => ({ status: 200, version: 'v1', problem: null, latencyMs: 10, ...outcome }));
}

describe('judgeTraffic', () => {
  it('passes a version split within the tolerance and fails outside it, saying what it found', () => {
    const split = [...outcomes(82, { version: 'v1' }), ...outcomes(18, { version: 'v3' })];
    expect(judgeTraffic({ versions: { v1: 80, v3: 20 }, tolerance: 10 }, split)).toEqual({ passed: true, expected: 'v1 80 %, v3 20 % ± 10', found: 'v1 82 %, v3 18 % (of 100 requests)' });
    expect(judgeTraffic({ versions: { v1: 100 }, tolerance: 10 }, split).passed).toBe(false);
  });

  it('counts codes with 000 for requests that got no HTTP answer', () => {
    const mixed = [...outcomes(50, {}), ...outcomes(30, { status: 500 }), ...outcomes(20, { status: 0 })];
    expect(judgeTraffic({ codes: { '500': 30, '000': 20 }, tolerance: 5 }, mixed)).toMatchObject({ passed: true, found: '000 20 %, 200 50 %, 500 30 % (of 100 requests)' });
  });

  it('holds latency bounds on p50, p99 and the slowest answer', () => {
    const slow = [...outcomes(60, { latencyMs: 7000 }), ...outcomes(40, { latencyMs: 20 })];
    expect(judgeTraffic({ latency: { p50AboveMs: 5000 }, tolerance: 10 }, slow).passed).toBe(true);
    expect(judgeTraffic({ latency: { maxBelowMs: 1000 }, tolerance: 10 }, slow)).toMatchObject({ passed: false, found: 'slowest 7000 ms (of 100 requests)' });
  });

  it('wants the page problem on all but the tolerance of pages, and fails with no requests at all', () => {
    expect(judgeTraffic({ page: 'ratings-unavailable', tolerance: 10 }, [...outcomes(95, { problem: 'ratings-unavailable' }), ...outcomes(5, {})]).passed).toBe(true);
    expect(judgeTraffic({ page: 'ratings-unavailable', tolerance: 10 }, outcomes(100, {})).passed).toBe(false);
    expect(judgeTraffic({ codes: { '200': 100 }, tolerance: 10 }, []).passed).toBe(false);
  });
});
