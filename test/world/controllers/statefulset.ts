// The StatefulSet controller: pods <name>-0..n-1 created in order (each after the previous is
// Ready, unless podManagementPolicy is Parallel), PVCs from volumeClaimTemplates (Bound at once),
// scale-down from the highest ordinal, template changes rolled one pod at a time, and status.
import { deepEqual } from '../json.js';
import type { KubeObject } from '../store.js';
import { controllerRef, keyOf, splitKey, templateHash, type ControllerContext } from './context.js';
import { WorkQueue } from './queue.js';
import { isPodReady, ownedPods, podFromTemplate } from './replicaset.js';

type Obj = Record<string, unknown>;

export class StatefulSetController {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('statefulset', (key) => this.reconcile(key), ctx.onError);
    this.unsubscribe = ctx.store.subscribe((event) => {
      if (event.typeKey === 'apps/statefulsets') this.queue.add(keyOf(event.object));
      else if (event.typeKey === '/pods') {
        const ref = controllerRef(event.object);
        if (ref?.kind === 'StatefulSet') this.queue.add(`${event.namespace}/${ref.name}`);
      }
    });
    for (const s of ctx.store.list('apps/statefulsets')) this.queue.add(keyOf(s));
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const type = this.ctx.type('apps', 'statefulsets');
    const sts = this.ctx.api.tryGet(type, namespace, name);
    if (!sts || sts.metadata.deletionTimestamp) return;
    const spec = sts['spec'] as Obj;
    const replicas = Number(spec['replicas'] ?? 1);
    const parallel = spec['podManagementPolicy'] === 'Parallel';
    const revision = `${name}-${templateHash(spec['template'])}`;
    const podType = this.ctx.type('', 'pods');
    const pods = new Map(ownedPods(this.ctx, sts).map((p) => [p.metadata.name ?? '', p]));
    const allPods = new Map(this.ctx.store.list('/pods', namespace).filter((p) => controllerRef(p)?.uid === sts.metadata.uid).map((p) => [p.metadata.name ?? '', p]));
    for (let i = 0; i < replicas; i++) {
      const podName = `${name}-${i}`;
      if (allPods.has(podName)) {
        if (!parallel && !isPodReady(allPods.get(podName) as KubeObject)) break;
        continue;
      }
      this.ensureClaims(sts, i);
      const pod = podFromTemplate(sts, podName, { 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': podName });
      const podSpec = pod['spec'] as Obj;
      podSpec['hostname'] = podName;
      if (spec['serviceName']) podSpec['subdomain'] = spec['serviceName'];
      const claims = (spec['volumeClaimTemplates'] as KubeObject[] | undefined) ?? [];
      if (claims.length > 0) {
        podSpec['volumes'] = [
          ...((podSpec['volumes'] as Obj[] | undefined) ?? []).filter((v) => !claims.some((c) => c.metadata.name === v['name'])),
          ...claims.map((c) => ({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name ?? ''}-${name}-${i}` } })),
        ];
      }
      this.ctx.api.create(podType, 'v1', namespace, pod, { fieldManager: 'kube-controller-manager' });
      this.ctx.events.record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${name} successful`, { component: 'statefulset-controller' });
      if (!parallel) break;
    }
    // Scale down from the highest ordinal; roll outdated pods one at a time when all are ready.
    const ordinal = (p: KubeObject): number => Number(p.metadata.name?.slice(name.length + 1) ?? -1);
    const extra = [...pods.values()].filter((p) => ordinal(p) >= replicas).sort((a, b) => ordinal(b) - ordinal(a));
    const victim = extra[0];
    if (victim) {
      this.ctx.api.delete(podType, namespace, victim.metadata.name ?? '');
      this.ctx.events.record(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${victim.metadata.name ?? ''} in StatefulSet ${name} successful`, { component: 'statefulset-controller' });
    } else if ([...pods.values()].every(isPodReady) && pods.size === replicas) {
      const outdated = [...pods.values()].filter((p) => p.metadata.labels?.['controller-revision-hash'] !== revision).sort((a, b) => ordinal(b) - ordinal(a))[0];
      if (outdated) this.ctx.api.delete(podType, namespace, outdated.metadata.name ?? '');
    }
    const live = ownedPods(this.ctx, sts);
    const ready = live.filter(isPodReady).length;
    const updated = live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision).length;
    const status = {
      observedGeneration: sts.metadata.generation ?? 1,
      replicas: live.length,
      readyReplicas: ready,
      currentReplicas: updated,
      updatedReplicas: updated,
      availableReplicas: ready,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    };
    const current = this.ctx.api.tryGet(type, namespace, name);
    if (!current || deepEqual(current['status'], status)) return;
    this.ctx.api.update(type, 'v1', namespace, name, { ...current, status }, { subresource: 'status', fieldManager: 'kube-controller-manager' });
  }

  private ensureClaims(sts: KubeObject, ordinal: number): void {
    const pvcType = this.ctx.type('', 'persistentvolumeclaims');
    for (const template of ((sts['spec'] as Obj)['volumeClaimTemplates'] as KubeObject[] | undefined) ?? []) {
      const claimName = `${template.metadata.name ?? ''}-${sts.metadata.name ?? ''}-${ordinal}`;
      if (this.ctx.api.tryGet(pvcType, sts.metadata.namespace, claimName)) continue;
      const labels = { ...(template.metadata.labels ?? {}), ...(((sts['spec'] as Obj)['selector'] as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {}) };
      const created = this.ctx.api.create(pvcType, 'v1', sts.metadata.namespace, {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: claimName, namespace: sts.metadata.namespace, labels },
        spec: { storageClassName: 'standard', volumeMode: 'Filesystem', ...((template['spec'] as Obj | undefined) ?? {}) },
      }, { fieldManager: 'kube-controller-manager' });
      // No provisioner runs here: claims are Bound at once, like local-path on a warm kind node.
      const storage = (((created['spec'] as Obj)['resources'] as Obj | undefined)?.['requests'] as Obj | undefined)?.['storage'] ?? '1Gi';
      this.ctx.api.update(pvcType, 'v1', sts.metadata.namespace, claimName, { ...created, status: { phase: 'Bound', accessModes: (created['spec'] as Obj)['accessModes'] ?? ['ReadWriteOnce'], capacity: { storage } } }, { subresource: 'status', fieldManager: 'kube-controller-manager' });
    }
  }
}
