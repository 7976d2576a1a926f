// Request and answer encoding for the world's HTTP API: Accept negotiation (JSON, Table,
// PartialObjectMetadata), body reading with the API server's size limit, object and patch
// content types, query numbers and the field manager a write is recorded under.
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { isObject } from './json.js';
import { decodeProtobufObject, protobufAvailable, protobufMediaType } from './protobuf/envelope.js';
import type { PatchType } from './resource-api.js';
import type { ResourceType } from './resources.js';
import { ApiError, badRequest, notAcceptable, unsupportedMediaType } from './status.js';
import type { KubeObject } from './store.js';

export type Output = 'json' | 'table' | 'metadata';

export interface Route {
  group: string;
  version: string;
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  watch: boolean;
}

const maxBody = 16 * 1024 * 1024;
const jsonCache = new WeakMap<object, string>();

export function encode(obj: object): string {
  let text = jsonCache.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    jsonCache.set(obj, text);
  }
  return text;
}

export function negotiate(accept: string | undefined): { output: Output; includeObject?: boolean } {
  if (!accept) return { output: 'json' };
  let anyJson = false;
  for (const raw of accept.split(',')) {
    const [mediaType = '', ...params] = raw.split(';').map((p) => p.trim());
    const p = new Map(params.map((x) => x.split('=').map((s) => s.trim()) as [string, string]));
    if (mediaType !== 'application/json' && mediaType !== '*/*' && mediaType !== 'application/*') continue;
    const as = p.get('as');
    if (as === 'Table' && p.get('g') === 'meta.k8s.io' && (p.get('v') === 'v1' || p.get('v') === 'v1beta1')) return { output: 'table' };
    if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && p.get('g') === 'meta.k8s.io') return { output: 'metadata' };
    if (!as) anyJson = true;
  }
  if (!anyJson && !/application\/(yaml|vnd\.kubernetes\.protobuf)/.test(accept)) return { output: 'json' };
  if (!anyJson) throw notAcceptable('only the following media types are accepted: application/json, application/yaml');
  return { output: 'json' };
}

/** True when the Accept header's first usable type is plain protobuf and the .proto files are here. */
export function wantsProtobuf(accept: string | undefined): boolean {
  for (const raw of (accept ?? '').split(',')) {
    const [mediaType = '', ...params] = raw.split(';').map((p) => p.trim());
    if (mediaType === protobufMediaType) return params.length === 0 && protobufAvailable();
    if (/^(application\/(json|yaml|\*)|\*\/\*)$/.test(mediaType)) return false;
  }
  return false;
}

export function queryNumber(q: URLSearchParams, key: string): number | undefined {
  const v = q.get(key);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw badRequest(`invalid ${key}: ${v}`);
  return n;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString('utf8');
}

export async function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBody) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 16MiB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function parseObject(bytes: Buffer, contentType: string): KubeObject {
  // Typed clients (`kubectl create namespace`, `kubectl auth whoami`) send protobuf.
  if (contentType.split(';')[0]?.trim() === protobufMediaType) return decodeProtobufObject(bytes, contentType);
  if (contentType.includes('protobuf')) throw unsupportedMediaType(contentType, ['application/json', 'application/yaml', protobufMediaType]);
  const body = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = contentType.includes('yaml') ? parseYaml(body) : JSON.parse(body);
  } catch (error) {
    throw badRequest(`the object provided is unrecognized (must be of type JSON): ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw badRequest('the object provided is not a valid JSON object');
  if (!isObject(parsed['metadata'])) parsed['metadata'] = {};
  return parsed as KubeObject;
}

export function patchTypeOf(contentType: string): PatchType {
  const base = contentType.split(';')[0]?.trim() ?? '';
  switch (base) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      throw unsupportedMediaType(contentType);
  }
}

/** The field manager for a non-apply write: the query parameter, else the User-Agent's program name. */
export function fieldManagerOf(q: URLSearchParams, req: IncomingMessage): string {
  const explicit = q.get('fieldManager');
  if (explicit) return explicit;
  const agent = req.headers['user-agent'] ?? 'unknown';
  return agent.split('/')[0] || 'unknown';
}
