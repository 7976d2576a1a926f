// Runs every doctor check (independent ones in parallel), reports each finding as it lands,
// and returns the report in a stable order. Used by the Setup screen, `meshdeck doctor` and,
// later, the one-click plan's preflight step.

import type { DoctorCheckId, DoctorFindingInfo, DoctorReportInfo } from '../contract';
import { checkDockerEngine, checkDockerResources, checkHostPorts, checkInotify, checkKindClusters, checkTool, readKindNodes, toolSpecs } from './checks';
import type { DoctorDeps } from './doctor-deps';

export const CHECK_ORDER: DoctorCheckId[] = ['docker-engine', 'docker-resources', 'inotify', 'host-ports', 'kind-clusters', 'kind', 'istioctl'];

export interface DoctorProgress {
  onFinding?: (finding: DoctorFindingInfo, done: number, total: number) => void;
}

export async function runDoctor(deps: DoctorDeps, signal: AbortSignal, progress: DoctorProgress = {}, now: () => Date = () => new Date()): Promise<DoctorReportInfo> {
  const findings = new Map<DoctorCheckId, DoctorFindingInfo>();
  const record = (finding: DoctorFindingInfo) => {
    findings.set(finding.id, finding);
    progress.onFinding?.(finding, findings.size, CHECK_ORDER.length);
  };

  const dockerChain = (async () => {
    const { finding, outcome } = await checkDockerEngine(deps);
    record(finding);
    record(checkDockerResources(outcome));
    const nodes = await readKindNodes(deps, outcome);
    record(checkKindClusters(outcome, nodes));
    record(await checkHostPorts(deps, Array.isArray(nodes) ? nodes : []));
  })();
  const independent = [checkInotify(deps).then(record), ...toolSpecs(deps).map((spec) => checkTool(deps, spec, signal).then(record))];
  await Promise.all([dockerChain, ...independent]);
  signal.throwIfAborted();

  const ordered = CHECK_ORDER.map((id) => findings.get(id)).filter((finding): finding is DoctorFindingInfo => finding !== undefined);
  return { findings: ordered, overall: overallStatus(ordered), checkedAt: now().toISOString() };
}

export function overallStatus(findings: DoctorFindingInfo[]): DoctorReportInfo['overall'] {
  if (findings.some((finding) => finding.status === 'fail')) return 'fail';
  if (findings.some((finding) => finding.status === 'warn')) return 'warn';
  return 'ok';
}
