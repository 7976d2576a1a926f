// Step "kind": the kind binary (the user's --kind, or MeshDeck's verified download) for the
// cluster and kubeconfig steps. Not needed on the user's own cluster.

import type { LabDeps } from '../lab-deps';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';

export function kindStep(run: LabRun, deps: Pick<LabDeps, 'ensureKind'>): PlanStep {
  return {
    id: 'kind',
    title: 'Get kind',
    needs: [],
    observe: async () => (run.ownCluster ? { state: 'done', detail: 'Not needed for your own cluster' } : NEEDS_RUN),
    run: async (context) => {
      run.kindPath = await deps.ensureKind(run.config, context);
      context.progress(`kind ready at ${run.kindPath}`);
    },
  };
}
