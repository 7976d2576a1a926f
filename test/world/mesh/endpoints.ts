// Service discovery as istiod computes it for Envoy: a destination host (FQDN) and port to a
// Service, a subset name to DestinationRule labels, and those to the ready pods behind them
// (an EDS cluster such as `outbound|9080|v1|reviews.default.svc.cluster.local`). It neither
// picks one endpoint nor routes.
import { clusterDomain, configHost, hostMatches, specificity } from './host-match.js';
import type { DestinationRule, MeshSnapshot, Pod, Service, ServicePort, TrafficPolicy } from './mesh-config.js';

export interface Endpoint {
  pod: Pod;
  /** The pod port the Service's targetPort resolves to. */
  port: number;
}

export interface Cluster {
  name: string;
  host: string;
  service: Service;
  servicePort: ServicePort;
  subset?: string;
  endpoints: Endpoint[];
  /** The DestinationRule's trafficPolicy, with the subset's fields over it (Istio's MergeTrafficPolicy); {} when none. */
  trafficPolicy: TrafficPolicy;
}

export type ClusterLookup = { ok: true; cluster: Cluster } | { ok: false; reason: 'unknown-service' | 'unknown-port' | 'unknown-subset' };

export function serviceByHost(snapshot: MeshSnapshot, host: string): Service | undefined {
  return snapshot.services.find((s) => `${s.name}.${s.namespace}.${clusterDomain}` === host);
}

/** The DestinationRule that applies to a host: exact host first, then the most specific wildcard; the oldest wins ties. */
export function destinationRuleFor(snapshot: MeshSnapshot, host: string, preferNamespace: string): DestinationRule | undefined {
  const candidates = snapshot.destinationRules
    .map((dr) => ({ dr, pattern: configHost(dr.host, dr.namespace) }))
    .filter(({ pattern }) => hostMatches(pattern, host));
  candidates.sort((a, b) =>
    specificity(b.pattern) - specificity(a.pattern)
    || Number(b.dr.namespace === preferNamespace) - Number(a.dr.namespace === preferNamespace)
    || a.dr.creationTimestamp.localeCompare(b.dr.creationTimestamp)
    || `${a.dr.namespace}/${a.dr.name}`.localeCompare(`${b.dr.namespace}/${b.dr.name}`));
  return candidates[0]?.dr;
}

function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function targetPortOf(pod: Pod, servicePort: ServicePort): number {
  if (typeof servicePort.targetPort === 'number') return servicePort.targetPort;
  const named = pod.containers.flatMap((c) => c.ports).find((p) => p.name === servicePort.targetPort);
  const numeric = Number(servicePort.targetPort);
  return named?.containerPort ?? (Number.isFinite(numeric) && numeric > 0 ? numeric : servicePort.port);
}

/** Ready, not terminating pods selected by the Service (and the subset labels, if any). */
export function readyEndpoints(snapshot: MeshSnapshot, service: Service, servicePort: ServicePort, subsetLabels: Record<string, string> = {}): Endpoint[] {
  // A Service without a selector has hand-made Endpoints; the world never serves those.
  if (Object.keys(service.selector).length === 0) return [];
  return snapshot.pods
    .filter((p) => p.namespace === service.namespace && p.ready && !p.deleting && p.podIP !== '' && labelsMatch(service.selector, p.labels) && labelsMatch(subsetLabels, p.labels))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((pod) => ({ pod, port: targetPortOf(pod, servicePort) }));
}

/**
 * Port choice: the explicit destination port, else the port the caller used (sidecars), else
 * the Service's only (or first) port.
 */
export function lookupCluster(snapshot: MeshSnapshot, host: string, options: { port?: number; callerPort?: number; subset?: string; clientNamespace: string }): ClusterLookup {
  const service = serviceByHost(snapshot, host);
  if (!service) return { ok: false, reason: 'unknown-service' };
  const wanted = options.port ?? options.callerPort;
  const servicePort = wanted !== undefined ? service.ports.find((p) => p.port === wanted) : service.ports[0];
  const chosen = servicePort ?? (options.port === undefined && service.ports.length === 1 ? service.ports[0] : undefined);
  if (!chosen) return { ok: false, reason: 'unknown-port' };
  let subsetLabels: Record<string, string> = {};
  const dr = destinationRuleFor(snapshot, host, options.clientNamespace);
  let trafficPolicy: TrafficPolicy = dr?.trafficPolicy ?? {};
  if (options.subset !== undefined) {
    const subset = dr?.subsets.find((s) => s.name === options.subset);
    // Istio builds no cluster for an undefined subset, so Envoy answers "cluster not found".
    if (!subset) return { ok: false, reason: 'unknown-subset' };
    subsetLabels = subset.labels;
    // Each top-level field the subset sets replaces the rule's (pilot's MergeTrafficPolicy).
    trafficPolicy = { ...trafficPolicy, ...Object.fromEntries(Object.entries(subset.trafficPolicy ?? {}).filter(([, v]) => v !== undefined)) };
  }
  return {
    ok: true,
    cluster: {
      name: `outbound|${chosen.port}|${options.subset ?? ''}|${host}`,
      host,
      service,
      servicePort: chosen,
      subset: options.subset,
      endpoints: readyEndpoints(snapshot, service, chosen, subsetLabels),
      trafficPolicy,
    },
  };
}
