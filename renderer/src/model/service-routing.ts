// What the Traffic screen reads off a service's routing, as pure functions: its key, who writes
// its routing (live, draft or foreign), the route it runs by now, the sliders laid onto its
// versions, the target marks for the chart, the services list after an accepted apply, and the
// basis (the versions of its routing objects) a split was made from.

import { setLocked, splitFromWeights, type HeaderRouteInfo, type RoutingBasisInfo, type SplitState, type TrafficApplyInfo, type TrafficServiceInfo, type WeightInfo } from '../../../core/contract';
import type { TargetMark } from './split-series';

/** Target marks kept for the chart: more than the windows it draws ever need. */
const KEPT_MARKS = 64;

/** `<namespace>/<name>` of a service. */
export type ServiceKey = string;

export function serviceKey(service: Pick<TrafficServiceInfo, 'name' | 'namespace'>): ServiceKey {
  return `${service.namespace}/${service.name}`;
}

/**
 * How edits reach the cluster. live: MeshDeck wrote this service's routing, so moves apply as
 * they happen. draft: nothing is written yet; the first apply goes through the preview.
 * foreign: someone else wrote it; nothing is written without an explicit take over.
 */
export type RoutingMode = 'live' | 'draft' | 'foreign';

export function routingMode(service: TrafficServiceInfo): RoutingMode {
  // Only the objects named after the service are MeshDeck's to write; other VirtualServices for
  // the same host are shown, never touched.
  const own = service.objects.filter((object) => object.name === service.name);
  if (own.some((object) => object.owner === 'foreign')) return 'foreign';
  return own.length > 0 ? 'live' : 'draft';
}

export interface RouteSnapshot {
  weights: WeightInfo[];
  headerRoute: HeaderRouteInfo | null;
}

export function versionNames(service: TrafficServiceInfo): string[] {
  return service.versions.map((version) => version.name);
}

export function sameRoute(a: RouteSnapshot | null | undefined, b: RouteSnapshot | null | undefined): boolean {
  if (!a || !b) return a === b;
  const weightsOf = (route: RouteSnapshot) => JSON.stringify([...route.weights].filter((w) => w.weight > 0).sort((x, y) => x.version.localeCompare(y.version)));
  return weightsOf(a) === weightsOf(b) && JSON.stringify(a.headerRoute) === JSON.stringify(b.headerRoute);
}

export function liveOf(service: TrafficServiceInfo): RouteSnapshot | null {
  return service.weights ? { weights: service.weights.map((w) => ({ ...w })), headerRoute: service.headerRoute ?? null } : null;
}

/** The split laid onto the service's versions, keeping the user's locks where the versions still exist. */
export function splitFor(service: TrafficServiceInfo, weights: readonly WeightInfo[] | null, keepLocksFrom: SplitState | null): SplitState {
  let split = splitFromWeights(versionNames(service), weights);
  if (keepLocksFrom) {
    split.versions.forEach((version, index) => {
      const before = keepLocksFrom.versions.indexOf(version);
      if (before !== -1 && keepLocksFrom.locked[before]) split = setLocked(split, index, true);
    });
  }
  return split;
}

function sameWeights(a: readonly WeightInfo[] | null, b: readonly WeightInfo[] | null): boolean {
  return a === null || b === null ? a === b : sameRoute({ weights: [...a], headerRoute: null }, { weights: [...b], headerRoute: null });
}

/** Adds a target mark unless the weights are those of the last one; keeps the newest few. */
export function addMark(marks: TargetMark[], mark: TargetMark): TargetMark[] {
  const last = marks.at(-1);
  if (last && sameWeights(last.weights, mark.weights)) return marks;
  return [...marks, mark].slice(-KEPT_MARKS);
}

/** The services list with what an accepted apply says about the selected service. */
export function servicesAfterApply(services: TrafficServiceInfo[] | null, key: ServiceKey, info: TrafficApplyInfo): TrafficServiceInfo[] | null {
  if (!services) return services;
  return services.map((service) => {
    if (serviceKey(service) !== key) return service;
    const objects = service.objects.filter((object) => !info.objects.some((written) => written.kind === object.kind && written.name === object.name));
    for (const written of info.objects) objects.push({ kind: written.kind, name: written.name, owner: 'meshdeck', resourceVersion: written.resourceVersion, managers: ['meshdeck'] });
    const owner = objects.some((object) => object.owner === 'foreign') ? 'foreign' : 'meshdeck';
    const { headerRoute: _old, ...rest } = service;
    return { ...rest, objects, owner, weights: info.weights.map((w) => ({ ...w })) };
  });
}


/** The resourceVersions of the service's own VirtualService and DestinationRule (null: none): what a split is made from. */
export function basisOf(service: TrafficServiceInfo): RoutingBasisInfo {
  const own = (kind: keyof RoutingBasisInfo) => service.objects.find((object) => object.kind === kind && object.name === service.name)?.resourceVersion ?? null;
  return { VirtualService: own('VirtualService'), DestinationRule: own('DestinationRule') };
}

/** The basis an accepted apply leaves: the versions the API server gave what it wrote (or left unchanged). */
export function basisAfterApply(before: RoutingBasisInfo | null, info: TrafficApplyInfo): RoutingBasisInfo {
  const basis: RoutingBasisInfo = { VirtualService: before?.VirtualService ?? null, DestinationRule: before?.DestinationRule ?? null };
  for (const written of info.objects) if (written.name === info.service) basis[written.kind] = written.resourceVersion;
  return basis;
}

export function sameBasis(a: RoutingBasisInfo | null, b: RoutingBasisInfo | null): boolean {
  return a === null || b === null ? a === b : a.VirtualService === b.VirtualService && a.DestinationRule === b.DestinationRule;
}
