// core/kube/logs: pod and workload log streams for the log viewer and `meshdeck logs` — what can
// be shown, following with resume across broken connections, batching with acknowledgements and
// visible drops. Everything takes its KubeClients as a parameter.
export { LogBatcher, defaultBatchLimits, type BatchContent, type BatcherStats, type BatchLimits } from './batcher';
export { defaultLogStreamLimits, type LogStreamLimits } from './log-stream';
export { LogStreams, type LogStreamsDeps } from './log-streams';
export { containersOf, defaultContainer, parseLogTarget, readLogTargets, type LogTargetRef } from './log-targets';
export type { LogTimers } from './log-timers';
