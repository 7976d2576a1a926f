import { describe, expect, it } from 'vitest';
import { retryPolicyFrom, shouldRetry } from './retry-policy.js';

describe('retry policy', () => {
  it("defaults to Istio's: 2 retries on connect failure and 503", () => {
    const p = retryPolicyFrom(undefined);
    expect(p.retries).toBe(2);
    expect(shouldRetry(p, { kind: 'response', status: 503 })).toBe(true);
    expect(shouldRetry(p, { kind: 'response', status: 500 })).toBe(false);
    expect(shouldRetry(p, { kind: 'connect-failure' })).toBe(true);
    expect(shouldRetry(p, { kind: 'per-try-timeout' })).toBe(false);
  });

  it('5xx covers every 5xx, resets and per-try timeouts', () => {
    const p = retryPolicyFrom({ attempts: 3, perTryTimeout: '2s', retryOn: '5xx' });
    expect(p).toMatchObject({ retries: 3, perTryTimeoutMs: 2000 });
    expect(shouldRetry(p, { kind: 'response', status: 500 })).toBe(true);
    expect(shouldRetry(p, { kind: 'response', status: 404 })).toBe(false);
    expect(shouldRetry(p, { kind: 'reset' })).toBe(true);
    expect(shouldRetry(p, { kind: 'per-try-timeout' })).toBe(true);
  });

  it('gateway-error, retriable-4xx and numeric codes', () => {
    const p = retryPolicyFrom({ attempts: 1, retryOn: 'gateway-error,retriable-4xx,418' });
    expect(shouldRetry(p, { kind: 'response', status: 502 })).toBe(true);
    expect(shouldRetry(p, { kind: 'response', status: 500 })).toBe(false);
    expect(shouldRetry(p, { kind: 'response', status: 409 })).toBe(true);
    expect(shouldRetry(p, { kind: 'response', status: 418 })).toBe(true);
  });

  it('attempts: 0 disables retries', () => {
    expect(retryPolicyFrom({ attempts: 0 }).retries).toBe(0);
  });
});
