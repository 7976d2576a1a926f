// The three classic PATCH flavours: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and
// strategic merge patch. The last is an approximation of the Kubernetes algorithm: keyed
// list merging, `$patch: replace|delete` and `$deleteFromPrimitiveList`; `$retainKeys` and
// `$setElementOrder` are accepted and ignored. Pure functions: input objects are not mutated.
import { ApiError } from './status.js';
import { clone, deepEqual, isObject, type Json } from './json.js';
import { itemKey, type ListSemantics } from './list-semantics.js';

function patchError(message: string): ApiError {
  return new ApiError(422, 'Invalid', message);
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw patchError(`invalid JSON pointer: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function parentOf(doc: unknown, parts: string[], op: string, path: string): { parent: Container; last: string } {
  let current = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isObject(current)) current = current[part];
    else current = undefined;
    if (current === undefined) throw patchError(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  if (!Array.isArray(current) && !isObject(current)) throw patchError(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}"`);
  return { parent: current, last: parts[parts.length - 1] ?? '' };
}

function readPointer(doc: unknown, path: string, op: string): unknown {
  let current = doc;
  for (const part of pointer(path)) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isObject(current)) current = current[part];
    else current = undefined;
    if (current === undefined) throw patchError(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return current;
}

function removeAt(doc: unknown, path: string, op: string): unknown {
  const { parent, last } = parentOf(doc, pointer(path), op, path);
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) throw patchError(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}"`);
    return parent.splice(index, 1)[0];
  }
  if (!(last in parent)) throw patchError(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  const value = parent[last];
  delete parent[last];
  return value;
}

function addAt(doc: unknown, path: string, value: unknown, op: string, replace: boolean): unknown {
  const parts = pointer(path);
  if (parts.length === 0) return value;
  const { parent, last } = parentOf(doc, parts, op, path);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw patchError(`jsonpatch ${op} operation does not apply: index out of bounds in "${path}"`);
    if (replace) parent[index] = value;
    else parent.splice(index, 0, value);
  } else {
    if (replace && !(last in parent)) throw patchError(`jsonpatch ${op} operation does not apply: doc is missing key: ${path}: missing value`);
    parent[last] = value;
  }
  return doc;
}

export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = clone(target);
  for (const raw of patch) {
    if (!isObject(raw)) throw patchError('invalid JSON patch operation');
    const op = String(raw['op']);
    const path = String(raw['path'] ?? '');
    switch (op) {
      case 'add':
        doc = addAt(doc, path, clone(raw['value']), op, false);
        break;
      case 'replace':
        doc = addAt(doc, path, clone(raw['value']), op, true);
        break;
      case 'remove':
        removeAt(doc, path, op);
        break;
      case 'move': {
        const value = removeAt(doc, String(raw['from']), op);
        doc = addAt(doc, path, value, op, false);
        break;
      }
      case 'copy':
        doc = addAt(doc, path, clone(readPointer(doc, String(raw['from']), op)), op, false);
        break;
      case 'test':
        if (!deepEqual(readPointer(doc, path, op), raw['value'])) throw patchError(`testing value ${path} failed: test failed`);
        break;
      default:
        throw patchError(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: Record<string, unknown> = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

export function applyStrategicMergePatch(target: unknown, patch: unknown, semantics: ListSemantics): unknown {
  return strategicMerge(clone(target), patch, semantics, []);
}

function strategicMerge(target: unknown, patch: unknown, semantics: ListSemantics, path: string[]): unknown {
  if (!isObject(patch)) return clone(patch);
  if (patch['$patch'] === 'replace') {
    const rest = { ...patch };
    delete rest['$patch'];
    return clone(rest);
  }
  if (patch['$patch'] === 'delete') return undefined;
  const result: Record<string, unknown> = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((v) => !value.some((d) => deepEqual(d, v)));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const fieldPath = [...path, key];
    if (Array.isArray(value)) {
      result[key] = mergeList(result[key], value, semantics, fieldPath);
    } else if (isObject(value)) {
      const merged = strategicMerge(result[key], value, semantics, fieldPath);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  return result;
}

function mergeList(current: unknown, patch: unknown[], semantics: ListSemantics, path: string[]): unknown[] {
  const list = semantics(path);
  const existing = Array.isArray(current) ? current : [];
  if (list.kind === 'atomic') return clone(patch) as Json[];
  if (list.kind === 'set') {
    const out = [...existing];
    for (const v of patch) if (!out.some((e) => deepEqual(e, v))) out.push(clone(v));
    return out;
  }
  // Strategic merge patch keys on the first merge key only (patchMergeKey in the Go types).
  const mergeKeys = list.keys.slice(0, 1);
  if (patch.some((item) => isObject(item) && item['$patch'] === 'replace')) {
    return patch.filter((item) => !(isObject(item) && item['$patch'] === 'replace')).map((item) => clone(item));
  }
  const out = [...existing];
  for (const item of patch) {
    const key = itemKey(item, mergeKeys);
    const index = key === undefined ? -1 : out.findIndex((e) => itemKey(e, mergeKeys) === key);
    if (isObject(item) && item['$patch'] === 'delete') {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index >= 0) out[index] = strategicMerge(out[index], item, semantics, path);
    else out.push(strategicMerge({}, item, semantics, path));
  }
  return out;
}
