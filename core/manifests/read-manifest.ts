// Reads the upstream manifests of the downloaded Istio release (multi-document YAML) into
// loosely typed Kubernetes objects, failing with advice when a file is missing or broken.
// Shared by core/addons and core/bookinfo; it knows nothing about what the objects are.

import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { AppError } from '../contract';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<KubeObject>;
  return typeof candidate.apiVersion === 'string' && typeof candidate.kind === 'string' && typeof candidate.metadata?.name === 'string';
}

/** Every object of a manifest, in file order; empty documents are skipped, anything else is an error. */
export function parseManifest(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const [index, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length > 0) {
      throw new AppError('INVALID_ARGUMENT', `${source} is not valid YAML (document ${index + 1}: ${doc.errors[0]!.message.split('\n')[0]}). Download the Istio release again.`, { path: source });
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (!isKubeObject(value)) {
      throw new AppError('INVALID_ARGUMENT', `Document ${index + 1} of ${source} is not a Kubernetes object (it needs apiVersion, kind and metadata.name).`, { path: source });
    }
    objects.push(value);
  }
  return objects;
}

export async function readManifest(path: string): Promise<KubeObject[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'NOT_FOUND',
      code === 'ENOENT' ? `${path} is missing from the Istio release. Download the release again (or point MeshDeck at a complete one).` : `Could not read ${path}: ${(error as Error).message}.`,
      { path },
    );
  }
  return parseManifest(text, path);
}
