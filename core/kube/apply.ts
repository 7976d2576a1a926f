// Server-side apply (field manager "meshdeck", force) of a set of objects, fast and in order:
// Namespaces and CRDs first, then — after the CRDs whose kinds are used are Established, seen
// through a watch — everything else concurrently with a bounded pool over one keep-alive
// connection pool, discovery read once per group/version. Reports created / configured /
// unchanged per object (status 201, else resourceVersion before vs after) and progress.
import { AppError } from '../contract';
import type { KubeClients } from './client';
import { collectionPath, type ResourceInfo } from './discovery';
import { kubeError } from './errors';
import { describeObject, type KubeObject } from './objects';
import { runPool } from './pool';
import { waitForCrdsEstablished } from './wait-crds';

export type ApplyAction = 'created' | 'configured' | 'unchanged';

export interface ApplyResult {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  action: ApplyAction;
  resourceVersion: string;
}

export interface ApplyOptions {
  /** Namespace for namespaced objects that name none. Default "default". */
  namespace?: string;
  /** Requests in flight at once. Default 12. */
  concurrency?: number;
  /** Default "meshdeck". */
  fieldManager?: string;
  signal?: AbortSignal;
  /** Stall period while waiting for CRDs to be Established. Default 60 s. */
  stallMs?: number;
  onProgress?: (done: number, total: number, result: ApplyResult) => void;
}

function isFirst(obj: KubeObject): boolean {
  return (obj.kind === 'Namespace' && obj.apiVersion === 'v1') || (obj.kind === 'CustomResourceDefinition' && obj.apiVersion?.startsWith('apiextensions.k8s.io/') === true);
}

interface CrdSpec {
  group?: string;
  names?: { kind?: string };
  versions?: { name: string }[];
}

export async function applyObjects(clients: KubeClients, objects: KubeObject[], options: ApplyOptions = {}): Promise<ApplyResult[]> {
  const fieldManager = options.fieldManager ?? 'meshdeck';
  const defaultNamespace = options.namespace ?? 'default';
  const limit = options.concurrency ?? 12;
  const signal = options.signal;
  const total = objects.length;
  const results = new Array<ApplyResult>(total);
  let done = 0;
  // name → resourceVersion of what exists, one metadata-only list per collection, shared by its objects.
  const existing = new Map<string, Promise<Map<string, string>>>();

  function existingIn(path: string): Promise<Map<string, string>> {
    let found = existing.get(path);
    if (!found) {
      found = clients.http
        .request<{ items?: KubeObject[] }>('GET', path, { accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1', ...(signal ? { signal } : {}) })
        .then(({ body }) => new Map((body.items ?? []).map((o) => [o.metadata?.name ?? '', o.metadata?.resourceVersion ?? ''])));
      existing.set(path, found);
    }
    return found;
  }

  async function resolve(obj: KubeObject): Promise<ResourceInfo> {
    const info = await clients.discovery.resolve(obj.apiVersion ?? '', obj.kind ?? '', signal);
    if (!info) {
      throw new AppError('K8S_API', `Applying ${describeObject(obj)} failed: the cluster has no kind ${obj.kind ?? ''} in ${obj.apiVersion ?? ''}. Is its CustomResourceDefinition installed?`, {
        kind: obj.kind ?? '',
        apiVersion: obj.apiVersion ?? '',
        name: obj.metadata?.name ?? '',
      });
    }
    return info;
  }

  async function applyOne(index: number): Promise<void> {
    const original = objects[index] as KubeObject;
    let body = original;
    try {
      const info = await resolve(original);
      const namespace = info.namespaced ? (original.metadata?.namespace ?? defaultNamespace) : undefined;
      if (namespace !== original.metadata?.namespace) body = { ...original, metadata: { ...original.metadata, namespace } };
      const name = body.metadata?.name ?? '';
      const path = collectionPath(info, namespace);
      const before = (await existingIn(path)).get(name);
      const answer = await clients.http.request<KubeObject>('PATCH', `${path}/${encodeURIComponent(name)}`, {
        query: { fieldManager, force: 'true' },
        // JSON is YAML, so the apply content type takes it as is.
        body: JSON.stringify(body),
        contentType: 'application/apply-patch+yaml',
        ...(signal ? { signal } : {}),
      });
      const resourceVersion = answer.body.metadata?.resourceVersion ?? '';
      const action: ApplyAction = answer.statusCode === 201 || before === undefined ? 'created' : before === resourceVersion ? 'unchanged' : 'configured';
      const result: ApplyResult = { apiVersion: original.apiVersion ?? '', kind: original.kind ?? '', name, ...(namespace ? { namespace } : {}), action, resourceVersion };
      results[index] = result;
      done++;
      options.onProgress?.(done, total, result);
    } catch (err) {
      if (signal?.aborted) throw new AppError('CANCELLED', `Apply cancelled after ${done} of ${total} objects.`, { applied: done, total });
      const error = kubeError(err, `Applying ${describeObject(body)}`, clients.server);
      throw new AppError(error.code, error.message, { ...(error.details ?? {}), kind: body.kind ?? '', namespace: body.metadata?.namespace ?? '', name: body.metadata?.name ?? '' });
    }
  }

  const indexes = objects.map((_, i) => i);
  const first = indexes.filter((i) => isFirst(objects[i] as KubeObject));
  const rest = indexes.filter((i) => !isFirst(objects[i] as KubeObject));
  await runPool(first, limit, applyOne, signal);

  // CRDs whose kinds the rest uses must be Established before those objects can be applied.
  const crds = first.map((i) => objects[i] as KubeObject).filter((o) => o.kind === 'CustomResourceDefinition');
  const needed = crds.filter((crd) => {
    const spec = (crd['spec'] ?? {}) as CrdSpec;
    return rest.some((i) => {
      const o = objects[i] as KubeObject;
      return o.kind === spec.names?.kind && (o.apiVersion ?? '').startsWith(`${spec.group ?? ''}/`);
    });
  });
  if (needed.length > 0) {
    await waitForCrdsEstablished(clients, { names: needed.map((c) => c.metadata?.name ?? ''), stallMs: options.stallMs ?? 60_000, ...(signal ? { signal } : {}) });
  }
  for (const crd of crds) {
    const spec = (crd['spec'] ?? {}) as CrdSpec;
    for (const v of spec.versions ?? []) clients.discovery.invalidate(`${spec.group ?? ''}/${v.name}`);
  }
  await runPool(rest, limit, applyOne, signal);
  return results;
}
