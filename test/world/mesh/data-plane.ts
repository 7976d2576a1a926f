// The mesh as a whole, given a way to read the current config snapshot: requests entering at the
// ingress gateway, calls workloads make from their pods (through their sidecar when they have
// one), the in-process workloads answering, and an access-log line from every istio-proxy that
// saw the request. It holds no sockets and no informers; index.ts wires those.
import { randomUUID } from 'node:crypto';
import { formatAccessLog, type AccessLogEntry } from './access-log.js';
import type { OutboundRequest, OutboundResult, PodHandler } from '../pod-network.js';
import { serviceByHost, type Endpoint } from './endpoints.js';
import { fqdn, portOf, stripPort } from './host-match.js';
import type { MeshSnapshot, ObjectRef, Pod } from './mesh-config.js';
import { runRoute, type ProxyDeps, type ProxyOutcome, type Upstream } from './proxy.js';
import { ClusterResilience } from './cluster-resilience.js';
import { clientTransport, gatewayVerdict, inboundVerdict, type ClientTransport } from './transport-security.js';
import type { MeshRequest } from './request-match.js';
import { endpointMetadataOf, identityOf, MeshStats, serviceIdentity, type PeerIdentity, type ServiceIdentity } from './istio-stats.js';
import { routeAtGateway, routeFromPod, type GatewayIdentity, type RouteDecision } from './route-table.js';
import { defaultCatalog } from './workload-catalog.js';
import { ClientTimeoutError, ConnectionError, ConnectionResetError, type CallOptions, type WorkloadCatalog, type WorkloadHandler, type WorkloadRequest, type WorkloadResponse } from './workload.js';
import type { RandomSource } from './weighted-pick.js';

export type AccessLogHook = (pod: ObjectRef, container: string, line: string) => void;

export interface DataPlaneOptions {
  snapshot: () => MeshSnapshot;
  random: RandomSource;
  catalog?: WorkloadCatalog;
  /** The gateway pods this listener stands for; Gateways whose selector matches these labels apply. */
  gateway?: GatewayIdentity;
  onAccessLog?: AccessLogHook;
  requestId?: () => string;
  /** A real process bound to a pod port (the world's pod network) answers instead of the in-process stand-in. */
  processAt?: (ip: string, port: number) => PodHandler | undefined;
}

export interface IngressRequest extends MeshRequest {
  remoteAddress: string;
  /** The port the client connected to, for the log's downstream local address. */
  listenerPort: number;
}

export interface DataPlaneStats {
  ingressRequests: number;
  /** Answers at the gateway by status code. */
  byStatus: Record<string, number>;
  /** Requests each pod served (gateway and mesh-internal), by `ns/name`. */
  byPod: Record<string, number>;
}

export interface DataPlane {
  handleIngress(req: IngressRequest, signal: AbortSignal): Promise<WorkloadResponse>;
  callFromPod(pod: Pod, url: string, options: CallOptions, signal: AbortSignal): Promise<WorkloadResponse>;
  /** A request a process in the pod sends (curl): socket-level failures are results, not HTTP answers, when no sidecar answers for them. */
  sendFromPod(pod: Pod, req: OutboundRequest, signal: AbortSignal): Promise<OutboundResult>;
  stats(): DataPlaneStats;
  /** Istio's standard metrics, per proxy (`namespace/name` of its pod). */
  readonly metrics: MeshStats;
  /** The key the ingress gateway's stats are kept under (its pod, or a name when no pod runs). */
  gatewayStatsKey(gateway?: Pod): string;
  /** A request that reaches the pod's port straight from outside the mesh (the API server's proxy): plaintext, through its inbound sidecar. */
  serveDirect(pod: Pod, port: number, req: WorkloadRequest, callerIP: string, signal: AbortSignal): Promise<WorkloadResponse>;
}

export const defaultGateway: GatewayIdentity = { namespace: 'istio-system', labels: { istio: 'ingressgateway', app: 'istio-ingressgateway' } };

