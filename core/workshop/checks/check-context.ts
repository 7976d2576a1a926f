// What every check needs of the lab: its clients, where its gateway is, its Istio release's
// samples (the curl pod), the namespace a check without one looks in, and the task's signal.
import type { WorkshopCheckResultInfo } from '../../contract/workshop';
import type { KubeClients } from '../../kube';
import type { LabTarget } from '../../lab';
import type { PackCheck } from '../pack-types';

export interface CheckContext {
  clients: KubeClients;
  target: LabTarget;
  samplesDir: () => Promise<string>;
  /** The lesson's first namespace. */
  namespace: string;
  signal: AbortSignal;
}

export function result(check: PackCheck, description: string, passed: boolean, expected: string, found: string): WorkshopCheckResultInfo {
  return { kind: check.kind, description, passed, expected, found, ...(passed ? {} : { message: check.message }) };
}
