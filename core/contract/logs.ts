// Shapes of pod logs and shells: what can be shown (pods, their containers, workloads), how a
// log stream is asked for, the batches it pushes (with drop and gap markers, never silent), and
// the bytes of an interactive shell.

export interface ContainerInfo {
  name: string;
  /** app (spec.containers), init (spec.initContainers); istio-proxy is an app container or a native-sidecar init container. */
  kind: 'app' | 'init';
  /** Set on Istio's istio-proxy sidecar, in either shape. */
  sidecar?: boolean;
  restartCount: number;
  /** Whether a previous (terminated) instance exists, so `previous` logs can be asked for. */
  hasPrevious: boolean;
}

export interface LogPodInfo {
  name: string;
  namespace: string;
  phase: string;
  ready: boolean;
  containers: ContainerInfo[];
  /** The workload the pod belongs to, as `deploy/NAME` (or sts/ds), when known. */
  workload?: string;
}

export interface LogWorkloadInfo {
  /** `deploy/NAME`, `sts/NAME` or `ds/NAME`. */
  ref: string;
  namespace: string;
  pods: string[];
}

export interface LogTargetsInfo {
  namespace: string;
  pods: LogPodInfo[];
  workloads: LogWorkloadInfo[];
}

export interface LogOpenRequest {
  namespace?: string;
  /** A pod name, `pod/NAME`, or a workload: `deploy/NAME`, `sts/NAME`, `ds/NAME` (all its pods at once). */
  target: string;
  container?: string;
  follow?: boolean;
  /** Lines from the end to start with; omitted = all. */
  tailLines?: number;
  /** Only lines newer than this many seconds. */
  sinceSeconds?: number;
  timestamps?: boolean;
  previous?: boolean;
}

/** One source of lines in a stream: a pod's container. Batches refer to it by index. */
export interface LogSourceInfo {
  pod: string;
  container: string;
}

export interface LogStreamInfo {
  streamId: string;
  namespace: string;
  target: string;
  sources: LogSourceInfo[];
}

/** Consecutive lines of one source; `text` is the lines joined by "\n" (no trailing newline). */
export interface LogChunkInfo {
  source: number;
  text: string;
}

export interface LogBatchInfo {
  streamId: string;
  /** 1, 2, 3, … per stream; acknowledge with logs.ack to receive more. */
  seq: number;
  chunks: LogChunkInfo[];
  /** Sources added since the last batch (a new pod of the workload joined). */
  sources?: LogSourceInfo[];
  /** Lines dropped because the viewer fell behind, since the last batch. */
  dropped?: number;
  /** Something the user should see in the stream: reconnects, gaps, pods leaving. */
  notices?: string[];
  /** The stream ended: the pod's log ended (not following), the viewer closed it, or an error. */
  ended?: { reason: 'complete' | 'closed' | 'error'; message?: string };
}

export interface ShellOpenRequest {
  namespace?: string;
  pod: string;
  container?: string;
  cols: number;
  rows: number;
}

export interface ShellSessionInfo {
  sessionId: string;
  pod: string;
  container: string;
  /** The shell that runs (bash when the container has it, else sh). */
  command: string;
}

export interface ShellOutputInfo {
  sessionId: string;
  /** Terminal bytes as UTF-8 text. */
  data?: string;
  /** The shell ended (exit code when known) or the connection broke (message). */
  exit?: { code: number | null; message?: string };
}