function bodyLength(body: string | Buffer | undefined): number {
  if (body === undefined) return 0;
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function createDataPlane(options: DataPlaneOptions): DataPlane {
  return new MeshDataPlane(options);
}

/** The Service behind a routed decision's cluster (the `istio` filter metadata Envoy reads). */
function serviceOfDecision(decision: RouteDecision): ServiceIdentity | undefined {
  if (decision.kind !== 'route' || !decision.cluster.ok) return undefined;
  const { service } = decision.cluster.cluster;
  return serviceIdentity(service.name, service.namespace);
}

/** What a client proxy learns of the endpoint it reached: everything through metadata exchange with a sidecar, else EDS metadata. */
function upstreamPeer(outcome: ProxyOutcome | undefined): PeerIdentity | undefined {
  const pod = outcome?.endpoint?.pod;
  if (!pod) return undefined;
  return pod.hasSidecar ? identityOf(pod) : endpointMetadataOf(pod);
}

/**
 * Without a sidecar there is no proxy to answer with a local reply: kube-proxy's connection to
 * the endpoint is the client's own, so a refused or reset upstream is the client's socket error.
 */
function plaintextFailure(outcome: ProxyOutcome): OutboundResult | undefined {
  if (outcome.flags.includes('UC')) return { kind: 'reset' };
  // No ready endpoint: kube-proxy rejects. A port the Service lacks has no rule at all: the SYN goes unanswered.
  if (outcome.flags.includes('NC')) return { kind: 'unanswered' };
  if (outcome.flags.some((f) => f === 'UF' || f === 'UH')) return { kind: 'refused' };
  return undefined;
}

function outboundFlags(outcome: ProxyOutcome | undefined, clientGaveUp: boolean): string {
  if (clientGaveUp) return 'DC';
  return outcome && outcome.flags.length > 0 ? outcome.flags.join(',') : '-';
}

/** Who sends a request to a workload: the client proxy (or process) and what its connection carries. */
interface Caller {
  ip: string;
  peer?: PeerIdentity;
  service?: ServiceIdentity;
  transport: ClientTransport;
}

/** The TCP-level line an inbound listener logs for a connection it closes before any HTTP. */
function resetEntry(endpoint: Endpoint, start: Date, caller: string, details: string): AccessLogEntry {
  return {
    start, method: '-', path: '-', protocol: '-', status: 0, flags: 'NR', details, bytesReceived: 0, bytesSent: 0, durationMs: Date.now() - start.getTime(),
    authority: '', downstreamLocalAddress: `${endpoint.pod.podIP}:${endpoint.port}`, downstreamRemoteAddress: `${caller}:0`,
  };
}

/** The fields of an inbound access-log line (the server pod's sidecar) for one request; `localReply` names a sidecar's own answer (RBAC). */
function inboundEntry(endpoint: Endpoint, req: WorkloadRequest, response: WorkloadResponse | undefined, aborted: boolean, start: Date, caller: string, authority: string, localPort: number, localReply?: string): AccessLogEntry {
  const { pod } = endpoint;
  return {
    start, method: req.method, path: req.headers['x-envoy-original-path'] ?? req.path, protocol: 'HTTP/1.1',
    status: aborted ? 0 : (response?.status ?? 0), flags: aborted ? 'DC' : '-', details: aborted ? 'downstream_remote_disconnect' : (localReply ?? 'via_upstream'),
    bytesReceived: bodyLength(req.body), bytesSent: aborted ? 0 : bodyLength(response?.body), durationMs: Date.now() - start.getTime(),
    upstreamServiceTimeMs: aborted ? undefined : Date.now() - start.getTime(),
    forwardedFor: req.headers['x-forwarded-for'], userAgent: req.headers['user-agent'], requestId: req.headers['x-request-id'], authority,
    upstreamHost: `${pod.podIP}:${endpoint.port}`, upstreamCluster: `inbound|${endpoint.port}||`, upstreamLocalAddress: `127.0.0.6:${localPort}`,
    downstreamLocalAddress: `${pod.podIP}:${endpoint.port}`, downstreamRemoteAddress: `${caller}:0`, routeName: 'default',
  };
}

/** The fields of an outbound access-log line (the caller's sidecar or the gateway) for one request. */
function outboundEntry(req: MeshRequest, outcome: ProxyOutcome | undefined, start: Date, downstream: { local: string; remote: string }, upstreamLocal: string, clientGaveUp: boolean): AccessLogEntry {
  return {
    start, method: req.method, path: req.path, protocol: 'HTTP/1.1',
    status: clientGaveUp || !outcome ? 0 : outcome.response.status,
    flags: clientGaveUp ? 'DC' : outcome && outcome.flags.length > 0 ? outcome.flags.join(',') : '-',
    details: clientGaveUp ? 'downstream_remote_disconnect' : (outcome?.details ?? '-'),
    bytesReceived: bodyLength(req.body), bytesSent: clientGaveUp ? 0 : bodyLength(outcome?.response.body), durationMs: Date.now() - start.getTime(),
    upstreamServiceTimeMs: outcome?.upstreamServiceTimeMs, forwardedFor: req.headers['x-forwarded-for'], userAgent: req.headers['user-agent'],
    requestId: req.headers['x-request-id'], authority: req.authority,
    upstreamHost: outcome?.endpoint ? `${outcome.endpoint.pod.podIP}:${outcome.endpoint.port}` : undefined,
    upstreamCluster: outcome?.clusterName, upstreamLocalAddress: outcome?.endpoint ? upstreamLocal : undefined,
    downstreamLocalAddress: downstream.local, downstreamRemoteAddress: downstream.remote, routeName: outcome?.routeName,
  };
}

/** Runs `call` under a child signal of `parent` that a client timeout can also abort; the timer wins even while the proxy still waits upstream. */
async function withClientTimeout<T>(parent: AbortSignal, timeoutMs: number | undefined, url: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  let timedOut = false;
  const timer = timeoutMs !== undefined ? setTimeout(() => {
    timedOut = true;
    controller.abort(new ClientTimeoutError(`read timeout after ${timeoutMs} ms calling ${url}`));
  }, timeoutMs) : undefined;
  try {
    const running = call(controller.signal);
    const gaveUp = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }));
    // Whichever loses the race settles later; nobody waits for it.
    gaveUp.catch(() => undefined);
    running.catch(() => undefined);
    return await Promise.race([running, gaveUp]);
  } catch (error) {
    if (timedOut) throw new ClientTimeoutError(`read timeout after ${timeoutMs} ms calling ${url}`);
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort);
    if (!controller.signal.aborted) controller.abort(new Error('call finished'));
  }
}

