// Which resource (plural path) serves a kind and whether it is namespaced, read from the API
// server's discovery documents once per group/version and cached per client. A miss re-reads
// that group/version once (a CRD may have just been added); invalidate() drops entries after a
// CRD is applied. It must not be asked per object without its cache: apply calls it per object.
import { KubeStatusError } from './errors';
import type { KubeHttp } from './transport';

export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  /** Plural resource name as used in paths, e.g. "deployments". */
  resource: string;
  namespaced: boolean;
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

export function apiVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** Collection path of a resource, optionally in a namespace. */
export function collectionPath(info: ResourceInfo, namespace?: string): string {
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${apiVersionPath(info.apiVersion)}${ns}/${info.resource}`;
}

export class Discovery {
  private readonly http: KubeHttp;
  private readonly cache = new Map<string, Promise<Map<string, ResourceInfo>>>();

  constructor(http: KubeHttp) {
    this.http = http;
  }

  private fetch(apiVersion: string, signal?: AbortSignal): Promise<Map<string, ResourceInfo>> {
    const pending = this.http
      .request<ApiResourceList>('GET', apiVersionPath(apiVersion), signal ? { signal } : {})
      .then(({ body }) => {
        const kinds = new Map<string, ResourceInfo>();
        // Subresources ("deployments/scale") share the kind; only the top-level one is wanted.
        for (const r of body.resources ?? []) if (!r.name.includes('/')) kinds.set(r.kind, { apiVersion, kind: r.kind, resource: r.name, namespaced: r.namespaced });
        return kinds;
      })
      .catch((err: unknown) => {
        if (err instanceof KubeStatusError && err.statusCode === 404) return new Map<string, ResourceInfo>();
        throw err;
      });
    this.cache.set(apiVersion, pending);
    pending.catch(() => {
      if (this.cache.get(apiVersion) === pending) this.cache.delete(apiVersion);
    });
    return pending;
  }

  /** The resource for a kind, or undefined when the server has no such kind. */
  async resolve(apiVersion: string, kind: string, signal?: AbortSignal): Promise<ResourceInfo | undefined> {
    const cached = this.cache.get(apiVersion);
    const kinds = await (cached ?? this.fetch(apiVersion, signal));
    const found = kinds.get(kind);
    if (found || !cached) return found;
    // Cached and missing: re-read once, shared with other callers that missed on the same entry.
    const again = this.cache.get(apiVersion) === cached ? this.fetch(apiVersion, signal) : this.cache.get(apiVersion);
    return (await (again ?? this.fetch(apiVersion, signal))).get(kind);
  }

  /** Forgets one group/version (or everything), e.g. after its CRD was applied. */
  invalidate(apiVersion?: string): void {
    if (apiVersion === undefined) this.cache.clear();
    else this.cache.delete(apiVersion);
  }
}
