// Waits until named CustomResourceDefinitions are Established (their kinds are served), by
// watching CRDs. A stall says which CRD is not and what its conditions say (e.g. NamesAccepted
// False because another CRD took the name).
import type { KubeClients } from './client';
import type { KubeObject } from './objects';
import { waitOnWatches, type WatchWaitHooks, type WatchWaitOptions } from './watch-wait';

interface CrdObject extends KubeObject {
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export interface WaitForCrdsOptions extends WatchWaitOptions, WatchWaitHooks {
  names: string[];
}

export function isCrdEstablished(crd: CrdObject): boolean {
  return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
}

export function waitForCrdsEstablished(clients: KubeClients, options: WaitForCrdsOptions): Promise<void> {
  const wanted = [...new Set(options.names)];
  if (wanted.length === 0) return Promise.resolve();
  const byName = (objects: KubeObject[]): Map<string, CrdObject> => new Map(objects.map((o) => [o.metadata?.name ?? '', o as CrdObject]));
  return waitOnWatches(
    clients,
    [{ path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions' }],
    ([crds = []]) => {
      const map = byName(crds);
      const ready = wanted.filter((n) => {
        const crd = map.get(n);
        return crd !== undefined && isCrdEstablished(crd);
      }).length;
      const signature = wanted.map((n) => `${n}:${JSON.stringify(map.get(n)?.status?.conditions ?? null)}`).join('\n');
      return { done: ready === wanted.length, ready, total: wanted.length, signature };
    },
    ([crds = []], trouble) => {
      const map = byName(crds);
      const pending = wanted.filter((n) => !isCrdEstablished(map.get(n) ?? {}));
      const why = pending
        .slice(0, 3)
        .map((n) => {
          const crd = map.get(n);
          if (!crd) return `${n} does not exist`;
          const bad = crd.status?.conditions?.find((c) => c.status !== 'True');
          return bad ? `${n}: ${bad.type} is ${bad.status}${bad.reason ? ` (${bad.reason})` : ''}${bad.message ? `: ${bad.message}` : ''}` : `${n} has no Established condition yet`;
        })
        .join('; ');
      return {
        message: `CustomResourceDefinitions were not Established after ${(options.stallMs / 1000).toFixed(1)} s without progress: ${why}.${trouble ? ` ${trouble}` : ' Check the API server (apiextensions) is healthy.'}`,
        details: { crds: pending },
      };
    },
    options,
  );
}
