// Waits until named Deployments are ready, driven by a watch (list once, then follow events
// from that resourceVersion), like istioctl's readiness wait. On timeout it explains each
// unready Deployment with its pods' waiting reasons (e.g. ImagePullBackOff and its message).
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeAccess } from './kube-access.js';

interface DeploymentLike extends KubernetesObject {
  spec?: { replicas?: number };
  status?: { readyReplicas?: number; updatedReplicas?: number; observedGeneration?: number };
}

export function isDeploymentReady(d: DeploymentLike): boolean {
  const want = d.spec?.replicas ?? 1;
  const status = d.status ?? {};
  return (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && (status.readyReplicas ?? 0) >= want && (status.updatedReplicas ?? 0) >= want;
}

export class NotReadyError extends Error {
  constructor(readonly details: string[]) {
    super('resources not ready');
  }
}

async function explain(kube: KubeAccess, namespace: string, names: string[]): Promise<string[]> {
  const pods = (await kube.list('v1', 'Pod', namespace)) as Array<KubernetesObject & { status?: { containerStatuses?: Array<{ state?: { waiting?: { reason?: string; message?: string } } }> } }>;
  return names.map((name) => {
    const reasons = pods
      .filter((p) => (p.metadata?.name ?? '').startsWith(`${name}-`))
      .flatMap((p) => p.status?.containerStatuses ?? [])
      .map((s) => s.state?.waiting)
      .filter((w): w is { reason?: string; message?: string } => !!w?.reason)
      .map((w) => `${w.reason}: ${w.message ?? ''}`);
    // WaitForResources prints "  <id> (<debug>)", or only the indent when it has no debug info.
    return reasons.length > 0 ? `  Deployment/${namespace}/${name} (container failed to start: ${reasons[0]})` : '  ';
  });
}

export async function waitForDeployments(kube: KubeAccess, namespace: string, names: string[], timeoutMs: number): Promise<void> {
  if (names.length === 0) return;
  const pending = new Set(names);
  const note = (d: DeploymentLike): void => {
    const name = d.metadata?.name ?? '';
    if (pending.has(name) && isDeploymentReady(d)) pending.delete(name);
  };
  const path = `/apis/apps/v1/namespaces/${namespace}/deployments`;
  const list = await kube.objects.list<DeploymentLike>('apps/v1', 'Deployment', namespace);
  list.items.forEach(note);
  if (pending.size === 0) return;
  let controller: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new NotReadyError([])), timeoutMs);
      const follow = (resourceVersion: string): void => {
        void kube
          .watch(path, resourceVersion, (type, object) => {
            if (type === 'BOOKMARK') return;
            note(object as DeploymentLike);
            if (pending.size === 0) resolve();
          }, (error) => {
            // A watch that ends (server timeout, 410) is resumed from a fresh list, like a reflector.
            if (pending.size === 0) return;
            if (error && (error as { name?: string }).name === 'AbortError') return;
            void kube.objects.list<DeploymentLike>('apps/v1', 'Deployment', namespace).then((again) => {
              again.items.forEach(note);
              if (pending.size === 0) resolve();
              else follow(again.metadata?.resourceVersion ?? '');
            }, reject);
          })
          .then((c) => (controller = c), reject);
      };
      follow(list.metadata?.resourceVersion ?? '');
    });
  } catch (error) {
    if (error instanceof NotReadyError) throw new NotReadyError(await explain(kube, namespace, [...pending]));
    throw error;
  } finally {
    clearTimeout(timer);
    controller?.abort();
  }
}
