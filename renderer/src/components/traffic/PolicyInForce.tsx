// What is in force for the service, rule by rule in Istio's order (first match wins): where it
// routes, its fault, timeout and retries, and the DestinationRule's circuit breaker and TLS.
// Each policy can be edited in its form or removed alone; foreign objects are read-only.

import type { PolicyRuleInfo, ServicePolicyInfo } from '../../../../core/contract';
import { EVERY_REQUEST, type PolicyTab } from '../../model/policy-forms';

interface Chip {
  tab: PolicyTab;
  text: string;
}

function chipsOf(rule: PolicyRuleInfo): Chip[] {
  const chips: Chip[] = [];
  if (rule.delay) chips.push({ tab: 'fault', text: `delay ${rule.delay.fixedDelay} for ${rule.delay.percent}%` });
  if (rule.abort) chips.push({ tab: 'fault', text: `abort ${rule.abort.httpStatus} for ${rule.abort.percent}%` });
  if (rule.timeout) chips.push({ tab: 'timeout', text: `timeout ${rule.timeout}` });
  if (rule.retries) chips.push({ tab: 'retry', text: `${rule.retries.attempts} retries${rule.retries.perTryTimeout ? `, ${rule.retries.perTryTimeout} each` : ''}${rule.retries.retryOn ? ` on ${rule.retries.retryOn}` : ''}` });
  return chips;
}

function breakerText(breaker: NonNullable<ServicePolicyInfo['breaker']>): string {
  const parts = Object.entries(breaker).map(([name, value]) => `${name} ${String(value)}`);
  return parts.join(', ');
}

export interface PolicyInForceProps {
  policy: ServicePolicyInfo;
  readOnly: boolean;
  busy: boolean;
  onEdit(tab: PolicyTab, match: string): void;
  onRemove(what: PolicyTab, match: string): void;
}

export function PolicyInForce({ policy, readOnly, busy, onEdit, onRemove }: PolicyInForceProps) {
  const hasAny = policy.rules.some((rule) => chipsOf(rule).length > 0 || rule.match !== EVERY_REQUEST) || policy.breaker !== undefined || policy.tls !== undefined;
  return (
    <div className="policy-in-force" data-testid="policy-in-force">
      <h3 className="chart-title">In force for {policy.service}</h3>
      {!hasAny ? <p className="field-hint" data-testid="policy-none">No fault, timeout, retries, circuit breaker or routing rule: requests go by the split alone.</p> : null}
      <ol className="policy-rules">
        {policy.rules.map((rule, index) => (
          <li key={`${rule.match}-${index}`} className="policy-rule" data-testid="policy-rule" data-match={rule.match}>
            <span className="policy-rule-match">{rule.match === EVERY_REQUEST ? (policy.rules.length > 1 ? 'Every other request' : 'Every request') : rule.match}</span>
            <span className="policy-rule-route">→ {rule.route.map((w) => (rule.route.length === 1 ? w.version : `${w.version} ${w.weight}%`)).join(', ') || 'the service'}</span>
            {chipsOf(rule).map((chip) => (
              <span key={chip.text} className="policy-chip" data-testid={`policy-chip-${chip.tab}`}>
                <button type="button" className="link-button" disabled={readOnly || busy} onClick={() => onEdit(chip.tab, rule.match)} title="Edit in its form">
                  {chip.text}
                </button>
                <button type="button" className="button button-quiet button-small" disabled={readOnly || busy} onClick={() => onRemove(chip.tab, rule.match)} aria-label={`Remove ${chip.text}`} data-testid={`policy-remove-${chip.tab}`}>
                  Remove
                </button>
              </span>
            ))}
            {rule.match !== EVERY_REQUEST ? (
              <button type="button" className="button button-quiet button-small" disabled={readOnly || busy} onClick={() => onRemove('route', rule.match)} data-testid="policy-remove-route">
                Remove rule
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      {policy.breaker ? (
        <p className="policy-rule" data-testid="policy-breaker">
          <span className="policy-rule-match">Circuit breaker</span> {breakerText(policy.breaker)}
          <button type="button" className="button button-quiet button-small" disabled={readOnly || busy} onClick={() => onRemove('breaker', EVERY_REQUEST)} data-testid="policy-remove-breaker">
            Remove
          </button>
        </p>
      ) : null}
      {policy.tls ? <p className="policy-rule">Client TLS: {policy.tls}</p> : null}
    </div>
  );
}
