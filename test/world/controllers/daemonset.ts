// The DaemonSet controller for a one-node world: one pod per DaemonSet on that node, replaced
// when the template changes, and the desired/current/ready/available counts in status.
import { deepEqual } from '../json.js';
import { randomSuffix } from '../resource-api.js';
import { controllerRef, keyOf, splitKey, templateHash, type ControllerContext } from './context.js';
import { WorkQueue } from './queue.js';
import { isPodReady, ownedPods, podFromTemplate } from './replicaset.js';

type Obj = Record<string, unknown>;

export class DaemonSetController {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('daemonset', (key) => this.reconcile(key), ctx.onError);
    this.unsubscribe = ctx.store.subscribe((event) => {
      if (event.typeKey === 'apps/daemonsets') this.queue.add(keyOf(event.object));
      else if (event.typeKey === '/pods') {
        const ref = controllerRef(event.object);
        if (ref?.kind === 'DaemonSet') this.queue.add(`${event.namespace}/${ref.name}`);
      }
    });
    for (const d of ctx.store.list('apps/daemonsets')) this.queue.add(keyOf(d));
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const type = this.ctx.type('apps', 'daemonsets');
    const ds = this.ctx.api.tryGet(type, namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const spec = ds['spec'] as Obj;
    const revision = templateHash(spec['template']);
    const podType = this.ctx.type('', 'pods');
    const pods = ownedPods(this.ctx, ds);
    const outdated = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] !== revision);
    for (const p of outdated) this.ctx.api.delete(podType, namespace, p.metadata.name ?? '');
    if (pods.length - outdated.length === 0) {
      const pod = podFromTemplate(ds, `${name}-${randomSuffix()}`, { 'controller-revision-hash': revision, 'pod-template-generation': String(ds.metadata.generation ?? 1) });
      (pod['spec'] as Obj)['nodeName'] = this.ctx.settings.nodeName;
      const created = this.ctx.api.create(podType, 'v1', namespace, pod, { fieldManager: 'kube-controller-manager' });
      this.ctx.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name ?? ''}`, { component: 'daemonset-controller' });
    }
    const live = ownedPods(this.ctx, ds).filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision);
    const ready = live.filter(isPodReady).length;
    const status = {
      currentNumberScheduled: live.length,
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
      numberReady: ready,
      numberAvailable: ready,
      ...(ready < 1 ? { numberUnavailable: 1 - ready } : {}),
      updatedNumberScheduled: live.length,
      observedGeneration: ds.metadata.generation ?? 1,
    };
    const current = this.ctx.api.tryGet(type, namespace, name);
    if (!current || deepEqual(current['status'], status)) return;
    this.ctx.api.update(type, 'v1', namespace, name, { ...current, status }, { subresource: 'status', fieldManager: 'kube-controller-manager' });
  }
}
