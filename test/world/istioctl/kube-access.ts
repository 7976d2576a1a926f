// The stand-in's connection to a cluster, chosen like istioctl chooses it: --kubeconfig (else
// KUBECONFIG / ~/.kube/config) and --context. Offers server-side apply (field manager
// "istio-operator", forced), tolerant deletes, lists, and a watch on Deployments.
import { KubeConfig, KubernetesObjectApi, PatchStrategy, Watch, type KubernetesObject } from '@kubernetes/client-node';

export interface KubeTarget {
  kubeconfig?: string;
  context?: string;
}

export interface KubeAccess {
  config: KubeConfig;
  objects: KubernetesObjectApi;
  apply(object: Record<string, unknown>): Promise<void>;
  remove(object: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): Promise<boolean>;
  list(apiVersion: string, kind: string, namespace?: string, labelSelector?: string): Promise<KubernetesObject[]>;
  watch(path: string, resourceVersion: string, onEvent: (type: string, object: KubernetesObject) => void, onDone: (error: unknown) => void): Promise<AbortController>;
}

export function connect(target: KubeTarget): KubeAccess {
  const config = new KubeConfig();
  if (target.kubeconfig) config.loadFromFile(target.kubeconfig);
  else config.loadFromDefault();
  if (target.context) config.setCurrentContext(target.context);
  if (!config.getCurrentCluster()) throw new Error(`context "${target.context ?? config.getCurrentContext()}" does not exist`);
  const objects = KubernetesObjectApi.makeApiClient(config);
  return {
    config,
    objects,
    async apply(object) {
      await objects.patch(object as KubernetesObject, undefined, undefined, 'istio-operator', true, PatchStrategy.ServerSideApply);
    },
    async remove(object) {
      try {
        await objects.delete(object);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === 404) return false;
        throw error;
      }
    },
    async list(apiVersion, kind, namespace, labelSelector) {
      try {
        const list = await objects.list(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, labelSelector);
        return list.items;
      } catch (error) {
        if ((error as { code?: number }).code === 404) return [];
        throw error;
      }
    },
    watch(path, resourceVersion, onEvent, onDone) {
      return new Watch(config).watch(path, { resourceVersion, allowWatchBookmarks: true }, onEvent, onDone);
    },
  };
}

export function errorText(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      return body;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
