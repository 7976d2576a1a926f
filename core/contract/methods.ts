// Every request/response method of the API, once: its argument schema (checked at runtime by
// the dispatcher) and its result type. Later features add entries here and nothing else changes.

import { DASHBOARD_METHOD_PARAMS, type DashboardPaneInfo, type DashboardsHealthInfo } from './dashboards';
import type { AppStatusInfo, KubeContextInfo, TaskInfo, TaskLogInfo, TaskRefInfo } from './dto';
import type { LabRemovalInfo, LabStatusInfo, LabSummaryInfo } from './lab';
import { POLICY_METHOD_PARAMS, type PolicyMethodResults } from './policies';
import { WORKSHOP_METHOD_PARAMS, type WorkshopMethodResults } from './workshop';
import { IMAGE_METHOD_PARAMS, type ImageMethodResults } from './images';
import type { LogStreamInfo, LogTargetsInfo, ShellSessionInfo } from './logs';
import type { GeneratorRunInfo, TrafficApplyInfo, TrafficFollowInfo, TrafficPreviewInfo, TrafficRemoveInfo, TrafficServiceInfo } from './traffic';
import { TELEMETRY_METHOD_PARAMS, type ObservedSeriesInfo, type ObservedSplitInfo } from './telemetry';
import { array, boolean, integer, nullable, object, oneOf, optional, string, type Infer } from './schema';

