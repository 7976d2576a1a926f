// Step "injection": labels Bookinfo's namespace istio-injection=enabled and restarts the
// Deployments whose pods predate the label, so every pod gets its sidecar. Done already when the
// label is there and no pod runs without one.

import { applyObjects, getObject, NAMESPACE, readWorkloads, type KubeObject, type NamespaceObject } from '../../kube';
import { BOOKINFO_NAMESPACE } from '../lab-config';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';

/** Server-side apply of this patch restarts a Deployment's pods, as `kubectl rollout restart` does. */
function restartPatch(name: string, restartedAt: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: BOOKINFO_NAMESPACE },
    spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } },
  };
}

export function injectionStep(run: LabRun): PlanStep {
  return {
    id: 'injection',
    title: 'Turn on sidecar injection',
    needs: ['istio'],
    observe: async () => {
      const namespace = await getObject<NamespaceObject>(run.kube(), NAMESPACE, undefined, BOOKINFO_NAMESPACE);
      if (namespace?.metadata?.labels?.['istio-injection'] !== 'enabled') return NEEDS_RUN;
      const workloads = await readWorkloads(run.kube(), BOOKINFO_NAMESPACE);
      return workloads.every((w) => w.withSidecar === undefined || w.withSidecar >= w.total) ? { state: 'done', detail: `Namespace ${BOOKINFO_NAMESPACE} injects sidecars` } : NEEDS_RUN;
    },
    run: async (context) => {
      const { namespace } = await run.readBookinfo();
      // On the user's own cluster, down takes the label off again only if MeshDeck is the one who set it.
      const before = run.installed ? await getObject<NamespaceObject>(run.kube(), NAMESPACE, undefined, BOOKINFO_NAMESPACE, context.signal) : undefined;
      if (run.installed && before?.metadata?.labels?.['istio-injection'] !== 'enabled') await run.installed.injectionLabel(BOOKINFO_NAMESPACE);
      await applyObjects(run.kube(), [namespace], { signal: context.signal });
      // Pods that predate the label have no sidecar: restart their Deployments.
      const stale = (await readWorkloads(run.kube(), BOOKINFO_NAMESPACE)).filter((w) => w.withSidecar !== undefined && w.withSidecar < w.total);
      const restartedAt = new Date().toISOString();
      const restarts = stale.map((w) => restartPatch(w.name, restartedAt));
      if (restarts.length > 0) {
        context.log(`Restarting ${stale.map((w) => w.name).join(', ')} so their pods get sidecars`);
        await applyObjects(run.kube(), restarts, { signal: context.signal, fieldManager: 'meshdeck-restart' });
      }
      context.progress(`Namespace ${BOOKINFO_NAMESPACE} injects sidecars${restarts.length > 0 ? `; restarted ${restarts.length}` : ''}`);
    },
  };
}
