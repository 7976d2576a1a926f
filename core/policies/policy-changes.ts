// One change to a service's policy, composed with what is there: a split moves the default route
// and keeps every fault, timeout, retry and rule; a fault, timeout or retry lands on the rule its
// --match names (created before the default route, routed like it) or on the default route; a
// clear removes one kind of policy and nothing else. Pure: read → change → write is
// policy-objects.ts on either side. Refusals are INVALID_ARGUMENT saying what to type instead.

import { AppError, checkSplit, type ErrorDetails, type HeaderRouteInfo, type WeightInfo } from '../contract';
import { sameJson } from '../traffic/routing-yaml';
import { matchesEverything, shadowing } from './policy-args';
import { defaultRuleIndex, evenRoute, isMatchAll, splitRoute, toVersion } from './policy-objects';
import type { Clearable, HttpRule, MatchCondition, ServicePolicy, TlsMode, TrafficPolicy } from './policy-types';

export interface BreakerSettings {
  maxConnections?: number;
  http1MaxPendingRequests?: number;
  maxRequestsPerConnection?: number;
  consecutive5xxErrors?: number;
  interval?: string;
  baseEjectionTime?: string;
  maxEjectionPercent?: number;
}

export type PolicyChange =
  | { kind: 'split'; weights: WeightInfo[]; headerRoute?: HeaderRouteInfo | null }
  | { kind: 'route'; match: MatchCondition[]; to: string | WeightInfo[]; otherwise?: string }
  | { kind: 'fault'; match?: MatchCondition[]; delay?: { fixedDelay: string; percent: number }; abort?: { httpStatus: number; percent: number } }
  | { kind: 'timeout'; match?: MatchCondition[]; timeout: string }
  | { kind: 'retry'; match?: MatchCondition[]; attempts: number; perTryTimeout?: string; retryOn?: string }
  | { kind: 'breaker'; settings: BreakerSettings }
  | { kind: 'tls'; mode: TlsMode }
  | { kind: 'clear'; what: Clearable; match?: MatchCondition[] };

/** The per-rule policies a clear of `what` takes off a rule. */
const RULE_FIELDS: Partial<Record<Clearable, readonly string[]>> = { fault: ['fault'], timeout: ['timeout'], retry: ['retries'], all: ['fault', 'timeout', 'retries'] };

function refuse(message: string, details: ErrorDetails = {}): AppError {
  return new AppError('INVALID_ARGUMENT', message, details);
}

function checkMatch(match: readonly MatchCondition[], service: string): void {
  if (match.length === 0 || match.some(matchesEverything)) throw shadowing(match, service);
}

function checkVersion(version: string, versions: readonly string[], service: string, flag: string): void {
  if (!versions.includes(version)) throw refuse(`${flag} ${version}: "${version}" is not a version of ${service}; its versions are ${versions.join(', ') || 'none'}. Type one of them, e.g. ${flag} ${versions[0] ?? 'v1'}.`, { service, version });
}

/** The default route's index, appended (routed like Kubernetes would) when every rule has a match. */
function ensureDefault(policy: ServicePolicy, versions: readonly string[]): number {
  const index = defaultRuleIndex(policy);
  if (index >= 0) return index;
  policy.http.push({ route: evenRoute(policy.service, versions) });
  return policy.http.length - 1;
}

/** The rule a --match names (made before the default route, routed like it, when there is none) or the default route. */
function ruleFor(policy: ServicePolicy, match: readonly MatchCondition[] | undefined, versions: readonly string[]): HttpRule {
  const fallback = ensureDefault(policy, versions);
  if (match === undefined) return policy.http[fallback] as HttpRule;
  checkMatch(match, policy.service);
  const found = policy.http.find((rule) => rule.match !== undefined && sameJson(rule.match, match));
  if (found) return found;
  const rule: HttpRule = { match: structuredClone([...match]), route: structuredClone((policy.http[fallback] as HttpRule).route) };
  policy.http.splice(fallback, 0, rule);
  return rule;
}

