// Contract handlers for a service's policies (routing rules, faults, timeouts, retries, circuit
// breaker, TLS) and the namespace's security objects (mTLS, authorization).
import type { Handlers } from '../../rpc';
import type { PolicyService } from '../../policies/policy-service';

type PolicyHandlers = Pick<Handlers, 'policies.show' | 'policies.preview' | 'policies.apply' | 'policies.undo' | 'security.preview' | 'security.apply'>;

export function policyHandlers(policies: PolicyService): PolicyHandlers {
  return {
    'policies.show': (request) => policies.show(request),
    'policies.preview': (request) => policies.preview(request),
    'policies.apply': (request) => policies.apply(request),
    'policies.undo': (request) => policies.undo(request),
    'security.preview': (request) => policies.securityPreview(request),
    'security.apply': (request) => policies.securityApply(request),
  };
}
