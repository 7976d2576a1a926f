// kind: pods-ready and kind: sidecar — pods matching a selector are Ready (at least `count`), or
// each has Istio's proxy (a classic istio-proxy container or a native sidecar initContainer).
import type { WorkshopCheckResultInfo } from '../../contract/workshop';
import { hasSidecar, isPodReady, listObjects, POD, type PodObject } from '../../kube';
import type { CheckOf } from '../pack-types';
import { result, type CheckContext } from './check-context';

async function podsOf(ctx: CheckContext, namespace: string, selector: string): Promise<PodObject[]> {
  const pods = await listObjects<PodObject>(ctx.clients, POD, namespace, { labelSelector: selector, signal: ctx.signal });
  return pods.filter((pod) => pod.metadata?.deletionTimestamp === undefined);
}

export function describePodsReady(check: CheckOf<'pods-ready'>, namespace: string): string {
  return `${check.count ?? 'every'} pod${check.count === 1 ? '' : 's'} ${check.selector} in ${check.namespace ?? namespace} ready`;
}

export async function runPodsReadyCheck(check: CheckOf<'pods-ready'>, ctx: CheckContext): Promise<WorkshopCheckResultInfo> {
  const namespace = check.namespace ?? ctx.namespace;
  const pods = await podsOf(ctx, namespace, check.selector);
  const ready = pods.filter(isPodReady).length;
  const passed = check.count === undefined ? pods.length > 0 && ready === pods.length : ready >= check.count;
  return result(check, describePodsReady(check, ctx.namespace), passed, check.count === undefined ? 'all ready (at least one)' : `at least ${check.count} ready`, `${ready} of ${pods.length} ready`);
}

export function describeSidecar(check: CheckOf<'sidecar'>, namespace: string): string {
  return `pods ${check.selector} in ${check.namespace ?? namespace} have the istio-proxy sidecar`;
}

export async function runSidecarCheck(check: CheckOf<'sidecar'>, ctx: CheckContext): Promise<WorkshopCheckResultInfo> {
  const namespace = check.namespace ?? ctx.namespace;
  const pods = await podsOf(ctx, namespace, check.selector);
  const without = pods.filter((pod) => !hasSidecar(pod)).map((pod) => pod.metadata?.name ?? '?');
  const found = pods.length === 0 ? 'no pods' : without.length ? `without sidecar: ${without.join(', ')}` : `${pods.length} of ${pods.length} with sidecar`;
  return result(check, describeSidecar(check, ctx.namespace), pods.length > 0 && without.length === 0, 'every pod with istio-proxy', found);
}
