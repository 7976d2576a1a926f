// The checks of a lesson, one module per kind; this dispatches a check to its module.
import type { WorkshopCheckResultInfo, WorkshopCheckSummaryInfo } from '../../contract/workshop';
import type { PackCheck } from '../pack-types';
import type { CheckContext } from './check-context';
import { describeAmbient, describeNamespaceLabel, runAmbientCheck, runNamespaceLabelCheck } from './namespace-check';
import { describeObjectCheck, runObjectCheck } from './object-check';
import { describePodsReady, describeSidecar, runPodsReadyCheck, runSidecarCheck } from './pods-check';
import { describeTraffic, runTrafficCheck } from './traffic-check';

export type { CheckContext } from './check-context';

export function describeCheck(check: PackCheck, namespace: string): WorkshopCheckSummaryInfo {
  const description = (() => {
    switch (check.kind) {
      case 'object': return describeObjectCheck(check, namespace);
      case 'pods-ready': return describePodsReady(check, namespace);
      case 'sidecar': return describeSidecar(check, namespace);
      case 'ambient': return describeAmbient(check, namespace);
      case 'namespace-label': return describeNamespaceLabel(check, namespace);
      case 'traffic': return describeTraffic(check);
    }
  })();
  return { kind: check.kind, description };
}

/** Runs one check; a failure to reach the cluster is the task's failure, not a failed check. */
export function runCheck(check: PackCheck, ctx: CheckContext): Promise<WorkshopCheckResultInfo> {
  switch (check.kind) {
    case 'object': return runObjectCheck(check, ctx);
    case 'pods-ready': return runPodsReadyCheck(check, ctx);
    case 'sidecar': return runSidecarCheck(check, ctx);
    case 'ambient': return runAmbientCheck(check, ctx);
    case 'namespace-label': return runNamespaceLabelCheck(check, ctx);
    case 'traffic': return runTrafficCheck(check, ctx);
  }
}
