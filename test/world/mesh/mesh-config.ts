// The slice of cluster state the data plane routes by, as plain typed data: Istio Gateways,
// VirtualServices and DestinationRules, Services and Pods, normalised from whatever the API
// server (or a test) hands in. It owns parsing and defaulting of those objects; it never talks
// to the API server and never decides a route.
import type { AuthorizationPolicy, PeerAuthentication } from './security-config.js';

export interface ObjectRef {
  namespace: string;
  name: string;
}

export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface HttpMatchRequest {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  withoutHeaders?: Record<string, StringMatch>;
  queryParams?: Record<string, StringMatch>;
  ignoreUriCase?: boolean;
  port?: number;
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
  gateways?: string[];
}

export interface HeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

export interface Headers {
  request?: HeaderOperations;
  response?: HeaderOperations;
}

export interface Destination {
  host: string;
  subset?: string;
  port?: { number?: number };
}

export interface HttpRouteDestination {
  destination: Destination;
  weight?: number;
  headers?: Headers;
}

export interface Percent {
  value?: number;
}

export interface HttpFaultInjection {
  delay?: { fixedDelay?: string; percentage?: Percent; percent?: number };
  abort?: { httpStatus?: number; percentage?: Percent };
}

export interface HttpRetry {
  attempts?: number;
  perTryTimeout?: string;
  retryOn?: string;
}

export interface HttpRoute {
  name?: string;
  match?: HttpMatchRequest[];
  route?: HttpRouteDestination[];
  redirect?: { uri?: string; authority?: string; redirectCode?: number };
  directResponse?: { status: number; body?: { string?: string } };
  rewrite?: { uri?: string; authority?: string };
  timeout?: string;
  retries?: HttpRetry;
  fault?: HttpFaultInjection;
  headers?: Headers;
}

export interface VirtualService extends ObjectRef {
  creationTimestamp: string;
  hosts: string[];
  gateways: string[];
  http: HttpRoute[];
}

export interface GatewayServer {
  hosts: string[];
  port: { number: number; protocol: string; name?: string };
}

export interface Gateway extends ObjectRef {
  selector: Record<string, string>;
  servers: GatewayServer[];
}

/** DestinationRule `trafficPolicy`: the parts the world's proxies enforce (load balancer choice is not modelled). */
export interface TrafficPolicy {
  connectionPool?: {
    tcp?: { maxConnections?: number };
    http?: { http1MaxPendingRequests?: number; http2MaxRequests?: number; maxRequestsPerConnection?: number };
  };
  outlierDetection?: { consecutive5xxErrors?: number; consecutiveGatewayErrors?: number; interval?: string; baseEjectionTime?: string; maxEjectionPercent?: number };
  tls?: { mode?: string };
}

export interface Subset {
  name: string;
  labels: Record<string, string>;
  trafficPolicy?: TrafficPolicy;
}

export interface DestinationRule extends ObjectRef {
  creationTimestamp: string;
  host: string;
  subsets: Subset[];
  trafficPolicy?: TrafficPolicy;
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  /** Set on NodePort and LoadBalancer Services: the port every node opens for this one. */
  nodePort?: number;
}

export interface Service extends ObjectRef {
  /** ClusterIP, NodePort, LoadBalancer or ExternalName. */
  type: string;
  selector: Record<string, string>;
  ports: ServicePort[];
  clusterIP?: string;
}

export interface Container {
  name: string;
  env: Record<string, string>;
  ports: { name?: string; containerPort: number }[];
}

export interface Pod extends ObjectRef {
  labels: Record<string, string>;
  podIP: string;
  ready: boolean;
  deleting: boolean;
  containers: Container[];
  /** An `istio-proxy` container (classic or native sidecar): only then do mesh routes apply to its calls. */
  hasSidecar: boolean;
  /** spec.serviceAccountName ("default" when unset), the identity in the pod's SPIFFE principal. */
  serviceAccount: string;
  /** The owning workload as Istio names it (Deployment, not ReplicaSet), for telemetry labels. */
  workload: string;
}

/** Everything a routing decision may read. Arrays are in no particular order. */
export interface MeshSnapshot {
  gateways: readonly Gateway[];
  virtualServices: readonly VirtualService[];
  destinationRules: readonly DestinationRule[];
  services: readonly Service[];
  pods: readonly Pod[];
  /** security.istio.io; absent in snapshots made before security mattered (no policy: PERMISSIVE, allow all). */
  peerAuthentications?: readonly PeerAuthentication[];
  authorizationPolicies?: readonly AuthorizationPolicy[];
}

export const emptySnapshot: MeshSnapshot = { gateways: [], virtualServices: [], destinationRules: [], services: [], pods: [] };

type Raw = Record<string, unknown>;

function record(value: unknown): Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value))) if (typeof v === 'string') out[k] = v;
  return out;
}

function refOf(raw: Raw): ObjectRef & { creationTimestamp: string } {
  const meta = record(raw['metadata']);
  // Typed client lists turn timestamps into Date objects; watch events keep strings.
  const created = meta['creationTimestamp'];
  const creationTimestamp = created instanceof Date ? created.toISOString() : str(created);
  return { namespace: str(meta['namespace'], 'default'), name: str(meta['name']), creationTimestamp };
}

