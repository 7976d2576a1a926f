// What a connection between two proxies carries, and what the server's inbound sidecar does
// with it before the workload sees the request: the client side's TLS choice (auto mTLS to a
// sidecar unless the DestinationRule's tls mode says otherwise; pilot's cluster_tls.go
// buildAutoMtlsSettings), the server's PeerAuthentication mode (STRICT refuses plaintext at the
// filter chain: the client sees its connection reset), and AuthorizationPolicy (403 "RBAC:
// access denied"). Decisions only; the data plane logs, counts and answers.
import { authorize, type AuthzRequest } from './authorization.js';
import type { Cluster, Endpoint } from './endpoints.js';
import type { MeshSnapshot, Pod } from './mesh-config.js';
import { mtlsModeFor } from './peer-authentication.js';
import type { WorkloadRequest, WorkloadResponse } from './workload.js';

export type ClientTransport = 'mtls' | 'plaintext';

/**
 * The TLS a client proxy originates to `endpoint` of `cluster`: none without a client proxy;
 * the DestinationRule's `tls.mode` when set (DISABLE plaintext, ISTIO_MUTUAL mTLS; SIMPLE and
 * MUTUAL are not Istio's certificates, so a sidecar never sees them as mTLS); else auto mTLS:
 * Istio mTLS when the endpoint has a sidecar whose mode is not DISABLE.
 */
export function clientTransport(snapshot: MeshSnapshot, clientHasProxy: boolean, cluster: Cluster | undefined, endpoint: Endpoint): ClientTransport {
  if (!clientHasProxy) return 'plaintext';
  const mode = cluster?.trafficPolicy.tls?.mode;
  if (mode === 'ISTIO_MUTUAL') return 'mtls';
  if (mode !== undefined && mode !== '') return 'plaintext';
  return endpoint.pod.hasSidecar && mtlsModeFor(snapshot, endpoint.pod, endpoint.port) !== 'DISABLE' ? 'mtls' : 'plaintext';
}

export type InboundVerdict =
  /** The connection is closed before any HTTP (STRICT and plaintext, or mTLS to a server that speaks none). */
  | { kind: 'reset'; details: string }
  | { kind: 'denied'; response: WorkloadResponse; details: string }
  | { kind: 'pass' };

export interface InboundCaller {
  ip: string;
  transport: ClientTransport;
  /** The caller's SPIFFE id, known only through mTLS. */
  principal?: string;
}

/** The server sidecar's checks for one request arriving at `endpoint` (a pod without a sidecar checks nothing). */
export function inboundVerdict(snapshot: MeshSnapshot, endpoint: Endpoint, caller: InboundCaller, req: WorkloadRequest, authority: string): InboundVerdict {
  const { pod, port } = endpoint;
  if (!pod.hasSidecar) return caller.transport === 'mtls' ? { kind: 'reset', details: 'tls_handshake_to_plaintext_server' } : { kind: 'pass' };
  const mode = mtlsModeFor(snapshot, pod, port);
  if (mode === 'STRICT' && caller.transport !== 'mtls') return { kind: 'reset', details: 'filter_chain_not_found' };
  if (mode === 'DISABLE' && caller.transport === 'mtls') return { kind: 'reset', details: 'filter_chain_not_found' };
  const authz: AuthzRequest = {
    ...(caller.transport === 'mtls' && caller.principal ? { principal: caller.principal.replace(/^spiffe:\/\//, '') } : {}),
    sourceIP: caller.ip,
    method: req.method,
    path: (req.headers['x-envoy-original-path'] ?? req.path).split('?')[0] ?? '/',
    host: authority,
    port,
    headers: req.headers,
  };
  const decision = authorize(snapshot.authorizationPolicies ?? [], pod, authz);
  if (decision.allowed) return { kind: 'pass' };
  // Envoy's RBAC filter: a local reply, no response flag, the matched policy in the details.
  return { kind: 'denied', response: { status: 403, headers: { 'content-type': 'text/plain' }, body: 'RBAC: access denied' }, details: decision.details };
}

/**
 * The ingress gateway's own RBAC (policies selecting its pod, e.g. an ipBlocks allow-list):
 * requests from outside are plaintext, so only source IPs, operations and headers can match.
 * The listener is the demo profile's http2 target port, 8080.
 */
export function gatewayVerdict(snapshot: MeshSnapshot, gateway: Pod, req: { method: string; path: string; authority: string; headers: Record<string, string> }, remoteIP: string): InboundVerdict {
  const decision = authorize(snapshot.authorizationPolicies ?? [], gateway, {
    sourceIP: remoteIP, method: req.method, path: req.path.split('?')[0] ?? '/', host: req.authority, port: 8080, headers: req.headers,
  });
  if (decision.allowed) return { kind: 'pass' };
  return { kind: 'denied', response: { status: 403, headers: { 'content-type': 'text/plain' }, body: 'RBAC: access denied' }, details: decision.details };
}
