// `down` of a lab on the user's own cluster, as plan steps: it removes exactly what the lab's
// ledger says MeshDeck installed there (its routing rules by their managed-by label, the gateways,
// Bookinfo, the addons, the injection label, and Istio with `istioctl uninstall --purge -y` only if
// MeshDeck installed it), and never the cluster or anything it found there. Each step observes
// first, so a cancelled down continues where it stopped.

import { AppError } from '../contract';
import { AUTHORIZATION_POLICY, createKubeClients, kubeError, KubeStatusError, listObjects, NAMESPACE, objectPath, PEER_AUTHENTICATION, type KubeClients } from '../kube';
import { BOOKINFO_NAMESPACE, ISTIO_SYSTEM, type LabConfig } from './lab-config';
import type { LabDeps } from './lab-deps';
import type { InstalledLedger, InstalledObject, InstalledPart } from './lab-ledger';
import { NEEDS_RUN, type Observation, type PlanStep, type StepContext } from './plan-runner';
import { curlClientObjects } from '../traffic/curl-client';
import { RESET_KINDS } from './reset-routing';

const MANAGED_BY_SELECTOR = 'app.kubernetes.io/managed-by=meshdeck';
const ROUTING_VERSIONS = ['networking.istio.io/v1', 'networking.istio.io/v1beta1'];

