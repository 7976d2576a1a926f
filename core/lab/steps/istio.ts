// Step "istio": `istioctl install` with the demo profile and MeshDeck's overlay (the ingress
// gateway on the node ports kind maps to the host), then a watch until istiod and both gateways
// are ready. Done already when they are.

import { istioOverlay, renderIstioOverlay } from '../../istio';
import { DEPLOYMENT, getObject, NAMESPACE, waitForDeployments } from '../../kube';
import { ISTIO_SYSTEM } from '../lab-config';
import type { LabDeps } from '../lab-deps';
import { ISTIO_DEPLOYMENTS } from '../lab-deployments';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';
import { deploymentProgress, deploymentsReady } from './deployments';

export function istioStep(run: LabRun, deps: Pick<LabDeps, 'istioctl'>): PlanStep {
  const { config } = run;
  return {
    id: 'istio',
    title: 'Install Istio',
    needs: ['cluster', 'istio-release'],
    observe: async () => ((await deploymentsReady(run, ISTIO_SYSTEM, ISTIO_DEPLOYMENTS)) ? { state: 'done', detail: 'istiod and both gateways are running' } : NEEDS_RUN),
    run: async (context) => {
      const release = run.needRelease();
      const overlayPath = await run.writeLabFile('istio-overlay.yaml', renderIstioOverlay(istioOverlay({ profile: 'demo', httpNodePort: config.httpNodePort, httpsNodePort: config.httpsNodePort })));
      if (run.installed) {
        // On the user's own cluster, down uninstalls Istio only if MeshDeck installed it: no istiod before this install.
        const [istiod, namespace] = await Promise.all([getObject(run.kube(), DEPLOYMENT, ISTIO_SYSTEM, 'istiod', context.signal), getObject(run.kube(), NAMESPACE, undefined, ISTIO_SYSTEM, context.signal)]);
        if (!istiod) await run.installed.istio(!namespace);
      }
      context.progress(`istioctl install (demo profile, Istio ${release.version})`);
      await deps.istioctl(release.istioctl).install({ overlayPath, kubeconfigPath: config.kubeconfigPath, context: config.context, signal: context.signal, onLine: (line) => context.log(line) });
      await waitForDeployments(run.kube(), { namespace: ISTIO_SYSTEM, names: ISTIO_DEPLOYMENTS, signal: context.signal, stallMs: config.stallMs, onProgress: deploymentProgress(context, 'Istio components') });
    },
  };
}
