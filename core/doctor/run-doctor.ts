// Runs every doctor check (independent ones in parallel), reports each finding as it lands,
// and returns the report in a stable order. Used by the Setup screen, `meshdeck doctor` and,
// later, the one-click plan's preflight step.

import type { DoctorCheckId, DoctorFindingInfo, DoctorReportInfo } from '../contract';
import { checkDockerEngine, checkDockerResources, checkHostPorts, checkInotify, checkKindClusters, checkTool, readKindNodes, toolSpecs } from './checks';
import type { DoctorDeps } from './doctor-deps';
import { checkDockerHub, checkImageDisk, type ImagesOutcome } from './image-checks';

export const CHECK_ORDER: DoctorCheckId[] = ['docker-engine', 'docker-resources', 'inotify', 'host-ports', 'kind-clusters', 'kind', 'istioctl', 'image-disk', 'docker-hub'];

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
  const imageChain = (async () => {
    const [storage, images] = await Promise.all([deps.dockerStorage(), readLabImages(deps, signal)]);
    record(checkImageDisk(storage, images));
    record(checkDockerHub(images));
  })();
  const independent = [imageChain, checkInotify(deps).then(record), ...toolSpecs(deps).map((spec) => checkTool(deps, spec, signal).then(record))];
  await Promise.all([dockerChain, ...independent]);
  signal.throwIfAborted();

  const ordered = CHECK_ORDER.map((id) => findings.get(id)).filter((finding): finding is DoctorFindingInfo => finding !== undefined);
  return { findings: ordered, overall: overallStatus(ordered), checkedAt: now().toISOString() };
}

async function readLabImages(deps: DoctorDeps, signal: AbortSignal): Promise<ImagesOutcome> {
  if (!deps.labImages) return { ok: false, reason: 'this MeshDeck build has no image list' };
  try {
    return { ok: true, report: await deps.labImages(signal) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

export function overallStatus(findings: DoctorFindingInfo[]): DoctorReportInfo['overall'] {
  if (findings.some((finding) => finding.status === 'fail')) return 'fail';
  if (findings.some((finding) => finding.status === 'warn')) return 'warn';
  return 'ok';
}
