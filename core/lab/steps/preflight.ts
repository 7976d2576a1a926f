// Step "preflight": the doctor's checks of this machine (Docker, resources, ports, tools) before
// anything is created. On the user's own cluster there is nothing of this machine to check.

import type { LabDeps } from '../lab-deps';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';

export function preflightStep(run: LabRun, deps: Pick<LabDeps, 'preflight'>): PlanStep {
  return {
    id: 'preflight',
    title: 'Check this machine',
    needs: [],
    observe: async () => (run.ownCluster ? { state: 'done', detail: `Using your cluster (context ${run.config.context})` } : NEEDS_RUN),
    run: async (context) => {
      context.progress('Checking Docker, resources, ports and tools');
      const failure = await deps.preflight(run.config, context.signal, context.log);
      if (failure) throw failure;
      context.progress('This machine is ready');
    },
  };
}
