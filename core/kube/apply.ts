// Writes: server-side apply of one object (applyObject: optional resourceVersion precondition,
// field manager, force), a replace of one object (replaceObject: PUT at a resourceVersion), and
// of a set of objects, fast and in order (applyObjects: Namespaces and CRDs first, then — after
// the CRDs whose kinds are used are Established, seen through a watch — everything else
// concurrently with a bounded pool over one keep-alive connection pool, discovery read once per
// group/version; created / configured / unchanged per object and progress).
import type { V1CustomResourceDefinition } from '@kubernetes/client-node';
import { AppError } from '../contract';
import type { KubeClients } from './client';
import { collectionPath, type ResourceInfo } from './discovery';
import { kubeError, KubeStatusError } from './errors';
import { describeObject, type KubeObject } from './objects';
import { runPool } from './pool';
import { changedMeanwhile, objectPath } from './requests';
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

export interface ApplyObjectOptions {
  /** Precondition: only this version of the object may be replaced (a changed one is CONFLICT). */
  resourceVersion?: string;
  /** Default "meshdeck". */
  fieldManager?: string;
  /** Take fields other managers own (server-side apply's force). Default true. */
  force?: boolean;
  signal?: AbortSignal;
}

export interface WrittenObject<T extends KubeObject> {
  /** The object as the API server stored it (its new resourceVersion included). */
  object: T;
  action: ApplyAction;
}

/** Which resource serves an object's kind; K8S_API naming the missing CRD when none does. */
async function resourceOf(clients: KubeClients, obj: KubeObject, signal?: AbortSignal): Promise<ResourceInfo> {
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

function sendApply<T extends KubeObject>(clients: KubeClients, path: string, body: KubeObject, fieldManager: string, force: boolean, signal: AbortSignal | undefined): Promise<{ statusCode: number; body: T }> {
  return clients.http.request<T>('PATCH', path, {
    query: { fieldManager, ...(force ? { force: 'true' } : {}) },
    // JSON is YAML, so the apply content type takes it as is.
    body: JSON.stringify(body),
    contentType: 'application/apply-patch+yaml',
    ...(signal ? { signal } : {}),
  });
}

/**
 * Server-side apply of one object that names its namespace (when namespaced). With a
 * resourceVersion, the object must still be at it: CONFLICT when someone changed it since.
 */
export async function applyObject<T extends KubeObject>(clients: KubeClients, obj: T, options: ApplyObjectOptions = {}): Promise<WrittenObject<T>> {
  const { resourceVersion, signal } = options;
  const info = await resourceOf(clients, obj, signal);
  const namespace = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  const body = resourceVersion === undefined ? obj : { ...obj, metadata: { ...obj.metadata, resourceVersion } };
  try {
    const answer = await sendApply<T>(clients, objectPath(info, namespace, name), body, options.fieldManager ?? 'meshdeck', options.force ?? true, signal);
    const action: ApplyAction = answer.statusCode === 201 ? 'created' : resourceVersion === answer.body.metadata?.resourceVersion ? 'unchanged' : 'configured';
    return { object: answer.body, action };
  } catch (error) {
    if (resourceVersion !== undefined && error instanceof KubeStatusError && error.statusCode === 409) throw changedMeanwhile(info, namespace, name);
    throw kubeError(error, `Applying ${describeObject(obj)}`, clients.server);
  }
}

/** Replaces one object outright (PUT) if it is still at `resourceVersion`, so none of its old fields linger. */
export async function replaceObject<T extends KubeObject>(clients: KubeClients, obj: T, options: ApplyObjectOptions & { resourceVersion: string }): Promise<WrittenObject<T>> {
  const info = await resourceOf(clients, obj, options.signal);
  const namespace = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  const body = { ...obj, metadata: { ...obj.metadata, resourceVersion: options.resourceVersion } };
  try {
    const answer = await clients.http.request<T>('PUT', objectPath(info, namespace, name), { query: { fieldManager: options.fieldManager ?? 'meshdeck' }, body: JSON.stringify(body), ...(options.signal ? { signal: options.signal } : {}) });
    return { object: answer.body, action: 'configured' };
  } catch (error) {
    if (error instanceof KubeStatusError && error.statusCode === 409) throw changedMeanwhile(info, namespace, name);
    throw kubeError(error, `Replacing ${describeObject(obj)}`, clients.server);
  }
}

function isFirst(obj: KubeObject): boolean {
  return (obj.kind === 'Namespace' && obj.apiVersion === 'v1') || (obj.kind === 'CustomResourceDefinition' && obj.apiVersion?.startsWith('apiextensions.k8s.io/') === true);
}

function isCrd(obj: KubeObject): obj is V1CustomResourceDefinition & KubeObject {
  return obj.kind === 'CustomResourceDefinition';
}

/** CRDs whose kinds `later` uses must be Established before those objects go in; discovery then learns their versions. */
async function settleCrds(clients: KubeClients, crds: (V1CustomResourceDefinition & KubeObject)[], later: KubeObject[], options: ApplyOptions): Promise<void> {
  const needed = crds.filter((crd) => later.some((o) => o.kind === crd.spec?.names?.kind && (o.apiVersion ?? '').startsWith(`${crd.spec?.group ?? ''}/`)));
  if (needed.length > 0) {
    await waitForCrdsEstablished(clients, { names: needed.map((c) => c.metadata?.name ?? ''), stallMs: options.stallMs ?? 60_000, ...(options.signal ? { signal: options.signal } : {}) });
  }
  for (const crd of crds) {
    for (const v of crd.spec?.versions ?? []) clients.discovery.invalidate(`${crd.spec?.group ?? ''}/${v.name}`);
  }
}

/** Server-side apply of many objects, concurrently: namespaces and CRDs first, then the rest once the CRDs they need are Established. */
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

  async function applyOne(index: number): Promise<void> {
    const original = objects[index] as KubeObject;
    let body = original;
    try {
      const info = await resourceOf(clients, original, signal);
      const namespace = info.namespaced ? (original.metadata?.namespace ?? defaultNamespace) : undefined;
      if (namespace !== original.metadata?.namespace) body = { ...original, metadata: { ...original.metadata, namespace } };
      const name = body.metadata?.name ?? '';
      const path = collectionPath(info, namespace);
      const before = (await existingIn(path)).get(name);
      const answer = await sendApply<KubeObject>(clients, `${path}/${encodeURIComponent(name)}`, body, fieldManager, true, signal);
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

  await settleCrds(clients, first.map((i) => objects[i] as KubeObject).filter(isCrd), rest.map((i) => objects[i] as KubeObject), options);
  await runPool(rest, limit, applyOne, signal);
  return results;
}
