// The ReplicaSet controller: keeps the number of live pods a ReplicaSet owns equal to its
// replicas (creating from the template, deleting not-ready and newest first) and reports
// replicas/readyReplicas/availableReplicas. Pod lifecycle itself is the kubelet's job.
import { clone, deepEqual } from '../json.js';
import { randomSuffix } from '../resource-api.js';
import type { KubeObject } from '../store.js';
import { controllerRef, keyOf, ownerRefTo, splitKey, type ControllerContext } from './context.js';
import { WorkQueue } from './queue.js';

export function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Live pods of an owner: controlled by its UID and not being deleted. */
export function ownedPods(ctx: ControllerContext, owner: KubeObject): KubeObject[] {
  const out: KubeObject[] = [];
  for (const ref of ctx.store.dependentsOf(owner.metadata.uid ?? '')) {
    if (ref.typeKey !== '/pods') continue;
    const pod = ctx.store.get('/pods', ref.namespace, ref.name);
    if (pod && !pod.metadata.deletionTimestamp && controllerRef(pod)?.uid === owner.metadata.uid) out.push(pod);
  }
  return out;
}

/** A pod from a workload template, owned by `owner`. */
export function podFromTemplate(owner: KubeObject, name: string | undefined, extraLabels: Record<string, string> = {}): KubeObject {
  const template = clone((owner['spec'] as { template?: { metadata?: KubeObject['metadata']; spec?: unknown } }).template ?? {});
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(name ? { name } : { generateName: `${owner.metadata.name ?? ''}-` }),
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}), ...extraLabels },
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    spec: template.spec ?? {},
  };
}

export class ReplicaSetController {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('replicaset', (key) => this.reconcile(key), ctx.onError);
    this.unsubscribe = ctx.store.subscribe((event) => {
      if (event.typeKey === 'apps/replicasets') this.queue.add(keyOf(event.object));
      else if (event.typeKey === '/pods') {
        const ref = controllerRef(event.object);
        if (ref?.kind === 'ReplicaSet') this.queue.add(`${event.namespace}/${ref.name}`);
      }
    });
    for (const rs of ctx.store.list('apps/replicasets')) this.queue.add(keyOf(rs));
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const type = this.ctx.type('apps', 'replicasets');
    const rs = this.ctx.api.tryGet(type, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const podType = this.ctx.type('', 'pods');
    const desired = Number((rs['spec'] as { replicas?: number }).replicas ?? 1);
    const pods = ownedPods(this.ctx, rs);
    const source = { component: 'replicaset-controller' };
    if (pods.length < desired) {
      for (let i = pods.length; i < desired; i++) {
        const pod = podFromTemplate(rs, `${name}-${randomSuffix()}`);
        const created = this.ctx.api.create(podType, 'v1', namespace, pod, { fieldManager: 'kube-controller-manager' });
        pods.push(created);
        this.ctx.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name ?? ''}`, source);
      }
    } else if (pods.length > desired) {
      const victims = [...pods]
        .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))
        .slice(0, pods.length - desired);
      for (const pod of victims) {
        this.ctx.api.delete(podType, namespace, pod.metadata.name ?? '');
        this.ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`, source);
      }
      const gone = new Set(victims.map((v) => v.metadata.uid));
      pods.splice(0, pods.length, ...pods.filter((p) => !gone.has(p.metadata.uid)));
    }
    const ready = pods.filter(isPodReady).length;
    const status = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    const current = this.ctx.api.tryGet(type, namespace, name);
    if (!current || deepEqual(current['status'], status)) return;
    this.ctx.api.update(type, 'v1', namespace, name, { ...current, status }, { subresource: 'status', fieldManager: 'kube-controller-manager' });
  }
}
