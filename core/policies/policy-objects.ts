// A service's policy to and from its two Istio objects: the DestinationRule and VirtualService
// named after the service and labelled as MeshDeck's (the same pair traffic shifting writes). The
// read keeps every field MeshDeck does not model and the write puts it back, so composing a change
// never loses what was there. Pure; validated with @kubernetes-models/istio. Reading and applying
// the objects in a cluster is core/kube's job.

import { AppError, evenSplit, toWeightInfos, type WeightInfo } from '../contract';
import { validateIstioObject } from '../gateways/istio-validation';
import { serviceHost, type DestinationRuleObject, type KubeObject, type VirtualServiceObject } from '../kube';
import type { HttpRule, RouteDestination, ServicePolicy, Subset, TrafficPolicy } from './policy-types';

export const MANAGED_BY = { key: 'app.kubernetes.io/managed-by', value: 'meshdeck' } as const;
export const ISTIO_NETWORKING_API = 'networking.istio.io/v1';
/** Where the workloads' version is read from when the caller does not say (Bookinfo's label). */
export const DEFAULT_VERSION_LABEL = 'version';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export interface PolicyObjects {
  destinationRule: DestinationRuleObject;
  virtualService: VirtualServiceObject;
}

export interface PolicySource {
  service: string;
  namespace: string;
  /** Every version of the service (from its workloads): each has a subset. */
  versions: readonly string[];
  /** The label key the workloads carry their version under; default `version`. */
  versionLabel?: string;
  virtualService?: KubeObject | undefined;
  destinationRule?: KubeObject | undefined;
}

/** Nobody (no object), MeshDeck (our managed-by label) or someone else. */
export function ownerOf(object: KubeObject | undefined): 'none' | 'meshdeck' | 'foreign' {
  if (!object) return 'none';
  return object.metadata?.labels?.[MANAGED_BY.key] === MANAGED_BY.value ? 'meshdeck' : 'foreign';
}

/** The route entries of a split: versions at weight 0 leave the route; a lone one keeps its weight as given. */
export function splitRoute(service: string, weights: readonly WeightInfo[]): RouteDestination[] {
  return weights.filter((w) => w.weight > 0).map((w) => ({ destination: { host: service, subset: w.version }, weight: w.weight }));
}

/** One destination taking everything, written as upstream's task files do (no weight). */
export function toVersion(service: string, version: string): RouteDestination[] {
  return [{ destination: { host: service, subset: version } }];
}

/**
 * Where requests go when no VirtualService says: Kubernetes spreads them over every pod, so the
 * default route MeshDeck starts from is an even split over the versions (a lone version alone).
 */
export function evenRoute(service: string, versions: readonly string[]): RouteDestination[] {
  if (versions.length === 1) return toVersion(service, versions[0] as string);
  return splitRoute(service, toWeightInfos(evenSplit(versions)));
}

/** The policy the live objects (either may be missing) describe, with a subset for every version. */
export function readPolicy(source: PolicySource): ServicePolicy {
  const { service, namespace, versions } = source;
  const versionLabel = source.versionLabel ?? DEFAULT_VERSION_LABEL;
  const vsSpec = record(source.virtualService?.['spec']) ?? {};
  const drSpec = record(source.destinationRule?.['spec']) ?? {};
  const { http, ...virtualServiceExtra } = structuredClone(vsSpec);
  const { host: _host, subsets, trafficPolicy, ...destinationRuleExtra } = structuredClone(drSpec);
  const rules = Array.isArray(http) && http.length > 0 ? (http as HttpRule[]) : [{ route: evenRoute(service, versions) }];
  const written = Array.isArray(subsets) ? (subsets as Subset[]).filter((s) => typeof record(s)?.['name'] === 'string') : [];
  const missing = versions.filter((version) => !written.some((s) => s.name === version)).map((version) => ({ name: version, labels: { [versionLabel]: version } }));
  return {
    service,
    namespace,
    http: rules,
    subsets: [...written, ...missing],
    trafficPolicy: (record(trafficPolicy) ?? {}) as TrafficPolicy,
    virtualServiceExtra,
    destinationRuleExtra,
  };
}

/** The DestinationRule and VirtualService for the policy, validated; INVALID_ARGUMENT names what does not fit. */
export function policyObjects(policy: ServicePolicy): PolicyObjects {
  const { service, namespace } = policy;
  const problems: string[] = [];
  if (!DNS_LABEL.test(service)) problems.push(`"${service}" is not a service name (lowercase letters, digits and -).`);
  if (!DNS_LABEL.test(namespace)) problems.push(`"${namespace}" is not a namespace name (lowercase letters, digits and -).`);
  if (problems.length > 0) throw new AppError('INVALID_ARGUMENT', `The routing for ${service} cannot be written. ${problems.join(' ')}`, { service, namespace, problems });
  const metadata = () => ({ name: service, namespace, labels: { [MANAGED_BY.key]: MANAGED_BY.value } });
  const trafficPolicy = Object.keys(policy.trafficPolicy).length > 0 ? { trafficPolicy: structuredClone(policy.trafficPolicy) } : {};
  const destinationRule = {
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'DestinationRule',
    metadata: metadata(),
    spec: { host: serviceHost(service, namespace), subsets: structuredClone(policy.subsets), ...trafficPolicy, ...structuredClone(policy.destinationRuleExtra) },
  } as DestinationRuleObject;
  const virtualService = {
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'VirtualService',
    metadata: metadata(),
    spec: { hosts: [service], ...structuredClone(policy.virtualServiceExtra), http: structuredClone(policy.http) },
  } as VirtualServiceObject;
  validateIstioObject(destinationRule);
  validateIstioObject(virtualService);
  return { destinationRule, virtualService };
}

/** The index of the default route: the last rule, when it has no match; -1 when every rule matches something. */
export function defaultRuleIndex(policy: ServicePolicy): number {
  const last = policy.http.length - 1;
  return last >= 0 && isMatchAll(policy.http[last] as HttpRule) ? last : -1;
}

/** A rule with no match (or an empty condition) takes every request that reaches it. */
export function isMatchAll(rule: HttpRule): boolean {
  return rule.match === undefined || rule.match.length === 0 || rule.match.some((condition) => Object.keys(condition).length === 0);
}

/** Istio sends weight/total to each destination: whole percentages for display (largest remainder), the weights kept as written. */
export function shareOf(route: readonly RouteDestination[]): WeightInfo[] {
  const raw = route.map((r) => (route.length === 1 ? (r.weight ?? 100) : (r.weight ?? 0)));
  const total = raw.reduce((a, b) => a + b, 0);
  if (total <= 0) return route.map((r) => ({ version: r.destination.subset ?? r.destination.host, weight: 0 }));
  const exact = raw.map((w) => (w * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((value, i) => ({ i, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] as number) + 1;
    left--;
  }
  return route.map((r, i) => ({ version: r.destination.subset ?? r.destination.host, weight: floors[i] as number }));
}

export function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
