export { runPlan, validatePlan, initialStepInfos, type PlanStep, type PlanReporter, type Observation, type StepContext } from './plan-runner';
export type { LabService, LabTarget } from './lab-service';
export { createLabService, type LabServiceOptions, type LabServiceWithRequests } from './create-lab-service';
export { describeToolProgress } from './create-lab-deps';
export { resolveLabConfig, userKubeconfigPath, appKubeconfigPath, BOOKINFO_NAMESPACE, DEFAULT_HTTP_PORT, DEFAULT_HTTPS_PORT, type LabConfig, type LabRequest } from './lab-config';
export { readLabStatus } from './lab-status';
export { resetRouting, resetLabRouting, RESET_KINDS, type ResetRoutingOptions } from './reset-routing';
export { recallLab, readRegistry, type LabRecord, type LabRegistry } from './lab-registry';
