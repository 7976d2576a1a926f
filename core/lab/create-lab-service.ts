// The real LabService: decides which lab task may start (one at a time: up, down or reset),
// finds the lab a request means in the registry of labs (its own record: ports, version, provider),
// refuses an up that would change an existing lab, and hands the work to lab-tasks.ts and
// lab-down.ts with the real LabDeps. Everything from the outside world comes in through the options.

import { existsSync } from 'node:fs';
import { AppError, type LabRemovalInfo, type LabSummaryInfo, type TaskInfo } from '../contract';
import type { DoctorDeps } from '../doctor';
import { readKubeContexts } from '../kube';
import type { TaskManager } from '../tasks';
import { bookinfoUrl } from '../gateways';
import { cachedKindPath } from '../tools';
import { createLabDeps } from './create-lab-deps';
import type { LabDeps } from './lab-deps';
import { BOOKINFO_NAMESPACE, imageEnvironment, labIdentity, resolveLabConfig, type LabConfig, type LabEnvironment, type LabRequest } from './lab-config';
import { labNotFound, runLabDown } from './lab-down';
import { labImagesReport } from './lab-images-report';
import { existingLabConflict, requestForExisting } from './lab-identity';
import { readLedger } from './lab-ledger';
import { checkApi, listLabs } from './lab-list';
import { findRecord, readRegistry, setCurrentLab, type LabRecord } from './lab-registry';
import { labRemoval } from './lab-removal';
import type { LabService } from './lab-service';
import { readLabStatus } from './lab-status';
import { runLabReset, runLabUp } from './lab-tasks';
export interface LabServiceOptions {
  tasks: TaskManager;
  dataDir: string;
  mirror: string;
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  userKubeconfig: string;
  doctorDeps: (ports: number[]) => DoctorDeps;
  stallMs?: number;
}

export interface LabServiceWithRequests extends LabService {
  /** `up` with the CLI-only choices (user-chosen kind/istioctl binaries). */
  upWith(request: LabRequest): TaskInfo;
}

/** The lab a selector means: its record (by name, by context, else the current lab) and its config from that record. */
export function labFor(dataDir: string, environment: LabEnvironment, selector: { name?: string; context?: string }): { config: LabConfig; record?: LabRecord } {
  const record = findRecord(readRegistry(dataDir), selector);
  if (record) return { record, config: resolveLabConfig(record.options, environment) };
  return { config: resolveLabConfig(selector, environment) };
}

/** The request an up runs with: an existing lab's record (refusing changes to it), or the request as it is for a new lab. */
export function upRequest(dataDir: string, request: LabRequest): { request: LabRequest; record?: LabRecord } {
  const registry = readRegistry(dataDir);
  const { name } = labIdentity(request);
  const record = registry.records.find((r) => r.name === name) ?? (request.context !== undefined ? findRecord(registry, { context: request.context }) : undefined);
  if (!record) return { request };
  const conflict = existingLabConflict(record, request);
  if (conflict) throw conflict;
  return { request: requestForExisting(record, request), record };
}

/** MeshDeck's kind binary when it has one already; listing and refusing never download it. */
function knownKindPath(dataDir: string, platform: NodeJS.Platform): string | undefined {
  const path = cachedKindPath(dataDir, platform);
  return existsSync(path) ? path : undefined;
}

/**
 * What down would remove for the lab. Not a lab: a user's cluster MeshDeck has no record or notes
 * of, or a kind cluster with no record that kind (as MeshDeck has it) does not list.
 */
async function removalFor(dataDir: string, environment: LabEnvironment, selector: { name?: string; context?: string }, kindClusters: () => Promise<string[] | undefined>): Promise<LabRemovalInfo> {
  const { config, record } = labFor(dataDir, environment, selector);
  const ledger = readLedger(config.labDir);
  if (!record && config.provider === 'context' && !ledger.istio && !ledger.injectionLabel && ledger.objects.length === 0) throw labNotFound(config, 'take down');
  if (!record && config.provider === 'kind' && !(await kindClusters())?.includes(config.name)) throw labNotFound(config, 'delete');
  return labRemoval(config, ledger);
}

/** The lab's release samples, quietly: the release is normally cached by up; a download here shows as the caller's wait. */
async function samplesDirOf(deps: Pick<LabDeps, 'ensureIstio'>, config: LabConfig): Promise<string> {
  const release = await deps.ensureIstio(config, { signal: AbortSignal.timeout(10 * 60_000), progress: () => undefined, log: () => undefined });
  return release.samplesDir;
}

/** images.list for a lab, optionally for another supported Istio version (checked as up checks it). */
function imagesOf(dataDir: string, environment: LabEnvironment, deps: LabDeps, { istioVersion, ...selector }: { name?: string; context?: string; istioVersion?: string }) {
  const { config } = labFor(dataDir, environment, selector);
  const version = istioVersion ? resolveLabConfig({ istioVersion }, environment).istioVersion : config.istioVersion;
  return labImagesReport({ ...config, istioVersion: version }, deps, AbortSignal.timeout(10 * 60_000));
}

