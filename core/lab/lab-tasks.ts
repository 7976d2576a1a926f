// The work of the lab's three tasks once the service has let one start: up runs the plan under
// the up lock, down deletes the kind cluster (and the context merged into the user's kubeconfig),
// reset puts Bookinfo's routing back. Each shows itself as plan steps and ends with its result.

import { AppError, type TaskResultInfo } from '../contract';
import type { TaskContext } from '../tasks';
import type { LabConfig, LabRequest } from './lab-config';
import type { LabDeps } from './lab-deps';
import { rememberLab } from './lab-memory';
import { labPlan } from './lab-plan';
import { readLabStatus } from './lab-status';
import { initialStepInfos, runPlan, type StepContext } from './plan-runner';
import { resetLabRouting } from './reset-routing';
import { withUpLock } from './up-lock';

export async function runLabUp(context: TaskContext, config: LabConfig, request: LabRequest, deps: LabDeps, dataDir: string): Promise<TaskResultInfo> {
  const plan = labPlan(config, deps);
  const steps = initialStepInfos(plan.steps);
  context.steps(steps);
  try {
    await withUpLock(dataDir, context, steps[0], async () => {
      await rememberLab(dataDir, request);
      await runPlan(plan.steps, { update: (step) => context.updateStep(step), log: (line, step) => context.log(line, step) }, context.signal);
    });
  } finally {
    plan.close();
  }
  context.step('Reading the lab’s status', 100);
  return { kind: 'lab', status: await readLabStatus(config, context.signal) };
}

export async function runLabDown(context: TaskContext, config: LabConfig, deps: Pick<LabDeps, 'ensureKind' | 'kind'>): Promise<TaskResultInfo> {
  if (config.provider === 'context') {
    throw new AppError('INVALID_ARGUMENT', `MeshDeck did not create ${config.context}, so it will not delete it. To remove Istio from it, run \`istioctl uninstall --purge -y --context ${config.context}\`.`);
  }
  const step = { id: 'delete', title: `Delete cluster ${config.name}`, state: 'running' as const, detail: 'Deleting the kind cluster', percent: null };
  context.steps([step]);
  const log = (line: string) => context.log(line, 'delete');
  const kindPath = await deps.ensureKind(config, { signal: context.signal, log, progress: () => undefined });
  const cli = deps.kind(kindPath);
  await cli.deleteCluster({ name: config.name, kubeconfigPath: config.kubeconfigPath, signal: context.signal, onLine: log });
  if (config.mergeInto) {
    // The user opted in to the context in their kubeconfig: take out what we put there (kind removes the entry even when the nodes are gone).
    await cli.deleteCluster({ name: config.name, kubeconfigPath: config.mergeInto, signal: context.signal, onLine: log });
    log(`Removed ${config.context} from ${config.mergeInto}`);
  }
  context.updateStep({ ...step, state: 'done', detail: `Cluster ${config.name} deleted`, percent: 100 });
  return { kind: 'lab', status: await readLabStatus(config, context.signal) };
}

export async function runLabReset(context: TaskContext, config: LabConfig, deps: Pick<LabDeps, 'ensureIstio'>): Promise<TaskResultInfo> {
  const step = { id: 'reset', title: `Reset Bookinfo routing on ${config.context}`, state: 'running' as const, detail: 'Reading the routing rules', percent: null };
  context.steps([step]);
  const log = (line: string) => context.log(line, 'reset');
  const stepContext: StepContext = { signal: context.signal, log, progress: (detail, percent) => context.updateStep({ ...step, detail, percent: percent ?? null }) };
  let reset;
  try {
    reset = await resetLabRouting(config, () => deps.ensureIstio(config, stepContext), { signal: context.signal, log });
  } catch (error) {
    if (error instanceof AppError && error.code !== 'CANCELLED') context.updateStep({ ...step, state: 'failed', detail: error.message, percent: null, error: error.toInfo() });
    throw error;
  }
  const detail = reset.removed.length === 0 ? 'Routing was already at its starting state' : `Removed ${reset.removed.length} routing rule${reset.removed.length === 1 ? '' : 's'}; bookinfo-gateway and the bookinfo VirtualService are as released`;
  context.updateStep({ ...step, state: 'done', detail, percent: 100 });
  return { kind: 'lab-reset', reset };
}
