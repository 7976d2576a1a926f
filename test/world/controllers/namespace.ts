// Namespace lifecycle: every new namespace gets its "default" ServiceAccount and the
// kube-root-ca.crt ConfigMap; a namespace being deleted has all its content deleted and is
// then finalized (spec.finalizers emptied), which removes it, as the namespace controller does.
import { clone } from '../json.js';
import type { KubeObject } from '../store.js';
import { type ControllerContext } from './context.js';
import { WorkQueue } from './queue.js';

export class NamespaceController {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('namespace', (key) => this.reconcile(key), ctx.onError);
    this.unsubscribe = ctx.store.subscribe((event) => {
      if (event.typeKey === '/namespaces') this.queue.add(event.object.metadata.name ?? '');
      else if (event.type === 'DELETED' && event.namespace) {
        const ns = ctx.store.get('/namespaces', undefined, event.namespace);
        if (ns?.metadata.deletionTimestamp) this.queue.add(event.namespace);
      }
    });
    for (const ns of ctx.store.list('/namespaces')) this.queue.add(ns.metadata.name ?? '');
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private reconcile(name: string): void {
    const ns = this.ctx.store.get('/namespaces', undefined, name);
    if (!ns) return;
    if (ns.metadata.deletionTimestamp) return this.terminate(ns);
    this.ensure('', 'serviceaccounts', name, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } }, 'kube-controller-manager');
    this.ensure('', 'configmaps', name, 'kube-root-ca.crt', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace: name, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
      data: { 'ca.crt': this.ctx.settings.caPem },
    }, 'kube-controller-manager');
  }

  private ensure(group: string, resource: string, namespace: string, name: string, body: KubeObject, manager: string): void {
    const type = this.ctx.type(group, resource);
    if (this.ctx.api.tryGet(type, namespace, name)) return;
    this.ctx.api.create(type, 'v1', namespace, body, { fieldManager: manager });
  }

  private terminate(ns: KubeObject): void {
    const name = ns.metadata.name ?? '';
    let remaining = 0;
    for (const type of this.ctx.api.registry.all()) {
      if (!type.namespaced) continue;
      const key = this.ctx.api.storageKey(type);
      for (const obj of this.ctx.store.list(key, name)) {
        remaining++;
        if (obj.metadata.deletionTimestamp) continue;
        try {
          this.ctx.api.delete(type, name, obj.metadata.name ?? '', { propagationPolicy: 'Background' });
        } catch {
          // Already gone (a cascade got there first).
        }
      }
    }
    // Content with finalizers or graceful deletion keeps the namespace until it is gone.
    const stillThere = this.ctx.api.registry.all().some((t) => t.namespaced && this.ctx.store.list(this.ctx.api.storageKey(t), name).length > 0);
    if (remaining > 0 && stillThere) return;
    const nsType = this.ctx.type('', 'namespaces');
    const next = clone(ns);
    next['spec'] = { ...(next['spec'] as object), finalizers: [] };
    this.ctx.api.update(nsType, 'v1', undefined, name, next, { subresource: 'finalize', fieldManager: 'kube-controller-manager' });
  }
}
