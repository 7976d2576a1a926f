// From the contract's words to the model and back: a PolicyChangeInfo (durations, matches as the
// CLI writes them) becomes a PolicyChange, each word checked with policy-args.ts; a policy becomes
// the rules, breaker and TLS a face lists. Pure.

import { AppError, type PolicyChangeInfo, type PolicyRuleInfo, type ServicePolicyInfo } from '../contract';
import { formatMatch, parseDuration, parseMatch, parseRetryOn } from './policy-args';
import type { BreakerSettings, PolicyChange } from './policy-changes';
import { shareOf } from './policy-objects';
import type { HttpRule, ServicePolicy } from './policy-types';

function needs(value: unknown, message: string): void {
  if (value === undefined) throw new AppError('INVALID_ARGUMENT', message);
}

function breakerOf(info: PolicyChangeInfo): BreakerSettings {
  const settings: BreakerSettings = {};
  const { maxConnections, http1MaxPendingRequests, maxRequestsPerConnection, consecutive5xxErrors, maxEjectionPercent } = info;
  Object.assign(settings, Object.fromEntries(Object.entries({ maxConnections, http1MaxPendingRequests, maxRequestsPerConnection, consecutive5xxErrors, maxEjectionPercent }).filter(([, v]) => v !== undefined)));
  if (info.interval !== undefined) settings.interval = parseDuration(info.interval, '--interval');
  if (info.baseEjectionTime !== undefined) settings.baseEjectionTime = parseDuration(info.baseEjectionTime, '--ejection');
  return settings;
}

/** The change the words ask for; INVALID_ARGUMENT (saying what to type) for words that are not one. */
export function changeOf(info: PolicyChangeInfo): PolicyChange {
  const match = info.match !== undefined ? { match: parseMatch(info.match) } : {};
  const percent = info.percent ?? 100;
  switch (info.kind) {
    case 'route':
      needs(info.match, 'A route needs --match, e.g. meshdeck route reviews --match header:end-user=jason --to v2.');
      needs(info.to ?? info.toWeights, 'A route needs --to VERSION (or --to v1=50,v3=50), e.g. --to v2.');
      return { kind: 'route', match: parseMatch(info.match as string), to: info.toWeights ?? (info.to as string), ...(info.otherwise !== undefined ? { otherwise: info.otherwise } : {}) };
    case 'fault':
      return {
        kind: 'fault',
        ...match,
        ...(info.delay !== undefined ? { delay: { fixedDelay: parseDuration(info.delay, '--delay'), percent } } : {}),
        ...(info.abort !== undefined ? { abort: { httpStatus: info.abort, percent } } : {}),
      };
    case 'timeout':
      needs(info.timeout, 'A timeout needs a duration, e.g. meshdeck timeout reviews 0.5s.');
      return { kind: 'timeout', ...match, timeout: parseDuration(info.timeout as string, 'The timeout') };
    case 'retry':
      needs(info.attempts, 'Retries need --attempts N, e.g. meshdeck retry ratings --attempts 3 --per-try 2s.');
      return {
        kind: 'retry',
        ...match,
        attempts: info.attempts as number,
        ...(info.perTryTimeout !== undefined ? { perTryTimeout: parseDuration(info.perTryTimeout, '--per-try') } : {}),
        ...(info.retryOn !== undefined ? { retryOn: parseRetryOn(info.retryOn) } : {}),
      };
    case 'breaker':
      return { kind: 'breaker', settings: breakerOf(info) };
    case 'tls':
      needs(info.tls, 'Say which TLS mode, e.g. ISTIO_MUTUAL.');
      return { kind: 'tls', mode: info.tls as NonNullable<PolicyChangeInfo['tls']> };
    case 'clear':
      needs(info.clear, 'Say what to clear: fault, timeout, retry, breaker, route, tls or all.');
      return { kind: 'clear', what: info.clear as NonNullable<PolicyChangeInfo['clear']>, ...match };
  }
}

function ruleInfo(rule: HttpRule): PolicyRuleInfo {
  const info: PolicyRuleInfo = { match: formatMatch(rule.match), route: shareOf(rule.route) };
  const { delay, abort } = rule.fault ?? {};
  if (delay?.fixedDelay !== undefined) info.delay = { fixedDelay: delay.fixedDelay, percent: delay.percentage?.value ?? 100 };
  if (abort?.httpStatus !== undefined) info.abort = { httpStatus: abort.httpStatus, percent: abort.percentage?.value ?? 100 };
  if (rule.timeout !== undefined) info.timeout = rule.timeout;
  if (rule.retries) {
    const { attempts, perTryTimeout, retryOn } = rule.retries;
    info.retries = { attempts, ...(perTryTimeout !== undefined ? { perTryTimeout } : {}), ...(retryOn !== undefined ? { retryOn } : {}) };
  }
  return info;
}

/** The rules, breaker and TLS of a policy, as a face lists them. */
export function describePolicy(policy: ServicePolicy): Pick<ServicePolicyInfo, 'rules' | 'breaker' | 'tls'> {
  const { connectionPool, outlierDetection, tls } = policy.trafficPolicy;
  const breaker = {
    ...(connectionPool?.tcp?.maxConnections !== undefined ? { maxConnections: connectionPool.tcp.maxConnections } : {}),
    ...(connectionPool?.http?.http1MaxPendingRequests !== undefined ? { http1MaxPendingRequests: connectionPool.http.http1MaxPendingRequests } : {}),
    ...(connectionPool?.http?.maxRequestsPerConnection !== undefined ? { maxRequestsPerConnection: connectionPool.http.maxRequestsPerConnection } : {}),
    ...(outlierDetection ?? {}),
  } as NonNullable<ServicePolicyInfo['breaker']>;
  return { rules: policy.http.map(ruleInfo), ...(Object.keys(breaker).length > 0 ? { breaker } : {}), ...(tls ? { tls: tls.mode } : {}) };
}
