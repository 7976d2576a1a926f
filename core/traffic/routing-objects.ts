// A service's routing as Istio objects: a DestinationRule with one subset per version and a
// VirtualService with the weighted split (and an optional header rule first), both named after
// the service and marked as MeshDeck's; and the way back, from a live VirtualService to weights.
// The objects come from core/policies' model (one writer for routing and policies); this file
// checks a split request and reads a live split for the sliders. Pure.

import { AppError, checkSplit, type HeaderRouteInfo, type RoutingOwner, type WeightInfo } from '../contract';
import { type DestinationRuleObject, type KubeObject, serviceHost, type VirtualServiceObject } from '../kube';
import { applyPolicyChange, DEFAULT_VERSION_LABEL, matchesEverything, ownerOf as policyOwnerOf, policyObjects, readPolicy, shareOf, type MatchCondition, type RouteDestination } from '../policies';

export { DEFAULT_VERSION_LABEL, ISTIO_NETWORKING_API, MANAGED_BY } from '../policies';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Istio matches header names in lowercase; Envoy rejects names with spaces or colons.
const HEADER_NAME = /^[a-z0-9][-a-z0-9_.]{0,99}$/;

export interface RoutingInput {
  service: string;
  namespace: string;
  /** Every version of the service: each becomes a subset, weighted or not. */
  versions: readonly string[];
  weights: readonly WeightInfo[];
  headerRoute?: HeaderRouteInfo;
  /** The label key the workloads carry their version under (see versionLabelOf); default `version`. */
  versionLabel?: string;
}

export interface RoutingObjects {
  destinationRule: DestinationRuleObject;
  virtualService: VirtualServiceObject;
}

export interface LiveRouting {
  /** The weights of a plain weighted split; null when the VirtualService is missing or shaped otherwise. */
  weights: WeightInfo[] | null;
  headerRoute?: HeaderRouteInfo;
}

/**
 * The DestinationRule (host FQDN, all versions as subsets) and VirtualService (hosts and
 * destinations by short name, as upstream's task files write them; versions at weight 0 leave
 * the route). Throws INVALID_ARGUMENT, naming every problem, for a split that is not valid.
 */
export function buildRouting(input: RoutingInput): RoutingObjects {
  const { service, namespace, versions, weights, headerRoute } = input;
  const versionLabel = input.versionLabel ?? DEFAULT_VERSION_LABEL;
  const problems = [...nameProblems(service, namespace), ...versionProblems(versions), ...checkSplit(weights, versions), ...headerRouteProblems(headerRoute, versions)];
  if (problems.length > 0) {
    throw new AppError('INVALID_ARGUMENT', `The routing for ${service} cannot be written. ${problems.join(' ')}`, { service, namespace, problems });
  }
  const change = { kind: 'split' as const, weights: [...weights], ...(headerRoute ? { headerRoute } : {}) };
  return policyObjects(applyPolicyChange(readPolicy({ service, namespace, versions, versionLabel }), change, versions));
}

/** Nobody (no object), MeshDeck (our managed-by label) or someone else. */
export function ownerOf(object: KubeObject | undefined): RoutingOwner {
  return policyOwnerOf(object);
}

/** The per-route policies core/policies writes beside a route: the sliders keep them as they are. */
const RULE_POLICIES = ['fault', 'timeout', 'retries'];

/**
 * The split a live VirtualService routes `service` by: the weights of its default route (the last
 * rule, matching everything), when every rule routes to subsets of the service and each earlier one
 * matches something narrower — the shapes buildRouting, core/policies and the upstream task files
 * produce. A lone exact header rule to one subset is the header rule shown beside the sliders.
 * Anything else gives weights null, so a face shows "custom routing" instead of a split it would
 * silently rewrite; faults, timeouts and retries stay, since a slider move composes with them.
 */
export function readRouting(vs: KubeObject | undefined, service: string, namespace: string): LiveRouting {
  const spec = record(vs?.['spec']);
  if (!spec || !onlyKeys(spec, ['hosts', 'http', 'gateways'])) return { weights: null };
  const hosts = spec['hosts'];
  if (!Array.isArray(hosts) || hosts.length !== 1 || !isServiceHost(hosts[0], service, namespace)) return { weights: null };
  const gateways = spec['gateways'];
  if (gateways !== undefined && !(Array.isArray(gateways) && gateways.every((g) => g === 'mesh'))) return { weights: null };
  const http = spec['http'];
  if (!Array.isArray(http) || http.length < 1) return { weights: null };

  const split = record(http[http.length - 1]);
  const weights = split && onlyKeys(split, ['route', ...RULE_POLICIES]) ? readSplit(split['route'], service, namespace) : null;
  if (!weights) return { weights: null };
  const earlier = http.slice(0, -1);
  if (!earlier.every((rule) => isNarrowRule(rule, service, namespace))) return { weights: null };
  const headerRoute = earlier.length === 1 ? readHeaderRoute(earlier[0], service, namespace) : undefined;
  return headerRoute ? { weights, headerRoute } : { weights };
}

