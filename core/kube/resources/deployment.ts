// Deployments (and the rollout shape StatefulSets share) as raw JSON: their resource, when one
// counts as rolled out, the labels its pods get, and selector matching. Pure helpers: the waits,
// status reads and traffic routing share them so "ready" means the same thing everywhere.
import type { ResourceInfo } from '../discovery';
import type { KubeObject } from '../objects';

export const DEPLOYMENT: ResourceInfo = { apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments', namespaced: true };

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface WorkloadObject extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: { metadata?: { labels?: Record<string, string> } } };
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

/** The labels the workload's pods are created with (where their version label is). */
export function podTemplateLabels(w: WorkloadObject): Record<string, string> {
  return w.spec?.template?.metadata?.labels ?? {};
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
