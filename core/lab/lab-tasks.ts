// The work of two of the lab's tasks once the service has let one start: up runs the plan under
// the up lock, reset puts Bookinfo's routing back (down is in lab-down.ts). Each shows itself as
// plan steps and ends with its result.

import { AppError, type PlanStepInfo, type TaskResultInfo } from '../contract';
import type { TaskContext } from '../tasks';
import type { LabConfig } from './lab-config';
import type { LabDeps } from './lab-deps';
import { recordFromConfig, saveRecord, setCurrentLab, type LabRecord } from './lab-registry';
import { labNotFound } from './lab-down';
import { labPlan } from './lab-plan';
import { readLabStatus } from './lab-status';
import { initialStepInfos, runPlan, type StepContext } from './plan-runner';
import { resetLabRouting } from './reset-routing';
import { withUpLock } from './up-lock';

/**
 * Runs the plan under the up lock. The lab's record is written once its cluster is there (so a
 * lab half made keeps its ports), and it becomes the current lab only when the whole plan
 * succeeded: a failed up never moves what status, logs or down aim at.
 */
export async function runLabUp(context: TaskContext, config: LabConfig, existing: LabRecord | undefined, deps: LabDeps, dataDir: string): Promise<TaskResultInfo> {
  const plan = labPlan(config, deps);
  const steps = initialStepInfos(plan.steps);
  const createdAt = existing?.createdAt ?? new Date().toISOString();
  let recorded: Promise<void> | undefined;
  const update = (step: PlanStepInfo) => {
    context.updateStep(step);
    if (step.id === 'cluster' && (step.state === 'done' || step.state === 'reused')) recorded ??= saveRecord(dataDir, recordFromConfig(config, createdAt, existing?.upAt));
  };
  context.steps(steps);
  try {
    await withUpLock(dataDir, context, steps[0], () => runPlan(plan.steps, { update, log: (line, step) => context.log(line, step) }, context.signal));
  } catch (error) {
    // The plan's failure is the one to report; a record write that failed as well is secondary.
    await recorded?.catch(() => undefined);
    throw error;
  } finally {
    plan.close();
  }
  await recorded;
  await saveRecord(dataDir, recordFromConfig(config, createdAt, new Date().toISOString()));
  await setCurrentLab(dataDir, config.name);
  context.step('Reading the lab’s status', 100);
  return { kind: 'lab', status: await readLabStatus(config, context.signal) };
}

/** Reset of the lab's routing; `known`: this data folder has the lab's record (an unknown one that is not there is said to be missing). */
export async function runLabReset(context: TaskContext, config: LabConfig, known: boolean, deps: Pick<LabDeps, 'ensureIstio'>): Promise<TaskResultInfo> {
  const step = { id: 'reset', title: `Reset Bookinfo routing on ${config.context}`, state: 'running' as const, detail: 'Reading the routing rules', percent: null };
  context.steps([step]);
  const log = (line: string) => context.log(line, 'reset');
  const stepContext: StepContext = { signal: context.signal, log, progress: (detail, percent) => context.updateStep({ ...step, detail, percent: percent ?? null }) };
  let reset;
  try {
    reset = await resetLabRouting(config, () => deps.ensureIstio(config, stepContext), { signal: context.signal, log });
  } catch (caught) {
    const error = !known && caught instanceof AppError && caught.code === 'CLUSTER_NOT_FOUND' ? labNotFound(config, 'reset') : caught;
    if (error instanceof AppError && error.code !== 'CANCELLED') context.updateStep({ ...step, state: 'failed', detail: error.message, percent: null, error: error.toInfo() });
    throw error;
  }
  const detail = reset.removed.length === 0 ? 'Routing was already at its starting state' : `Removed ${reset.removed.length} routing rule${reset.removed.length === 1 ? '' : 's'}; bookinfo-gateway and the bookinfo VirtualService are as released`;
  context.updateStep({ ...step, state: 'done', detail, percent: 100 });
  return { kind: 'lab-reset', reset };
}
