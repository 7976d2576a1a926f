// The garbage collector: when an owner disappears, dependents whose owners are all gone are
// deleted (background cascade); an owner held by the foregroundDeletion finalizer has its
// dependents deleted first and is released when none remain. Orphaning is done by ResourceApi.
import { clone } from '../json.js';
import { splitApiVersion } from '../resources.js';
import type { KubeObject, OwnerReference } from '../store.js';
import { type ControllerContext } from './context.js';
import { WorkQueue } from './queue.js';

export class GarbageCollector {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('garbage-collector', (key) => this.reconcile(key), ctx.onError);
    this.unsubscribe = ctx.store.subscribe((event) => {
      const uid = event.object.metadata.uid ?? '';
      if (event.type === 'DELETED') this.queue.add(`owner|${uid}`);
      else if (event.object.metadata.finalizers?.includes('foregroundDeletion') && event.object.metadata.deletionTimestamp) {
        this.queue.add(`foreground|${event.typeKey}|${event.object.metadata.namespace ?? ''}|${event.object.metadata.name ?? ''}`);
      }
      // A dependent deleted during foreground deletion may release its owner.
      if (event.type === 'DELETED') {
        for (const ref of event.object.metadata.ownerReferences ?? []) this.queue.add(`release|${ref.uid}|${event.namespace}|${ref.apiVersion}|${ref.kind}|${ref.name}`);
      }
    });
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private ownerExists(ref: OwnerReference, namespace: string | undefined): boolean {
    const { group } = splitApiVersion(ref.apiVersion);
    const type = this.ctx.api.registry.byKind(group, ref.kind);
    if (!type) return false;
    const owner = this.ctx.store.get(this.ctx.api.storageKey(type), type.namespaced ? namespace : undefined, ref.name);
    return owner?.metadata.uid === ref.uid;
  }

  private reconcile(key: string): void {
    const [kind = '', ...rest] = key.split('|');
    if (kind === 'owner') return this.collect(rest[0] ?? '');
    if (kind === 'foreground') return this.foreground(rest[0] ?? '', rest[1] || undefined, rest[2] ?? '');
    if (kind === 'release') {
      const [, namespace = '', apiVersion = '', ownerKind = '', name = ''] = rest;
      const type = this.ctx.api.registry.byKind(splitApiVersion(apiVersion).group, ownerKind);
      if (type) this.foreground(this.ctx.api.storageKey(type), type.namespaced ? namespace : undefined, name);
    }
  }

  private collect(ownerUid: string): void {
    for (const dep of this.ctx.store.dependentsOf(ownerUid)) {
      const obj = this.ctx.store.get(dep.typeKey, dep.namespace, dep.name);
      if (!obj || obj.metadata.deletionTimestamp) continue;
      const alive = (obj.metadata.ownerReferences ?? []).some((r) => this.ownerExists(r, obj.metadata.namespace));
      if (alive) continue;
      this.deleteObject(dep.typeKey, obj, 'Background');
    }
  }

  private deleteObject(typeKey: string, obj: KubeObject, policy: 'Background' | 'Foreground'): void {
    const [group = '', resource = ''] = typeKey.split('/');
    const type = this.ctx.api.registry.get(group, resource);
    if (!type) return;
    try {
      this.ctx.api.delete(type, obj.metadata.namespace, obj.metadata.name ?? '', { propagationPolicy: policy });
    } catch {
      // Gone already.
    }
  }

  private foreground(typeKey: string, namespace: string | undefined, name: string): void {
    const owner = this.ctx.store.get(typeKey, namespace, name);
    if (!owner || !owner.metadata.deletionTimestamp || !owner.metadata.finalizers?.includes('foregroundDeletion')) return;
    const dependents = this.ctx.store.dependentsOf(owner.metadata.uid ?? '');
    let blocking = 0;
    for (const dep of dependents) {
      const obj = this.ctx.store.get(dep.typeKey, dep.namespace, dep.name);
      if (!obj) continue;
      const ref = obj.metadata.ownerReferences?.find((r) => r.uid === owner.metadata.uid);
      if (ref?.blockOwnerDeletion) blocking++;
      if (!obj.metadata.deletionTimestamp) this.deleteObject(dep.typeKey, obj, 'Foreground');
    }
    if (blocking > 0) return;
    const [group = '', resource = ''] = typeKey.split('/');
    const type = this.ctx.api.registry.get(group, resource);
    if (!type) return;
    const next = clone(owner);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== 'foregroundDeletion');
    this.ctx.api.update(type, type.versions[0]?.name ?? 'v1', namespace, name, next, { fieldManager: 'kube-controller-manager' });
  }
}
