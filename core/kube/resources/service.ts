// Services: their resource, the cluster DNS name a Service answers on, and which pod labels its
// selector picks. Raw JSON typed as client-node's V1Service. Pure.
import type { V1Service } from '@kubernetes/client-node';
import type { ResourceInfo } from '../discovery';

export const SERVICE: ResourceInfo = { apiVersion: 'v1', kind: 'Service', resource: 'services', namespaced: true };

export type ServiceObject = V1Service;

/** `<service>.<namespace>.svc.cluster.local` */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.cluster.local`;
}

/** Whether a Service's selector picks pods with these labels (Kubernetes: no or empty selector picks none). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels?.[key] === value);
}
