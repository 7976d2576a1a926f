// Step "bookinfo": applies Bookinfo from the release's samples and watches its Deployments until
// they are ready, then insists that each runs with its istio-proxy sidecar. Done already when all
// six run with sidecars.

import { AppError } from '../../contract';
import { applyObjects, readWorkloads, waitForDeployments } from '../../kube';
import { BOOKINFO_NAMESPACE } from '../lab-config';
import { BOOKINFO_DEPLOYMENTS } from '../lab-deployments';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';
import { deploymentProgress } from './deployments';

export function bookinfoStep(run: LabRun): PlanStep {
  return {
    id: 'bookinfo',
    title: 'Deploy Bookinfo',
    needs: ['injection'],
    observe: async () => {
      const workloads = await readWorkloads(run.kube(), BOOKINFO_NAMESPACE);
      const app = workloads.filter((w) => BOOKINFO_DEPLOYMENTS.includes(w.name));
      return app.length === BOOKINFO_DEPLOYMENTS.length && app.every((w) => w.ready >= w.total && (w.withSidecar ?? 0) >= w.total) ? { state: 'done', detail: 'All 6 Bookinfo deployments are running with sidecars' } : NEEDS_RUN;
    },
    run: async (context) => {
      const objects = await run.readBookinfo();
      context.progress(`Applying ${objects.app.length} objects`);
      await applyObjects(run.kube(), objects.app, { namespace: BOOKINFO_NAMESPACE, signal: context.signal, ...run.noteCreated('bookinfo') });
      await run.installed?.settled();
      const names = objects.app.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
      await waitForDeployments(run.kube(), { namespace: BOOKINFO_NAMESPACE, names, signal: context.signal, stallMs: run.config.stallMs, onProgress: deploymentProgress(context, 'Bookinfo deployments') });
      const missing = (await readWorkloads(run.kube(), BOOKINFO_NAMESPACE)).filter((w) => names.includes(w.name) && (w.withSidecar ?? 0) < w.total);
      if (missing.length > 0) {
        throw new AppError('STALLED', `${missing.map((w) => w.name).join(', ')} run without the istio-proxy sidecar. Check that Istio's injector is installed (istioctl verify-install) and run this again.`);
      }
      context.progress('All Bookinfo deployments are running with sidecars');
    },
  };
}
