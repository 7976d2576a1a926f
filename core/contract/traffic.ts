// Shapes of traffic shifting: a service's versions and who owns its routing, a requested split
// (integer weights summing to 100, an optional header rule), what applying it did, and the
// traffic generator's runs and per-window observations.

/** Who wrote the routing objects of a service: nobody, MeshDeck (managed-by label), or someone else. */
export type RoutingOwner = 'none' | 'meshdeck' | 'foreign';

export interface TrafficVersionInfo {
  /** Subset name: the workloads' version label. */
  name: string;
  /** Deployments (or other workloads) whose pods carry this version. */
  workloads: string[];
  pods: number;
  ready: number;
}

export interface WeightInfo {
  version: string;
  /** Integer 0..100; a split's weights sum to exactly 100. */
  weight: number;
}

/** Requests with header `header` equal to `value` go to `version` (Istio's test-v2 task: end-user: jason → v2). */
export interface HeaderRouteInfo {
  header: string;
  value: string;
  version: string;
}

export interface RoutingRefInfo {
  kind: 'VirtualService' | 'DestinationRule';
  name: string;
  owner: Exclude<RoutingOwner, 'none'>;
  resourceVersion: string;
  /** Field managers of the live object (who last wrote it). */
  managers: string[];
}

export interface TrafficServiceInfo {
  name: string;
  namespace: string;
  /** `<name>.<namespace>.svc.cluster.local` */
  host: string;
  versions: TrafficVersionInfo[];
  owner: RoutingOwner;
  objects: RoutingRefInfo[];
  /** The weights the live VirtualService routes by, when it is a plain weighted split (else null). */
  weights: WeightInfo[] | null;
  headerRoute?: HeaderRouteInfo;
}

export interface TrafficRouteRequest {
  service: string;
  namespace?: string;
  weights: WeightInfo[];
  /** The header rule the sliders show beside the split; null removes it; absent keeps every rule as it is. */
  headerRoute?: HeaderRouteInfo | null;
  /** Overwrite routing objects someone else wrote. Without it, foreign objects stop the apply. */
  takeOver?: boolean;
  /**
   * The versions the user's sliders or preview were made from: the resourceVersion of the
   * service's VirtualService and DestinationRule as the face last saw them (null: it did not
   * exist). When given, the apply is refused with CONFLICT if the cluster holds anything else,
   * so two MeshDeck writers never overwrite each other silently.
   */
  basedOn?: RoutingBasisInfo;
}

export interface RoutingBasisInfo {
  VirtualService: string | null;
  DestinationRule: string | null;
}

export interface RoutingChangedInfo {
  namespace: string;
  /** The service the object routes (MeshDeck names its objects after the service). */
  service: string;
  kind: 'VirtualService' | 'DestinationRule';
  name: string;
  /** The object's new resourceVersion; null when it was deleted. */
  resourceVersion: string | null;
}

export interface WorkloadsChangedInfo {
  namespace: string;
}

export type LabLiveState = 'running' | 'gone';

export interface LabLiveStateInfo {
  state: LabLiveState;
  /** The kube context followed. */
  context: string;
  /** Why it is gone, saying what to do next (absent while running). */
  reason?: string;
  /** When the core noticed (ISO 8601). */
  at: string;
}

/** What `traffic.follow` started: the namespace followed and the lab's state as known now. */
export interface TrafficFollowInfo {
  namespace: string;
  state: LabLiveState | 'checking';
}

export interface RoutingDiffInfo {
  kind: 'VirtualService' | 'DestinationRule';
  name: string;
  /** YAML of the live object's spec (null when it does not exist). */
  before: string | null;
  /** YAML of the spec MeshDeck would write. */
  after: string;
  changed: boolean;
}

export interface TrafficPreviewInfo {
  /** The objects as a multi-document YAML, ready for `kubectl apply -f`. */
  yaml: string;
  diff: RoutingDiffInfo[];
  owner: RoutingOwner;
}

export interface TrafficApplyInfo {
  service: string;
  namespace: string;
  weights: WeightInfo[];
  objects: { kind: 'VirtualService' | 'DestinationRule'; name: string; action: 'created' | 'configured' | 'unchanged'; resourceVersion: string }[];
  /** When the API server answered (ISO 8601). */
  acceptedAt: string;
  /** Echo of the caller's sequence number, so a face can ignore answers to superseded moves. */
  seq?: number;
}

export interface TrafficRemoveInfo {
  service: string;
  namespace: string;
  removed: { kind: 'VirtualService' | 'DestinationRule'; name: string }[];
}

export type GeneratorState = 'running' | 'finished' | 'stopped' | 'failed';

export interface LatencyInfo {
  p50: number;
  p90: number;
  p99: number;
}

export interface TrafficCountsInfo {
  requests: number;
  /** Answers by reviews version: v1 (no stars), v2 (black), v3 (red), unknown. */
  byVersion: Record<string, number>;
  errors: number;
  /** Error answers by HTTP status (or "network"). */
  errorCodes: Record<string, number>;
  /** 2xx pages that said a backend failed behind them ("ratings-unavailable", "reviews-unavailable", "details-unavailable"). */
  degraded?: Record<string, number>;
  latencyMs: LatencyInfo;
  /** Latency of the 2xx answers per version the generator told apart (reviews by its stars); absent versions had none. */
  latencyByVersion?: Record<string, LatencyInfo>;
  /** Requests that were due but not sent: every concurrency slot was busy, or the schedule fell behind. */
  skipped?: number;
}

export interface TrafficWindowInfo {
  runId: string;
  /** Window start, ms since the epoch, and its length. */
  at: number;
  windowMs: number;
  window: TrafficCountsInfo;
  totals: TrafficCountsInfo;
}

/** The curl client pod a run sends from (traffic.start with from curl). */
export interface TrafficClientInfo {
  namespace: string;
  pod: string;
  /** Whether it has Istio's sidecar: without one it sends plaintext from outside the mesh. */
  injected: boolean;
  /** MeshDeck deployed it: it stays for the next run, and `reset` (or `down`) removes it. */
  managed?: boolean;
}

export interface GeneratorRunInfo {
  runId: string;
  url: string;
  /** Where the requests come from: the host through the ingress gateway, or the curl pod. */
  from?: 'gateway' | 'curl';
  client?: TrafficClientInfo;
  rps: number;
  durationSeconds: number;
  state: GeneratorState;
  startedAt: string;
  totals: TrafficCountsInfo;
  error?: string;
}
