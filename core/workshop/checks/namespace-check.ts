// kind: namespace-label and kind: ambient — a namespace carries a label (with a value), or is
// enrolled in ambient (istio.io/dataplane-mode=ambient and no pod of it carrying a sidecar).
import type { WorkshopCheckResultInfo } from '../../contract/workshop';
import { getObject, hasSidecar, listObjects, NAMESPACE, POD, type NamespaceObject, type PodObject } from '../../kube';
import type { CheckOf } from '../pack-types';
import { result, type CheckContext } from './check-context';

async function labelsOf(ctx: CheckContext, namespace: string): Promise<Record<string, string> | undefined> {
  const object = await getObject<NamespaceObject>(ctx.clients, NAMESPACE, undefined, namespace, ctx.signal);
  return object ? (object.metadata?.labels ?? {}) : undefined;
}

export function describeNamespaceLabel(check: CheckOf<'namespace-label'>, namespace: string): string {
  return `namespace ${check.namespace ?? namespace} has label ${check.label}${check.value !== undefined ? `=${check.value}` : ''}`;
}

export async function runNamespaceLabelCheck(check: CheckOf<'namespace-label'>, ctx: CheckContext): Promise<WorkshopCheckResultInfo> {
  const namespace = check.namespace ?? ctx.namespace;
  const labels = await labelsOf(ctx, namespace);
  const value = labels?.[check.label];
  const passed = value !== undefined && (check.value === undefined || value === check.value);
  const found = labels === undefined ? `no namespace ${namespace}` : value === undefined ? `no label ${check.label}` : `${check.label}=${value}`;
  return result(check, describeNamespaceLabel(check, ctx.namespace), passed, check.value === undefined ? `${check.label} set` : `${check.label}=${check.value}`, found);
}

export function describeAmbient(check: CheckOf<'ambient'>, namespace: string): string {
  return `namespace ${check.namespace ?? namespace} is in ambient mode`;
}

export async function runAmbientCheck(check: CheckOf<'ambient'>, ctx: CheckContext): Promise<WorkshopCheckResultInfo> {
  const namespace = check.namespace ?? ctx.namespace;
  const labels = await labelsOf(ctx, namespace);
  const mode = labels?.['istio.io/dataplane-mode'];
  const pods = mode === 'ambient' ? await listObjects<PodObject>(ctx.clients, POD, namespace, { signal: ctx.signal }) : [];
  const withSidecar = pods.filter((pod) => pod.metadata?.deletionTimestamp === undefined && hasSidecar(pod)).map((pod) => pod.metadata?.name ?? '?');
  const found = labels === undefined ? `no namespace ${namespace}` : mode !== 'ambient' ? `istio.io/dataplane-mode=${mode ?? '(unset)'}` : withSidecar.length ? `pods still with sidecars: ${withSidecar.join(', ')}` : 'ambient, no sidecars';
  return result(check, describeAmbient(check, ctx.namespace), mode === 'ambient' && withSidecar.length === 0, 'istio.io/dataplane-mode=ambient, pods without sidecars', found);
}
