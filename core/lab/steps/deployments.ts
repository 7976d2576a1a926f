// What several install steps do with Deployments: observe whether the named ones are all ready
// (is the step already done?), turn a wait's counts into step progress, and tell the wait's
// diagnosis which kind cluster it is on (for exact `kind load` advice).

import { readWorkloads, type DiagnoseOptions } from '../../kube';
import type { LabRun } from '../lab-run';
import type { StepContext } from '../plan-runner';

export async function deploymentsReady(run: LabRun, namespace: string, names: readonly string[]): Promise<boolean> {
  const workloads = await readWorkloads(run.kube(), namespace);
  return names.every((name) => workloads.some((w) => w.name === name && w.total > 0 && w.ready >= w.total));
}

/** An onProgress for waitForDeployments that shows "2 of 4 dashboards ready" on the step. */
export function deploymentProgress(context: StepContext, what: string): (ready: number, total: number) => void {
  return (ready, total) => context.progress(`${ready} of ${total} ${what} ready`, total === 0 ? null : Math.round((ready / total) * 100));
}

/** On a kind lab whose kind binary is known, image advice names the exact `kind load` command. */
export function kindImageLoad(run: LabRun): DiagnoseOptions {
  return !run.ownCluster && run.kindPath ? { imageLoad: { kindPath: run.kindPath, clusterName: run.config.name } } : {};
}
