// Routing objects as text for people: a multi-document YAML ready for `kubectl apply -f`, and a
// per-object before/after of the specs for a preview. Compares specs, never metadata: labels,
// resourceVersions and managedFields are the API server's business, not the routing's.

import { stringify } from 'yaml';
import type { RoutingDiffInfo } from '../contract';
import type { KubeObject } from '../kube';
import type { RoutingObjects } from './routing-objects';

export interface LiveRoutingObjects {
  vs?: KubeObject | undefined;
  dr?: KubeObject | undefined;
}

/** The objects as one YAML stream, `---` between documents. */
export function routingYaml(objects: readonly KubeObject[]): string {
  return objects.map((object) => stringify(object)).join('---\n');
}

/** A spec as YAML with keys sorted, so a live object written by anyone lines up with ours. */
export function specYaml(spec: unknown): string {
  return stringify(spec ?? {}, { sortMapEntries: true });
}

/** DestinationRule first, then VirtualService: the order they are applied in (subsets before routes that use them). */
export function diffRouting(live: LiveRoutingObjects, wanted: RoutingObjects): RoutingDiffInfo[] {
  return [diffOne('DestinationRule', live.dr, wanted.destinationRule), diffOne('VirtualService', live.vs, wanted.virtualService)];
}

function diffOne(kind: RoutingDiffInfo['kind'], live: KubeObject | undefined, wanted: KubeObject): RoutingDiffInfo {
  return {
    kind,
    name: wanted.metadata?.name ?? '',
    before: live ? specYaml(live['spec']) : null,
    after: specYaml(wanted['spec']),
    changed: !live || !sameJson(live['spec'], wanted['spec']),
  };
}

/** Key-order-insensitive JSON equality; an absent key equals one set to undefined. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    return [...keys].every((key) => sameJson(left[key], right[key]));
  }
  return a === b;
}
