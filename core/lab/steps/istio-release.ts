// Step "istio-release": the chosen Istio release (istioctl, samples) for the install steps. It
// always runs, since the install steps need its paths; ensureIstio reuses a release already in
// MeshDeck's cache.

import type { LabDeps } from '../lab-deps';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';

export function istioReleaseStep(run: LabRun, deps: Pick<LabDeps, 'ensureIstio'>): PlanStep {
  return {
    id: 'istio-release',
    title: `Get Istio ${run.config.istioVersion}`,
    needs: [],
    observe: async () => NEEDS_RUN,
    run: async (context) => {
      run.release = await deps.ensureIstio(run.config, context);
      context.progress(`Istio ${run.release.version} ready`);
    },
  };
}
