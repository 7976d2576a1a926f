export { runPlan, validatePlan, initialStepInfos, type PlanStep, type PlanReporter, type Observation, type StepContext } from './plan-runner';
export type { LabService } from './lab-service';
