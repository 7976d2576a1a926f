// StatefulSets: their resource and when one counts as rolled out (`kubectl rollout status`'s
// rule: new spec seen, every replica ready, and the update revision reached).
import type { ResourceInfo } from '../discovery';
import { desiredReplicas, type WorkloadObject } from './deployment';

export const STATEFUL_SET: ResourceInfo = { apiVersion: 'apps/v1', kind: 'StatefulSet', resource: 'statefulsets', namespaced: true };

export function isStatefulSetReady(s: WorkloadObject): boolean {
  const st = s.status ?? {};
  const desired = desiredReplicas(s);
  const revisionDone = !st.updateRevision || !st.currentRevision || st.updateRevision === st.currentRevision || (st.updatedReplicas ?? 0) >= desired;
  return (st.observedGeneration ?? 0) >= (s.metadata?.generation ?? 0) && (st.readyReplicas ?? 0) >= desired && revisionDone;
}
