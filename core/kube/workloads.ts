// Deployments and StatefulSets as raw JSON, and when each counts as rolled out. Pure helpers:
// the waits and status reads share them so "ready" means the same thing everywhere.
import type { KubeObject } from './objects';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface WorkloadObject extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

export function desiredReplicas(w: WorkloadObject): number {
  return w.spec?.replicas ?? 1;
}

/** Available as `kubectl rollout status` means it: new spec seen, all replicas updated and available. */
export function isDeploymentAvailable(d: WorkloadObject): boolean {
  const s = d.status ?? {};
  const desired = desiredReplicas(d);
  return (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && (s.updatedReplicas ?? 0) === desired && (s.availableReplicas ?? 0) >= desired;
}

export function isStatefulSetReady(s: WorkloadObject): boolean {
  const st = s.status ?? {};
  const desired = desiredReplicas(s);
  const revisionDone = !st.updateRevision || !st.currentRevision || st.updateRevision === st.currentRevision || (st.updatedReplicas ?? 0) >= desired;
  return (st.observedGeneration ?? 0) >= (s.metadata?.generation ?? 0) && (st.readyReplicas ?? 0) >= desired && revisionDone;
}

/** Ready replicas to show beside the desired count (n/n). */
export function readyReplicas(w: WorkloadObject): number {
  return w.kind === 'StatefulSet' ? (w.status?.readyReplicas ?? 0) : (w.status?.availableReplicas ?? 0);
}

export function matchesSelector(labels: Record<string, string> | undefined, selector: LabelSelector | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in l;
    const value = l[e.key];
    if (e.operator === 'In' && !(value !== undefined && (e.values ?? []).includes(value))) return false;
    if (e.operator === 'NotIn' && value !== undefined && (e.values ?? []).includes(value)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
