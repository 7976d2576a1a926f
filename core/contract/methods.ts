// Every request/response method of the API, once: its argument schema (checked at runtime by
// the dispatcher) and its result type. Later features add entries here and nothing else changes.

import type { AppStatusInfo, KubeContextInfo, TaskInfo, TaskRefInfo } from './dto';
import type { LabStatusInfo } from './lab';
import { array, boolean, integer, object, optional, string, type Infer } from './schema';

const taskId = string({ pattern: /^[a-z0-9-]{1,64}$/, hint: 'a task id' });
const port = integer({ min: 1, max: 65535 });
// DNS-1123 label: what kind accepts as a cluster name and Kubernetes as most names.
const clusterName = string({ pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, hint: 'a DNS-1123 name (lowercase letters, digits and -)' });
const contextName = string({ pattern: /^[^\s]{1,253}$/, hint: 'a kube context name' });
const istioVersion = string({ pattern: /^\d+\.\d+\.\d+$/, hint: 'an Istio version such as 1.30.5' });
const labOptions = {
  name: optional(clusterName),
  istioVersion: optional(istioVersion),
  httpPort: optional(port),
  httpsPort: optional(port),
  context: optional(contextName),
  mergeKubeconfig: optional(boolean()),
};

export const METHOD_PARAMS = {
  'app.status': object({}),
  'doctor.run': object({ ports: optional(array(port, { maxItems: 8 })) }),
  'task.list': object({}),
  'task.get': object({ taskId }),
  'task.cancel': object({ taskId }),
  'lab.up': object(labOptions),
  'lab.status': object({ name: optional(clusterName), context: optional(contextName) }),
  'lab.down': object({ name: optional(clusterName), confirmed: boolean() }),
  'lab.reset': object({ name: optional(clusterName), context: optional(contextName) }),
  'kube.contexts': object({}),
} as const;

export interface MethodResults {
  'app.status': AppStatusInfo;
  'doctor.run': TaskRefInfo;
  'task.list': TaskInfo[];
  'task.get': TaskInfo;
  'task.cancel': TaskInfo;
  'lab.up': TaskRefInfo;
  'lab.status': LabStatusInfo;
  'lab.down': TaskRefInfo;
  'lab.reset': TaskRefInfo;
  'kube.contexts': KubeContextInfo[];
}

export type MethodName = keyof typeof METHOD_PARAMS & keyof MethodResults;
export type MethodParams<M extends MethodName> = Infer<(typeof METHOD_PARAMS)[M]>;
export type MethodResult<M extends MethodName> = MethodResults[M];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(METHOD_PARAMS, value);
}
