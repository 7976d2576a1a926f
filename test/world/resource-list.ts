// LIST on stored objects as the API server answers it: label and field selectors, limit with
// continue tokens (too old → 410 Gone), remainingItemCount when no selector filters, and exact
// resourceVersion reads of the newest snapshot only.
import { matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { badRequest, gone } from './status.js';
import { objectKey, type KubeObject, type Store } from './store.js';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` })).toString('base64url');
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { rv?: unknown; start?: unknown };
    if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('bad token');
    return { rv: parsed.rv, start: parsed.start.replace(/\u0000$/, '') };
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
  }
}

export function listObjects(store: Store, key: string, namespace: string | undefined, options: ListOptions = {}): ListResult {
  const labels = parseLabelSelector(options.labelSelector);
  const fields = parseFieldSelector(options.fieldSelector, key);
  if (options.resourceVersionMatch === 'Exact' && options.resourceVersion && Number(options.resourceVersion) !== store.resourceVersion) {
    // Only the newest snapshot is kept; older exact reads are what etcd would have compacted.
    throw gone(`too old resource version: ${options.resourceVersion} (${store.resourceVersion})`);
  }
  let start: string | undefined;
  if (options.continue) {
    const token = decodeContinue(options.continue);
    if (token.rv < store.compactedResourceVersion) {
      throw gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    }
    start = token.start;
  }
  const all = store.list(key, namespace);
  const items: KubeObject[] = [];
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  let remaining = 0;
  let lastKey = '';
  for (const obj of all) {
    const objKey = objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
    if (start !== undefined && objKey <= start) continue;
    if (labels.length > 0 && !matchesRequirements(labels, obj.metadata.labels)) continue;
    if (fields.length > 0 && !matchesFields(fields, obj)) continue;
    if (items.length < limit) {
      items.push(obj);
      lastKey = objKey;
    } else remaining++;
  }
  const result: ListResult = { items, resourceVersion: String(store.resourceVersion) };
  if (remaining > 0) {
    result.continue = encodeContinue(store.resourceVersion, lastKey);
    // The real server only knows the count when no selector filters the list.
    if (labels.length === 0 && fields.length === 0) result.remainingItemCount = remaining;
  }
  return result;
}
