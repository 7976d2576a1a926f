// Step "addons": Prometheus, Grafana (allowed to be embedded), Kiali and Jaeger from the release's
// samples, watched until ready. Done already when all four run.

import { join } from 'node:path';
import { allowGrafanaEmbedding, readAddonObjects, DEFAULT_ADDONS } from '../../addons';
import { applyObjects, waitForDeployments } from '../../kube';
import { ISTIO_SYSTEM } from '../lab-config';
import { ADDON_DEPLOYMENTS } from '../lab-deployments';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';
import { deploymentProgress, kindImageLoad, deploymentsReady } from './deployments';

export function addonsStep(run: LabRun): PlanStep {
  return {
    id: 'addons',
    title: 'Install Prometheus, Grafana, Kiali and Jaeger',
    needs: ['istio', 'load-app-images'],
    observe: async () => ((await deploymentsReady(run, ISTIO_SYSTEM, ADDON_DEPLOYMENTS)) ? { state: 'done', detail: 'All four dashboards are running' } : NEEDS_RUN),
    run: async (context) => {
      const objects = allowGrafanaEmbedding(await readAddonObjects(join(run.needRelease().samplesDir, 'addons'), { addons: DEFAULT_ADDONS }));
      context.progress(`Applying ${objects.length} objects`);
      await applyObjects(run.kube(), objects, { namespace: ISTIO_SYSTEM, signal: context.signal, ...run.noteCreated('addons') });
      await run.installed?.settled();
      await waitForDeployments(run.kube(), { namespace: ISTIO_SYSTEM, names: ADDON_DEPLOYMENTS, signal: context.signal, stallMs: run.config.stallMs, ...kindImageLoad(run), onProgress: deploymentProgress(context, 'dashboards') });
    },
  };
}