/** The lone "header exact → one version" rule the Traffic screen shows beside the sliders (and nothing else matching). */
function plainHeaderRule(policy: ServicePolicy): number {
  const matching = policy.http.map((rule, i) => ({ rule, i })).filter(({ rule }) => !isMatchAll(rule));
  if (matching.length !== 1) return -1;
  const { rule, i } = matching[0] as { rule: HttpRule; i: number };
  const condition = rule.match?.length === 1 ? rule.match[0] : undefined;
  const plain = Object.keys(rule).every((k) => k === 'match' || k === 'route') && rule.route.length === 1;
  const headers = Object.values(condition?.headers ?? {});
  return plain && condition && Object.keys(condition).length === 1 && headers.length === 1 && 'exact' in (headers[0] as object) ? i : -1;
}

/** The header rule the sliders show beside the split (and send back with every move), if there is one. */
export function plainHeaderRoute(policy: ServicePolicy): HeaderRouteInfo | undefined {
  const index = plainHeaderRule(policy);
  const rule = policy.http[index];
  const [header, match] = Object.entries(rule?.match?.[0]?.headers ?? {})[0] ?? [];
  const version = rule?.route[0]?.destination.subset;
  return header !== undefined && match !== undefined && 'exact' in match && version !== undefined ? { header, value: match.exact, version } : undefined;
}

/**
 * A weight change: the default route takes the weights; rules routed like the old default follow
 * it; every other rule stays. The sliders also say their header rule: set it, or (null) remove the
 * lone plain one they showed; `meshdeck shift` says nothing of it, so `route --match` rules stay.
 */
function setSplit(policy: ServicePolicy, weights: readonly WeightInfo[], headerRoute: HeaderRouteInfo | null | undefined, versions: readonly string[]): void {
  const problems = checkSplit(weights, versions);
  if (problems.length > 0) throw refuse(`The routing for ${policy.service} cannot be written. ${problems.join(' ')}`, { service: policy.service, problems });
  const index = ensureDefault(policy, versions);
  const before = (policy.http[index] as HttpRule).route;
  const route = splitRoute(policy.service, weights);
  for (const rule of policy.http) if (rule !== policy.http[index] && sameJson(rule.route, before)) rule.route = structuredClone(route);
  (policy.http[index] as HttpRule).route = route;
  if (headerRoute) {
    checkVersion(headerRoute.version, versions, policy.service, '--header-route');
    const match = [{ headers: { [headerRoute.header]: { exact: headerRoute.value } } }];
    const existing = policy.http.find((rule) => rule.match !== undefined && sameJson(rule.match, match));
    if (existing) existing.route = toVersion(policy.service, headerRoute.version);
    else policy.http.unshift({ match, route: toVersion(policy.service, headerRoute.version) });
    return;
  }
  if (headerRoute === undefined) return;
  const plain = plainHeaderRule(policy);
  if (plain >= 0) policy.http.splice(plain, 1);
}

function setBreaker(policy: ServicePolicy, settings: BreakerSettings): void {
  const given = Object.values(settings).filter((v) => v !== undefined);
  if (given.length === 0) throw refuse('Give at least one circuit-breaker setting, e.g. --max-connections 1 --max-pending 1 --consecutive-5xx 1.', { service: policy.service });
  const tp: TrafficPolicy = policy.trafficPolicy;
  const { maxConnections, http1MaxPendingRequests, maxRequestsPerConnection, consecutive5xxErrors, interval, baseEjectionTime, maxEjectionPercent } = settings;
  const defined = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
  const tcp = defined({ maxConnections });
  const http = defined({ http1MaxPendingRequests, maxRequestsPerConnection });
  const outlier = defined({ consecutive5xxErrors, interval, baseEjectionTime, maxEjectionPercent });
  if (Object.keys(tcp).length + Object.keys(http).length > 0) {
    const pool = { ...tp.connectionPool };
    if (Object.keys(tcp).length > 0) pool.tcp = { ...pool.tcp, ...tcp };
    if (Object.keys(http).length > 0) pool.http = { ...pool.http, ...http };
    tp.connectionPool = pool;
  }
  if (Object.keys(outlier).length > 0) tp.outlierDetection = { ...tp.outlierDetection, ...outlier };
}

