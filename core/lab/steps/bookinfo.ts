// Step "bookinfo": applies Bookinfo from the release's samples and watches its Deployments until
// they are ready, then insists that each runs with its istio-proxy sidecar. When one does not,
// `istioctl x check-inject` says why (no injector, a label that prevents it, or pods that predate
// the label). Done already when all six run with sidecars.

import { AppError } from '../../contract';
import { shellCommand } from '../../exec';
import type { CheckInjectResult } from '../../istio';
import { applyObjects, readWorkloads, waitForDeployments } from '../../kube';
import { BOOKINFO_NAMESPACE } from '../lab-config';
import type { LabDeps } from '../lab-deps';
import { BOOKINFO_DEPLOYMENTS } from '../lab-deployments';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';
import { deploymentProgress, kindImageLoad } from './deployments';

/** Where the kubectl commands in the advice point: MeshDeck's kubeconfig and the lab's context. */
export interface AdviceCluster {
  kubeconfigPath: string;
  context: string;
}

/** What to tell the user about a Deployment whose pods run without the sidecar, from check-inject's answer. */
export function sidecarAdvice(deployment: string, result: CheckInjectResult | undefined, cluster: AdviceCluster, checkCommand: string): string {
  const kubectl = (...words: string[]): string => `\`${shellCommand(['kubectl', ...words, '--kubeconfig', cluster.kubeconfigPath, '--context', cluster.context])}\``;
  const row = result?.rows.find((r) => r.injected) ?? result?.rows[0];
  if (result && !result.hooksPresent) return `Istio's sidecar injector is not installed (\`${checkCommand}\` finds no injection webhook): run this again so that Istio is installed first.`;
  if (!row) return `\`${checkCommand}\` shows why.`;
  const restart = kubectl('rollout', 'restart', `deployment/${deployment}`, '-n', BOOKINFO_NAMESPACE);
  if (row.injected) return `New pods would get it (${row.reason}), so these pods were created before injection was on: restart them (${restart}) and run this again.`;
  const said = `istioctl x check-inject says: ${row.reason}.`;
  // "Pod has sidecar.istio.io/inject=false label, preventing injection": the workload opted out.
  const optOut = /^Pod has (\S+?)=(\S+) label/.exec(row.reason);
  if (optOut) return `${said} Take that label off the pod template of deployment ${deployment} (${kubectl('edit', `deployment/${deployment}`, '-n', BOOKINFO_NAMESPACE)}) and run this again.`;
  return `${said} Label the namespace (${kubectl('label', 'namespace', BOOKINFO_NAMESPACE, 'istio-injection=enabled', '--overwrite')}), restart the deployment (${restart}) and run this again.`;
}

export function bookinfoStep(run: LabRun, deps: Pick<LabDeps, 'istioctl'>): PlanStep {
  return {
    id: 'bookinfo',
    title: 'Deploy Bookinfo',
    needs: ['injection', 'load-app-images'],
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
      await waitForDeployments(run.kube(), { namespace: BOOKINFO_NAMESPACE, names, signal: context.signal, stallMs: run.config.stallMs, ...kindImageLoad(run), onProgress: deploymentProgress(context, 'Bookinfo deployments') });
      const missing = (await readWorkloads(run.kube(), BOOKINFO_NAMESPACE)).filter((w) => names.includes(w.name) && (w.withSidecar ?? 0) < w.total);
      const first = missing[0];
      if (first) {
        const { config } = run;
        const istioctl = run.needRelease().istioctl;
        const target = { namespace: BOOKINFO_NAMESPACE, resource: `deployment/${first.name}`, kubeconfigPath: config.kubeconfigPath, context: config.context, signal: context.signal };
        const result = await deps.istioctl(istioctl).checkInject(target).catch(() => undefined);
        const command = shellCommand([istioctl, 'x', 'check-inject', '-n', BOOKINFO_NAMESPACE, target.resource, '--kubeconfig', config.kubeconfigPath, '--context', config.context]);
        throw new AppError('STALLED', `${missing.map((w) => w.name).join(', ')} run without the istio-proxy sidecar. ${sidecarAdvice(first.name, result, config, command)}`, { checkInject: command });
      }
      context.progress('All Bookinfo deployments are running with sidecars');
    },
  };
}
