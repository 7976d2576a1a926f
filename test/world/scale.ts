// The scale subresource (autoscaling/v1 Scale) of deployments, replicasets, statefulsets and
// CRDs that declare one: reading replicas and selector out of the parent, writing replicas back
// through ResourceApi so generation, managedFields and watches behave as for any update.
import { clone, getPath, setPath } from './json.js';
import type { ResourceApi, WriteOptions } from './resource-api.js';
import type { ResourceType } from './resources.js';
import { formatRequirements, requirementsOf, type LabelSelectorObject } from './selectors.js';
import { conflict, staleObjectMessage } from './status.js';
import type { KubeObject } from './store.js';

function paths(type: ResourceType): { spec: string; status: string; selector?: string } {
  if (type.scalePaths) {
    return { spec: type.scalePaths.specReplicasPath, status: type.scalePaths.statusReplicasPath, ...(type.scalePaths.labelSelectorPath ? { selector: type.scalePaths.labelSelectorPath } : {}) };
  }
  return { spec: '.spec.replicas', status: '.status.replicas' };
}

export function scaleOf(type: ResourceType, obj: KubeObject): KubeObject {
  const p = paths(type);
  let selector: string | undefined;
  if (p.selector) selector = getPath(obj, p.selector) as string | undefined;
  else {
    const s = getPath(obj, '.spec.selector') as LabelSelectorObject | undefined;
    selector = s ? formatRequirements(requirementsOf(s)) : undefined;
  }
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: Number(getPath(obj, p.spec) ?? 0) },
    status: { replicas: Number(getPath(obj, p.status) ?? 0), ...(selector && selector !== '<none>' ? { selector } : {}) },
  };
}

export function applyScale(api: ResourceApi, type: ResourceType, version: string, target: KubeObject, scale: KubeObject, options: WriteOptions): KubeObject {
  const rv = scale.metadata.resourceVersion;
  if (rv && rv !== target.metadata.resourceVersion) throw conflict(type.group, type.resource, target.metadata.name ?? '', staleObjectMessage);
  const replicas = Number((scale['spec'] as { replicas?: number } | undefined)?.replicas ?? 0);
  const next = clone(target);
  setPath(next as Record<string, unknown>, paths(type).spec, replicas);
  return api.update(type, version, target.metadata.namespace, target.metadata.name ?? '', next, options);
}
