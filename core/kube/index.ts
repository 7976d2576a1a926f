// core/kube: MeshDeck's Kubernetes layer — clients for a context the user picked, one home per
// kind (resources/), manifests, reads and server-side apply, watch-driven waits that fail on
// stalls (never on fixed timeouts) with the cluster's own reason, a reflector for watched
// collections, and read-only status. Everything takes its KubeClients as a parameter.
export { checkConnection, createKubeClients, type KubeClientOptions, type KubeClients } from './client';
export { readKubeContexts } from './contexts';
export { contextNames, labEntriesFrom, mergeLabEntries, parseKubeconfig, removeLabEntries, renderKubeconfig, type KubeconfigDoc, type LabEntries } from './kubeconfig-merge';
export { applyObject, applyObjects, replaceObject, type ApplyAction, type ApplyObjectOptions, type ApplyOptions, type ApplyResult, type WrittenObject } from './apply';
export { changedMeanwhile, deleteObject, getObject, listObjects, objectPath, type ListQuery } from './requests';
export { Reflector, type CollectionSpec } from './reflector';
export { collectionPath, Discovery, type ResourceInfo } from './discovery';
export { diagnosePods, kindLoadCommand, type DiagnoseOptions, type EventObject, type KindImageLoad, type StallFinding } from './diagnose';
export { isAbort, kubeError, KubeStatusError } from './errors';
export { loadManifests, parseManifests, readManifest, type ManifestObject } from './manifests';
export { describeObject, type KubeMetadata, type KubeObject } from './objects';
export { isPodReady, POD, VERSION_LABELS, versionLabelOf, versionOf, type PodObject, type VersionLabel } from './resources/pod';
export { containerReadiness, defaultContainer, hasSidecar, podContainers, SIDECAR_NAME, type PodContainer } from './resources/pod-containers';
export { SERVICE, selects, serviceHost, type ServiceObject } from './resources/service';
export { SERVICE_ACCOUNT } from './resources/service-account';
export { VIRTUAL_SERVICE, type VirtualServiceObject } from './resources/virtual-service';
export { DESTINATION_RULE, type DestinationRuleObject } from './resources/destination-rule';
export { NAMESPACE, type NamespaceObject } from './resources/namespace';
export { PEER_AUTHENTICATION } from './resources/peer-authentication';
export { AUTHORIZATION_POLICY } from './resources/authorization-policy';
export { readPods, readServices, readWorkloads, summarizePod, type PodSummary, type ServicePortSummary, type ServiceSummary } from './status';
export { isCrdEstablished, waitForCrdsEstablished, type WaitForCrdsOptions } from './wait-crds';
export { waitForPodsReady, type WaitForPodsOptions } from './wait-pods';
export { waitForDeployments, type WaitForWorkloadsOptions } from './wait-workloads';
export type { WatchWaitOptions } from './watch-wait';
export { DEPLOYMENT, isDeploymentAvailable, matchesSelector, podTemplateLabels, type WorkloadObject } from './resources/deployment';
export { isStatefulSetReady, STATEFUL_SET } from './resources/stateful-set';
export { LogStreams, defaultLogStreamLimits, parseLogTarget, readLogTargets, type LogStreamLimits, type LogStreamsDeps, type LogTimers } from './logs';
export { assertShellable, chooseShellContainer, openExecSocket, parseExecStatus, runExec, ShellSessions, type ExecOutput, type ExecEnd, type ExecListener, type ExecSocket, type ExecTarget, type ShellSessionsDeps } from './exec';
