// The routing decision, as a pure function of a config snapshot and one request: which Gateway
// and VirtualService apply (at the ingress gateway, or in a sidecar for mesh-internal calls),
// which rule matches first, which weighted destination and cluster, and which faults, timeout,
// retries and header operations come with it. No I/O, no clock; randomness is a parameter.
import { durationMs } from './duration.js';
import { lookupCluster, serviceByHost, type ClusterLookup } from './endpoints.js';
import { rollFault, type FaultOutcome } from './faults.js';
import { configHost, fqdn, hostMatches, hostsIntersect, portOf, specificity, stripPort } from './host-match.js';
import type { Gateway, HeaderOperations, HttpRoute, MeshSnapshot, ObjectRef, Pod, VirtualService } from './mesh-config.js';
import { ruleMatches, type MatchContext, type MeshRequest } from './request-match.js';
import { retryPolicyFrom, type RetryPolicy } from './retry-policy.js';
import { pickWeighted, type RandomSource } from './weighted-pick.js';

export interface RoutedDecision {
  kind: 'route';
  /** Undefined for the default route a sidecar uses when no VirtualService covers the host. */
  virtualService?: ObjectRef;
  /** Envoy's %ROUTE_NAME%: the rule's name, else `default`. */
  routeName: string;
  cluster: ClusterLookup;
  fault: FaultOutcome;
  timeoutMs?: number;
  retry: RetryPolicy;
  requestHeaderOps: HeaderOperations[];
  responseHeaderOps: HeaderOperations[];
  rewrite?: { uri?: string; authority?: string };
  /** The gateway's virtual-host prefix that a `rewrite.uri` replaces (the matched uri prefix, if any). */
  matchedPrefix?: string;
}

export type RouteDecision =
  | RoutedDecision
  /** No virtual host or no rule matched: Envoy answers 404 with an empty body (flag NR). */
  | { kind: 'no-route' }
  /** `directResponse` or `redirect`. */
  | { kind: 'direct'; status: number; body: string; headers: Record<string, string>; virtualService: ObjectRef }
  /** The caller's DNS lookup fails (no such Service): the app sees a connection error, not an HTTP answer. */
  | { kind: 'unresolvable' };

export interface GatewayIdentity {
  namespace: string;
  labels: Record<string, string>;
}

const httpProtocols = new Set(['HTTP', 'HTTP2', 'GRPC', 'HTTPS']);

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function bindsGateway(vs: VirtualService, gateway: Gateway): boolean {
  return vs.gateways.some((ref) => (ref.includes('/') ? ref : `${vs.namespace}/${ref}`) === `${gateway.namespace}/${gateway.name}`);
}

/** Server hosts may be `ns/host`: the VirtualService must then live in that namespace (`.` = the gateway's, `*` = any). */
function serverAdmits(serverHost: string, gateway: Gateway, vs: VirtualService, vsHost: string, requestHost: string): boolean {
  const slash = serverHost.indexOf('/');
  const ns = slash >= 0 ? serverHost.slice(0, slash) : '*';
  const host = slash >= 0 ? serverHost.slice(slash + 1) : serverHost;
  const nsOk = ns === '*' || (ns === '.' ? gateway.namespace : ns) === vs.namespace;
  return nsOk && hostsIntersect(host, vsHost) && hostMatches(host, requestHost);
}

function byAge(a: VirtualService, b: VirtualService): number {
  return a.creationTimestamp.localeCompare(b.creationTimestamp) || `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`);
}

interface Candidate {
  vs: VirtualService;
  host: string;
  gateway: string;
}

/** Envoy picks one virtual host per request: the most specific matching domain; Istio merges gateway VirtualServices that share it. */
function bestCandidates(candidates: Candidate[], merge: boolean): Candidate[] {
  if (candidates.length === 0) return [];
  const best = Math.max(...candidates.map((c) => specificity(c.host)));
  const winners = candidates.filter((c) => specificity(c.host) === best).sort((a, b) => byAge(a.vs, b.vs));
  if (merge) {
    const host = winners[0]?.host;
    return winners.filter((c) => c.host === host);
  }
  return winners.slice(0, 1);
}

function firstMatchingRule(candidates: Candidate[], req: MeshRequest, ctx: Omit<MatchContext, 'gateway' | 'virtualServiceNamespace'>): { candidate: Candidate; rule: HttpRoute; prefix?: string } | undefined {
  for (const candidate of candidates) {
    for (const rule of candidate.vs.http) {
      const hit = ruleMatches(rule.match, req, { ...ctx, gateway: candidate.gateway, virtualServiceNamespace: candidate.vs.namespace });
      if (hit) return { candidate, rule, prefix: hit === 'all' ? undefined : hit.uri?.prefix };
    }
  }
  return undefined;
}

