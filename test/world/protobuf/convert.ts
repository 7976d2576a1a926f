// Converts between a decoded Kubernetes protobuf message and the JSON object the world's store
// keeps, driven by protobufjs reflection instead of per-kind code. It reproduces what the real
// API server's Go structs do between the two wire formats: embedded structs that JSON inlines,
// zero values that `omitempty` drops, and the special apimachinery types (special-types.ts).
import protobuf from 'protobufjs';
import { specialTypes } from './special-types.js';

type Plain = Record<string, unknown>;

// Go structs embedded with `json:",inline"` (k8s.io/api core/v1 types.go): protobuf carries them
// as one field, JSON spreads their fields into the parent. Reflection cannot see the json tag, so
// they are listed as "message type:field name" (LocalObjectReference is embedded in 7 sources).
const inlineFields = new Set([
  '.k8s.io.api.core.v1.LocalObjectReference:localObjectReference',
  '.k8s.io.api.core.v1.VolumeSource:volumeSource',
  '.k8s.io.api.core.v1.PersistentVolumeSource:persistentVolumeSource',
  '.k8s.io.api.core.v1.EphemeralContainerCommon:ephemeralContainerCommon',
  '.k8s.io.api.core.v1.ProbeHandler:handler',
]);

const toObjectOptions: protobuf.IConversionOptions = { longs: Number, enums: String, bytes: String };

function isInline(field: protobuf.Field): boolean {
  return field.resolvedType !== null && inlineFields.has(`${field.resolvedType.fullName}:${field.name}`);
}

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Go writes every non-pointer field, zero or not, and JSON then drops zeros tagged omitempty:
 * a zero on the wire means "unset" unless the field is required (no +optional in its comment).
 * Numbers and booleans can also be pointers, where an explicit zero differs from unset; their
 * comments say so ("a pointer", "Defaults to 1"). Strings with defaults are plain strings.
 */
function keepsZero(field: protobuf.Field, v: unknown): boolean {
  const comment = field.comment ?? '';
  if (!comment.includes('+optional')) return true;
  if (typeof v === 'string') return false;
  return /\bpointer\b/i.test(comment) || /Defaults to (?!0\b|false\b)/.test(comment);
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function valueToJson(field: protobuf.Field, v: unknown): unknown {
  const type = field.resolvedType;
  if (!(type instanceof protobuf.Type)) return v;
  const special = specialTypes.get(type.fullName);
  return special ? special.toJson(isPlain(v) ? v : {}) : messageToJson(type, isPlain(v) ? v : {});
}

function messageToJson(type: protobuf.Type, plain: Plain): Plain {
  const out: Plain = {};
  for (const field of type.fieldsArray) {
    const v = plain[field.name];
    if (v === undefined || v === null) continue;
    if (field.repeated) {
      out[field.name] = (v as unknown[]).map((item) => valueToJson(field, item));
    } else if (field.map) {
      const entries = Object.entries(v as Plain).map(([k, item]) => [k, valueToJson(field, item)] as const);
      out[field.name] = Object.fromEntries(entries);
    } else if (isInline(field)) {
      Object.assign(out, valueToJson(field, v));
    } else {
      if (!field.resolvedType && isZero(v) && !keepsZero(field, v)) continue;
      const json = valueToJson(field, v);
      if (json !== undefined) out[field.name] = json;
    }
  }
  return out;
}

/** A decoded message as the JSON object the API server would have stored. */
export function protobufToJson(type: protobuf.Type, message: protobuf.Message): Plain {
  return messageToJson(type, type.toObject(message, toObjectOptions));
}

function valueFromJson(field: protobuf.Field, v: unknown, where: string): unknown {
  const type = field.resolvedType;
  if (!(type instanceof protobuf.Type)) return v;
  const special = specialTypes.get(type.fullName);
  if (special) return special.fromJson(v, where);
  if (!isPlain(v)) throw new Error(`${where}: expected an object, got ${JSON.stringify(v)}`);
  return messageFromJson(type, v, where);
}

function messageFromJson(type: protobuf.Type, json: Plain, where: string): Plain {
  const out: Plain = {};
  for (const field of type.fieldsArray) {
    const path = `${where}.${field.name}`;
    if (isInline(field)) {
      const inner = valueFromJson(field, json, path) as Plain;
      if (Object.keys(inner).length > 0) out[field.name] = inner;
      continue;
    }
    const v = json[field.name];
    if (v === undefined || v === null) continue;
    if (field.repeated) {
      if (!Array.isArray(v)) throw new Error(`${path}: expected a list, got ${JSON.stringify(v)}`);
      out[field.name] = v.map((item, i) => valueFromJson(field, item, `${path}[${i}]`));
    } else if (field.map) {
      if (!isPlain(v)) throw new Error(`${path}: expected a map, got ${JSON.stringify(v)}`);
      out[field.name] = Object.fromEntries(Object.entries(v).map(([k, item]) => [k, valueFromJson(field, item, `${path}[${k}]`)]));
    } else {
      out[field.name] = valueFromJson(field, v, path);
    }
  }
  return out;
}

/** A stored JSON object as its protobuf message; fields the message does not know are left out. */
export function jsonToProtobuf(type: protobuf.Type, json: Plain): protobuf.Message {
  return type.fromObject(messageFromJson(type, json, type.name));
}
