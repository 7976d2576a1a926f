// The version an apply was made from (`basedOn`: the resourceVersions of the service's
// VirtualService and DestinationRule the face saw) against what the cluster holds. Two MeshDeck
// writers share one field manager, so server-side apply alone would let the second silently
// replace the first; this check, and the resourceVersion precondition sent with the write, make
// it a CONFLICT that says who changed the routing and what it routes by now.
import { AppError, type RoutingBasisInfo } from '../contract';
import type { KubeObject } from '../kube';
import { ownerOf, readRouting } from './routing-objects';
import type { RoutingKind } from './routing-watch';

export const ROUTING_KINDS: readonly RoutingKind[] = ['DestinationRule', 'VirtualService'];

/** The kinds whose live object is not the one the face saw. */
export function movedKinds(basedOn: RoutingBasisInfo, live: Partial<Record<RoutingKind, KubeObject>>): RoutingKind[] {
  return ROUTING_KINDS.filter((kind) => (live[kind]?.metadata?.resourceVersion ?? null) !== basedOn[kind]);
}

function routesText(vs: KubeObject | undefined, service: string, namespace: string): string {
  if (!vs) return 'it has no VirtualService now (Kubernetes spreads requests over every version)';
  const { weights, headerRoute } = readRouting(vs, service, namespace);
  if (!weights) return 'its VirtualService is now shaped in a way the sliders cannot show';
  const split = weights.filter((w) => w.weight > 0).map((w) => `${w.version} ${w.weight}%`).join(', ');
  return `it now routes ${split}${headerRoute ? ` (${headerRoute.header}: ${headerRoute.value} → ${headerRoute.version})` : ''}`;
}

/** CONFLICT naming the objects that moved, who moved them and what is there now. */
export function routingMoved(moved: readonly RoutingKind[], live: Partial<Record<RoutingKind, KubeObject>>, basedOn: RoutingBasisInfo, service: string, namespace: string): AppError {
  const objects = moved.map((kind) => live[kind]);
  const byMeshDeck = objects.every((object) => object === undefined || ownerOf(object) === 'meshdeck');
  const changedBy = objects.every((object) => object === undefined) ? 'deleted' : byMeshDeck ? 'meshdeck' : 'foreign';
  const who = changedBy === 'meshdeck' ? 'another MeshDeck writer (another window, tab or `meshdeck shift`)' : changedBy === 'deleted' ? 'someone who deleted it' : 'someone else';
  const what = moved.map((kind) => `${kind} ${namespace}/${service} (resourceVersion ${basedOn[kind] ?? 'none'} → ${live[kind]?.metadata?.resourceVersion ?? 'none'})`).join(' and ');
  return new AppError(
    'CONFLICT',
    `The routing of ${service} was changed by ${who} since this screen read it: ${what}. Nothing was written; ${routesText(live.VirtualService, service, namespace)}. Review what is there now, then set the split again.`,
    { service, namespace, reason: 'moved', changedBy, kinds: [...moved] },
  );
}
