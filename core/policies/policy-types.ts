// The shape of one service's policy: what its VirtualService routes (ordered HTTP rules, each with
// its fault, timeout and retries) and what its DestinationRule says (subsets, circuit breaker,
// TLS). Field names are Istio's own (networking.istio.io/v1), so a rule reads like the YAML it
// becomes; every shape keeps the fields MeshDeck does not model (`[field: string]: unknown`), so a
// read → change → write cycle never loses what someone else wrote. Types only.

/** Istio's StringMatch: one of exact, prefix or regex (RE2). */
export type StringMatch = { exact: string } | { prefix: string } | { regex: string };

/** One HTTPMatchRequest: every field given must match (a rule's list of them is an OR). */
export interface MatchCondition {
  headers?: Record<string, StringMatch>;
  uri?: StringMatch;
  method?: StringMatch;
  [field: string]: unknown;
}

export interface RouteDestination {
  destination: { host: string; subset?: string; [field: string]: unknown };
  /** Relative: Istio sends weight/total of the rule's destinations (0 total is the only invalid one). */
  weight?: number;
  [field: string]: unknown;
}

export interface Percentage {
  value: number;
}

export interface FaultDelay {
  fixedDelay?: string;
  percentage?: Percentage;
  [field: string]: unknown;
}

export interface FaultAbort {
  httpStatus?: number;
  percentage?: Percentage;
  [field: string]: unknown;
}

export interface Fault {
  delay?: FaultDelay;
  abort?: FaultAbort;
  [field: string]: unknown;
}

export interface Retries {
  attempts: number;
  perTryTimeout?: string;
  retryOn?: string;
  [field: string]: unknown;
}

/** One HTTPRoute of the VirtualService; a rule without `match` matches everything. */
export interface HttpRule {
  match?: MatchCondition[];
  route: RouteDestination[];
  fault?: Fault;
  timeout?: string;
  retries?: Retries;
  [field: string]: unknown;
}

export interface ConnectionPool {
  tcp?: { maxConnections?: number; [field: string]: unknown };
  http?: { http1MaxPendingRequests?: number; maxRequestsPerConnection?: number; [field: string]: unknown };
  [field: string]: unknown;
}

export interface OutlierDetection {
  consecutive5xxErrors?: number;
  interval?: string;
  baseEjectionTime?: string;
  maxEjectionPercent?: number;
  [field: string]: unknown;
}

export type TlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

export interface TrafficPolicy {
  connectionPool?: ConnectionPool;
  outlierDetection?: OutlierDetection;
  tls?: { mode: TlsMode; [field: string]: unknown };
  [field: string]: unknown;
}

export interface Subset {
  name: string;
  labels?: Record<string, string>;
  [field: string]: unknown;
}

export interface ServicePolicy {
  service: string;
  namespace: string;
  /** The VirtualService's HTTP rules in order; the default route is the last one, without a match. */
  http: HttpRule[];
  /** The DestinationRule's subsets, one per version (kept as written, missing versions added). */
  subsets: Subset[];
  trafficPolicy: TrafficPolicy;
  /** VirtualService spec fields other than hosts and http (gateways, exportTo, tcp, …), as written. */
  virtualServiceExtra: Record<string, unknown>;
  /** DestinationRule spec fields other than host, subsets and trafficPolicy, as written. */
  destinationRuleExtra: Record<string, unknown>;
}

/** Which policy `--clear` removes. */
export const CLEARABLE = ['fault', 'timeout', 'retry', 'breaker', 'route', 'tls', 'all'] as const;
export type Clearable = (typeof CLEARABLE)[number];
