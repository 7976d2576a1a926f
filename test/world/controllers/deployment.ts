// The Deployment controller: one ReplicaSet per pod template (named by pod-template-hash),
// revision annotations, a rolling update that scales old ReplicaSets down as new pods become
// available, history cleanup, and the status kubectl rollout/wait read: replicas, updated,
// ready, available, observedGeneration, and the Available/Progressing conditions.
import { clone, deepEqual } from '../json.js';
import { timestamp } from '../resource-api.js';
import type { KubeObject } from '../store.js';
import { controllerRef, keyOf, ownerRefTo, scaledValue, splitKey, templateHash, type ControllerContext } from './context.js';
import { WorkQueue } from './queue.js';

type Obj = Record<string, unknown>;

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

function replicasOf(obj: KubeObject): number {
  return Number((obj['spec'] as { replicas?: number }).replicas ?? 0);
}

function statusNumber(obj: KubeObject, field: string): number {
  return Number((obj['status'] as Obj | undefined)?.[field] ?? 0);
}

function revisionOf(obj: KubeObject): number {
  return Number(obj.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
}

export class DeploymentController {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('deployment', (key) => this.reconcile(key), ctx.onError);
    this.unsubscribe = ctx.store.subscribe((event) => {
      if (event.typeKey === 'apps/deployments') this.queue.add(keyOf(event.object));
      else if (event.typeKey === 'apps/replicasets') {
        const ref = controllerRef(event.object);
        if (ref?.kind === 'Deployment') this.queue.add(`${event.namespace}/${ref.name}`);
      }
    });
    for (const d of ctx.store.list('apps/deployments')) this.queue.add(keyOf(d));
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private ownedReplicaSets(d: KubeObject): KubeObject[] {
    return this.ctx.store
      .dependentsOf(d.metadata.uid ?? '')
      .filter((r) => r.typeKey === 'apps/replicasets')
      .map((r) => this.ctx.store.get('apps/replicasets', r.namespace, r.name))
      .filter((rs): rs is KubeObject => rs !== undefined && controllerRef(rs)?.uid === d.metadata.uid);
  }

  private scale(rs: KubeObject, replicas: number, d: KubeObject): void {
    const from = replicasOf(rs);
    if (from === replicas) return;
    const type = this.ctx.type('apps', 'replicasets');
    const next = clone(rs);
    (next['spec'] as Obj)['replicas'] = replicas;
    this.ctx.api.update(type, 'v1', rs.metadata.namespace, rs.metadata.name ?? '', next, { fieldManager: 'kube-controller-manager' });
    const verb = replicas > from ? 'up' : 'down';
    this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${rs.metadata.name ?? ''} from ${from} to ${replicas}`, { component: 'deployment-controller' });
  }

  private reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const type = this.ctx.type('apps', 'deployments');
    const d = this.ctx.api.tryGet(type, namespace, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const spec = d['spec'] as Obj;
    const desired = replicasOf(d);
    const template = spec['template'] as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
    const hash = templateHash(template);
    const all = this.ownedReplicaSets(d);
    let newRs = all.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const old = all.filter((rs) => rs !== newRs);
    const maxRevision = Math.max(0, ...all.map(revisionOf));
    let created = false;
    const paused = spec['paused'] === true;
    if (!newRs && !paused) {
      const rsType = this.ctx.type('apps', 'replicasets');
      const labels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
      const selector = clone((spec['selector'] ?? {}) as { matchLabels?: Record<string, string> });
      selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
      const rs: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`,
          namespace,
          labels,
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(desired),
            'deployment.kubernetes.io/max-replicas': String(desired + scaledValue((spec['strategy'] as Obj | undefined)?.['rollingUpdate'] ? ((spec['strategy'] as Obj)['rollingUpdate'] as Obj)['maxSurge'] : '25%', desired, true)),
            'deployment.kubernetes.io/revision': String(maxRevision + 1),
          },
          ownerReferences: [ownerRefTo(d)],
        },
        spec: {
          // With old pods still running, a rollout starts the new ReplicaSet at full size
          // (a generous surge); the old ones shrink as new pods become available.
          replicas: desired,
          selector,
          template: { ...clone(template), metadata: { ...clone(template.metadata ?? {}), labels } },
        },
      };
      newRs = this.ctx.api.create(rsType, 'v1', namespace, rs, { fieldManager: 'kube-controller-manager' });
      created = true;
      this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${newRs.metadata.name ?? ''} from 0 to ${desired}`, { component: 'deployment-controller' });
    } else if (newRs && !paused) {
      if (revisionOf(newRs) < maxRevision) {
        const rsType = this.ctx.type('apps', 'replicasets');
        const next = clone(newRs);
        next.metadata.annotations = { ...(next.metadata.annotations ?? {}), 'deployment.kubernetes.io/revision': String(maxRevision + 1) };
        newRs = this.ctx.api.update(rsType, 'v1', namespace, newRs.metadata.name ?? '', next, { fieldManager: 'kube-controller-manager' });
      }
      this.scale(newRs, desired, d);
    }
    if (newRs && !paused) {
      const newAvailable = statusNumber(newRs, 'availableReplicas');
      let allowedOld = Math.max(0, desired - newAvailable);
      for (const rs of [...old].sort((a, b) => revisionOf(b) - revisionOf(a))) {
        const target = Math.min(replicasOf(rs), allowedOld);
        allowedOld -= target;
        this.scale(rs, target, d);
      }
      const limit = Number(spec['revisionHistoryLimit'] ?? 10);
      const idle = old.filter((rs) => replicasOf(rs) === 0 && statusNumber(rs, 'replicas') === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
      for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
        this.ctx.api.delete(this.ctx.type('apps', 'replicasets'), namespace, rs.metadata.name ?? '');
      }
    }
    this.updateStatus(d, newRs, old, created);
  }

  private updateStatus(d: KubeObject, newRs: KubeObject | undefined, old: KubeObject[], created: boolean): void {
    const type = this.ctx.type('apps', 'deployments');
    const current = this.ctx.api.tryGet(type, d.metadata.namespace, d.metadata.name ?? '');
    if (!current) return;
    const all = [...(newRs ? [newRs] : []), ...old].map((rs) => this.ctx.store.get('apps/replicasets', rs.metadata.namespace, rs.metadata.name ?? '') ?? rs);
    const latestNew = newRs ? this.ctx.store.get('apps/replicasets', newRs.metadata.namespace, newRs.metadata.name ?? '') ?? newRs : undefined;
    const desired = replicasOf(d);
    const replicas = all.reduce((n, rs) => n + statusNumber(rs, 'replicas'), 0);
    const ready = all.reduce((n, rs) => n + statusNumber(rs, 'readyReplicas'), 0);
    const available = all.reduce((n, rs) => n + statusNumber(rs, 'availableReplicas'), 0);
    const updated = latestNew ? statusNumber(latestNew, 'replicas') : 0;
    const rolling = ((d['spec'] as Obj)['strategy'] as Obj | undefined)?.['rollingUpdate'] as Obj | undefined;
    const isRecreate = ((d['spec'] as Obj)['strategy'] as Obj | undefined)?.['type'] === 'Recreate';
    let maxUnavailable = isRecreate ? 0 : scaledValue(rolling?.['maxUnavailable'] ?? '25%', desired, false);
    const maxSurge = isRecreate ? 0 : scaledValue(rolling?.['maxSurge'] ?? '25%', desired, true);
    if (maxUnavailable === 0 && maxSurge === 0 && !isRecreate) maxUnavailable = 1;
    const now = timestamp(this.ctx.api.now());
    const previous = ((current['status'] as { conditions?: Condition[] } | undefined)?.conditions ?? []);
    const condition = (type: string, status: string, reason: string, message: string): Condition => {
      const before = previous.find((c) => c.type === type);
      const same = before && before.status === status && before.reason === reason && before.message === message;
      if (same) return before;
      return {
        type,
        status,
        lastUpdateTime: now,
        lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const rsName = latestNew?.metadata.name ?? '';
    const complete = latestNew !== undefined && updated === desired && statusNumber(latestNew, 'availableReplicas') >= desired && replicas === desired;
    const progressing = created
      ? condition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${rsName}"`)
      : complete
        ? condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`)
        : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`);
    const availableCondition =
      available >= desired - maxUnavailable
        ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
        : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.');
    const status: Obj = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      ...(replicas - available > 0 ? { unavailableReplicas: replicas - available } : {}),
      conditions: [availableCondition, progressing],
    };
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas']) if (status[k] === 0) delete status[k];
    if (deepEqual(current['status'], status)) return;
    this.ctx.api.update(type, 'v1', d.metadata.namespace, d.metadata.name ?? '', { ...current, status }, { subresource: 'status', fieldManager: 'kube-controller-manager' });
  }
}
