// Whether the Traffic screen has something to steer, and if not, which honest empty state to
// show: no lab yet, a lab without Istio, or no service whose workloads carry versions. Pure.

import type { AppErrorInfo, TrafficServiceInfo } from '../../../core/contract';
import type { LabStatusView } from '../state/lab-store';

export type TrafficReadiness =
  | { kind: 'checking' }
  | { kind: 'no-lab' }
  | { kind: 'no-istio' }
  | { kind: 'no-services' }
  | { kind: 'error'; error: AppErrorInfo }
  | { kind: 'ready' };

export function trafficReadiness(lab: LabStatusView, services: readonly TrafficServiceInfo[] | null, servicesError: AppErrorInfo | null): TrafficReadiness {
  // Services with versions mean there is something to steer, whatever else is said.
  if (services && services.length > 0) return { kind: 'ready' };
  if (lab.kind === 'absent' || servicesError?.code === 'CLUSTER_NOT_FOUND') return { kind: 'no-lab' };
  if (lab.kind === 'present' && lab.status.istio.length === 0) return { kind: 'no-istio' };
  if (servicesError) return { kind: 'error', error: servicesError };
  if (services === null) return { kind: 'checking' };
  return { kind: 'no-services' };
}
