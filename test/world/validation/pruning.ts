// Drops the fields a structural schema does not declare, like apiextensions-apiserver's
// schema/pruning (algorithm.go): properties and additionalProperties say what stays,
// x-kubernetes-preserve-unknown-fields keeps a subtree, and at the root (and in embedded
// resources) apiVersion, kind and metadata always stay. Returns the unknown field paths the
// server reports under fieldValidation Strict/Warn ("spec.http[0].foo"). Like the server's
// PruneNonNullableNullsWithoutDefaults, a null in a field that is not nullable is dropped too.
import { isObject } from '../json.js';

type Schema = Record<string, unknown>;

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function pruneNode(value: unknown, schema: Schema | undefined, path: string, root: boolean, unknown: string[]): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    const items = isObject(schema['items']) ? (schema['items'] as Schema) : undefined;
    value.forEach((item, index) => pruneNode(item, items, `${path}[${index}]`, false, unknown));
    return;
  }
  if (!isObject(value)) return;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  const properties = isObject(schema['properties']) ? (schema['properties'] as Record<string, Schema>) : undefined;
  const additional = schema['additionalProperties'];
  for (const key of Object.keys(value)) {
    const fieldPath = child(path, key);
    if ((root || embedded) && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) {
      // Root metadata is ObjectMeta, checked by the server's own code, not the CRD schema.
      if (key !== 'metadata' || !root) pruneNode(value[key], properties?.[key], fieldPath, false, unknown);
      continue;
    }
    let fieldSchema: Schema | undefined;
    if (properties && key in properties) fieldSchema = properties[key];
    else if (isObject(additional)) fieldSchema = additional as Schema;
    else if (additional === true || preserve) continue;
    else {
      unknown.push(fieldPath);
      delete value[key];
      continue;
    }
    if (value[key] === null && fieldSchema?.['nullable'] !== true && fieldSchema?.['default'] === undefined) {
      delete value[key];
      continue;
    }
    pruneNode(value[key], fieldSchema, fieldPath, false, unknown);
  }
}

/** Prunes `object` in place against the version's openAPIV3Schema; returns the dropped paths. */
export function pruneUnknownFields(object: Record<string, unknown>, openAPIV3Schema: unknown): string[] {
  const unknown: string[] = [];
  pruneNode(object, isObject(openAPIV3Schema) ? (openAPIV3Schema as Schema) : undefined, '', true, unknown);
  return unknown;
}
