// Checks objects against the openAPIV3Schema of upstream CRDs (e.g. Istio's crd-all.gen.yaml,
// read at test time, never copied): types, required fields, unknown fields (what the API
// server would prune or, with strict field validation, reject), enums, bounds, patterns and
// oneOf/anyOf/allOf/not. CEL rules (x-kubernetes-validations) and formats are not evaluated.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../core/kube';

export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  pattern?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

interface Crd {
  kind?: string;
  spec?: { group: string; names: { kind: string }; versions: Array<{ name: string; schema?: { openAPIV3Schema?: JsonSchema } }> };
}

/** Schemas by "group/version Kind", e.g. "networking.istio.io/v1 Gateway". */
export function loadCrdSchemas(file: string): Map<string, JsonSchema> {
  const schemas = new Map<string, JsonSchema>();
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const crd = doc.toJS() as Crd | null;
    if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
    for (const version of crd.spec.versions) {
      const schema = version.schema?.openAPIV3Schema;
      if (schema) schemas.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, schema);
    }
  }
  return schemas;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeOf(value) === 'object';
}

/** Every problem found, as "path: problem"; empty when the value fits. */
export function schemaErrors(value: unknown, schema: JsonSchema, path = ''): string[] {
  const at = path || '<root>';
  if (value === null) return schema.nullable ? [] : schema.type ? [`${at}: must not be null`] : [];
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema['x-kubernetes-int-or-string']) {
    if (actual !== 'integer' && actual !== 'string') errors.push(`${at}: must be an integer or a string, not ${actual}`);
  } else if (schema.type && !(schema.type === actual || (schema.type === 'number' && actual === 'integer'))) {
    return [`${at}: must be ${schema.type}, not ${actual}`];
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: ${value} is below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: ${value} is above ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => errors.push(...schemaErrors(item, schema.items!, `${path}[${i}]`)));
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) errors.push(`${at}: fewer than ${schema.minProperties} fields`);
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) errors.push(`${at}: more than ${schema.maxProperties} fields`);
    for (const key of schema.required ?? []) if (!(key in value)) errors.push(`${at}: missing required field "${key}"`);
    for (const key of keys) {
      const child = `${path ? `${path}.` : ''}${key}`;
      const property = schema.properties?.[key];
      if (property) errors.push(...schemaErrors(value[key], property, child));
      else if (typeof schema.additionalProperties === 'object') errors.push(...schemaErrors(value[key], schema.additionalProperties, child));
      // Only a schema that lists properties forbids others (branches of oneOf list none).
      else if (schema.properties && schema.additionalProperties !== true && !schema['x-kubernetes-preserve-unknown-fields']) errors.push(`${child}: unknown field`);
    }
  }
  const fits = (sub: JsonSchema): boolean => schemaErrors(value, sub, path).length === 0;
  if (schema.allOf) for (const sub of schema.allOf) errors.push(...schemaErrors(value, sub, path));
  if (schema.anyOf && !schema.anyOf.some(fits)) errors.push(`${at}: matches none of anyOf`);
  if (schema.oneOf && schema.oneOf.filter(fits).length !== 1) errors.push(`${at}: must match exactly one of oneOf (matches ${schema.oneOf.filter(fits).length})`);
  if (schema.not && fits(schema.not)) errors.push(`${at}: matches a "not" schema`);
  return errors;
}

/** Checks a whole object; apiVersion, kind and metadata are the API server's, not the CRD's. */
export function crdObjectErrors(object: KubeObject, schemas: Map<string, JsonSchema>): string[] {
  const schema = schemas.get(`${object.apiVersion} ${object.kind}`);
  if (!schema) return [`no CRD schema for ${object.apiVersion} ${object.kind}`];
  const { apiVersion: _a, kind: _k, metadata, ...rest } = object;
  const problems = isObject(metadata) && typeof metadata.name === 'string' ? [] : ['metadata.name: missing'];
  return [...problems, ...schemaErrors(rest, schema)];
}
