// Server-side apply and managedFields bookkeeping, modelled on structured-merge-diff:
// field sets in the FieldsV1 trie format, conflicts with other managers (409 unless force),
// removal of fields a manager stopped applying, and ownership transfer on plain updates.
// It works on whole objects and returns new ones; resourceVersion/identity checks live in
// resource-api.ts.
import { ApiError } from './status.js';
import { clone, deepEqual, isObject } from './json.js';
import { itemKey, type ListSemantics } from './list-semantics.js';
import type { KubeObject, ManagedFieldsEntry } from './store.js';

/** A field path: elements like "f:spec", "k:{\"name\":\"x\"}", "v:\"value\"", joined by "\n". */
type PathKey = string;
const SEP = '\n';

/** Fields a manager never owns: identity, server-set metadata and type information. */
const untrackedTop = new Set(['apiVersion', 'kind']);
const untrackedMeta = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'generateName']);

/** Every owned path of an object with a fingerprint of its value (leaves) or "" (list items). */
function leaves(obj: unknown, semantics: ListSemantics, skipStatus: boolean): Map<PathKey, string> {
  const out = new Map<PathKey, string>();
  if (!isObject(obj)) return out;
  for (const [key, value] of Object.entries(obj)) {
    if (untrackedTop.has(key) || value === undefined) continue;
    if (skipStatus && key === 'status') continue;
    if (key === 'metadata' && isObject(value)) {
      for (const [mk, mv] of Object.entries(value)) {
        if (untrackedMeta.has(mk) || mv === undefined) continue;
        walk(mv, [`f:metadata`, `f:${mk}`], ['metadata', mk], semantics, out);
      }
      continue;
    }
    walk(value, [`f:${key}`], [key], semantics, out);
  }
  return out;
}

function walk(value: unknown, path: string[], fields: string[], semantics: ListSemantics, out: Map<PathKey, string>): void {
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      out.set(path.join(SEP), '{}');
      return;
    }
    for (const [k, v] of entries) walk(v, [...path, `f:${k}`], [...fields, k], semantics, out);
    return;
  }
  if (Array.isArray(value)) {
    const list = semantics(fields);
    if (list.kind === 'map') {
      for (const item of value) {
        const key = itemKey(item, list.keys);
        if (key === undefined) continue;
        const itemPath = [...path, `k:${key}`];
        out.set(itemPath.join(SEP), '');
        if (isObject(item)) for (const [k, v] of Object.entries(item)) if (v !== undefined) walk(v, [...itemPath, `f:${k}`], [...fields, k], semantics, out);
      }
      return;
    }
    if (list.kind === 'set') {
      for (const item of value) out.set([...path, `v:${JSON.stringify(item)}`].join(SEP), '');
      return;
    }
  }
  out.set(path.join(SEP), JSON.stringify(value));
}

/** Paths to the FieldsV1 trie kubectl shows in managedFields. */
export function toFieldsV1(paths: Iterable<PathKey>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const members: Record<string, unknown>[] = [];
  for (const path of paths) {
    let node = root;
    for (const element of path.split(SEP)) {
      let child = node[element] as Record<string, unknown> | undefined;
      if (!child) {
        child = {};
        node[element] = child;
      }
      node = child;
    }
    members.push(node);
  }
  // A path that is owned and also has owned children gets a "." entry, like the real format.
  for (const node of members) if (Object.keys(node).some((k) => k !== '.')) node['.'] = {};
  return root;
}

export function fromFieldsV1(trie: unknown): Set<PathKey> {
  const out = new Set<PathKey>();
  const visit = (node: unknown, path: string[]): void => {
    if (!isObject(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 0 && path.length > 0) out.add(path.join(SEP));
    for (const k of keys) {
      if (k === '.') out.add(path.join(SEP));
      else visit(node[k], [...path, k]);
    }
  };
  visit(trie, []);
  return out;
}

/** ".spec.replicas" or ".spec.template.spec.containers[name=\"x\"].image" for conflict messages. */
function describePath(path: PathKey): string {
  return path
    .split(SEP)
    .map((e) => {
      if (e.startsWith('f:')) return `.${e.slice(2)}`;
      if (e.startsWith('k:')) {
        const key = JSON.parse(e.slice(2)) as Record<string, unknown>;
        return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
      }
      if (e.startsWith('v:')) return `[${e.slice(2)}]`;
      return e;
    })
    .join('');
}

function removePath(obj: Record<string, unknown>, path: PathKey): void {
  const elements = path.split(SEP);
  let parent: unknown = obj;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i] ?? '';
    const last = i === elements.length - 1;
    if (element.startsWith('f:')) {
      if (!isObject(parent)) return;
      const field = element.slice(2);
      if (last) {
        delete parent[field];
        return;
      }
      parent = parent[field];
    } else if (element.startsWith('k:') || element.startsWith('v:')) {
      if (!Array.isArray(parent)) return;
      const wanted = element.slice(2);
      const index = parent.findIndex((item) => {
        if (element.startsWith('v:')) return JSON.stringify(item) === wanted;
        const keys = Object.keys(JSON.parse(wanted) as object);
        return itemKey(item, keys) === wanted;
      });
      if (index < 0) return;
      if (last) {
        parent.splice(index, 1);
        return;
      }
      parent = parent[index];
    } else return;
  }
}