/** A rule before the default route: it matches something (not everything) and routes to subsets of the service. */
function isNarrowRule(rule: unknown, service: string, namespace: string): boolean {
  const http = record(rule);
  const match = http?.['match'];
  if (!http || !onlyKeys(http, ['match', 'route', ...RULE_POLICIES]) || !Array.isArray(match) || match.length === 0) return false;
  if (match.some((condition) => !record(condition) || matchesEverything(condition as MatchCondition))) return false;
  const route = http['route'];
  return Array.isArray(route) && route.length > 0 && route.every((entry) => destinationSubset(entry, service, namespace) !== undefined);
}

function readSplit(route: unknown, service: string, namespace: string): WeightInfo[] | null {
  if (!Array.isArray(route) || route.length === 0) return null;
  const weights: WeightInfo[] = [];
  for (const entry of route) {
    const subset = destinationSubset(entry, service, namespace);
    const weight = record(entry)?.['weight'];
    if (subset === undefined) return null;
    // Upstream's single-destination files leave the weight out: that destination takes everything.
    if (weight === undefined && route.length === 1) weights.push({ version: subset, weight: 100 });
    else if (typeof weight === 'number') weights.push({ version: subset, weight });
    else return null;
  }
  const versions = weights.map((w) => w.version);
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  // Istio's weights are relative (pilot refuses only a total of 0): 3:1 shows as 75/25, and stays
  // 3:1 in the cluster until someone moves a slider.
  const shown = total > 0 && total !== 100 && weights.every((w) => Number.isInteger(w.weight) && w.weight >= 0) ? shareOf(route as RouteDestination[]) : weights;
  return checkSplit(shown, versions).length === 0 ? shown : null;
}

function readHeaderRoute(rule: unknown, service: string, namespace: string): HeaderRouteInfo | undefined {
  const http = record(rule);
  if (!http || !onlyKeys(http, ['match', 'route'])) return undefined;
  const match = http['match'];
  const route = http['route'];
  if (!Array.isArray(match) || match.length !== 1 || !Array.isArray(route) || route.length !== 1) return undefined;
  const condition = record(match[0]);
  const headers = record(condition?.['headers']);
  if (!condition || !headers || !onlyKeys(condition, ['headers'])) return undefined;
  const names = Object.keys(headers);
  const exact = record(headers[names[0] ?? '']);
  if (names.length !== 1 || !exact || !onlyKeys(exact, ['exact']) || typeof exact['exact'] !== 'string') return undefined;
  const weight = record(route[0])?.['weight'];
  const version = destinationSubset(route[0], service, namespace);
  if (version === undefined || (weight !== undefined && weight !== 100)) return undefined;
  return { header: names[0] as string, value: exact['exact'], version };
}

/** The subset of a route entry `{destination: {host, subset}, weight?}` that targets the service. */
function destinationSubset(entry: unknown, service: string, namespace: string): string | undefined {
  const route = record(entry);
  const destination = record(route?.['destination']);
  if (!route || !destination || !onlyKeys(route, ['destination', 'weight']) || !onlyKeys(destination, ['host', 'subset'])) return undefined;
  const subset = destination['subset'];
  return isServiceHost(destination['host'], service, namespace) && typeof subset === 'string' && subset !== '' ? subset : undefined;
}

/** Istio resolves a short host in the VirtualService's own namespace, so these all name the service. */
function isServiceHost(host: unknown, service: string, namespace: string): boolean {
  return typeof host === 'string' && [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, serviceHost(service, namespace)].includes(host);
}

function nameProblems(service: string, namespace: string): string[] {
  const problems: string[] = [];
  if (!DNS_LABEL.test(service)) problems.push(`"${service}" is not a service name (lowercase letters, digits and -).`);
  if (!DNS_LABEL.test(namespace)) problems.push(`"${namespace}" is not a namespace name (lowercase letters, digits and -).`);
  return problems;
}

function versionProblems(versions: readonly string[]): string[] {
  const repeated = versions.filter((version, i) => versions.indexOf(version) !== i);
  return repeated.length > 0 ? [`The versions ${[...new Set(repeated)].join(', ')} are listed more than once; each version is one subset.`] : [];
}

function headerRouteProblems(headerRoute: HeaderRouteInfo | undefined, versions: readonly string[]): string[] {
  if (!headerRoute) return [];
  const problems: string[] = [];
  if (!HEADER_NAME.test(headerRoute.header)) problems.push(`"${headerRoute.header}" is not a header name Istio can match: use lowercase letters, digits and -, such as end-user.`);
  if (headerRoute.value === '' || /[\r\n]/.test(headerRoute.value)) problems.push('The header value must be one non-empty line, such as jason.');
  if (!versions.includes(headerRoute.version)) problems.push(`The header rule sends requests to "${headerRoute.version}", which is not a version of this service; its versions are ${versions.join(', ') || 'none'}.`);
  return problems;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key) || value[key] === undefined);
}