class MeshDataPlane implements DataPlane {
  private readonly catalog: WorkloadCatalog;
  private readonly gateway: GatewayIdentity;
  private readonly requestId: () => string;
  private readonly counts: DataPlaneStats = { ingressRequests: 0, byStatus: {}, byPod: {} };
  readonly metrics = new MeshStats();
  private readonly resilience = new ClusterResilience();
  // Deterministic ephemeral ports keep the random source for routing decisions only.
  private ephemeral = 32768;

  constructor(private readonly options: DataPlaneOptions) {
    this.catalog = options.catalog ?? defaultCatalog(options.random);
    this.gateway = options.gateway ?? defaultGateway;
    this.requestId = options.requestId ?? randomUUID;
  }

  readonly stats = (): DataPlaneStats => structuredClone(this.counts);

  async callFromPod(pod: Pod, url: string, callOptions: CallOptions, parent: AbortSignal): Promise<WorkloadResponse> {
    return (await this.routeCall(pod, url, callOptions, parent)).response;
  }

  async sendFromPod(pod: Pod, req: OutboundRequest, signal: AbortSignal): Promise<OutboundResult> {
    const url = new URL(req.url);
    // A ClusterIP literal is the Service it fronts (kube-proxy's and the sidecar's view alike).
    const byIP = this.options.snapshot().services.find((s) => s.clusterIP !== undefined && s.clusterIP === url.hostname);
    if (byIP) url.hostname = `${byIP.name}.${byIP.namespace}.svc.cluster.local`;
    try {
      const outcome = await this.routeCall(pod, url.href, { method: req.method, headers: req.headers, ...(req.body ? { body: req.body } : {}) }, signal);
      const failed = pod.hasSidecar ? undefined : plaintextFailure(outcome);
      if (failed) return failed;
      const body = typeof outcome.response.body === 'string' ? Buffer.from(outcome.response.body) : outcome.response.body;
      // What arrives on the wire: the length and the date every HTTP/1.1 server (and Envoy) sends.
      const headers = { ...outcome.response.headers, 'content-length': String(body.length), date: new Date().toUTCString() };
      return { kind: 'response', status: outcome.response.status, headers, body };
    } catch (error) {
      if (error instanceof ConnectionError && error.message.includes('ENOTFOUND')) return { kind: 'unresolved' };
      throw error;
    }
  }

