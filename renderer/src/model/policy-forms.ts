// The Policies panel's forms as text fields (kept as typed) and the contract change each one
// asks for. Numbers are read here only to send them; every word (durations, matches, retry
// conditions) travels as the CLI writes it and the core checks it, so the panel's refusals read
// like the CLI's.

import type { CLEAR_WHAT, PolicyChangeInfo, PolicyRuleInfo, ServicePolicyInfo, WeightInfo } from '../../../core/contract';

export const POLICY_TABS = ['fault', 'timeout', 'retry', 'breaker', 'route'] as const;
export type PolicyTab = (typeof POLICY_TABS)[number];

export const TAB_LABELS: Record<PolicyTab, string> = { fault: 'Fault', timeout: 'Timeout', retry: 'Retries', breaker: 'Circuit breaker', route: 'Routing rule' };

/** What the default route's rule is called in PolicyRuleInfo.match. */
export const EVERY_REQUEST = 'every request';

export type PolicyFields = Record<string, string>;

export const FIELD_NAMES: Record<PolicyTab, readonly string[]> = {
  fault: ['match', 'delay', 'abort', 'percent'],
  timeout: ['match', 'timeout'],
  retry: ['match', 'attempts', 'perTryTimeout', 'retryOn'],
  breaker: ['maxConnections', 'http1MaxPendingRequests', 'maxRequestsPerConnection', 'consecutive5xxErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent'],
  route: ['match', 'to', 'otherwise'],
};

const NUMBER_FIELDS = new Set(['abort', 'percent', 'attempts', 'maxConnections', 'http1MaxPendingRequests', 'maxRequestsPerConnection', 'consecutive5xxErrors', 'maxEjectionPercent']);

/** A field's text as a number when it is one (else the text itself, so the core's schema names the field and what it expects). */
function valueOf(name: string, text: string): string | number {
  if (!NUMBER_FIELDS.has(name)) return text;
  const number = Number(text);
  return text !== '' && Number.isFinite(number) ? number : text;
}

/** `v1=50,v3=50` as weights; undefined when the text is a single version. */
function weightsOf(text: string): WeightInfo[] | undefined {
  if (!text.includes('=')) return undefined;
  return text.split(',').map((part) => {
    const [version = '', weight = ''] = part.split('=').map((word) => word.trim());
    return { version, weight: Number(weight) };
  });
}

/** The change a form asks for: blank fields are left out. */
export function changeOf(tab: PolicyTab, fields: PolicyFields): PolicyChangeInfo {
  const change: Record<string, unknown> = { kind: tab };
  for (const name of FIELD_NAMES[tab]) {
    const text = (fields[name] ?? '').trim();
    if (text === '') continue;
    if (tab === 'route' && name === 'to') {
      const weights = weightsOf(text);
      if (weights) change['toWeights'] = weights;
      else change['to'] = text;
      continue;
    }
    change[name] = valueOf(name, text);
  }
  // Only the schema can say a word is wrong; this shape is what it checks.
  return change as PolicyChangeInfo;
}

/** The change that removes one policy (of one rule when `match` is a rule's). */
export function clearOf(what: (typeof CLEAR_WHAT)[number], match?: string): PolicyChangeInfo {
  return { kind: 'clear', clear: what, ...(match !== undefined && match !== EVERY_REQUEST ? { match } : {}) };
}

function ruleFor(policy: ServicePolicyInfo, match: string | undefined): PolicyRuleInfo | undefined {
  const wanted = match === undefined || match === '' ? EVERY_REQUEST : match;
  return policy.rules.find((rule) => rule.match === wanted);
}

/** The fields that show a rule's policy of this tab, to edit it in place. */
export function fieldsFrom(tab: PolicyTab, policy: ServicePolicyInfo, match: string): PolicyFields {
  const rule = ruleFor(policy, match);
  const ruleMatch = match === EVERY_REQUEST ? '' : match;
  switch (tab) {
    case 'fault':
      return { match: ruleMatch, delay: rule?.delay?.fixedDelay ?? '', abort: rule?.abort ? String(rule.abort.httpStatus) : '', percent: String(rule?.delay?.percent ?? rule?.abort?.percent ?? 100) };
    case 'timeout':
      return { match: ruleMatch, timeout: rule?.timeout ?? '' };
    case 'retry':
      return { match: ruleMatch, attempts: rule?.retries ? String(rule.retries.attempts) : '', perTryTimeout: rule?.retries?.perTryTimeout ?? '', retryOn: rule?.retries?.retryOn ?? '' };
    case 'breaker':
      return Object.fromEntries(FIELD_NAMES.breaker.map((name) => [name, String((policy.breaker as Record<string, unknown> | undefined)?.[name] ?? '')]));
    case 'route':
      return { match: ruleMatch, to: rule ? rule.route.map((w) => (rule.route.length === 1 ? w.version : `${w.version}=${w.weight}`)).join(',') : '', otherwise: '' };
  }
}
