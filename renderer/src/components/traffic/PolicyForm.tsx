// The fields of one policy form (fault, timeout, retries, circuit breaker, routing rule), each
// with the CLI flag it stands for as its hint, so what the core says about a refused word
// (`--delay: …`) points at the field.

import type { PolicyFields, PolicyTab } from '../../model/policy-forms';

interface FieldSpec {
  name: string;
  label: string;
  hint: string;
  placeholder?: string;
}

const FIELDS: Record<PolicyTab, FieldSpec[]> = {
  fault: [
    { name: 'match', label: 'Only requests matching', hint: '--match, e.g. header:end-user=jason; blank: every request', placeholder: 'every request' },
    { name: 'delay', label: 'Delay', hint: '--delay, an Istio duration such as 7s', placeholder: '7s' },
    { name: 'abort', label: 'Abort with HTTP status', hint: '--abort, e.g. 500 or 503', placeholder: '500' },
    { name: 'percent', label: 'Of the requests (%)', hint: '--percent, 0 to 100 (default 100)', placeholder: '100' },
  ],
  timeout: [
    { name: 'match', label: 'Only requests matching', hint: '--match; blank: every request', placeholder: 'every request' },
    { name: 'timeout', label: 'Timeout', hint: 'a duration such as 0.5s', placeholder: '0.5s' },
  ],
  retry: [
    { name: 'match', label: 'Only requests matching', hint: '--match; blank: every request', placeholder: 'every request' },
    { name: 'attempts', label: 'Attempts', hint: '--attempts, retries after the first try', placeholder: '3' },
    { name: 'perTryTimeout', label: 'Per try timeout', hint: '--per-try, e.g. 2s', placeholder: '2s' },
    { name: 'retryOn', label: 'Retry on', hint: '--on, e.g. 5xx,reset,connect-failure', placeholder: '5xx,reset' },
  ],
  breaker: [
    { name: 'maxConnections', label: 'Max connections', hint: '--max-connections (tcp)', placeholder: '1' },
    { name: 'http1MaxPendingRequests', label: 'Max pending requests', hint: '--max-pending (http1)', placeholder: '1' },
    { name: 'maxRequestsPerConnection', label: 'Max requests per connection', hint: '--max-requests-per-connection', placeholder: '1' },
    { name: 'consecutive5xxErrors', label: 'Eject after consecutive 5xx', hint: '--consecutive-5xx', placeholder: '1' },
    { name: 'interval', label: 'Scan interval', hint: '--interval, e.g. 1s', placeholder: '1s' },
    { name: 'baseEjectionTime', label: 'Ejection time', hint: '--ejection, e.g. 3m', placeholder: '3m' },
    { name: 'maxEjectionPercent', label: 'Max ejected (%)', hint: '--max-ejection, 0 to 100', placeholder: '100' },
  ],
  route: [
    { name: 'match', label: 'Requests matching', hint: '--match, e.g. header:end-user=jason or uri:/api*', placeholder: 'header:end-user=jason' },
    { name: 'to', label: 'Go to', hint: '--to, a version (v2) or a split (v1=50,v3=50)', placeholder: 'v2' },
    { name: 'otherwise', label: 'Everyone else to', hint: '--otherwise, a version (optional)', placeholder: 'v1' },
  ],
};

export function PolicyForm({ tab, fields, disabled, onField }: { tab: PolicyTab; fields: PolicyFields; disabled: boolean; onField: (name: string, text: string) => void }) {
  return (
    <div className="policy-form" data-testid={`policy-form-${tab}`}>
      {FIELDS[tab].map((spec) => {
        const id = `policy-${tab}-${spec.name}`;
        return (
          <div key={spec.name} className="field">
            <label className="field-label" htmlFor={id}>
              {spec.label}
            </label>
            <input
              id={id}
              className="input"
              value={fields[spec.name] ?? ''}
              placeholder={spec.placeholder}
              disabled={disabled}
              aria-describedby={`${id}-hint`}
              data-testid={id}
              onChange={(event) => onField(spec.name, event.currentTarget.value)}
            />
            <p className="field-hint" id={`${id}-hint`}>
              {spec.hint}
            </p>
          </div>
        );
      })}
    </div>
  );
}
