// Discovery documents: /version, the legacy /api and /apis tree (APIVersions, APIGroupList,
// APIGroup, APIResourceList) and aggregated discovery (apidiscovery.k8s.io/v2), all computed
// from the resource registry so that CRDs appear and disappear with their definitions.
import { apiVersionOf, compareKubeVersions, type ResourceRegistry, type ResourceType } from './resources.js';

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export function versionInfo(gitVersion: string): VersionInfo {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m?.[1] ?? '1',
    minor: m?.[2] ?? '32',
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-02-12T00:00:00Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

interface SubresourceInfo {
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

function subresourceInfo(type: ResourceType, sub: string): SubresourceInfo {
  switch (sub) {
    case 'scale':
      return { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };
    case 'log':
      return { kind: 'Pod', verbs: ['get'] };
    case 'finalize':
      return { kind: type.kind, verbs: ['update'] };
    default:
      return { kind: type.kind, verbs: ['get', 'patch', 'update'] };
  }
}

export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupVersionEntry(group: string, version: string): { groupVersion: string; version: string } {
  return { groupVersion: apiVersionOf(group, version), version };
}

export function apiGroupList(registry: ResourceRegistry): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry.groups().map((g) => ({
      name: g.name,
      versions: g.versions.map((v) => groupVersionEntry(g.name, v)),
      preferredVersion: groupVersionEntry(g.name, g.preferredVersion),
    })),
  };
}

export function apiGroup(registry: ResourceRegistry, name: string): unknown | undefined {
  const g = registry.groups().find((x) => x.name === name);
  if (!g) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: g.name,
    versions: g.versions.map((v) => groupVersionEntry(g.name, v)),
    preferredVersion: groupVersionEntry(g.name, g.preferredVersion),
  };
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string): unknown | undefined {
  const types = registry.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  const resources: unknown[] = [];
  for (const t of [...types].sort((a, b) => a.resource.localeCompare(b.resource))) {
    resources.push({
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
      ...(t.categories.length > 0 ? { categories: t.categories } : {}),
    });
    for (const sub of t.subresources) {
      const info = subresourceInfo(t, sub);
      resources.push({
        name: `${t.resource}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(info.group !== undefined ? { group: info.group, version: info.version } : {}),
        kind: info.kind,
        verbs: info.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources };
}

/** The media type kubectl asks for first; answering in it saves one request per group version. */
export const aggregatedDiscoveryType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function discoveryResource(t: ResourceType, version: string): unknown {
  return {
    resource: t.resource,
    responseKind: { group: t.group, version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
    ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length > 0 ? { categories: t.categories } : {}),
    ...(t.subresources.length > 0
      ? {
          subresources: t.subresources.map((sub) => {
            const info = subresourceInfo(t, sub);
            return { subresource: sub, responseKind: { group: info.group ?? t.group, version: info.version ?? version, kind: info.kind }, verbs: info.verbs };
          }),
        }
      : {}),
  };
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList for /api (legacy: true) or /apis. */
export function aggregatedDiscovery(registry: ResourceRegistry, legacy: boolean): unknown {
  const groups = legacy ? [{ name: '', versions: ['v1'], preferredVersion: 'v1' }] : registry.groups();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => {
      const versions = [g.preferredVersion, ...g.versions.filter((v) => v !== g.preferredVersion).sort(compareKubeVersions)];
      return {
        metadata: { name: g.name, creationTimestamp: null },
        versions: versions.map((version) => ({
          version,
          resources: registry
            .inGroupVersion(g.name, version)
            .sort((a, b) => a.resource.localeCompare(b.resource))
            .map((t) => discoveryResource(t, version)),
          freshness: 'Current',
        })),
      };
    }),
  };
}
