// Istio's standard HTTP metrics as each sidecar (and the ingress gateway) records them:
// `istio_requests_total` and `istio_request_duration_milliseconds`, one registry per proxy, with
// the label set and fallbacks of istio/proxy's stats filter
// (source/extensions/filters/http/istio_stats/istio_stats.cc: populatePeerInfo,
// populateFlagsAndConnectionSecurity). It records and renders; it sees no sockets.
import { clusterDomain } from './host-match.js';
import type { Pod } from './mesh-config.js';

/** The proxy's own node metadata, or a peer's as metadata exchange reveals it. */
export interface PeerIdentity {
  workload: string;
  namespace: string;
  /** SPIFFE id of its certificate; undefined without a sidecar (no mTLS). */
  principal?: string;
  app?: string;
  version?: string;
  canonicalService: string;
  canonicalRevision: string;
  cluster: string;
}

export interface ServiceIdentity {
  host: string;
  name: string;
  namespace?: string;
}

export interface HttpReport {
  reporter: 'source' | 'destination';
  /** The proxy that records: the source for reporter=source, the destination otherwise. */
  self: PeerIdentity;
  /** What the proxy knows of the other side; undefined when nothing (no metadata exchange). */
  peer?: PeerIdentity;
  service?: ServiceIdentity;
  /** Host header, the stats filter's fallback for destination_service. */
  authority: string;
  responseCode: number;
  responseFlags: string;
  durationMs: number;
}

// Envoy's default histogram buckets (Stats::HistogramSettingsImpl::defaultBuckets), which Istio keeps.
export const durationBuckets = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

/** Istio's default cluster id (values.global.multiCluster.clusterName unset). */
export const defaultClusterId = 'Kubernetes';

const unknown = 'unknown';

/** The identity a pod's proxy announces, from the labels the injector set and its owner. */
export function identityOf(pod: Pod): PeerIdentity {
  const labels = pod.labels;
  const app = labels['app'] ?? labels['app.kubernetes.io/name'];
  const version = labels['version'] ?? labels['app.kubernetes.io/version'];
  return {
    workload: pod.workload,
    namespace: pod.namespace,
    principal: pod.hasSidecar ? `spiffe://cluster.local/ns/${pod.namespace}/sa/${pod.serviceAccount}` : undefined,
    app,
    version,
    canonicalService: labels['service.istio.io/canonical-name'] ?? app ?? pod.workload,
    canonicalRevision: labels['service.istio.io/canonical-revision'] ?? version ?? 'latest',
    cluster: defaultClusterId,
  };
}

/** What a client proxy learns of an endpoint without a sidecar: only EDS metadata (no app, version, principal). */
export function endpointMetadataOf(pod: Pod): PeerIdentity {
  const full = identityOf(pod);
  return { workload: full.workload, namespace: full.namespace, canonicalService: full.canonicalService, canonicalRevision: full.canonicalRevision, cluster: full.cluster };
}

export function serviceIdentity(name: string, namespace: string): ServiceIdentity {
  return { host: `${name}.${namespace}.${clusterDomain}`, name, namespace };
}

