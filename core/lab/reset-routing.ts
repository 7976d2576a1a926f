// `meshdeck reset`: puts Bookinfo's routing back to how the plan's gateways step left it,
// without touching the cluster, Istio or the apps. In the Bookinfo namespace only (never
// istio-system, where the monitor gateway lives) it deletes every VirtualService and
// DestinationRule except the starting `bookinfo` VirtualService, then server-side applies
// bookinfo-gateway and that VirtualService from the Istio release so edits to them are undone.
// MeshDeck's security objects and the curl clients it deployed go too.

import { join } from 'node:path';
import { AppError, type RoutingObjectInfo, type RoutingResetInfo } from '../contract';
import { readBookinfo } from '../bookinfo';
import { applyObjects, checkConnection, collectionPath, createKubeClients, describeObject, kubeError, KubeStatusError, type KubeClients, type KubeObject, type ResourceInfo } from '../kube';
import type { IstioRelease } from '../tools';
import { BOOKINFO_NAMESPACE, type LabConfig } from './lab-config';
import { removeCurlClients } from '../traffic/curl-client';
import { removeManagedSecurity } from './reset-security';

/** The routing kinds reset clears, in the order they are deleted (rules that use subsets before the subsets). */
export const RESET_KINDS = ['VirtualService', 'DestinationRule'] as const;
const NETWORKING_GROUP = 'networking.istio.io';

export interface ResetRoutingOptions {
  namespace?: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** Key-order-insensitive JSON equality, for comparing a live spec with the release's. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ak = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const bk = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return ak.length === bk.length && ak.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/**
 * Resets routing in `namespace` to `starting` (the release's bookinfo-gateway objects, already
 * placed in that namespace). Returns what was deleted and how the starting objects were applied.
 */
export async function resetRouting(clients: KubeClients, starting: readonly KubeObject[], options: ResetRoutingOptions = {}): Promise<RoutingResetInfo> {
  const namespace = options.namespace ?? BOOKINFO_NAMESPACE;
  const signal = options.signal;
  const log = options.log ?? (() => undefined);
  const requestOptions = signal ? { signal } : {};
  const apiVersion = starting.find((o) => o.kind === 'VirtualService')?.apiVersion ?? `${NETWORKING_GROUP}/v1`;
  if (!apiVersion.startsWith(`${NETWORKING_GROUP}/`)) throw new AppError('INTERNAL', `The starting VirtualService has apiVersion ${apiVersion}, not ${NETWORKING_GROUP}.`);

  const kinds: ResourceInfo[] = [];
  for (const kind of RESET_KINDS) {
    let info: ResourceInfo | undefined;
    try {
      info = await clients.discovery.resolve(apiVersion, kind, signal);
    } catch (error) {
      throw kubeError(error, `Looking up ${kind} in ${apiVersion}`, clients.server);
    }
    if (!info) {
      throw new AppError('K8S_API', `The cluster on context "${clients.context}" has no ${kind} in ${apiVersion}: Istio is not installed there. Create the lab with \`meshdeck up\` first.`, { kind, apiVersion });
    }
    kinds.push(info);
  }

  // Put the starting objects back first, so the gateway's route to productpage never goes away.
  const keep = new Set(starting.filter((o) => (RESET_KINDS as readonly string[]).includes(o.kind ?? '')).map((o) => `${o.kind ?? ''}/${o.metadata?.name ?? ''}`));
  const applied = await applyObjects(clients, [...starting], { namespace, ...(signal ? { signal } : {}) });
  const restored: RoutingResetInfo['restored'] = applied.map((r) => ({ kind: r.kind, name: r.name, action: r.action }));

  // Server-side apply leaves fields another manager added (kubectl edit): replace such a spec outright.
  for (const [index, object] of starting.entries()) {
    const what = describeObject({ ...object, metadata: { ...object.metadata, namespace } });
    try {
      const info = await clients.discovery.resolve(object.apiVersion ?? '', object.kind ?? '', signal);
      if (!info) continue; // applyObjects above would have failed already
      const path = `${collectionPath(info, namespace)}/${encodeURIComponent(object.metadata?.name ?? '')}`;
      const live = (await clients.http.request<KubeObject>('GET', path, requestOptions)).body;
      if (sameJson(live['spec'], object['spec'])) continue;
      await clients.http.request<KubeObject>('PUT', path, { body: JSON.stringify({ ...live, spec: object['spec'] }), ...requestOptions });
      const entry = restored[index];
      if (entry) entry.action = 'configured';
      log(`Replaced the spec of ${what} with the release's`);
    } catch (error) {
      throw kubeError(error, `Restoring ${what}`, clients.server);
    }
  }

  const removed: RoutingObjectInfo[] = [];
  for (const info of kinds) {
    const path = collectionPath(info, namespace);
    let names: string[];
    try {
      const answer = await clients.http.request<{ items?: KubeObject[] }>('GET', path, { accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1', ...requestOptions });
      names = (answer.body.items ?? []).map((o) => o.metadata?.name ?? '').filter((name) => name !== '' && !keep.has(`${info.kind}/${name}`));
    } catch (error) {
      throw kubeError(error, `Listing ${info.kind}s in namespace ${namespace}`, clients.server);
    }
    for (const name of names.sort()) {
      try {
        await clients.http.request('DELETE', `${path}/${encodeURIComponent(name)}`, requestOptions);
      } catch (error) {
        if (error instanceof KubeStatusError && error.statusCode === 404) continue; // gone already
        throw kubeError(error, `Deleting ${info.kind} ${namespace}/${name}`, clients.server);
      }
      removed.push({ kind: info.kind, name });
      log(`Deleted ${info.kind} ${namespace}/${name}`);
    }
  }
  // MeshDeck's mTLS and authorization go too: a reset lab answers every client again.
  removed.push(...(await removeManagedSecurity(clients, namespace, { ...(signal ? { signal } : {}), log })));
  // And the curl clients MeshDeck deployed for `traffic --from curl`, with the namespaces it made for them.
  removed.push(...(await removeCurlClients(clients, { log })));
  return { namespace, removed, restored };
}

/**
 * The lab's reset on its cluster. The cluster is reached first (CLUSTER_NOT_FOUND / K8S_API when
 * there is no lab), then `release()` gets the Istio release whose Bookinfo files are the start.
 */
export async function resetLabRouting(config: LabConfig, release: () => Promise<IstioRelease>, options: Omit<ResetRoutingOptions, 'namespace'> = {}): Promise<RoutingResetInfo> {
  const clients = createKubeClients({ kubeconfig: config.kubeconfigPath, context: config.context });
  try {
    await checkConnection(clients, options.signal);
    const { gateway } = await readBookinfo(join((await release()).samplesDir, 'bookinfo'), { namespace: BOOKINFO_NAMESPACE });
    return await resetRouting(clients, gateway, { ...options, namespace: BOOKINFO_NAMESPACE });
  } finally {
    clients.close();
  }
}
