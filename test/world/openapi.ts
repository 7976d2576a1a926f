// OpenAPI v3 discovery, trimmed to what kubectl needs for apply/create/replace: the root index
// of group-version documents and, per group-version, every resource path with its verbs, the
// x-kubernetes-group-version-kind extension and the fieldValidation query parameter, so kubectl
// validates server-side. Schemas are not served (kubectl explain is out of scope).
import { apiVersionOf, type ResourceRegistry, type ResourceType } from './resources.js';

const queryParam = (name: string): unknown => ({ name, in: 'query', description: `${name} query parameter`, schema: { type: 'string', uniqueItems: true } });
const writeParams = ['dryRun', 'fieldManager', 'fieldValidation'].map(queryParam);

function pathPrefix(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

function documentKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function operation(type: ResourceType, version: string, action: string, params: unknown[]): unknown {
  return {
    description: `${action} ${type.kind}`,
    operationId: `${action}${type.kind}`,
    parameters: params,
    responses: { '200': { description: 'OK' }, '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: type.group, kind: type.kind, version },
  };
}

export function openApiRoot(registry: ResourceRegistry, hash: string): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const add = (group: string, version: string): void => {
    const key = documentKey(group, version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  };
  add('', 'v1');
  for (const g of registry.groups()) for (const v of g.versions) add(g.name, v);
  return { paths };
}

export function openApiGroupVersion(registry: ResourceRegistry, group: string, version: string): unknown | undefined {
  const types = registry.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const type of types) {
    const base = type.namespaced ? `${pathPrefix(group, version)}/namespaces/{namespace}/${type.resource}` : `${pathPrefix(group, version)}/${type.resource}`;
    paths[base] = {
      get: operation(type, version, 'list', []),
      ...(type.verbs.includes('create') ? { post: operation(type, version, 'post', writeParams) } : {}),
    };
    if (type.verbs.includes('get') || type.verbs.includes('patch')) {
      paths[`${base}/{name}`] = {
        get: operation(type, version, 'get', []),
        put: operation(type, version, 'put', writeParams),
        patch: operation(type, version, 'patch', [...writeParams, queryParam('force')]),
        delete: operation(type, version, 'delete', []),
      };
    }
    for (const sub of type.subresources) {
      if (sub === 'log') continue;
      paths[`${base}/{name}/${sub}`] = { get: operation(type, version, 'get', []), put: operation(type, version, 'put', writeParams), patch: operation(type, version, 'patch', writeParams) };
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths,
    components: { schemas: {} },
    'x-meshdeck-group-version': apiVersionOf(group, version),
  };
}
