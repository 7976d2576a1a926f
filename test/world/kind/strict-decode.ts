// Decodes a YAML document against a small description of Go struct types the way kind's
// strict decoder (gopkg.in/yaml.v3 with KnownFields) does, so unknown fields and wrong types
// fail with the same "yaml: unmarshal errors:\n  line N: ..." text real kind prints.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

export type GoType =
  | { kind: 'string'; name?: string }
  | { kind: 'int32' }
  | { kind: 'bool' }
  | { kind: 'map'; value: GoType; name: string }
  | { kind: 'seq'; item: GoType; name: string }
  | { kind: 'struct'; name: string; fields: () => Record<string, GoType> };

export class StrictDecodeError extends Error {
  constructor(readonly lines: string[]) {
    super(`yaml: unmarshal errors:\n  ${lines.join('\n  ')}`);
  }
}

export class YamlSyntaxError extends Error {}

function yamlTag(node: YamlNode): string {
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return '!!null';
    if (typeof value === 'boolean') return '!!bool';
    if (typeof value === 'number') return Number.isInteger(value) && !String(node.source ?? '').includes('.') ? '!!int' : '!!float';
    return '!!str';
  }
  return '!!str';
}

function typeName(type: GoType): string {
  switch (type.kind) {
    case 'string':
      return type.name ?? 'string';
    case 'int32':
    case 'bool':
      return type.kind;
    default:
      return type.name;
  }
}

export function decodeStrict(text: string, root: GoType): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: '1.2', uniqueKeys: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.linePos?.[0]?.line ?? 1;
    throw new YamlSyntaxError(`yaml: line ${line}: ${first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const errors: string[] = [];
  const lineOf = (node: YamlNode | null | undefined): number => lineCounter.linePos(node?.range?.[0] ?? 0).line;

  const fail = (node: YamlNode, type: GoType): undefined => {
    const tag = yamlTag(node);
    let shown = '';
    if (tag !== '!!seq' && tag !== '!!map' && isScalar(node)) {
      const raw = String(node.source ?? node.value);
      shown = raw.length > 10 ? ` \`${raw.slice(0, 7)}...\`` : ` \`${raw}\``;
    }
    errors.push(`line ${lineOf(node)}: cannot unmarshal ${tag}${shown} into ${typeName(type)}`);
    return undefined;
  };

  const decode = (node: YamlNode | null | undefined, type: GoType): unknown => {
    if (!node || (isScalar(node) && node.value === null)) return undefined;
    switch (type.kind) {
      case 'string':
        if (!isScalar(node)) return fail(node, type);
        return String(node.source ?? node.value);
      case 'int32': {
        if (!isScalar(node) || yamlTag(node) !== '!!int') return fail(node, type);
        const value = Number(node.value);
        if (value < -(2 ** 31) || value >= 2 ** 31) return fail(node, type);
        return value;
      }
      case 'bool':
        if (!isScalar(node) || typeof node.value !== 'boolean') return fail(node, type);
        return node.value;
      case 'seq':
        if (!isSeq(node)) return fail(node, type);
        return node.items.map((item) => decode(item as YamlNode, type.item));
      case 'map': {
        if (!isMap(node)) return fail(node, type);
        const out: Record<string, unknown> = {};
        for (const pair of node.items) out[String(isScalar(pair.key) ? pair.key.value : pair.key)] = decode(pair.value as YamlNode, type.value);
        return out;
      }
      case 'struct': {
        if (!isMap(node)) return fail(node, type);
        const fields = type.fields();
        const out: Record<string, unknown> = {};
        for (const pair of node.items) {
          const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
          const field = fields[key];
          if (!field) {
            errors.push(`line ${lineOf(pair.key as YamlNode)}: field ${key} not found in type ${type.name}`);
            continue;
          }
          out[key] = decode(pair.value as YamlNode, field);
        }
        return out;
      }
    }
  };

  const value = decode(doc.contents as YamlNode | null, root);
  if (errors.length > 0) throw new StrictDecodeError(errors);
  return value ?? {};
}
