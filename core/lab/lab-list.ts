// `lab.list`: the labs this data folder has records of, plus the kind clusters kind lists (asked
// only when MeshDeck already has a kind binary: listing never downloads one), each with a short
// API check run in parallel: running, unreachable (known but its API server does not answer) or
// absent (remembered, but the cluster is gone).

import { AppError, type AppErrorInfo, type LabSummaryInfo } from '../contract';
import { bookinfoUrl } from '../gateways';
import { checkConnection, createKubeClients } from '../kube';
import { resolveLabConfig, type LabConfig, type LabEnvironment } from './lab-config';
import type { LabRegistry, LabRecord } from './lab-registry';

/** How long one lab's API server may take to answer before it counts as unreachable. */
export const LIST_CHECK_MS = 3000;

export interface LabListDeps {
  /** The kind clusters kind lists; undefined when MeshDeck has no kind binary (nothing is downloaded to ask). */
  kindClusters(signal: AbortSignal): Promise<string[] | undefined>;
  /** Whether the lab's API server answers: undefined when it does, else why not. */
  check(config: LabConfig, signal: AbortSignal): Promise<AppErrorInfo | undefined>;
}

export async function checkApi(config: LabConfig, signal: AbortSignal): Promise<AppErrorInfo | undefined> {
  try {
    const clients = createKubeClients({ kubeconfig: config.kubeconfigPath, context: config.context });
    try {
      await checkConnection(clients, AbortSignal.any([signal, AbortSignal.timeout(LIST_CHECK_MS)]));
      return undefined;
    } finally {
      clients.close();
    }
  } catch (error) {
    return (error instanceof AppError ? error : new AppError('K8S_API', String(error))).toInfo();
  }
}

/** The state of one lab from what kind lists (undefined: not asked) and its API check. Pure. */
export function labState(provider: LabSummaryInfo['provider'], listedByKind: boolean | undefined, problem: AppErrorInfo | undefined): LabSummaryInfo['state'] {
  if (!problem) return 'running';
  if (provider === 'kind' && listedByKind !== undefined) return listedByKind ? 'unreachable' : 'absent';
  return problem.code === 'CLUSTER_NOT_FOUND' ? 'absent' : 'unreachable';
}

interface Candidate {
  config: LabConfig;
  record?: LabRecord;
}

export async function listLabs(registry: LabRegistry, environment: LabEnvironment, deps: LabListDeps, signal: AbortSignal): Promise<LabSummaryInfo[]> {
  const kind = await deps.kindClusters(signal).catch(() => undefined);
  const candidates: Candidate[] = registry.records.map((record) => ({ record, config: resolveLabConfig(record.options, environment) }));
  for (const name of kind ?? []) {
    if (!candidates.some((c) => c.config.provider === 'kind' && c.config.name === name)) candidates.push({ config: resolveLabConfig({ name }, environment) });
  }
  const summaries = await Promise.all(
    candidates.map(async ({ config, record }): Promise<LabSummaryInfo> => {
      const problem = await deps.check(config, signal);
      const listed = config.provider === 'kind' && kind !== undefined ? kind.includes(config.name) : undefined;
      const state = labState(config.provider, listed, problem);
      return {
        name: config.name,
        context: config.context,
        provider: config.provider,
        state,
        current: record !== undefined && record.name === registry.current,
        // Ports are known only from a record: kind alone does not say which ones a cluster was made with.
        ...(record ? { istioVersion: config.istioVersion, httpPort: config.httpPort, httpsPort: config.httpsPort, bookinfoUrl: bookinfoUrl({ httpPort: config.httpPort }) } : {}),
        ...(problem ? { problem: record ? problem : { ...problem, message: `${problem.message} MeshDeck has no record of this cluster (kind lists it).` } } : {}),
      };
    }),
  );
  return summaries.sort((a, b) => a.name.localeCompare(b.name) || a.context.localeCompare(b.context));
}