export function createLabService(options: LabServiceOptions): LabServiceWithRequests {
  const { dataDir } = options;
  const environment: LabEnvironment = { dataDir, userKubeconfig: options.userKubeconfig, ...(options.stallMs !== undefined ? { stallMs: options.stallMs } : {}), ...imageEnvironment(options.env) };
  const deps = createLabDeps(options);
  const running = (kind: TaskInfo['kind']) => options.tasks.list().find((task) => task.kind === kind && task.state === 'running');
  /** One lab task at a time: the running task of this kind (asked again, it is handed back), or a refusal naming the one in the way. */
  function runningOrRefuse(kind: TaskInfo['kind'], conflicts: [TaskInfo['kind'], string][]): TaskInfo | undefined {
    const same = running(kind);
    if (same) return same;
    const conflict = conflicts.find(([other]) => running(other));
    if (conflict) throw new AppError('INVALID_ARGUMENT', conflict[1]);
    return undefined;
  }
  const knownKind = () => knownKindPath(dataDir, options.platform);
  const kindClusters = async (signal: AbortSignal) => {
    const kind = knownKind();
    return kind ? deps.kind(kind).getClusters({ signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) }) : undefined;
  };
  const list = (signal: AbortSignal) => listLabs(readRegistry(dataDir), environment, { kindClusters, check: checkApi }, signal);

  function upWith(request: LabRequest): TaskInfo {
    const busy = runningOrRefuse('lab-up', [
      ['lab-down', 'The lab is being deleted; wait for that to finish, then create it again.'],
      ['lab-reset', 'Bookinfo’s routing is being reset; wait for that to finish, then run up again.'],
    ]);
    if (busy) return busy;
    const resolved = upRequest(dataDir, request);
    const config = resolveLabConfig(resolved.request, environment);
    const title = config.provider === 'kind' ? `Create my mesh (${config.name})` : `Set up the mesh on ${config.context}`;
    return options.tasks.start('lab-up', title, (context) => runLabUp(context, config, resolved.record, deps, dataDir));
  }

  async function select(selector: { name?: string; context?: string }): Promise<LabSummaryInfo> {
    const record = selector.name !== undefined || selector.context !== undefined ? findRecord(readRegistry(dataDir), selector) : undefined;
    if (!record) throw labNotFound(resolveLabConfig(selector, environment), 'use');
    await setCurrentLab(dataDir, record.name);
    const summary = (await list(AbortSignal.timeout(30_000))).find((lab) => lab.name === record.name && lab.context === record.context);
    if (!summary) throw new AppError('INTERNAL', `Lab ${record.name} was made current but is not in the list of labs.`);
    return summary;
  }

  return {
    upWith,
    up: (request) => upWith(request),
    contexts: async () => readKubeContexts(options.userKubeconfig),
    removal: (selector) => removalFor(dataDir, environment, selector, () => kindClusters(AbortSignal.timeout(30_000))),
    list: () => list(AbortSignal.timeout(30_000)),
    select,
    target: async (selector = {}) => {
      const { config } = labFor(dataDir, environment, selector);
      return { kubeconfigPath: config.kubeconfigPath, context: config.context, namespace: BOOKINFO_NAMESPACE, bookinfoUrl: bookinfoUrl({ httpPort: config.httpPort }) };
    },
    samplesDir: (selector = {}) => samplesDirOf(deps, labFor(dataDir, environment, selector).config),
    images: (params) => imagesOf(dataDir, environment, deps, params),
    status: async (selector) => readLabStatus(labFor(dataDir, environment, selector).config, AbortSignal.timeout(30_000)),
    down: (selector) => {
      const busy = runningOrRefuse('lab-down', [
        ['lab-up', 'A lab is being created: cancel it first, then delete the lab.'],
        ['lab-reset', 'Bookinfo’s routing is being reset; wait for that to finish, then delete the lab.'],
      ]);
      if (busy) return busy;
      const lab = labFor(dataDir, environment, selector);
      const kind = knownKind();
      const title = lab.config.provider === 'kind' ? `Delete the lab ${lab.config.name}` : `Remove MeshDeck from ${lab.config.context}`;
      return options.tasks.start('lab-down', title, (context) => runLabDown(context, { ...lab, dataDir, ...(kind ? { knownKind: kind } : {}) }, deps));
    },
    reset: (selector) => {
      const busy = runningOrRefuse('lab-reset', [
        ['lab-up', 'A lab is being created: let it finish (or cancel it), then reset its routing.'],
        ['lab-down', 'The lab is being deleted, so there is no routing to reset.'],
      ]);
      if (busy) return busy;
      const lab = labFor(dataDir, environment, selector);
      return options.tasks.start('lab-reset', 'Reset Bookinfo routing', (context) => runLabReset(context, lab.config, lab.record !== undefined, deps));
    },
  };
}
