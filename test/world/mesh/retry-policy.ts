// VirtualService `retries` (or Istio's default when absent) as a policy, and the question the
// router asks after each try: retry this outcome? Istio's default is 2 retries on connect
// failures and 503. It does not time or perform retries.
import { durationMs } from './duration.js';
import type { HttpRetry } from './mesh-config.js';

export interface RetryPolicy {
  /** Retries after the first try (Envoy's num_retries). */
  retries: number;
  perTryTimeoutMs?: number;
  retryOn: ReadonlySet<string>;
  retriableStatusCodes: readonly number[];
}

const istioDefaultRetryOn = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

export function retryPolicyFrom(retries: HttpRetry | undefined): RetryPolicy {
  if (!retries) return { retries: 2, retryOn: new Set(istioDefaultRetryOn.split(',')), retriableStatusCodes: [503] };
  const conditions = (retries.retryOn ?? istioDefaultRetryOn).split(',').map((c) => c.trim()).filter((c) => c !== '');
  // Istio turns numeric entries ("503") into Envoy's retriable_status_codes.
  const codes = conditions.filter((c) => /^\d+$/.test(c)).map(Number);
  const named = new Set(conditions.filter((c) => !/^\d+$/.test(c)));
  if (codes.length > 0) named.add('retriable-status-codes');
  const retriableStatusCodes = codes.length > 0 ? codes : retries.retryOn === undefined ? [503] : [];
  return { retries: Math.max(0, retries.attempts ?? 2), perTryTimeoutMs: durationMs(retries.perTryTimeout), retryOn: named, retriableStatusCodes };
}

/** What one try ended with, from the router's point of view. */
export type TryOutcome = { kind: 'response'; status: number } | { kind: 'reset' } | { kind: 'connect-failure' } | { kind: 'per-try-timeout' };

export function shouldRetry(policy: RetryPolicy, outcome: TryOutcome): boolean {
  const on = policy.retryOn;
  switch (outcome.kind) {
    case 'connect-failure':
      return on.has('connect-failure') || on.has('5xx') || on.has('gateway-error') || on.has('reset');
    case 'reset':
      return on.has('reset') || on.has('5xx');
    case 'per-try-timeout':
      return on.has('5xx') || on.has('gateway-error') || on.has('reset');
    case 'response': {
      const s = outcome.status;
      if (on.has('5xx') && s >= 500) return true;
      if (on.has('gateway-error') && (s === 502 || s === 503 || s === 504)) return true;
      if (on.has('retriable-4xx') && s === 409) return true;
      return on.has('retriable-status-codes') && policy.retriableStatusCodes.includes(s);
    }
  }
}
