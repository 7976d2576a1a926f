// How lists merge: keyed by fields (containers by name), sets of scalars (finalizers) or
// atomic (replaced whole). Strategic merge patch and server-side apply both ask this module.
// Built-in kinds use the merge keys of the Kubernetes Go types; custom resources use their
// CRD schema's x-kubernetes-list-type / x-kubernetes-list-map-keys (default atomic).
import { isObject } from './json.js';

export type ListKind = { kind: 'map'; keys: string[] } | { kind: 'set' } | { kind: 'atomic' };

/** `path` is the chain of field names from the object root to the list (no list indices). */
export type ListSemantics = (path: string[]) => ListKind;

const containerLists = new Set(['containers', 'initContainers', 'ephemeralContainers']);

export const builtInListSemantics: ListSemantics = (path) => {
  const field = path[path.length - 1] ?? '';
  const parent = path[path.length - 2] ?? '';
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'imagePullSecrets':
    case 'env':
    case 'resourceClaims':
    case 'webhooks':
      return { kind: 'map', keys: ['name'] };
    case 'ports':
      // Container ports are keyed by containerPort+protocol, Service ports by port+protocol.
      return containerLists.has(parent) ? { kind: 'map', keys: ['containerPort', 'protocol'] } : { kind: 'map', keys: ['port', 'protocol'] };
    case 'volumeMounts':
      return { kind: 'map', keys: ['mountPath'] };
    case 'volumeDevices':
      return { kind: 'map', keys: ['devicePath'] };
    case 'hostAliases':
      return { kind: 'map', keys: ['ip'] };
    case 'conditions':
      return { kind: 'map', keys: ['type'] };
    case 'ownerReferences':
      return { kind: 'map', keys: ['uid'] };
    case 'topologySpreadConstraints':
      return { kind: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] };
    case 'finalizers':
      return { kind: 'set' };
    default:
      return { kind: 'atomic' };
  }
};

/** List semantics read from an OpenAPI v3 schema (a CRD version's openAPIV3Schema). */
export function schemaListSemantics(schema: unknown): ListSemantics {
  return (path) => {
    if (path[0] === 'metadata') return builtInListSemantics(path);
    let node: unknown = schema;
    for (const field of path) {
      // Descend through list items transparently: the path holds field names only.
      while (isObject(node) && node['type'] === 'array' && isObject(node['items'])) node = node['items'];
      if (!isObject(node)) return { kind: 'atomic' };
      const properties = node['properties'];
      if (isObject(properties) && isObject(properties[field])) node = properties[field];
      else if (isObject(node['additionalProperties'])) node = node['additionalProperties'];
      else return { kind: 'atomic' };
    }
    if (!isObject(node)) return { kind: 'atomic' };
    const listType = node['x-kubernetes-list-type'];
    if (listType === 'map') {
      const keys = node['x-kubernetes-list-map-keys'];
      return { kind: 'map', keys: Array.isArray(keys) ? keys.map(String) : ['name'] };
    }
    if (listType === 'set') return { kind: 'set' };
    return { kind: 'atomic' };
  };
}

/** The identity of a keyed list item, as server-side apply writes it: {"name":"x"}.
 * A missing `protocol` key counts as TCP, the default the API server fills in. */
export function itemKey(item: unknown, keys: string[]): string | undefined {
  if (!isObject(item)) return undefined;
  const key: Record<string, unknown> = {};
  let any = false;
  for (const k of [...keys].sort()) {
    const value = item[k] ?? (k === 'protocol' ? 'TCP' : undefined);
    if (value !== undefined) {
      key[k] = value;
      if (k !== 'protocol') any = true;
    }
  }
  return any ? JSON.stringify(key) : undefined;
}