/** Deletes one object; false when it (or its kind) is gone already. */
async function deleteOne(clients: KubeClients, object: Omit<InstalledObject, 'part'>, signal: AbortSignal): Promise<boolean> {
  const what = `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
  const info = await clients.discovery.resolve(object.apiVersion, object.kind, signal);
  if (!info) return false;
  try {
    const path = objectPath(info, info.namespaced ? (object.namespace ?? BOOKINFO_NAMESPACE) : undefined, object.name);
    await clients.http.request('DELETE', path, { body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' }), signal });
    return true;
  } catch (error) {
    if (error instanceof KubeStatusError && error.statusCode === 404) return false;
    throw kubeError(error, `Deleting ${what}`, clients.server);
  }
}

async function deleteAll(clients: KubeClients, objects: readonly Omit<InstalledObject, 'part'>[], context: StepContext): Promise<void> {
  let deleted = 0;
  for (const [index, object] of objects.entries()) {
    if (await deleteOne(clients, object, context.signal)) {
      deleted += 1;
      context.log(`Deleted ${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`);
    }
    context.progress(`Deleted ${deleted} of ${objects.length}`, Math.round(((index + 1) / objects.length) * 100));
  }
}

/** MeshDeck's routing rules in Bookinfo's namespace (VirtualServices, DestinationRules with its managed-by label) and its security objects. */
async function managedRouting(clients: KubeClients, signal: AbortSignal): Promise<Omit<InstalledObject, 'part'>[]> {
  const found: Omit<InstalledObject, 'part'>[] = [];
  for (const kind of RESET_KINDS) {
    for (const apiVersion of ROUTING_VERSIONS) {
      const info = await clients.discovery.resolve(apiVersion, kind, signal);
      if (!info) continue;
      const items = await listObjects(clients, info, BOOKINFO_NAMESPACE, { labelSelector: MANAGED_BY_SELECTOR, signal });
      found.push(...items.map((item) => ({ apiVersion, kind, namespace: BOOKINFO_NAMESPACE, name: item.metadata?.name ?? '' })).filter((o) => o.name !== ''));
      break;
    }
  }
  // MeshDeck's mTLS and authorization, in Bookinfo's namespace and mesh-wide.
  for (const resource of [PEER_AUTHENTICATION, AUTHORIZATION_POLICY]) {
    const info = await clients.discovery.resolve(resource.apiVersion, resource.kind, signal);
    if (!info) continue;
    for (const namespace of [BOOKINFO_NAMESPACE, ISTIO_SYSTEM]) {
      const items = await listObjects(clients, info, namespace, { labelSelector: MANAGED_BY_SELECTOR, signal });
      found.push(...items.map((item) => ({ apiVersion: resource.apiVersion, kind: resource.kind, namespace, name: item.metadata?.name ?? '' })).filter((o) => o.name !== ''));
    }
  }
  // The curl clients MeshDeck deployed for `traffic --from curl`, the namespaces it made for them last.
  for (const { resource, namespace, name } of await curlClientObjects(clients, signal)) found.push({ apiVersion: resource.apiVersion, kind: resource.kind, ...(namespace ? { namespace } : {}), name });
  return found;
}

const PART_TITLES: Record<InstalledPart, string> = { gateways: 'Remove the gateways', bookinfo: 'Remove Bookinfo', addons: 'Remove the dashboards' };

function partStep(clients: () => KubeClients, ledger: InstalledLedger, part: InstalledPart, needs: string[]): PlanStep {
  const objects = ledger.objects.filter((o) => o.part === part);
  return {
    id: part,
    title: PART_TITLES[part],
    needs,
    observe: async () => (objects.length === 0 ? { state: 'done', detail: 'MeshDeck created none here: kept' } : NEEDS_RUN),
    run: (context) => deleteAll(clients(), objects, context),
  };
}

/** The steps of down on the user's own cluster; close() when the run is over. */
export function cleanupPlan(config: LabConfig, ledger: InstalledLedger, deps: Pick<LabDeps, 'ensureIstio' | 'istioctl'>): { steps: PlanStep[]; close(): void } {
  let made: KubeClients | undefined;
  const clients = () => (made ??= createKubeClients({ kubeconfig: config.kubeconfigPath, context: config.context }));
  const routing: PlanStep = {
    id: 'routing',
    title: 'Remove MeshDeck’s routing rules',
    needs: [],
    observe: async (signal): Promise<Observation> => ((await managedRouting(clients(), signal)).length === 0 ? { state: 'done', detail: 'No routing rules of MeshDeck’s' } : NEEDS_RUN),
    run: async (context) => deleteAll(clients(), await managedRouting(clients(), context.signal), context),
  };
  const label = ledger.injectionLabel;
  const injection: PlanStep = {
    id: 'injection',
    title: 'Turn off sidecar injection',
    needs: ['bookinfo'],
    observe: async () => (label ? NEEDS_RUN : { state: 'done', detail: 'MeshDeck did not set the label: kept' }),
    run: async (context) => {
      const path = objectPath(NAMESPACE, undefined, label ?? BOOKINFO_NAMESPACE);
      try {
        await clients().http.request('PATCH', path, { body: JSON.stringify({ metadata: { labels: { 'istio-injection': null } } }), contentType: 'application/merge-patch+json', signal: context.signal });
      } catch (error) {
        if (error instanceof KubeStatusError && error.statusCode === 404) return;
        throw kubeError(error, `Taking the istio-injection label off namespace ${label ?? ''}`, clients().server);
      }
      context.progress(`Namespace ${label ?? ''} no longer has the istio-injection label`);
    },
  };
  const istio: PlanStep = {
    id: 'istio',
    title: 'Uninstall Istio',
    needs: ['routing', 'gateways', 'bookinfo', 'addons', 'injection'],
    observe: async () => (ledger.istio ? NEEDS_RUN : { state: 'done', detail: 'Istio was there before MeshDeck: kept' }),
    run: async (context) => {
      const release = await deps.ensureIstio(config, context);
      context.progress('istioctl uninstall --purge -y');
      await deps.istioctl(release.istioctl).uninstall({ kubeconfigPath: config.kubeconfigPath, context: config.context, signal: context.signal, onLine: (line) => context.log(line) });
      if (ledger.istioNamespace && (await deleteOne(clients(), { apiVersion: 'v1', kind: 'Namespace', name: ISTIO_SYSTEM }, context.signal))) context.log(`Deleted namespace ${ISTIO_SYSTEM}`);
      context.progress('Istio uninstalled');
    },
  };
  const steps = [routing, partStep(clients, ledger, 'gateways', ['routing']), partStep(clients, ledger, 'bookinfo', ['gateways']), partStep(clients, ledger, 'addons', []), injection, istio];
  return { steps, close: () => made?.close() };
}

/** The refusal for down on a user's cluster that does not answer: nothing can be removed. */
export function unreachableForCleanup(config: LabConfig, cause: AppError): AppError {
  return new AppError(cause.code, `${cause.message} Nothing was removed from ${config.context}; run \`meshdeck down --context ${config.context}\` again once it answers.`, cause.details);
}
