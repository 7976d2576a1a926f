// The two things several install steps do with Deployments: observe whether the named ones are
// all ready (is the step already done?) and turn a wait's counts into step progress.

import { readWorkloads } from '../../kube';
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
