// Validates a custom object against its CRD version's structural schema the way the API server's
// apiextensions validation does (kube-openapi's validator, then kubeOpenAPIResultToFieldErrors):
// the JSON Schema checks run in ajv, and each ajv error is turned into the Status cause and the
// message text of the real server. CEL rules (`x-kubernetes-validations`) are NOT evaluated: ajv
// has no CEL, and none of the rules MeshDeck's objects meet is worth an interpreter of our own.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { StatusCause } from '../status.js';
import { isObject } from '../json.js';

type Schema = Record<string, unknown>;

// Number formats (int32, double, …) never fail for numbers in kube-openapi, and only the string
// formats apiextensions keeps (StripUnsupportedFormatsPostProcessor) that these CRDs use are checked.
const checkedFormats: Record<string, (value: string) => boolean> = {
  byte: (v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v),
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  ipv4: (v) => /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(v),
  ipv6: (v) => v.includes(':') && /^[0-9a-fA-F:.]+$/.test(v) && (v.match(/::/g) ?? []).length <= 1,
};

/** The CRD schema as ajv reads it: int-or-string as a two-type union, unchecked formats dropped. */
export function toAjvSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toAjvSchema);
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'format' && !(typeof value === 'string' && value in checkedFormats)) continue;
    if (key === 'properties' || key === 'patternProperties' || key === 'definitions') {
      out[key] = Object.fromEntries(Object.entries(isObject(value) ? value : {}).map(([k, v]) => [k, toAjvSchema(v)]));
    } else if (key === 'default' || key === 'example' || key === 'enum' || key === 'required') {
      out[key] = value;
    } else out[key] = toAjvSchema(value);
  }
  if (node['x-kubernetes-int-or-string'] === true) out['type'] = ['integer', 'string'];
  // ajv's `nullable` needs a type beside it; kube-openapi accepts null for a nullable untyped node anyway.
  if (out['nullable'] === true && out['type'] === undefined) delete out['nullable'];
  return out;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: true });
  for (const [name, validate] of Object.entries(checkedFormats)) ajv.addFormat(name, { type: 'string', validate });
  return ajv;
}

// Compiled validators by schema text, shared by every world in the process (tests start many,
// each installing the same CRDs); bounded so a long run does not keep every schema it saw.
const compiledByText = new Map<string, ValidateFunction>();
const maxCompiled = 128;

function compiled(openAPIV3Schema: unknown): ValidateFunction {
  const text = JSON.stringify(openAPIV3Schema ?? { type: 'object' });
  let check = compiledByText.get(text);
  if (!check) {
    // One Ajv per schema: an Ajv instance keeps everything it compiled for its whole life.
    check = newAjv().compile(toAjvSchema(JSON.parse(text)) as Schema);
    if (compiledByText.size >= maxCompiled) compiledByText.delete(compiledByText.keys().next().value ?? '');
    compiledByText.set(text, check);
  }
  return check;
}

/** "/spec/http/0/route" → "spec.http[0].route": indices where the data holds an array. */
export function fieldPath(root: unknown, pointer: string): string {
  let path = '';
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      path += path ? `.${segment}` : segment;
      node = isObject(node) ? node[segment] : undefined;
    }
  }
  return path;
}

/** How apimachinery's field errors print a value: strings quoted, numbers and booleans bare. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(segment)] : isObject(node) ? node[segment] : undefined;
  }
  return node;
}

/** One ajv error as the cause kubeOpenAPIResultToFieldErrors makes of kube-openapi's error. */
function toCause(root: unknown, error: ErrorObject): StatusCause | undefined {
  const path = fieldPath(root, error.instancePath);
  const value = valueAt(root, error.instancePath);
  const params = error.params as Record<string, unknown>;
  const invalid = (detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${formatValue(value)}: ${path} in body ${detail}` });
  switch (error.keyword) {
    case 'required': {
      const field = path ? `${path}.${String(params['missingProperty'])}` : String(params['missingProperty']);
      return { reason: 'FieldValueRequired', field, message: 'Required value' };
    }
    case 'type': {
      const actual = jsonType(value);
      const expected = Array.isArray(params['type']) ? params['type'].join(',') : String(params['type']);
      return { reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: "${actual}": ${path} in body must be of type ${expected}: "${actual}"` };
    }
    case 'format':
      return { reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: ${formatValue(value)}: ${path} in body must be of type ${String(params['format'])}: ${formatValue(value)}` };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map((v) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(JSON.stringify(v))));
      return { reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: ${formatValue(value)}: supported values: ${allowed.join(', ')}` };
    }
    case 'maxLength':
      return { reason: 'FieldValueTooLong', field: path, message: `Too long: may not be more than ${String(params['limit'])} bytes` };
    case 'maxItems':
      return { reason: 'FieldValueTooMany', field: path, message: `Too many: ${Array.isArray(value) ? value.length : 0}: must have at most ${String(params['limit'])} items` };
    case 'maxProperties':
      return { reason: 'FieldValueTooMany', field: path, message: `Too many: ${isObject(value) ? Object.keys(value).length : 0}: must have at most ${String(params['limit'])} items` };
    case 'minimum':
    case 'exclusiveMinimum':
      return invalid(`should be greater than ${error.keyword === 'minimum' ? 'or equal to ' : ''}${String(params['limit'])}`);
    case 'maximum':
    case 'exclusiveMaximum':
      return invalid(`should be less than ${error.keyword === 'maximum' ? 'or equal to ' : ''}${String(params['limit'])}`);
    case 'minLength':
      return invalid(`should be at least ${String(params['limit'])} chars long`);
    case 'pattern':
      return invalid(`should match '${String(params['pattern'])}'`);
    case 'minItems':
      return invalid(`should have at least ${String(params['limit'])} items`);
    case 'minProperties':
      return invalid(`should have at least ${String(params['limit'])} properties`);
    case 'uniqueItems':
      return invalid(`shouldn't contain duplicates`);
    case 'multipleOf':
      return invalid(`should be a multiple of ${String(params['multipleOf'])}`);
    case 'nullable':
      return { reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: "null": ${path} in body must be of type ${String(params['type'] ?? 'object')}: "null"` };
    case 'if':
      return undefined;
    default:
      // anyOf/oneOf/not: kube-openapi words these per branch; the path and the value are what matter.
      return invalid(error.message ?? 'is invalid');
  }
}

export interface CompiledSchema {
  validate(object: unknown): StatusCause[];
}

/** The validator of one CRD version's openAPIV3Schema (crd-schemas.ts keeps it per CRD resourceVersion). */
export function compileSchema(openAPIV3Schema: unknown): CompiledSchema {
  const check = compiled(openAPIV3Schema);
  return {
    validate(object) {
      if (check(object)) return [];
      const causes: StatusCause[] = [];
      const seen = new Set<string>();
      for (const error of check.errors ?? []) {
        const cause = toCause(object, error);
        const key = cause ? `${cause.field ?? ''}|${cause.message}` : '';
        if (cause && !seen.has(key)) {
          seen.add(key);
          causes.push(cause);
        }
      }
      return causes;
    },
  };
}
