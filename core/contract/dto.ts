// Plain-JSON shapes that cross a transport. Names end in Info/Summary; no classes, no Dates
// (timestamps are ISO strings), nothing that structured clone or JSON would mangle.

import type { AppErrorInfo, ErrorCode } from './errors';
import type { LabStatusInfo, PlanStepInfo } from './lab';
import type { WorkshopTaskResultInfo } from './workshop';
import type { KitTaskResultInfo } from './images';

export type TaskId = string;
export type StreamId = string;

export interface AppStatusInfo {
  version: string;
  platform: string;
  arch: string;
  /** Where MeshDeck keeps downloaded tools and state (MESHDECK_HOME overrides it). */
  dataDir: string;
  /** The user's Downloads folder (their home when there is none): where a workshop kit goes by default. */
  downloadsDir: string;
  /** Which face the core is serving: the desktop app, browser mode or one CLI command. */
  face: 'desktop' | 'browser' | 'cli';
}

export type TaskState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface TaskInfo {
  id: TaskId;
  kind: TaskKind;
  title: string;
  state: TaskState;
  /** What the task is doing now, in words a user understands. */
  step: string;
  /** 0..100, or null while the amount of work is unknown. */
  percent: number | null;
  /**
   * How many log lines the task has written so far: the next line's sequence number. The lines
   * themselves travel as `task:log` events (and `task.log` for a face that fell behind).
   */
  logSeq: number;
  startedAt: string;
  endedAt?: string;
  error?: AppErrorInfo;
  result?: TaskResultInfo;
  /** The plan's steps, for tasks that run a plan (lab up/down). */
  steps?: PlanStepInfo[];
}

export type TaskKind = 'doctor' | 'lab-up' | 'lab-down' | 'lab-reset' | 'workshop' | 'kit-export' | 'kit-import';

export type TaskResultInfo = { kind: 'doctor'; report: DoctorReportInfo } | { kind: 'lab'; status: LabStatusInfo } | { kind: 'lab-reset'; reset: RoutingResetInfo } | WorkshopTaskResultInfo | KitTaskResultInfo;

/** An Istio routing object (networking.istio.io) in the Bookinfo namespace. */
export interface RoutingObjectInfo {
  kind: string;
  name: string;
}

/** What `lab.reset` did: the routing rules it deleted and the starting ones it put back. */
export interface RoutingResetInfo {
  namespace: string;
  removed: RoutingObjectInfo[];
  restored: (RoutingObjectInfo & { action: 'created' | 'configured' | 'unchanged' })[];
}

/**
 * A context of the user's kubeconfig, for the "use an existing cluster" picker: names and the
 * API server's URL only. Credentials (tokens, keys, certificates) never leave the core.
 */
export interface KubeContextInfo {
  name: string;
  cluster: string;
  /** The API server's URL; empty when the context names a cluster the kubeconfig lacks. */
  server: string;
  /** The kubeconfig's current-context. */
  current: boolean;
}

/** One line a task logged; `step` is the plan step that wrote it, '' for the task as a whole. */
export interface TaskLogLineInfo {
  step: string;
  text: string;
}

/**
 * A run of a task's log lines: `lines[0]` has sequence number `fromSeq`. `skipped` counts lines
 * before `fromSeq` that the asker wanted but the core no longer keeps (it keeps a bounded tail).
 */
export interface TaskLogInfo {
  taskId: TaskId;
  fromSeq: number;
  lines: TaskLogLineInfo[];
  skipped: number;
}

export interface TaskRefInfo {
  taskId: TaskId;
}

export type FindingStatus = 'ok' | 'warn' | 'fail' | 'skipped';

export type DoctorCheckId = 'docker-engine' | 'docker-resources' | 'inotify' | 'host-ports' | 'kind-clusters' | 'kind' | 'istioctl' | 'image-disk' | 'docker-hub';

export interface DoctorFindingInfo {
  id: DoctorCheckId;
  title: string;
  status: FindingStatus;
  /** One line: what was found. */
  summary: string;
  /** What to do about it, when there is something to do. Commands are marked with backticks. */
  advice?: string;
  code?: ErrorCode;
  facts?: Record<string, string | number | boolean>;
}

export interface DoctorReportInfo {
  findings: DoctorFindingInfo[];
  /** The worst status among the findings (skipped counts as ok). */
  overall: 'ok' | 'warn' | 'fail';
  checkedAt: string;
}
