// What an `up` on a lab that already exists may change. Omitted options mean "as it is" (taken
// from its record); a port, version or option that differs is refused before any step runs, since
// the plan would find everything "already there" and then stall on the old ports. Pure.

import { AppError, type LabOptionsInfo } from '../contract';
import type { LabRequest } from './lab-config';
import type { LabRecord } from './lab-registry';

interface Difference {
  flag: string;
  had: string;
  wanted: string;
}

function differences(record: LabRecord, request: LabOptionsInfo): Difference[] {
  const had = record.options;
  const found: Difference[] = [];
  const compare = (flag: string, before: unknown, after: unknown) => {
    if (after !== undefined && after !== before) found.push({ flag, had: String(before), wanted: String(after) });
  };
  compare('--http-port', had.httpPort, request.httpPort);
  compare('--https-port', had.httpsPort, request.httpsPort);
  compare('--istio', had.istioVersion, request.istioVersion);
  // LAN sharing is in the cluster's port mappings, made once with the cluster.
  compare('--lan', had.lanSharing === true, request.lanSharing);
  return found;
}

/** How to name a lab in a command. */
function selectorFlag(record: LabRecord): string {
  return record.provider === 'context' ? `--context ${record.context}` : `--name ${record.name}`;
}

/**
 * The refusal for `request` on the existing lab of `record`, or undefined when the request only
 * repeats (or leaves out) what the lab has. Turning on --merge-kubeconfig is allowed: only its
 * step is re-done.
 */
export function existingLabConflict(record: LabRecord, request: LabOptionsInfo): AppError | undefined {
  if (request.name !== undefined && request.name !== record.name) {
    return new AppError('CONFLICT', `Context ${record.context} already holds lab ${record.name}. Use it as it is (\`meshdeck up --context ${record.context}\`) or run \`meshdeck down --context ${record.context}\` first.`, { name: record.name });
  }
  const asked = request.context !== undefined ? `--context ${request.context}` : `--name ${record.name}`;
  if (request.context !== undefined ? record.provider !== 'context' || record.context !== request.context : record.provider !== 'kind') {
    const where = record.provider === 'kind' ? 'a kind cluster MeshDeck made' : `your cluster (context ${record.context})`;
    return new AppError('CONFLICT', `Lab ${record.name} already exists on ${where}, so ${asked} cannot make another lab by that name. Use it as it is (\`meshdeck up ${selectorFlag(record)}\`), pick another --name, or run \`meshdeck down ${selectorFlag(record)}\` first.`, { name: record.name });
  }
  const found = differences(record, request);
  if (found.length === 0) return undefined;
  const had = found.map((d) => (d.flag === '--lan' ? `${d.had === 'true' ? '' : 'no '}--lan` : `${d.flag} ${d.had}`)).join(' and ');
  const wanted = found.map((d) => (d.flag === '--lan' ? `${d.wanted === 'true' ? 'with' : 'without'} --lan` : `on ${d.flag === '--istio' ? `Istio ${d.wanted}` : d.wanted}`)).join(' and ');
  const flags = found.map((d) => d.flag).join(' and ');
  const details = { name: record.name, options: found.map((d) => d.flag) };
  return new AppError('CONFLICT', `Lab ${record.name} already exists with ${had}. Run \`meshdeck down ${selectorFlag(record)}\` first to re-create it ${wanted}, or leave out ${flags}.`, details);
}

/** The request an `up` of an existing lab runs with: its record, plus what the request may add. */
export function requestForExisting(record: LabRecord, request: LabRequest): LabRequest {
  return {
    ...record.options,
    ...(request.mergeKubeconfig === true ? { mergeKubeconfig: true } : {}),
    ...(request.kindPath ? { kindPath: request.kindPath } : {}),
    ...(request.istioctlPath ? { istioctlPath: request.istioctlPath } : {}),
    ...(request.offline === true ? { offline: true } : {}),
  };
}