// Istio specs are plain JSON with the same field names as our interfaces; the casts below
// trust the CRD schema (the API server validated it) and only default what routing needs.
export function gatewayFrom(raw: unknown): Gateway {
  const obj = record(raw);
  const spec = record(obj['spec']);
  const { namespace, name } = refOf(obj);
  const servers = array(spec['servers']).map((s) => {
    const server = record(s);
    const port = record(server['port']);
    return {
      hosts: array(server['hosts']).filter((h): h is string => typeof h === 'string'),
      port: { number: Number(port['number'] ?? 0), protocol: str(port['protocol'], 'HTTP').toUpperCase(), name: str(port['name']) },
    };
  });
  return { namespace, name, selector: stringMap(spec['selector']), servers };
}

export function virtualServiceFrom(raw: unknown): VirtualService {
  const obj = record(raw);
  const spec = record(obj['spec']);
  return {
    ...refOf(obj),
    hosts: array(spec['hosts']).filter((h): h is string => typeof h === 'string'),
    gateways: array(spec['gateways']).filter((g): g is string => typeof g === 'string'),
    http: array(spec['http']).map((r) => record(r) as HttpRoute),
  };
}

export function destinationRuleFrom(raw: unknown): DestinationRule {
  const obj = record(raw);
  const spec = record(obj['spec']);
  const policy = (value: unknown): { trafficPolicy?: TrafficPolicy } => (record(value) === value ? { trafficPolicy: value as TrafficPolicy } : {});
  const subsets = array(spec['subsets']).map((s) => ({ name: str(record(s)['name']), labels: stringMap(record(s)['labels']), ...policy(record(s)['trafficPolicy']) }));
  return { ...refOf(obj), host: str(spec['host']), subsets, ...policy(spec['trafficPolicy']) };
}

export function serviceFrom(raw: unknown): Service {
  const obj = record(raw);
  const spec = record(obj['spec']);
  const { namespace, name } = refOf(obj);
  const ports = array(spec['ports']).map((p) => {
    const port = record(p);
    const number = Number(port['port'] ?? 0);
    const target = port['targetPort'];
    const targetPort = typeof target === 'number' || typeof target === 'string' ? target : number;
    const nodePort = Number(port['nodePort'] ?? 0);
    return { name: str(port['name']) || undefined, port: number, targetPort, ...(nodePort > 0 ? { nodePort } : {}) };
  });
  const clusterIP = str(spec['clusterIP']) || undefined;
  return { namespace, name, type: str(spec['type'], 'ClusterIP'), selector: stringMap(spec['selector']), ports, clusterIP };
}

function containersFrom(value: unknown): Container[] {
  return array(value).map((c) => {
    const container = record(c);
    const env: Record<string, string> = {};
    for (const e of array(container['env'])) {
      const entry = record(e);
      if (typeof entry['name'] === 'string') env[entry['name']] = str(entry['value']);
    }
    const ports = array(container['ports']).map((p) => ({ name: str(record(p)['name']) || undefined, containerPort: Number(record(p)['containerPort'] ?? 0) }));
    return { name: str(container['name']), env, ports };
  });
}

/**
 * The workload name Istio reports for a pod, as pkg/kube's GetDeployMetaFromPod derives it: a
 * ReplicaSet owner minus its pod-template-hash suffix is the Deployment, a Job's name stands,
 * any other controller's name stands, and a pod without owner is its own workload.
 */
function workloadOf(meta: Raw, name: string): string {
  const owner = array(meta['ownerReferences']).map(record).find((o) => o['controller'] === true) ?? record(array(meta['ownerReferences'])[0]);
  const ownerName = str(owner['name']);
  if (!ownerName) return name;
  const hash = stringMap(meta['labels'])['pod-template-hash'];
  if (str(owner['kind']) === 'ReplicaSet' && hash && ownerName.endsWith(`-${hash}`)) return ownerName.slice(0, -hash.length - 1);
  return ownerName;
}

export function podFrom(raw: unknown): Pod {
  const obj = record(raw);
  const meta = record(obj['metadata']);
  const spec = record(obj['spec']);
  const status = record(obj['status']);
  const { namespace, name } = refOf(obj);
  const ready = array(status['conditions']).some((c) => str(record(c)['type']) === 'Ready' && str(record(c)['status']) === 'True');
  const containers = containersFrom(spec['containers']);
  const initContainers = containersFrom(spec['initContainers']);
  return {
    namespace,
    name,
    labels: stringMap(meta['labels']),
    podIP: str(status['podIP']),
    ready: ready && str(status['phase'], 'Running') === 'Running',
    deleting: meta['deletionTimestamp'] !== undefined && meta['deletionTimestamp'] !== null,
    containers,
    hasSidecar: [...containers, ...initContainers].some((c) => c.name === 'istio-proxy'),
    serviceAccount: str(spec['serviceAccountName']) || 'default',
    workload: workloadOf(meta, name),
  };
}
