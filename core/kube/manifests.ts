// Multi-document YAML → Kubernetes objects: empty documents skipped, `List` kinds expanded, each
// object checked for apiVersion/kind/name. Pure: it reads no files and asks no server (the
// namespace default needs discovery, so apply fills it in).
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { AppError } from '../contract';
import type { KubeObject } from './objects';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expand(value: unknown, where: string, out: KubeObject[]): void {
  if (!isObject(value)) return;
  if (typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(value['items'])) {
    for (const item of value['items']) expand(item, where, out);
    return;
  }
  const obj = value as KubeObject;
  if (!obj.apiVersion || !obj.kind) throw new AppError('INVALID_ARGUMENT', `${where}: a document has no apiVersion or kind.`, { source: where });
  if (!obj.metadata?.name) throw new AppError('INVALID_ARGUMENT', `${where}: ${obj.kind} has no metadata.name (server-side apply needs a name).`, { source: where });
  out.push(obj);
}

/** Parses every document of a YAML (or JSON) text; `source` names it in errors. */
export function parseManifests(text: string, source = 'manifest'): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new AppError('INVALID_ARGUMENT', `${source}${line ? ` line ${line}` : ''}: ${error.message.split('\n')[0] ?? 'YAML error'}`, { source });
    }
    expand(doc.toJS(), source, out);
  }
  return out;
}

/** Reads and parses manifest files in order. */
export async function loadManifests(paths: string[]): Promise<KubeObject[]> {
  const texts = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
  return texts.flatMap((text, i) => parseManifests(text, paths[i]));
}
