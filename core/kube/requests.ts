// Reading and deleting objects of a known resource over the shared keep-alive transport: get
// (undefined when it does not exist), list, delete with a resourceVersion precondition. Failures
// become one AppError naming the object (K8S_API, CONFLICT for a failed precondition). Writes
// live beside server-side apply in apply.ts.
import { AppError } from '../contract';
import type { KubeClients } from './client';
import { collectionPath, type ResourceInfo } from './discovery';
import { kubeError, KubeStatusError } from './errors';
import type { KubeObject } from './objects';

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  signal?: AbortSignal;
}

/** /api/v1/namespaces/ns/services/name: one object's path. */
export function objectPath(resource: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${collectionPath(resource, namespace)}/${encodeURIComponent(name)}`;
}

/** "VirtualService bookinfo/reviews" */
function named(resource: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${resource.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** The object, or undefined when there is none by that name. */
export async function getObject<T extends KubeObject>(clients: KubeClients, resource: ResourceInfo, namespace: string | undefined, name: string, signal?: AbortSignal): Promise<T | undefined> {
  try {
    return (await clients.http.request<T>('GET', objectPath(resource, namespace, name), signal ? { signal } : {})).body;
  } catch (error) {
    if (error instanceof KubeStatusError && error.statusCode === 404) return undefined;
    throw kubeError(error, `Reading ${named(resource, namespace, name)}`, clients.server);
  }
}

/** Every object of a collection (of a namespace when the resource is namespaced and one is given). */
export async function listObjects<T extends KubeObject>(clients: KubeClients, resource: ResourceInfo, namespace: string | undefined, query: ListQuery = {}): Promise<T[]> {
  const { signal, ...selectors } = query;
  try {
    return (await clients.http.request<{ items?: T[] }>('GET', collectionPath(resource, namespace), { query: { ...selectors }, ...(signal ? { signal } : {}) })).body.items ?? [];
  } catch (error) {
    throw kubeError(error, `Reading ${resource.resource}${namespace ? ` of ${namespace}` : ''}`, clients.server);
  }
}

/**
 * Deletes the object if it is still at `resourceVersion` (CONFLICT when it changed since);
 * resolves false when it was already gone.
 */
export async function deleteObject(clients: KubeClients, resource: ResourceInfo, namespace: string | undefined, name: string, resourceVersion: string): Promise<boolean> {
  try {
    await clients.http.request('DELETE', objectPath(resource, namespace, name), { body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion } }) });
    return true;
  } catch (error) {
    if (error instanceof KubeStatusError && error.statusCode === 404) return false;
    if (error instanceof KubeStatusError && error.statusCode === 409) throw changedMeanwhile(resource, namespace, name);
    throw kubeError(error, `Deleting ${named(resource, namespace, name)}`, clients.server);
  }
}

/** A write refused because the object is no longer the version the caller saw. */
export function changedMeanwhile(resource: ResourceInfo, namespace: string | undefined, name: string): AppError {
  return new AppError('CONFLICT', `${named(resource, namespace, name)} was changed in the cluster by someone else since MeshDeck last read it. Nothing was overwritten.`, {
    kind: resource.kind,
    name,
    namespace: namespace ?? '',
  });
}