/** The labels in the order the stats filter pushes them (Envoy prints them in that order). */
export function requestLabels(r: HttpReport): [string, string][] {
  const or = (value: string | undefined, fallback = unknown): string => (value === undefined || value === '' ? fallback : value);
  const source = r.reporter === 'source' ? r.self : r.peer;
  const destination = r.reporter === 'source' ? r.peer : r.self;
  const secure = r.reporter === 'destination' ? (r.peer?.principal && r.self.principal ? 'mutual_tls' : 'none') : unknown;
  const serviceHost = r.service?.host ?? (r.authority || undefined);
  const serviceName = r.service?.name ?? (r.authority || undefined);
  const serviceNamespace = r.reporter === 'destination' ? r.self.namespace : destination?.namespace;
  return [
    ['reporter', r.reporter],
    ['source_workload', or(source?.workload)],
    ['source_canonical_service', or(source?.canonicalService)],
    ['source_canonical_revision', or(source?.canonicalRevision, 'latest')],
    ['source_workload_namespace', or(source?.namespace)],
    ['source_principal', or(source?.principal)],
    ['source_app', or(source?.app)],
    ['source_version', or(source?.version)],
    ['source_cluster', or(source?.cluster)],
    ['destination_workload', or(destination?.workload)],
    ['destination_workload_namespace', or(destination?.namespace)],
    ['destination_principal', or(destination?.principal)],
    ['destination_app', or(destination?.app)],
    ['destination_version', or(destination?.version)],
    ['destination_service', or(serviceHost ?? destination?.canonicalService)],
    ['destination_canonical_service', or(destination?.canonicalService)],
    ['destination_canonical_revision', or(destination?.canonicalRevision, 'latest')],
    ['destination_service_name', or(serviceName ?? destination?.canonicalService)],
    ['destination_service_namespace', or(serviceNamespace)],
    ['destination_cluster', or(destination?.cluster)],
    ['request_protocol', 'http'],
    ['response_code', String(r.responseCode)],
    ['grpc_response_status', ''],
    ['response_flags', r.responseFlags || '-'],
    ['connection_security_policy', secure],
  ];
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: [string, string][]): string {
  return labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
}

interface Histogram {
  labels: string;
  counts: number[];
  sum: number;
  count: number;
}

/** One proxy's stats: what its `/stats/prometheus` shows. */
export class ProxyStats {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();

  record(report: HttpReport): void {
    const labels = labelText(requestLabels(report));
    this.requests.set(labels, (this.requests.get(labels) ?? 0) + 1);
    let h = this.durations.get(labels);
    if (!h) {
      h = { labels, counts: durationBuckets.map(() => 0), sum: 0, count: 0 };
      this.durations.set(labels, h);
    }
    // Envoy records whole milliseconds.
    const ms = Math.max(0, Math.round(report.durationMs));
    durationBuckets.forEach((le, i) => {
      if (ms <= le) (h as Histogram).counts[i]! += 1;
    });
    h.sum += ms;
    h.count += 1;
  }

  /** Requests recorded with these label values (tests); undefined matches anything. */
  count(match: Record<string, string> = {}): number {
    let total = 0;
    for (const [labels, n] of this.requests) {
      if (Object.entries(match).every(([k, v]) => labels.includes(`${k}="${escapeLabel(v)}"`))) total += n;
    }
    return total;
  }

  /** Prometheus text exposition format 0.0.4, as Envoy's PrometheusStatsFormatter writes it. */
  exposition(): string {
    const lines: string[] = [];
    if (this.requests.size > 0) {
      lines.push('# TYPE istio_requests_total counter');
      for (const [labels, n] of this.requests) lines.push(`istio_requests_total{${labels}} ${n}`);
    }
    if (this.durations.size > 0) {
      lines.push('# TYPE istio_request_duration_milliseconds histogram');
      for (const h of this.durations.values()) {
        durationBuckets.forEach((le, i) => lines.push(`istio_request_duration_milliseconds_bucket{${h.labels},le="${le}"} ${h.counts[i]}`));
        lines.push(`istio_request_duration_milliseconds_bucket{${h.labels},le="+Inf"} ${h.count}`);
        lines.push(`istio_request_duration_milliseconds_sum{${h.labels}} ${h.sum}`);
        lines.push(`istio_request_duration_milliseconds_count{${h.labels}} ${h.count}`);
      }
    }
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }
}

/** Every proxy's stats, by `namespace/name` of its pod. */
export class MeshStats {
  private readonly proxies = new Map<string, ProxyStats>();

  of(key: string): ProxyStats {
    let stats = this.proxies.get(key);
    if (!stats) {
      stats = new ProxyStats();
      this.proxies.set(key, stats);
    }
    return stats;
  }

  has(key: string): boolean {
    return this.proxies.has(key);
  }

  /** The sum of `count(match)` over every proxy. */
  count(match: Record<string, string> = {}): number {
    let total = 0;
    for (const stats of this.proxies.values()) total += stats.count(match);
    return total;
  }
}