/** The value at a path of `f:` elements (undefined past a list item: those are removed whole). */
function valueAt(obj: unknown, path: PathKey): unknown {
  let node = obj;
  for (const element of path.split(SEP)) {
    if (!element.startsWith('f:') || !isObject(node)) return undefined;
    node = node[element.slice(2)];
  }
  return node;
}

/**
 * structured-merge-diff prunes the named fields a manager's removed fields sat in, too
 * (EnsureNamedFieldsAreMembers, then adds back what others own): a struct left empty by the
 * removal goes, rather than staying as `connectionPool: {tcp: {}}`. Maps and structs look alike
 * here, so an emptied map goes as well; an empty object someone still owns stays.
 */
function pruneEmptied(merged: KubeObject, dropped: readonly PathKey[], kept: readonly PathKey[]): void {
  const parents = new Set<PathKey>();
  for (const path of dropped) {
    const elements = path.split(SEP);
    for (let length = elements.length - 1; length >= 2; length--) parents.add(elements.slice(0, length).join(SEP));
  }
  const deepestFirst = [...parents].sort((a, b) => b.split(SEP).length - a.split(SEP).length);
  for (const parent of deepestFirst) {
    const value = valueAt(merged, parent);
    const owned = kept.some((p) => p === parent || p.startsWith(`${parent}${SEP}`));
    if (!owned && isObject(value) && Object.keys(value).length === 0) removePath(merged, parent);
  }
}

/** Merges an applied configuration into the live object: maps deep, keyed lists by key. */
function mergeApplied(live: unknown, applied: unknown, semantics: ListSemantics, fields: string[]): unknown {
  if (isObject(applied)) {
    const result: Record<string, unknown> = isObject(live) ? { ...live } : {};
    for (const [key, value] of Object.entries(applied)) {
      if (value === undefined) continue;
      result[key] = mergeApplied(result[key], value, semantics, [...fields, key]);
    }
    return result;
  }
  if (Array.isArray(applied)) {
    const list = semantics(fields);
    if (list.kind === 'atomic' || !Array.isArray(live)) return clone(applied);
    if (list.kind === 'set') {
      const out = [...live];
      for (const v of applied) if (!out.some((e) => deepEqual(e, v))) out.push(clone(v));
      return out;
    }
    const out = [...live];
    for (const item of applied) {
      const key = itemKey(item, list.keys);
      const index = key === undefined ? -1 : out.findIndex((e) => itemKey(e, list.keys) === key);
      if (index >= 0) out[index] = mergeApplied(out[index], item, semantics, fields);
      else out.push(clone(item));
    }
    return out;
  }
  return applied;
}

export interface ApplyOptions {
  manager: string;
  force: boolean;
  apiVersion: string;
  semantics: ListSemantics;
  /** True for the main resource of a type with a status subresource: status is not applied. */
  ignoreStatus: boolean;
  now: string;
}

function entriesOf(obj: KubeObject | undefined): ManagedFieldsEntry[] {
  return obj?.metadata.managedFields ? clone(obj.metadata.managedFields) : [];
}

function sameManager(entry: ManagedFieldsEntry, manager: string, operation: 'Apply' | 'Update', subresource?: string): boolean {
  return entry.manager === manager && entry.operation === operation && (entry.subresource ?? '') === (subresource ?? '');
}

