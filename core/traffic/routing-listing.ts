// The Traffic screen's list of a namespace's services: each that selects workloads with version
// labels, its versions, the VirtualServices and DestinationRule routing it, whose they are, and
// the split the sliders can show. Reads only; RoutingService owns every write.
import { AppError, type RoutingRefInfo, type TrafficServiceInfo } from '../contract';
import {
  DEPLOYMENT,
  DESTINATION_RULE,
  listObjects,
  podTemplateLabels,
  SERVICE,
  serviceHost,
  VIRTUAL_SERVICE,
  type DestinationRuleObject,
  type KubeClients,
  type KubeObject,
  type ServiceObject,
  type VirtualServiceObject,
  type WorkloadObject,
} from '../kube';
import { ownerOf, readRouting } from './routing-objects';
import type { RoutingKind } from './routing-watch';
import { versionsOfService, type VersionSource } from './subsets';

export function managersOf(object: KubeObject): string[] {
  return [...new Set((object.metadata?.managedFields ?? []).map((f) => f.manager ?? '').filter((m) => m !== ''))];
}

function refOf(kind: RoutingKind, object: KubeObject): RoutingRefInfo {
  return { kind, name: object.metadata?.name ?? '', owner: ownerOf(object) === 'meshdeck' ? 'meshdeck' : 'foreign', resourceVersion: object.metadata?.resourceVersion ?? '', managers: managersOf(object) };
}

export function workloadsOf(deployments: readonly WorkloadObject[]): VersionSource[] {
  return deployments.map((d) => ({ name: d.metadata?.name ?? '', labels: podTemplateLabels(d), replicas: d.status?.replicas ?? d.spec?.replicas ?? 0, ready: d.status?.readyReplicas ?? 0 }));
}

async function listRouting<T extends KubeObject>(clients: KubeClients, kind: RoutingKind, namespace: string): Promise<T[]> {
  try {
    return await listObjects<T>(clients, kind === 'VirtualService' ? VIRTUAL_SERVICE : DESTINATION_RULE, namespace);
  } catch (error) {
    if (error instanceof AppError && error.details?.['httpStatus'] === 404) {
      throw new AppError('K8S_API', `The cluster on context "${clients.context}" has no Istio networking API: Istio is not installed. Create the mesh in Setup (or \`meshdeck up\`) first.`, { context: clients.context });
    }
    throw error;
  }
}

/** Services of a namespace that select at least one workload, with their versions and routing. */
export async function listRoutedServices(clients: KubeClients, namespace: string): Promise<TrafficServiceInfo[]> {
  const [services, deployments, virtualServices, destinationRules] = await Promise.all([
    listObjects<ServiceObject>(clients, SERVICE, namespace),
    listObjects<WorkloadObject>(clients, DEPLOYMENT, namespace),
    listRouting<VirtualServiceObject>(clients, 'VirtualService', namespace),
    listRouting<DestinationRuleObject>(clients, 'DestinationRule', namespace),
  ]);
  const workloads = workloadsOf(deployments);
  const out: TrafficServiceInfo[] = [];
  for (const service of services) {
    const name = service.metadata?.name ?? '';
    const selector = service.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) continue;
    const versions = versionsOfService({ name, namespace, selector }, workloads);
    if (versions.length === 0) continue;
    const host = serviceHost(name, namespace);
    const forHost = (hosts: readonly string[] | undefined) => (hosts ?? []).some((h) => h === name || h === host || h === `${name}.${namespace}`);
    const vs = virtualServices.find((v) => v.metadata?.name === name);
    const others = virtualServices.filter((v) => v !== vs && !v.spec?.gateways?.length && forHost(v.spec?.hosts));
    const dr = destinationRules.find((d) => d.metadata?.name === name) ?? destinationRules.find((d) => forHost([d.spec?.host ?? '']));
    const objects: RoutingRefInfo[] = [...(vs ? [refOf('VirtualService', vs)] : []), ...others.map((o) => refOf('VirtualService', o)), ...(dr ? [refOf('DestinationRule', dr)] : [])];
    const owner = objects.length === 0 ? 'none' : objects.some((o) => o.owner === 'foreign') ? 'foreign' : 'meshdeck';
    const routing = readRouting(vs, name, namespace);
    out.push({ name, namespace, host, versions, owner, objects, weights: routing.weights, ...(routing.headerRoute ? { headerRoute: routing.headerRoute } : {}) });
  }
  return out.sort((a, b) => Number(b.versions.length > 1) - Number(a.versions.length > 1) || a.name.localeCompare(b.name));
}
