// The one manifest reader: multi-document YAML (or JSON) files or text → Kubernetes objects in
// file order, empty documents skipped, `List` kinds expanded, each object checked for apiVersion,
// kind and metadata.name. It reads files (a missing one is NOT_FOUND saying which) and never asks
// a server: the namespace default needs discovery, so apply fills it in.
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { AppError } from '../contract';
import type { KubeMetadata, KubeObject } from './objects';

/** An object as a manifest holds it: what the reader checked is there (apiVersion, kind, a name). */
export type ManifestObject = KubeObject & { apiVersion: string; kind: string; metadata: KubeMetadata & { name: string } };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expand(value: unknown, where: string, document: number, out: ManifestObject[]): void {
  if (value === null || value === undefined) return;
  if (!isRecord(value)) throw new AppError('INVALID_ARGUMENT', `Document ${document} of ${where} is not a Kubernetes object (it needs apiVersion, kind and metadata.name).`, { source: where });
  if (typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(value['items'])) {
    for (const item of value['items']) expand(item, where, document, out);
    return;
  }
  if (typeof value['apiVersion'] !== 'string' || typeof value['kind'] !== 'string') throw new AppError('INVALID_ARGUMENT', `${where}: document ${document} has no apiVersion or kind.`, { source: where });
  if (!isManifestObject(value)) throw new AppError('INVALID_ARGUMENT', `${where}: ${value['kind']} in document ${document} has no metadata.name (server-side apply needs a name).`, { source: where });
  out.push(value);
}

function isManifestObject(value: unknown): value is ManifestObject {
  if (!isRecord(value)) return false;
  const metadata = value['metadata'];
  return typeof value['apiVersion'] === 'string' && typeof value['kind'] === 'string' && isRecord(metadata) && typeof metadata['name'] === 'string' && metadata['name'] !== '';
}

/** Parses every document of a YAML (or JSON) text; `source` names it in errors. */
export function parseManifests(text: string, source = 'manifest'): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const [index, doc] of parseAllDocuments(text).entries()) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new AppError('INVALID_ARGUMENT', `${source}${line ? ` line ${line}` : ''} is not valid YAML: ${error.message.split('\n')[0] ?? 'YAML error'}`, { source });
    }
    expand(doc.toJS(), source, index + 1, out);
  }
  return out;
}

/** Reads and parses one manifest file; NOT_FOUND when it is missing (from a downloaded release, say). */
export async function readManifest(path: string): Promise<ManifestObject[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'NOT_FOUND',
      code === 'ENOENT' ? `${path} is missing. If it comes from the Istio release, download the release again (or point MeshDeck at a complete one).` : `Could not read ${path}: ${(error as Error).message}.`,
      { path },
    );
  }
  return parseManifests(text, path);
}

/** Reads and parses manifest files, objects in file order. */
export async function loadManifests(paths: readonly string[]): Promise<ManifestObject[]> {
  return (await Promise.all(paths.map(readManifest))).flat();
}