  private async routeCall(pod: Pod, url: string, callOptions: CallOptions, parent: AbortSignal): Promise<ProxyOutcome> {
    const target = new URL(url);
    const authority = target.port === '' ? target.hostname : `${target.hostname}:${target.port}`;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(callOptions.headers ?? {})) headers[k.toLowerCase()] = v;
    headers['host'] = authority;
    const req: MeshRequest = { method: (callOptions.method ?? 'GET').toUpperCase(), path: `${target.pathname}${target.search}`, authority, scheme: 'http', headers, ...(callOptions.body ? { body: callOptions.body } : {}) };
    const snapshot = this.options.snapshot();
    const decision = routeFromPod(snapshot, pod, req, this.options.random);
    if (decision.kind === 'unresolvable') throw new ConnectionError(`getaddrinfo ENOTFOUND ${stripPort(authority)}`);
    if (pod.hasSidecar && req.headers['x-request-id'] === undefined) req.headers['x-request-id'] = this.requestId();
    const start = new Date();
    const service = serviceOfDecision(decision);
    const serviceIP = serviceByHost(snapshot, fqdn(stripPort(authority), pod.namespace))?.clusterIP ?? '10.96.0.1';
    const downstream = { local: `${serviceIP}:${portOf(authority) ?? 80}`, remote: `${pod.podIP}:${this.nextPort()}` };
    let outcome: ProxyOutcome | undefined;
    try {
      outcome = await withClientTimeout(parent, callOptions.timeoutMs, url, (signal) =>
        runRoute(decision, { ...req, authority }, this.proxyDeps(`${pod.namespace}/${pod.name}`, decision, (endpoint, upstreamReq, upstreamSignal, transport) => this.invoke(endpoint, upstreamReq, upstreamSignal, { ip: pod.podIP, peer: pod.hasSidecar ? identityOf(pod) : undefined, service, transport }, authority), pod.hasSidecar), signal),
      );
      if (pod.hasSidecar && outcome.details === 'via_upstream') {
        // The client sidecar's own headers on what it relays (Envoy's router sets both).
        const extra: Record<string, string> = { server: 'envoy' };
        if (outcome.upstreamServiceTimeMs !== undefined) extra['x-envoy-upstream-service-time'] = String(Math.round(outcome.upstreamServiceTimeMs));
        return { ...outcome, response: { ...outcome.response, headers: { ...outcome.response.headers, ...extra } } };
      }
      return outcome;
    } finally {
      if (pod.hasSidecar) {
        this.log(pod, outboundEntry(req, outcome, start, downstream, `${pod.podIP}:${this.nextPort()}`, outcome === undefined));
        this.metrics.of(`${pod.namespace}/${pod.name}`).record({
          reporter: 'source', self: identityOf(pod), peer: upstreamPeer(outcome), service, authority,
          responseCode: outcome?.response.status ?? 0, responseFlags: outboundFlags(outcome, outcome === undefined), durationMs: Date.now() - start.getTime(),
        });
      }
    }
  }

  async handleIngress(req: IngressRequest, signal: AbortSignal): Promise<WorkloadResponse> {
    this.counts.ingressRequests++;
    const start = new Date();
    const snapshot = this.options.snapshot();
    const gw = this.gatewayPod(snapshot);
    const gatewayIP = gw?.podIP ?? '10.244.0.2';
    const headers = { ...req.headers };
    headers['x-request-id'] ??= this.requestId();
    headers['x-forwarded-proto'] ??= req.scheme;
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${req.remoteAddress}` : req.remoteAddress;
    headers['x-envoy-external-address'] = req.remoteAddress;
    const routed: MeshRequest = { ...req, headers };
    const decision = routeAtGateway(snapshot, this.gateway, routed, this.options.random);
    const service = serviceOfDecision(decision);
    const self = this.gatewayIdentity(gw);
    let outcome: ProxyOutcome | undefined;
    try {
      if (decision.kind === 'unresolvable') throw new Error('gateways never resolve names');
      const rbac = gw ? gatewayVerdict(snapshot, gw, routed, req.remoteAddress.replace(/:\d+$/, '')) : { kind: 'pass' as const };
      if (rbac.kind === 'denied') {
        outcome = { response: rbac.response, flags: [], details: rbac.details, tries: 0 };
        this.counts.byStatus['403'] = (this.counts.byStatus['403'] ?? 0) + 1;
        return { ...rbac.response, headers: { ...rbac.response.headers, server: 'istio-envoy' } };
      }
      outcome = await runRoute(decision, { ...routed, authority: req.authority }, this.proxyDeps(this.gatewayStatsKey(gw), decision, (endpoint, upstreamReq, upstreamSignal, transport) => this.invoke(endpoint, upstreamReq, upstreamSignal, { ip: gatewayIP, peer: self, service, transport }, req.authority), true), signal);
      const extra: Record<string, string> = { server: 'istio-envoy' };
      if (outcome.upstreamServiceTimeMs !== undefined && outcome.details === 'via_upstream') extra['x-envoy-upstream-service-time'] = String(Math.round(outcome.upstreamServiceTimeMs));
      const response = { ...outcome.response, headers: { ...outcome.response.headers, ...extra } };
      const status = String(response.status);
      this.counts.byStatus[status] = (this.counts.byStatus[status] ?? 0) + 1;
      return response;
    } finally {
      const downstream = { local: `${gatewayIP}:${req.listenerPort}`, remote: req.remoteAddress };
      this.log(gw, outboundEntry(routed, outcome, start, downstream, `${gatewayIP}:${this.nextPort()}`, outcome === undefined));
      this.metrics.of(this.gatewayStatsKey(gw)).record({
        reporter: 'source', self, peer: upstreamPeer(outcome), service, authority: req.authority,
        responseCode: outcome?.response.status ?? 0, responseFlags: outboundFlags(outcome, outcome === undefined), durationMs: Date.now() - start.getTime(),
      });
    }
  }

  serveDirect(pod: Pod, port: number, req: WorkloadRequest, callerIP: string, signal: AbortSignal): Promise<WorkloadResponse> {
    // The inbound cluster's metadata names the Services that select the pod.
    const service = this.options.snapshot().services.find((s) => s.namespace === pod.namespace && Object.keys(s.selector).length > 0 && selects(s.selector, pod.labels));
    return this.invoke({ pod, port }, req, signal, { ip: callerIP, transport: 'plaintext', ...(service ? { service: serviceIdentity(service.name, service.namespace) } : {}) }, req.headers['host'] ?? '');
  }

  gatewayStatsKey(gw: Pod | undefined = this.gatewayPod(this.options.snapshot())): string {
    return gw ? `${gw.namespace}/${gw.name}` : `${this.gateway.namespace}/istio-ingressgateway`;
  }

  /** The gateway's own metadata; a gateway always has its workload certificate. */
  private gatewayIdentity(gw: Pod | undefined): PeerIdentity {
    if (!gw) return { workload: 'istio-ingressgateway', namespace: this.gateway.namespace, principal: `spiffe://cluster.local/ns/${this.gateway.namespace}/sa/istio-ingressgateway-service-account`, app: 'istio-ingressgateway', canonicalService: 'istio-ingressgateway', canonicalRevision: 'latest', cluster: 'Kubernetes' };
    const id = identityOf(gw);
    return { ...id, principal: `spiffe://cluster.local/ns/${gw.namespace}/sa/${gw.serviceAccount}` };
  }

  /**
   * The server side: the pod's sidecar (if any) checks the connection's mTLS and the request's
   * authorization, logs an inbound line, and the workload answers.
   */
  private async invoke(endpoint: Endpoint, req: WorkloadRequest, signal: AbortSignal, caller: Caller, authority: string): Promise<WorkloadResponse> {
    const { pod } = endpoint;
    const start = new Date();
    const key = `${pod.namespace}/${pod.name}`;
    const handler = this.handlerFor(endpoint);
    if (!handler) throw new ConnectionError(`nothing listens on ${pod.podIP}:${endpoint.port}`);
    const verdict = inboundVerdict(this.options.snapshot(), endpoint, { ip: caller.ip, transport: caller.transport, principal: caller.peer?.principal }, req, authority);
    if (verdict.kind === 'reset') {
      // Refused at the listener's filter chain: a TCP line with no HTTP in it, then the reset.
      if (pod.hasSidecar) this.log(pod, resetEntry(endpoint, start, caller.ip, verdict.details));
      throw new ConnectionResetError(`read tcp ${caller.ip}:${this.nextPort()}->${pod.podIP}:${endpoint.port}: read: connection reset by peer`);
    }
    this.counts.byPod[key] = (this.counts.byPod[key] ?? 0) + 1;
    let response: WorkloadResponse | undefined;
    try {
      response = verdict.kind === 'denied' ? verdict.response : await handler(req, { pod, signal, call: (url, callOptions = {}) => this.callFromPod(pod, url, callOptions, signal) });
      return response;
    } finally {
      if (pod.hasSidecar) {
        const aborted = response === undefined || signal.aborted;
        this.log(pod, inboundEntry(endpoint, req, response, aborted, start, caller.ip, authority, this.nextPort(), verdict.kind === 'denied' ? verdict.details : undefined));
        // Metadata exchange names a plaintext peer too (HTTP headers), but only mTLS proves its principal.
        const peer = caller.transport === 'mtls' || !caller.peer ? caller.peer : { ...caller.peer, principal: undefined };
        this.metrics.of(key).record({
          reporter: 'destination', self: identityOf(pod), peer, service: caller.service, authority,
          responseCode: aborted ? 0 : (response?.status ?? 0), responseFlags: aborted ? 'DC' : '-', durationMs: Date.now() - start.getTime(),
        });
      }
    }
  }

  /**
   * What the proxy `proxyKey` (a sidecar or the gateway; none for a pod without one) needs to
   * carry out `decision`: its TLS choice per endpoint, and its circuit breakers and outlier
   * detection for the cluster (each proxy keeps its own, as each Envoy does).
   */
  private proxyDeps(proxyKey: string, decision: RouteDecision, send: (endpoint: Endpoint, req: WorkloadRequest, signal: AbortSignal, transport: ClientTransport) => Promise<WorkloadResponse>, hasProxy: boolean): ProxyDeps {
    const cluster = decision.kind === 'route' && decision.cluster.ok ? decision.cluster.cluster : undefined;
    const snapshot = this.options.snapshot();
    const upstream: Upstream = (endpoint, req, signal) => send(endpoint, req, signal, clientTransport(snapshot, hasProxy, cluster, endpoint));
    if (!hasProxy || !cluster) return { random: this.options.random, upstream };
    return { random: this.options.random, upstream, ...this.resilience.forCluster(proxyKey, cluster) };
  }

  /** A real process bound to the pod's port answers if there is one, else the in-process workload. */
  private handlerFor(endpoint: Endpoint): WorkloadHandler | undefined {
    const process = this.options.processAt?.(endpoint.pod.podIP, endpoint.port);
    if (!process) return this.catalog(endpoint.pod);
    return async (req, ctx) => {
      try {
        const answer = await process({ method: req.method, path: req.path, headers: req.headers, ...(req.body ? { body: req.body } : {}) }, ctx.signal);
        return { status: answer.status, headers: answer.headers, body: answer.body };
      } catch (error) {
        throw new ConnectionError(error instanceof Error ? error.message : String(error));
      }
    };
  }

  private nextPort(): number {
    this.ephemeral = this.ephemeral >= 60999 ? 32768 : this.ephemeral + 1;
    return this.ephemeral;
  }

  private log(pod: Pod | undefined, entry: AccessLogEntry): void {
    if (!pod || !this.options.onAccessLog) return;
    this.options.onAccessLog({ namespace: pod.namespace, name: pod.name }, 'istio-proxy', formatAccessLog(entry));
  }

  private gatewayPod(snapshot: MeshSnapshot): Pod | undefined {
    const pods = snapshot.pods.filter((p) => p.ready && !p.deleting && selects(this.gateway.labels, p.labels));
    return pods.find((p) => p.namespace === this.gateway.namespace) ?? pods[0];
  }
}