const taskId = string({ pattern: /^[a-z0-9-]{1,64}$/, hint: 'a task id' });
const port = integer({ min: 1, max: 65535 });
// DNS-1123 label: what kind accepts as a cluster name and Kubernetes as most names.
const clusterName = string({ pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, hint: 'a DNS-1123 name (lowercase letters, digits and -)' });
const contextName = string({ pattern: /^[^\s]{1,253}$/, hint: 'a kube context name' });
const istioVersion = string({ pattern: /^\d+\.\d+\.\d+$/, hint: 'an Istio version such as 1.30.5' });
const namespace = clusterName;
const serviceName = clusterName;
// A subset name: Istio allows DNS-1123 labels; version labels like v1, v2-mysql fit.
const version = string({ pattern: /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/, hint: 'a version label such as v1' });
const weights = array(object({ version, weight: integer({ min: 0, max: 100 }) }), { maxItems: 32 });
const headerRoute = object({
  header: string({ pattern: /^[a-z0-9][-a-z0-9_.]{0,99}$/, hint: 'a lowercase HTTP header name such as end-user' }),
  value: string({ pattern: /^[^\r\n]{1,200}$/, hint: 'a header value on one line' }),
  version,
});
const resourceVersion = string({ pattern: /^[0-9A-Za-z._-]{1,64}$/, hint: 'a resourceVersion' });
const basedOn = object({ VirtualService: nullable(resourceVersion), DestinationRule: nullable(resourceVersion) });
const route = { service: serviceName, namespace: optional(namespace), weights, headerRoute: optional(nullable(headerRoute)), takeOver: optional(boolean()) };
const streamId = string({ pattern: /^[a-z0-9-]{1,64}$/, hint: 'a stream id' });
// pod/NAME, deploy/NAME, sts/NAME, ds/NAME or a bare pod name.
const logTarget = string({ pattern: /^((pod|po|pods|deploy|deployment|deployments|sts|statefulset|ds|daemonset)\/)?[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, hint: 'a pod name or deploy/NAME' });
const containerName = clusterName;
// A kind or istioctl binary the user chose: any path on one line; the core runs it once to check its version.
const binaryPath = string({ pattern: /^[^\0\r\n]+$/, maxLength: 4096, hint: 'a path to the binary' });
const labOptions = {
  name: optional(clusterName),
  istioVersion: optional(istioVersion),
  httpPort: optional(port),
  httpsPort: optional(port),
  context: optional(contextName),
  mergeKubeconfig: optional(boolean()),
  lanSharing: optional(boolean()),
  /** Build the lab with no network at all: every download and pull is refused up front, naming what the kit lacks. */
  offline: optional(boolean()),
};

export const METHOD_PARAMS = {
  'app.status': object({}),
  'doctor.run': object({ ports: optional(array(port, { maxItems: 8 })) }),
  'task.list': object({}),
  'task.get': object({ taskId }),
  'task.cancel': object({ taskId }),
  'task.log': object({ taskId, fromSeq: optional(integer({ min: 0, max: Number.MAX_SAFE_INTEGER })) }),
  /** kindPath and istioctlPath are user-chosen binaries: only the CLI face accepts them (`--kind`, `--istioctl`). */
  'lab.up': object({ ...labOptions, kindPath: optional(binaryPath), istioctlPath: optional(binaryPath) }),
  'lab.status': object({ name: optional(clusterName), context: optional(contextName) }),
  'lab.down': object({ name: optional(clusterName), context: optional(contextName), confirmed: boolean() }),
  /** What `lab.down` would remove for this lab; nothing is changed. */
  'lab.removal': object({ name: optional(clusterName), context: optional(contextName) }),
  /** The labs this data folder knows, with their state. */
  'lab.list': object({}),
  /** Makes a known lab the current one (what commands and screens aim at by default). */
  'lab.select': object({ name: optional(clusterName), context: optional(contextName) }),
  'lab.reset': object({ name: optional(clusterName), context: optional(contextName) }),
  'kube.contexts': object({}),
  'traffic.services': object({ namespace: optional(namespace) }),
  'traffic.preview': object(route),
  'traffic.apply': object({ ...route, basedOn: optional(basedOn), seq: optional(integer({ min: 0 })) }),
  /** Follows the namespace's routing, workloads and the lab for this caller (events routing:changed, workloads:changed, lab:state) until it goes or unfollows. */
  'traffic.follow': object({ namespace: optional(namespace) }),
  'traffic.unfollow': object({ namespace: optional(namespace) }),
  'traffic.remove': object({ service: serviceName, namespace: optional(namespace) }),
  'traffic.start': object({
    rps: optional(integer({ min: 1, max: 200 })),
    durationSeconds: optional(integer({ min: 1, max: 3600 })),
    concurrency: optional(integer({ min: 1, max: 64 })),
    /** Sign in to Bookinfo as this user first, so productpage sends `end-user` (the test-v2 rule routes jason). */
    endUser: optional(string({ pattern: /^[A-Za-z0-9._-]{1,64}$/, hint: 'a user name such as jason' })),
    /** Where requests come from: the host through the ingress gateway (default), or the curl client pod inside the cluster. */
    from: optional(oneOf(['gateway', 'curl'] as const)),
    /** With from curl: the curl pod's namespace (default Bookinfo's; created without injection when missing, a client outside the mesh). */
    namespace: optional(namespace),
    /** With from curl: the URL curl asks (default productpage's /productpage inside the cluster). */
    url: optional(string({ pattern: /^https?:\/\/[^\s]{1,2000}$/, hint: 'an http:// URL such as http://productpage:9080/productpage' })),
  }),
  'traffic.stop': object({ runId: streamId }),
  'traffic.runs': object({}),
  'logs.targets': object({ namespace: optional(namespace) }),
  'logs.open': object({
    namespace: optional(namespace),
    target: logTarget,
    container: optional(containerName),
    follow: optional(boolean()),
    tailLines: optional(integer({ min: 0, max: 1_000_000 })),
    sinceSeconds: optional(integer({ min: 1, max: 366 * 24 * 3600 })),
    timestamps: optional(boolean()),
    previous: optional(boolean()),
  }),
  'logs.ack': object({ streamId, seq: integer({ min: 0 }) }),
  'logs.close': object({ streamId }),
  'shell.open': object({ namespace: optional(namespace), pod: clusterName, container: optional(containerName), cols: integer({ min: 1, max: 1000 }), rows: integer({ min: 1, max: 1000 }) }),
  'shell.input': object({ sessionId: streamId, data: string({ maxLength: 65_536 }) }),
  'shell.resize': object({ sessionId: streamId, cols: integer({ min: 1, max: 1000 }), rows: integer({ min: 1, max: 1000 }) }),
  'shell.close': object({ sessionId: streamId }),
  ...DASHBOARD_METHOD_PARAMS,
  ...TELEMETRY_METHOD_PARAMS,
  ...POLICY_METHOD_PARAMS,
  ...WORKSHOP_METHOD_PARAMS,
  ...IMAGE_METHOD_PARAMS,
} as const;

export interface MethodResults extends PolicyMethodResults, WorkshopMethodResults, ImageMethodResults {
  'app.status': AppStatusInfo;
  'doctor.run': TaskRefInfo;
  'task.list': TaskInfo[];
  'task.get': TaskInfo;
  'task.cancel': TaskInfo;
  'task.log': TaskLogInfo;
  'lab.up': TaskRefInfo;
  'lab.status': LabStatusInfo;
  'lab.down': TaskRefInfo;
  'lab.removal': LabRemovalInfo;
  'lab.list': LabSummaryInfo[];
  'lab.select': LabSummaryInfo;
  'lab.reset': TaskRefInfo;
  'kube.contexts': KubeContextInfo[];
  'traffic.services': TrafficServiceInfo[];
  'traffic.preview': TrafficPreviewInfo;
  'traffic.apply': TrafficApplyInfo;
  'traffic.remove': TrafficRemoveInfo;
  'traffic.follow': TrafficFollowInfo;
  'traffic.unfollow': { namespace: string; following: boolean };
  'traffic.start': GeneratorRunInfo;
  'traffic.stop': GeneratorRunInfo;
  'traffic.runs': GeneratorRunInfo[];
  'traffic.observe': ObservedSplitInfo;
  'traffic.observeSeries': ObservedSeriesInfo;
  'logs.targets': LogTargetsInfo;
  'logs.open': LogStreamInfo;
  'logs.ack': { streamId: string; seq: number };
  'logs.close': { streamId: string; closed: boolean };
  'shell.open': ShellSessionInfo;
  'shell.input': { sessionId: string };
  'shell.resize': { sessionId: string };
  'shell.close': { sessionId: string; closed: boolean };
  'dashboards.health': DashboardsHealthInfo;
  'dashboards.repair': TaskRefInfo;
  'dashboards.show': DashboardPaneInfo;
  'dashboards.hide': { hidden: number };
  'dashboards.navigate': DashboardPaneInfo;
}

export type MethodName = keyof typeof METHOD_PARAMS & keyof MethodResults;
export type MethodParams<M extends MethodName> = Infer<(typeof METHOD_PARAMS)[M]>;
export type MethodResult<M extends MethodName> = MethodResults[M];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(METHOD_PARAMS, value);
}
