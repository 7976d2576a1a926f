// The down task. A kind lab: the cluster goes (and the context merged into the user's
// kubeconfig); a known lab whose cluster is gone already is forgotten and said to be gone. A lab on
// the user's own cluster: the cleanup plan removes exactly what MeshDeck installed there. A lab
// this data folder does not know, and kind does not list, is CLUSTER_NOT_FOUND.

import { AppError, type PlanStepInfo, type TaskResultInfo } from '../contract';
import { checkConnection, createKubeClients } from '../kube';
import type { TaskContext } from '../tasks';
import { cleanupPlan, unreachableForCleanup } from './lab-cleanup';
import type { LabConfig } from './lab-config';
import type { LabDeps } from './lab-deps';
import { readLedger } from './lab-ledger';
import { forgetLab, type LabRecord } from './lab-registry';
import { readLabStatus } from './lab-status';
import { initialStepInfos, runPlan } from './plan-runner';
import { deleteKindCluster } from './steps/cluster';

export interface DownTarget {
  config: LabConfig;
  /** The lab's record, when this data folder knows it. */
  record?: LabRecord;
  /** A kind binary MeshDeck already has (none is downloaded to find out that a lab is not there). */
  knownKind?: string;
  dataDir: string;
}

/** The refusal for a lab that is not there: what was asked, and where to look. */
export function labNotFound(config: LabConfig, doing: string): AppError {
  const which = config.provider === 'context' ? `on context ${config.context}` : config.name;
  return new AppError('CLUSTER_NOT_FOUND', `There is no lab ${which} to ${doing}. \`meshdeck labs\` lists the labs this data folder knows; \`meshdeck up${config.provider === 'context' ? ` --context ${config.context}` : ` --name ${config.name}`}\` creates it.`, { name: config.name, context: config.context });
}

async function kindDown(context: TaskContext, target: DownTarget, deps: Pick<LabDeps, 'ensureKind' | 'kind'>): Promise<void> {
  const { config, record } = target;
  const step: PlanStepInfo = { id: 'delete', title: `Delete cluster ${config.name}`, state: 'running', detail: 'Deleting the kind cluster', percent: null };
  context.steps([step]);
  const log = (line: string) => context.log(line, 'delete');
  const fail = (error: AppError) => {
    context.updateStep({ ...step, state: 'failed', detail: error.message, error: error.toInfo() });
    return error;
  };
  if (!record && !target.knownKind) throw fail(labNotFound(config, 'delete'));
  const kindPath = target.knownKind ?? (await deps.ensureKind(config, { signal: context.signal, log, progress: () => undefined }));
  const cli = deps.kind(kindPath);
  const present = (await cli.getClusters({ signal: context.signal })).includes(config.name);
  if (!present && !record) throw fail(labNotFound(config, 'delete'));
  // Also when the nodes are gone: the lab's context still leaves MeshDeck's kubeconfig.
  await deleteKindCluster(config, cli, { signal: context.signal, log });
  if (config.mergeInto) {
    // The user opted in to the context in their kubeconfig: take out what we put there.
    await cli.deleteCluster({ name: config.name, kubeconfigPath: config.mergeInto, signal: context.signal, onLine: log });
    log(`Removed ${config.context} from ${config.mergeInto}`);
  }
  await forgetLab(target.dataDir, config.name);
  context.updateStep({ ...step, state: 'done', detail: present ? `Cluster ${config.name} deleted` : `Cluster ${config.name} was already gone; MeshDeck forgot it`, percent: 100 });
}

async function contextDown(context: TaskContext, target: DownTarget, deps: Pick<LabDeps, 'ensureIstio' | 'istioctl'>): Promise<void> {
  const { config, record } = target;
  const ledger = readLedger(config.labDir);
  const plan = cleanupPlan(config, ledger, deps);
  context.steps(initialStepInfos(plan.steps));
  try {
    if (!record && !ledger.istio && !ledger.injectionLabel && ledger.objects.length === 0) throw labNotFound(config, 'take down');
    const clients = createKubeClients({ kubeconfig: config.kubeconfigPath, context: config.context });
    try {
      await checkConnection(clients, context.signal);
    } catch (error) {
      throw error instanceof AppError && error.code !== 'CANCELLED' ? unreachableForCleanup(config, error) : error;
    } finally {
      clients.close();
    }
    await runPlan(plan.steps, { update: (step) => context.updateStep(step), log: (line, step) => context.log(line, step) }, context.signal);
  } finally {
    plan.close();
  }
  await forgetLab(target.dataDir, config.name);
}

export async function runLabDown(context: TaskContext, target: DownTarget, deps: Pick<LabDeps, 'ensureKind' | 'kind' | 'ensureIstio' | 'istioctl'>): Promise<TaskResultInfo> {
  if (target.config.provider === 'context') await contextDown(context, target, deps);
  else await kindDown(context, target, deps);
  return { kind: 'lab', status: await readLabStatus(target.config, context.signal) };
}
