// The fields of the access-log lines the mesh's proxies write: the inbound listener's reset before
// any HTTP, the server sidecar's inbound line, the client sidecar's (or gateway's) outbound line,
// and the response flags an outbound call reports. Pure; data-plane.ts decides who logs what.
import type { AccessLogEntry } from './access-log.js';
import type { Endpoint } from './endpoints.js';
import type { ProxyOutcome } from './proxy.js';
import type { MeshRequest } from './request-match.js';
import type { WorkloadRequest, WorkloadResponse } from './workload.js';

function bodyLength(body: string | Buffer | undefined): number {
  if (body === undefined) return 0;
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

export function outboundFlags(outcome: ProxyOutcome | undefined, clientGaveUp: boolean): string {
  if (clientGaveUp) return 'DC';
  return outcome && outcome.flags.length > 0 ? outcome.flags.join(',') : '-';
}

/** The TCP-level line an inbound listener logs for a connection it closes before any HTTP. */
export function resetEntry(endpoint: Endpoint, start: Date, caller: string, details: string): AccessLogEntry {
  return {
    start, method: '-', path: '-', protocol: '-', status: 0, flags: 'NR', details, bytesReceived: 0, bytesSent: 0, durationMs: Date.now() - start.getTime(),
    authority: '', downstreamLocalAddress: `${endpoint.pod.podIP}:${endpoint.port}`, downstreamRemoteAddress: `${caller}:0`,
  };
}

/** The fields of an inbound access-log line (the server pod's sidecar) for one request; `localReply` names a sidecar's own answer (RBAC). */
export function inboundEntry(endpoint: Endpoint, req: WorkloadRequest, response: WorkloadResponse | undefined, aborted: boolean, start: Date, caller: string, authority: string, localPort: number, localReply?: string): AccessLogEntry {
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
export function outboundEntry(req: MeshRequest, outcome: ProxyOutcome | undefined, start: Date, downstream: { local: string; remote: string }, upstreamLocal: string, clientGaveUp: boolean): AccessLogEntry {
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
