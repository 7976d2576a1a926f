// The mesh as a whole, given a way to read the current config snapshot: requests entering at the
// ingress gateway, calls workloads make from their pods (through their sidecar when they have
// one), the in-process workloads answering, and an access-log line from every istio-proxy that
// saw the request. It holds no sockets and no informers; index.ts wires those.
import { randomUUID } from 'node:crypto';
import { formatAccessLog, type AccessLogEntry } from './access-log.js';
import { serviceByHost, type Endpoint } from './endpoints.js';
import { fqdn, portOf, stripPort } from './host-match.js';
import type { MeshSnapshot, ObjectRef, Pod } from './mesh-config.js';
import { runRoute, type ProxyOutcome } from './proxy.js';
import type { MeshRequest } from './request-match.js';
import { routeAtGateway, routeFromPod, type GatewayIdentity } from './route-table.js';
import { defaultCatalog } from './workload-catalog.js';
import { ClientTimeoutError, ConnectionError, type CallOptions, type WorkloadCatalog, type WorkloadRequest, type WorkloadResponse } from './workload.js';
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
  stats(): DataPlaneStats;
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
  const catalog = options.catalog ?? defaultCatalog();
  const gateway = options.gateway ?? defaultGateway;
  const requestId = options.requestId ?? randomUUID;
  const stats: DataPlaneStats = { ingressRequests: 0, byStatus: {}, byPod: {} };
  // Deterministic ephemeral ports keep the random source for routing decisions only.
  let ephemeral = 32768;
  const nextPort = (): number => (ephemeral = ephemeral >= 60999 ? 32768 : ephemeral + 1);

  const log = (pod: Pod | undefined, entry: AccessLogEntry): void => {
    if (!pod || !options.onAccessLog) return;
    options.onAccessLog({ namespace: pod.namespace, name: pod.name }, 'istio-proxy', formatAccessLog(entry));
  };

  const gatewayPod = (snapshot: MeshSnapshot): Pod | undefined => {
    const pods = snapshot.pods.filter((p) => p.ready && !p.deleting && selects(gateway.labels, p.labels));
    return pods.find((p) => p.namespace === gateway.namespace) ?? pods[0];
  };

  /** The server side: the pod's sidecar (if any) logs an inbound line, the workload answers. */
  const invoke = async (endpoint: Endpoint, req: WorkloadRequest, signal: AbortSignal, caller: string, authority: string): Promise<WorkloadResponse> => {
    const { pod } = endpoint;
    const start = new Date();
    const key = `${pod.namespace}/${pod.name}`;
    stats.byPod[key] = (stats.byPod[key] ?? 0) + 1;
    const handler = catalog(pod);
    if (!handler) throw new ConnectionError(`nothing listens on ${pod.podIP}:${endpoint.port}`);
    let response: WorkloadResponse | undefined;
    try {
      response = await handler(req, { pod, signal, call: (url, callOptions = {}) => callFromPod(pod, url, callOptions, signal) });
      return response;
    } finally {
      if (pod.hasSidecar) {
        const aborted = response === undefined || signal.aborted;
        log(pod, {
          start, method: req.method, path: req.headers['x-envoy-original-path'] ?? req.path, protocol: 'HTTP/1.1',
          status: aborted ? 0 : (response?.status ?? 0), flags: aborted ? 'DC' : '-', details: aborted ? 'downstream_remote_disconnect' : 'via_upstream',
          bytesReceived: bodyLength(req.body), bytesSent: aborted ? 0 : bodyLength(response?.body), durationMs: Date.now() - start.getTime(),
          upstreamServiceTimeMs: aborted ? undefined : Date.now() - start.getTime(),
          forwardedFor: req.headers['x-forwarded-for'], userAgent: req.headers['user-agent'], requestId: req.headers['x-request-id'], authority,
          upstreamHost: `${pod.podIP}:${endpoint.port}`, upstreamCluster: `inbound|${endpoint.port}||`, upstreamLocalAddress: `127.0.0.6:${nextPort()}`,
          downstreamLocalAddress: `${pod.podIP}:${endpoint.port}`, downstreamRemoteAddress: `${caller}:0`, routeName: 'default',
        });
      }
    }
  };

  const outboundEntry = (req: MeshRequest, outcome: ProxyOutcome | undefined, start: Date, downstream: { local: string; remote: string }, sourceIP: string, clientGaveUp: boolean): AccessLogEntry => ({
    start, method: req.method, path: req.path, protocol: 'HTTP/1.1',
    status: clientGaveUp || !outcome ? 0 : outcome.response.status,
    flags: clientGaveUp ? 'DC' : outcome && outcome.flags.length > 0 ? outcome.flags.join(',') : '-',
    details: clientGaveUp ? 'downstream_remote_disconnect' : (outcome?.details ?? '-'),
    bytesReceived: bodyLength(req.body), bytesSent: clientGaveUp ? 0 : bodyLength(outcome?.response.body), durationMs: Date.now() - start.getTime(),
    upstreamServiceTimeMs: outcome?.upstreamServiceTimeMs, forwardedFor: req.headers['x-forwarded-for'], userAgent: req.headers['user-agent'],
    requestId: req.headers['x-request-id'], authority: req.authority,
    upstreamHost: outcome?.endpoint ? `${outcome.endpoint.pod.podIP}:${outcome.endpoint.port}` : undefined,
    upstreamCluster: outcome?.clusterName, upstreamLocalAddress: outcome?.endpoint ? `${sourceIP}:${nextPort()}` : undefined,
    downstreamLocalAddress: downstream.local, downstreamRemoteAddress: downstream.remote, routeName: outcome?.routeName,
  });

  async function callFromPod(pod: Pod, url: string, callOptions: CallOptions, parent: AbortSignal): Promise<WorkloadResponse> {
    const target = new URL(url);
    const authority = target.port === '' ? target.hostname : `${target.hostname}:${target.port}`;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(callOptions.headers ?? {})) headers[k.toLowerCase()] = v;
    headers['host'] = authority;
    const req: MeshRequest = { method: (callOptions.method ?? 'GET').toUpperCase(), path: `${target.pathname}${target.search}`, authority, scheme: 'http', headers };
    const snapshot = options.snapshot();
    const decision = routeFromPod(snapshot, pod, req, options.random);
    if (decision.kind === 'unresolvable') throw new ConnectionError(`getaddrinfo ENOTFOUND ${stripPort(authority)}`);
    if (pod.hasSidecar && req.headers['x-request-id'] === undefined) req.headers['x-request-id'] = requestId();
    const controller = new AbortController();
    const onParentAbort = (): void => controller.abort(parent.reason);
    parent.addEventListener('abort', onParentAbort, { once: true });
    let timedOut = false;
    const timer = callOptions.timeoutMs !== undefined ? setTimeout(() => {
      timedOut = true;
      controller.abort(new ClientTimeoutError(`read timeout after ${callOptions.timeoutMs} ms calling ${url}`));
    }, callOptions.timeoutMs) : undefined;
    const start = new Date();
    const serviceIP = serviceByHost(snapshot, fqdn(stripPort(authority), pod.namespace))?.clusterIP ?? '10.96.0.1';
    const downstream = { local: `${serviceIP}:${portOf(authority) ?? 80}`, remote: `${pod.podIP}:${nextPort()}` };
    let outcome: ProxyOutcome | undefined;
    try {
      const call = runRoute(decision, { ...req, authority }, {
        random: options.random,
        upstream: (endpoint, upstreamReq, signal) => invoke(endpoint, upstreamReq, signal, pod.podIP, authority),
      }, controller.signal);
      // The client timer must win even while the proxy is still waiting on an upstream.
      const gaveUp = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }));
      // Whichever loses the race settles later; nobody waits for it.
      gaveUp.catch(() => undefined);
      call.catch(() => undefined);
      outcome = await Promise.race([call, gaveUp]);
      return outcome.response;
    } catch (error) {
      if (timedOut) throw new ClientTimeoutError(`read timeout after ${callOptions.timeoutMs} ms calling ${url}`);
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
      if (!controller.signal.aborted) controller.abort(new Error('call finished'));
      if (pod.hasSidecar) log(pod, outboundEntry(req, outcome, start, downstream, pod.podIP, outcome === undefined));
    }
  }

  async function handleIngress(req: IngressRequest, signal: AbortSignal): Promise<WorkloadResponse> {
    stats.ingressRequests++;
    const start = new Date();
    const snapshot = options.snapshot();
    const gw = gatewayPod(snapshot);
    const headers = { ...req.headers };
    headers['x-request-id'] ??= requestId();
    headers['x-forwarded-proto'] ??= req.scheme;
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${req.remoteAddress}` : req.remoteAddress;
    headers['x-envoy-external-address'] = req.remoteAddress;
    const routed: MeshRequest = { ...req, headers };
    const decision = routeAtGateway(snapshot, gateway, routed, options.random);
    let outcome: ProxyOutcome | undefined;
    try {
      if (decision.kind === 'unresolvable') throw new Error('gateways never resolve names');
      outcome = await runRoute(decision, { ...routed, authority: req.authority }, {
        random: options.random,
        upstream: (endpoint, upstreamReq, upstreamSignal) => invoke(endpoint, upstreamReq, upstreamSignal, gw?.podIP ?? '10.244.0.2', req.authority),
      }, signal);
      const extra: Record<string, string> = { server: 'istio-envoy' };
      if (outcome.upstreamServiceTimeMs !== undefined && outcome.details === 'via_upstream') extra['x-envoy-upstream-service-time'] = String(Math.round(outcome.upstreamServiceTimeMs));
      const response = { ...outcome.response, headers: { ...outcome.response.headers, ...extra } };
      const status = String(response.status);
      stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
      return response;
    } finally {
      const local = `${gw?.podIP ?? '10.244.0.2'}:${req.listenerPort}`;
      log(gw, outboundEntry(routed, outcome, start, { local, remote: req.remoteAddress }, gw?.podIP ?? '10.244.0.2', outcome === undefined));
    }
  }

  return { handleIngress, callFromPod, stats: () => structuredClone(stats) };
}
