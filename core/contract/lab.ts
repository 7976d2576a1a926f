// Shapes of the one-click lab: its options, the steps of the plan as a face shows them, and
// the status of a lab (cluster, Istio, Bookinfo, where everything is).

import type { AppErrorInfo } from './errors';

export type LabStepId = 'preflight' | 'kind' | 'istio-release' | 'node-image' | 'cluster' | 'istio-images' | 'app-images' | 'kubeconfig' | 'load-istio-images' | 'load-app-images' | 'istio' | 'istio-gateways' | 'injection' | 'bookinfo' | 'addons' | 'gateways' | 'verify';

/** done = finished in this run; reused = found already done, so not redone. */
export type StepState = 'pending' | 'running' | 'done' | 'reused' | 'failed' | 'cancelled';

export interface PlanStepInfo {
  id: string;
  title: string;
  state: StepState;
  /** What the step is doing or found, one line. */
  detail: string;
  percent: number | null;
  error?: AppErrorInfo;
  /** The step's newest log lines (at most STEP_LOG_TAIL), for a face that joins late or a failure. */
  logTail?: string[];
}

/** How many of its newest log lines a plan step carries in its PlanStepInfo. */
export const STEP_LOG_TAIL = 15;

export interface LabOptionsInfo {
  /** kind cluster name; the kube context is kind-<name>. */
  name?: string;
  istioVersion?: string;
  httpPort?: number;
  httpsPort?: number;
  /** Bring your own cluster: an existing kube context the user picked (skips kind). */
  context?: string;
  /**
   * Also merge the kind cluster's context into the user's kubeconfig (`kind export kubeconfig`,
   * which makes it the current context there). Off unless the user opts in.
   */
  mergeKubeconfig?: boolean;
  /**
   * Publish the gateway's host ports on every network interface instead of 127.0.0.1 (kind labs
   * only), so others on the network can reach the lab. Off unless the user opts in; see
   * LAN_SHARING_WARNING.
   */
  lanSharing?: boolean;
}

/** What every face shows before LAN sharing is turned on: who can reach what. */
export const LAN_SHARING_WARNING =
  "LAN sharing publishes the lab's ports on every network interface, not only 127.0.0.1: anyone on your network can open Bookinfo and the dashboards, and Grafana's anonymous Admin lets them change Grafana. Use it only on a network you trust, such as a workshop room.";

export interface ComponentStatusInfo {
  name: string;
  namespace: string;
  ready: number;
  total: number;
  /** Pods that carry the istio-proxy sidecar, of `total`. */
  withSidecar?: number;
}

export interface LabStatusInfo {
  /** Whether a lab cluster answers at all. */
  exists: boolean;
  name: string;
  context: string;
  /** How it was made: by MeshDeck with kind, or the user's own cluster. */
  provider: 'kind' | 'context';
  istioVersion?: string;
  istio: ComponentStatusInfo[];
  bookinfo: ComponentStatusInfo[];
  addons: ComponentStatusInfo[];
  urls: {
    bookinfo: string;
    dashboards: { grafana: string; kiali: string; tracing: string; prometheus: string };
  };
  /** Why the lab is not (fully) there, when it is not. */
  problem?: AppErrorInfo;
}

/**
 * One lab this data folder knows (`meshdeck labs`, the Setup screen's list). running: its cluster
 * answers; unreachable: known (kind lists it, or it is remembered) but its API server does not
 * answer (Docker stopped, a half-made cluster); absent: remembered, but the cluster is gone.
 */
export interface LabSummaryInfo {
  name: string;
  context: string;
  provider: 'kind' | 'context';
  state: 'running' | 'unreachable' | 'absent';
  /** The lab that commands and screens aim at when none is named (the last one brought up or picked). */
  current: boolean;
  istioVersion?: string;
  httpPort?: number;
  httpsPort?: number;
  /** Bookinfo through the gateway, for a lab that has host ports. */
  bookinfoUrl?: string;
  /** Why the lab is not running, when it is not. */
  problem?: AppErrorInfo;
}

/** What `down` will remove, listed before it asks for confirmation. */
export interface LabRemovalInfo {
  name: string;
  context: string;
  provider: 'kind' | 'context';
  /** kind labs: the whole cluster goes. Never true for a user's own cluster. */
  deletesCluster: boolean;
  /** One line per thing that goes, e.g. "Istio (istioctl uninstall --purge)", "namespace default: Bookinfo (6 Deployments, 4 Services)". */
  items: string[];
  /** What stays because MeshDeck did not install it, e.g. "Istio (it was there before MeshDeck)". */
  kept: string[];
}
