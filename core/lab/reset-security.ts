// The security half of a reset: the PeerAuthentications and AuthorizationPolicies MeshDeck wrote
// (its managed-by label) in Bookinfo's namespace and, for mesh-wide mTLS, in istio-system, so a
// reset lab accepts and allows what a fresh one does. Objects someone else wrote stay.

import type { RoutingObjectInfo } from '../contract';
import { AUTHORIZATION_POLICY, kubeError, KubeStatusError, listObjects, objectPath, PEER_AUTHENTICATION, type KubeClients } from '../kube';
import { ISTIO_SYSTEM } from './lab-config';

const MANAGED_BY_SELECTOR = 'app.kubernetes.io/managed-by=meshdeck';

/** Deletes them; each entry names its namespace when it is not `namespace`. A cluster without security.istio.io has none. */
export async function removeManagedSecurity(clients: KubeClients, namespace: string, options: { signal?: AbortSignal; log?: (line: string) => void } = {}): Promise<RoutingObjectInfo[]> {
  const signal = options.signal;
  const removed: RoutingObjectInfo[] = [];
  for (const resource of [PEER_AUTHENTICATION, AUTHORIZATION_POLICY]) {
    const info = await clients.discovery.resolve(resource.apiVersion, resource.kind, signal).catch((error: unknown) => Promise.reject(kubeError(error, `Looking up ${resource.kind}`, clients.server)));
    if (!info) continue;
    for (const where of [...new Set([namespace, ISTIO_SYSTEM])]) {
      const items = await listObjects(clients, info, where, { labelSelector: MANAGED_BY_SELECTOR, ...(signal ? { signal } : {}) });
      for (const name of items.map((item) => item.metadata?.name ?? '').filter((n) => n !== '').sort()) {
        try {
          await clients.http.request('DELETE', objectPath(info, where, name), signal ? { signal } : {});
        } catch (error) {
          if (error instanceof KubeStatusError && error.statusCode === 404) continue;
          throw kubeError(error, `Deleting ${info.kind} ${where}/${name}`, clients.server);
        }
        removed.push({ kind: info.kind, name: where === namespace ? name : `${where}/${name}` });
        options.log?.(`Deleted ${info.kind} ${where}/${name}`);
      }
    }
  }
  return removed;
}