function decideRule(snapshot: MeshSnapshot, vs: VirtualService, rule: HttpRoute, matchedPrefix: string | undefined, random: RandomSource, callerPort: number | undefined, clientNamespace: string): RouteDecision {
  const ref = { namespace: vs.namespace, name: vs.name };
  if (rule.directResponse) {
    return { kind: 'direct', status: rule.directResponse.status, body: rule.directResponse.body?.string ?? '', headers: {}, virtualService: ref };
  }
  if (rule.redirect) {
    const location = rule.redirect.uri ?? '/';
    const headers = { location: rule.redirect.authority ? `http://${rule.redirect.authority}${location}` : location };
    return { kind: 'direct', status: rule.redirect.redirectCode ?? 301, body: '', headers, virtualService: ref };
  }
  const routes = rule.route ?? [];
  const index = pickWeighted(routes.map((r) => r.weight), random);
  const chosen = routes[index];
  const cluster: ClusterLookup = chosen
    ? lookupCluster(snapshot, configHost(chosen.destination.host, vs.namespace), { port: chosen.destination.port?.number, callerPort, subset: chosen.destination.subset, clientNamespace })
    : { ok: false, reason: 'unknown-service' };
  return {
    kind: 'route',
    virtualService: ref,
    routeName: rule.name ?? 'default',
    cluster,
    fault: rollFault(rule.fault, random),
    timeoutMs: durationMs(rule.timeout) || undefined,
    retry: retryPolicyFrom(rule.retries),
    requestHeaderOps: [rule.headers?.request, chosen?.headers?.request].filter((o): o is HeaderOperations => o !== undefined),
    responseHeaderOps: [rule.headers?.response, chosen?.headers?.response].filter((o): o is HeaderOperations => o !== undefined),
    rewrite: rule.rewrite,
    matchedPrefix,
  };
}

/** Routing at the ingress gateway whose pods carry `gateway.labels`. */
export function routeAtGateway(snapshot: MeshSnapshot, gateway: GatewayIdentity, req: MeshRequest, random: RandomSource): RouteDecision {
  const requestHost = stripPort(req.authority);
  const candidates: Candidate[] = [];
  for (const gw of snapshot.gateways) {
    if (!selects(gw.selector, gateway.labels)) continue;
    const servers = gw.servers.filter((s) => httpProtocols.has(s.port.protocol));
    for (const vs of snapshot.virtualServices) {
      if (!bindsGateway(vs, gw)) continue;
      for (const vsHostRaw of vs.hosts) {
        const vsHost = configHost(vsHostRaw, vs.namespace);
        if (!hostMatches(vsHost, requestHost)) continue;
        if (servers.some((s) => s.hosts.some((h) => serverAdmits(h, gw, vs, vsHost, requestHost)))) {
          candidates.push({ vs, host: vsHost, gateway: `${gw.namespace}/${gw.name}` });
        }
      }
    }
  }
  const unique = candidates.filter((c, i) => candidates.findIndex((o) => o.vs === c.vs && o.host === c.host) === i);
  const hit = firstMatchingRule(bestCandidates(unique, true), req, {});
  if (!hit) return { kind: 'no-route' };
  return decideRule(snapshot, hit.candidate.vs, hit.rule, hit.prefix, random, undefined, hit.candidate.vs.namespace);
}

function boundToMesh(vs: VirtualService): boolean {
  return vs.gateways.length === 0 || vs.gateways.includes('mesh');
}

/**
 * Routing of a call a pod makes to `req.authority` (e.g. `reviews:9080`). With a sidecar, mesh
 * VirtualServices apply; without one the call goes straight through kube-proxy to any ready pod.
 */
export function routeFromPod(snapshot: MeshSnapshot, source: Pod, req: MeshRequest, random: RandomSource): RouteDecision {
  const host = fqdn(stripPort(req.authority), source.namespace);
  const port = portOf(req.authority) ?? 80;
  const service = serviceByHost(snapshot, host);
  if (!service) return { kind: 'unresolvable' };
  if (source.hasSidecar) {
    const candidates: Candidate[] = snapshot.virtualServices
      .filter(boundToMesh)
      .flatMap((vs) => vs.hosts.map((h) => ({ vs, host: configHost(h, vs.namespace), gateway: 'mesh' })))
      .filter((c) => hostMatches(c.host, host));
    const winners = bestCandidates(candidates, false);
    if (winners.length > 0) {
      const hit = firstMatchingRule(winners, req, { port, sourceLabels: source.labels, sourceNamespace: source.namespace });
      if (!hit) return { kind: 'no-route' };
      return decideRule(snapshot, hit.candidate.vs, hit.rule, hit.prefix, random, port, source.namespace);
    }
  }
  // A port the Service does not serve has no kube-proxy rule and no outbound listener: nothing to route to.
  const cluster: ClusterLookup = service.ports.some((p) => p.port === port) ? lookupCluster(snapshot, host, { callerPort: port, clientNamespace: source.namespace }) : { ok: false, reason: 'unknown-port' };
  return {
    kind: 'route',
    routeName: 'default',
    cluster,
    fault: {},
    // kube-proxy neither retries nor times out; a sidecar's default route retries like Istio's default policy.
    retry: source.hasSidecar ? retryPolicyFrom(undefined) : { retries: 0, retryOn: new Set(), retriableStatusCodes: [] },
    requestHeaderOps: [],
    responseHeaderOps: [],
  };
}