/**
 * Server-side apply of `applied` onto `live` (undefined: the object is being created).
 * Returns the merged object with updated managedFields, or throws a 409 Conflict Status.
 */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, options: ApplyOptions): KubeObject {
  const config = clone(applied);
  if (options.ignoreStatus) delete config['status'];
  const appliedLeaves = leaves(config, options.semantics, false);
  const liveLeaves = leaves(live, options.semantics, false);
  const entries = entriesOf(live);
  const conflicts: { manager: string; path: PathKey }[] = [];

  for (const entry of entries) {
    if (sameManager(entry, options.manager, 'Apply', entry.subresource)) continue;
    const owned = fromFieldsV1(entry.fieldsV1);
    for (const path of owned) {
      const appliedValue = appliedLeaves.get(path);
      if (appliedValue === undefined || appliedValue === '') continue;
      const liveValue = liveLeaves.get(path);
      if (liveValue !== undefined && liveValue !== appliedValue) conflicts.push({ manager: entry.manager, path });
    }
  }
  if (conflicts.length > 0 && !options.force) {
    const byManager = conflicts.map((c) => `conflict with "${c.manager}": ${describePath(c.path)}`);
    const message =
      conflicts.length === 1
        ? `Apply failed with 1 conflict: ${byManager[0] ?? ''}`
        : `Apply failed with ${conflicts.length} conflicts: ${byManager.join('\n')}`;
    throw new ApiError(409, 'Conflict', message, {
      causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}"`, field: describePath(c.path) })),
    });
  }

  const previousOwn = entries.find((e) => sameManager(e, options.manager, 'Apply'));
  const previousSet = previousOwn ? fromFieldsV1(previousOwn.fieldsV1) : new Set<PathKey>();
  const newSet = new Set(appliedLeaves.keys());

  let remaining = entries
    .filter((e) => !sameManager(e, options.manager, 'Apply'))
    .map((e) => {
      if (!options.force) return e;
      const owned = fromFieldsV1(e.fieldsV1);
      for (const c of conflicts) if (c.manager === e.manager) owned.delete(c.path);
      return { ...e, fieldsV1: toFieldsV1(owned) };
    });

  const base = live ? clone(live) : ({ metadata: {} } as KubeObject);
  const merged = mergeApplied(base, config, options.semantics, []) as KubeObject;
  // Fields this manager applied before and no longer applies are removed, unless shared.
  const ownedByOthers = new Set<PathKey>();
  for (const e of remaining) for (const p of fromFieldsV1(e.fieldsV1)) ownedByOthers.add(p);
  const dropped = [...previousSet].filter((p) => !newSet.has(p) && !ownedByOthers.has(p));
  // Remove deepest paths first so list items vanish before their parents are inspected.
  dropped.sort((a, b) => b.length - a.length);
  for (const path of dropped) removePath(merged, path);
  pruneEmptied(merged, dropped, [...newSet, ...ownedByOthers]);

  remaining = remaining.filter((e) => Object.keys(e.fieldsV1).length > 0);
  const own: ManagedFieldsEntry = {
    manager: options.manager,
    operation: 'Apply',
    apiVersion: options.apiVersion,
    time: options.now,
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(newSet),
  };
  const position = previousOwn ? entries.findIndex((e) => sameManager(e, options.manager, 'Apply')) : remaining.length;
  remaining.splice(Math.min(position, remaining.length), 0, own);
  merged.metadata.managedFields = remaining;
  return merged;
}

export interface UpdateTracking {
  manager: string;
  apiVersion: string;
  subresource?: string;
  semantics: ListSemantics;
  now: string;
}

/**
 * Records a non-apply write (create, update, patch): the writer takes ownership of every field
 * it changed, other managers lose those fields, and removed fields are owned by nobody.
 */
export function trackUpdate(before: KubeObject | undefined, after: KubeObject, tracking: UpdateTracking): ManagedFieldsEntry[] {
  const oldLeaves = leaves(before, tracking.semantics, false);
  const newLeaves = leaves(after, tracking.semantics, false);
  const changed = new Set<PathKey>();
  for (const [path, value] of newLeaves) if (oldLeaves.get(path) !== value) changed.add(path);
  const removed = new Set<PathKey>();
  for (const path of oldLeaves.keys()) if (!newLeaves.has(path)) removed.add(path);

  // What a client sends in metadata.managedFields on update is ignored: history is the server's.
  const entries = entriesOf(before);
  if (changed.size === 0 && removed.size === 0) return entries;
  const result: ManagedFieldsEntry[] = [];
  let own: Set<PathKey> | undefined;
  for (const entry of entries) {
    const owned = fromFieldsV1(entry.fieldsV1);
    if (sameManager(entry, tracking.manager, 'Update', tracking.subresource)) {
      own = owned;
      continue;
    }
    for (const p of changed) owned.delete(p);
    for (const p of removed) owned.delete(p);
    if (owned.size > 0) result.push({ ...entry, fieldsV1: toFieldsV1(owned) });
  }
  const mine = own ?? new Set<PathKey>();
  for (const p of changed) mine.add(p);
  for (const p of removed) mine.delete(p);
  if (mine.size > 0) {
    result.push({
      manager: tracking.manager,
      operation: 'Update',
      apiVersion: tracking.apiVersion,
      time: tracking.now,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(mine),
      ...(tracking.subresource ? { subresource: tracking.subresource } : {}),
    });
  }
  return result;
}
