// core/kube: MeshDeck's Kubernetes layer — clients for a context the user picked, manifests,
// server-side apply, watch-driven waits that fail on stalls (never on fixed timeouts) with the
// cluster's own reason, and read-only status. Everything takes its KubeClients as a parameter.
export { checkConnection, createKubeClients, type KubeClientOptions, type KubeClients } from './client';
export { readKubeContexts } from './contexts';
export { applyObjects, type ApplyAction, type ApplyOptions, type ApplyResult } from './apply';
export { collectionPath, Discovery, type ResourceInfo } from './discovery';
export { diagnosePods, type EventObject, type StallFinding } from './diagnose';
export { isAbort, kubeError, KubeStatusError } from './errors';
export { loadManifests, parseManifests, readManifest, type ManifestObject } from './manifests';
export { describeObject, type KubeMetadata, type KubeObject } from './objects';
export { containerReadiness, hasSidecar, isPodReady, type PodObject } from './resources/pod';
export { readPods, readServices, readWorkloads, summarizePod, type PodSummary, type ServicePortSummary, type ServiceSummary } from './status';
export { isCrdEstablished, waitForCrdsEstablished, type WaitForCrdsOptions } from './wait-crds';
export { waitForPodsReady, type WaitForPodsOptions } from './wait-pods';
export { waitForDeployments, type WaitForWorkloadsOptions } from './wait-workloads';
export type { WatchWaitOptions } from './watch-wait';
export { DEPLOYMENT, isDeploymentAvailable, matchesSelector, podTemplateLabels, type WorkloadObject } from './resources/deployment';
export { isStatefulSetReady, STATEFUL_SET } from './resources/stateful-set';
export { LogStreams, defaultLogStreamLimits, parseLogTarget, readLogTargets, type LogStreamLimits, type LogStreamsDeps, type LogTimers } from './logs';
export { assertShellable, chooseShellContainer, openExecSocket, parseExecStatus, ShellSessions, type ExecEnd, type ExecListener, type ExecSocket, type ExecTarget, type ShellSessionsDeps } from './exec';
