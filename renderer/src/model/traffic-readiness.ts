// Whether the Traffic screen has something to steer, and if not, which honest empty state to
// show: no lab yet, a lab without Istio, no service whose workloads carry versions, or a lab
// that went away while the screen was open (nothing it read earlier is shown as true). Pure.

import type { AppErrorInfo, TrafficServiceInfo } from '../../../core/contract';
import type { LabStatusView } from '../state/lab-store';

export type TrafficReadiness =
  | { kind: 'checking' }
  | { kind: 'no-lab' }
  | { kind: 'gone'; reason: string }
  | { kind: 'no-istio' }
  | { kind: 'no-services' }
  | { kind: 'error'; error: AppErrorInfo }
  | { kind: 'ready' };

export function trafficReadiness(lab: LabStatusView, services: readonly TrafficServiceInfo[] | null, servicesError: AppErrorInfo | null, labGone: string | null = null): TrafficReadiness {
  // The core saw the lab's API server stop answering: what was read before no longer holds.
  if (labGone !== null) return { kind: 'gone', reason: labGone };
  // Services with versions mean there is something to steer, whatever else is said.
  if (services && services.length > 0) return { kind: 'ready' };
  if (lab.kind === 'absent' || servicesError?.code === 'CLUSTER_NOT_FOUND') return { kind: 'no-lab' };
  if (lab.kind === 'present' && lab.status.istio.length === 0) return { kind: 'no-istio' };
  if (servicesError) return { kind: 'error', error: servicesError };
  if (services === null) return { kind: 'checking' };
  return { kind: 'no-services' };
}