/** A rule a clear left with just its match and the default's route is the copy `--match` made: it goes. */
function dropRedundant(policy: ServicePolicy, rule: HttpRule): void {
  const index = defaultRuleIndex(policy);
  const fallback = index >= 0 ? policy.http[index] : undefined;
  const bare = Object.keys(rule).every((k) => k === 'match' || k === 'route');
  if (fallback && rule !== fallback && bare && sameJson(rule.route, fallback.route)) policy.http.splice(policy.http.indexOf(rule), 1);
}

function clear(policy: ServicePolicy, what: Clearable, match: readonly MatchCondition[] | undefined, versions: readonly string[]): void {
  const fields = RULE_FIELDS[what] ?? [];
  const rules = match === undefined ? [...policy.http] : policy.http.filter((rule) => rule.match !== undefined && sameJson(rule.match, match));
  for (const rule of rules) {
    if (!fields.some((f) => rule[f] !== undefined)) continue;
    for (const field of fields) delete rule[field];
    dropRedundant(policy, rule);
  }
  if (what === 'route' || what === 'all') {
    policy.http = policy.http.filter((rule, i) => isMatchAll(rule) && i === policy.http.length - 1);
    ensureDefault(policy, versions);
  }
  if (what === 'breaker' || what === 'all') {
    delete policy.trafficPolicy.connectionPool;
    delete policy.trafficPolicy.outlierDetection;
  }
  if (what === 'tls' || what === 'all') delete policy.trafficPolicy.tls;
}

/** The policy after `change`, a new object (the input is left as it was). `versions` are the service's. */
export function applyPolicyChange(current: ServicePolicy, change: PolicyChange, versions: readonly string[]): ServicePolicy {
  const policy = structuredClone(current);
  switch (change.kind) {
    case 'split':
      setSplit(policy, change.weights, change.headerRoute, versions);
      break;
    case 'route': {
      const { to } = change;
      if (typeof to === 'string') checkVersion(to, versions, policy.service, '--to');
      else {
        const problems = checkSplit(to, versions);
        if (problems.length > 0) throw refuse(`--to ${to.map((w) => `${w.version}=${w.weight}`).join(',')}: ${problems.join(' ')}`, { service: policy.service, problems });
      }
      if (change.otherwise !== undefined) checkVersion(change.otherwise, versions, policy.service, '--otherwise');
      ruleFor(policy, change.match, versions).route = typeof to === 'string' ? toVersion(policy.service, to) : splitRoute(policy.service, to);
      if (change.otherwise !== undefined) (policy.http[ensureDefault(policy, versions)] as HttpRule).route = toVersion(policy.service, change.otherwise);
      break;
    }
    case 'fault': {
      if (!change.delay && !change.abort) throw refuse('Give --delay DURATION or --abort STATUS (or both), e.g. --delay 7s or --abort 500.', { service: policy.service });
      const rule = ruleFor(policy, change.match, versions);
      const fault = { ...rule.fault };
      if (change.delay) fault.delay = { ...fault.delay, fixedDelay: change.delay.fixedDelay, percentage: { value: change.delay.percent } };
      if (change.abort) fault.abort = { ...fault.abort, httpStatus: change.abort.httpStatus, percentage: { value: change.abort.percent } };
      rule.fault = fault;
      break;
    }
    case 'timeout':
      ruleFor(policy, change.match, versions).timeout = change.timeout;
      break;
    case 'retry': {
      const rule = ruleFor(policy, change.match, versions);
      const { perTryTimeout, retryOn } = change;
      rule.retries = { ...rule.retries, attempts: change.attempts, ...(perTryTimeout !== undefined ? { perTryTimeout } : {}), ...(retryOn !== undefined ? { retryOn } : {}) };
      break;
    }
    case 'breaker':
      setBreaker(policy, change.settings);
      break;
    case 'tls':
      policy.trafficPolicy.tls = { ...policy.trafficPolicy.tls, mode: change.mode };
      break;
    case 'clear':
      clear(policy, change.what, change.match, versions);
      break;
  }
  return policy;
}
