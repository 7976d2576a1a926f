// The doctor's checks, one function each. A check never throws: whatever it finds becomes a
// finding with a status and, when something is wrong, advice the user can act on.

import { AppError, type DoctorFindingInfo } from '../contract';
import { inspectEngine, listKindNodes, type EngineInfo, type KindNodeInfo } from '../docker';
import { DEFAULT_ISTIO_VERSION, KIND_VERSION, cachedIstioctlPath, cachedKindPath, hostArch, hostOs, istioAsset, kindAsset, type ReleaseAsset } from '../tools';
import type { DoctorDeps } from './doctor-deps';

const GIB = 1024 ** 3;
export const MIN_MEMORY_BYTES = 6 * GIB;
export const MIN_CPUS = 2;
export const MIN_DOCKER_MAJOR = 20;
export const RECOMMENDED_INOTIFY = { max_user_watches: 524288, max_user_instances: 512 } as const;
export const LAB_CLUSTER_NAME = 'meshdeck';

export type EngineOutcome = { ok: true; engine: EngineInfo } | { ok: false; error: AppError };

export async function checkDockerEngine(deps: DoctorDeps): Promise<{ finding: DoctorFindingInfo; outcome: EngineOutcome }> {
  const base = { id: 'docker-engine', title: 'Docker engine' } as const;
  if (deps.docker.problem) {
    // The docker context kind would use cannot be read: kind fails before it reaches any engine.
    const error = new AppError('DOCKER_NOT_RUNNING', deps.docker.problem, { endpoint: deps.docker.description });
    return {
      outcome: { ok: false, error },
      finding: { ...base, status: 'fail', code: 'DOCKER_NOT_RUNNING', summary: `kind's docker context cannot be used (${deps.docker.description}).`, advice: deps.docker.problem, facts: { endpoint: deps.docker.description } },
    };
  }
  try {
    const engine = await inspectEngine(deps.docker.client, deps.docker.description);
    const facts = { endpoint: deps.docker.description, version: engine.version, os: engine.operatingSystem };
    const major = Number.parseInt(engine.version, 10);
    if (engine.osType !== 'linux') {
      return {
        outcome: { ok: true, engine },
        finding: { ...base, status: 'fail', summary: `Docker runs ${engine.osType} containers.`, advice: 'kind needs Linux containers: switch Docker Desktop to Linux containers.', facts },
      };
    }
    if (Number.isFinite(major) && major < MIN_DOCKER_MAJOR) {
      return {
        outcome: { ok: true, engine },
        finding: { ...base, status: 'warn', summary: `Docker ${engine.version} is older than kind supports well.`, advice: `Update Docker to ${MIN_DOCKER_MAJOR}.10 or newer.`, facts },
      };
    }
    return {
      outcome: { ok: true, engine },
      finding: { ...base, status: 'ok', summary: `Docker ${engine.version} on ${engine.operatingSystem} (${deps.docker.description}).`, facts },
    };
  } catch (error) {
    const appError = error instanceof AppError ? error : new AppError('DOCKER_NOT_RUNNING', String(error));
    return {
      outcome: { ok: false, error: appError },
      finding: {
        ...base,
        status: 'fail',
        code: 'DOCKER_NOT_RUNNING',
        summary: `No Docker engine answers at ${deps.docker.description}.`,
        advice: deps.docker.hint ? `${appError.message} ${deps.docker.hint}` : appError.message,
        facts: { endpoint: deps.docker.description },
      },
    };
  }
}

export function checkDockerResources(outcome: EngineOutcome): DoctorFindingInfo {
  const base = { id: 'docker-resources', title: 'CPU and memory for containers' } as const;
  if (!outcome.ok) return { ...base, status: 'skipped', summary: 'Not checked: the Docker engine is not reachable.' };
  const { cpus, memoryBytes } = outcome.engine;
  const memory = `${(memoryBytes / GIB).toFixed(1)} GiB`;
  const facts = { cpus, memoryBytes };
  const problems: string[] = [];
  if (memoryBytes < MIN_MEMORY_BYTES) problems.push(`only ${memory} of memory (Istio's demo profile, the addons and Bookinfo need about 6 GiB)`);
  if (cpus < MIN_CPUS) problems.push(`only ${cpus} CPU`);
  if (problems.length > 0) {
    return {
      ...base,
      status: 'warn',
      summary: `Docker can use ${problems.join(' and ')}.`,
      advice: 'Give Docker more resources (Docker Desktop: Settings → Resources) or close other containers; pods may stay Pending otherwise.',
      facts,
    };
  }
  return { ...base, status: 'ok', summary: `Docker can use ${cpus} CPUs and ${memory} of memory.`, facts };
}

export async function checkInotify(deps: DoctorDeps): Promise<DoctorFindingInfo> {
  const base = { id: 'inotify', title: 'File watch limits (inotify)' } as const;
  if (deps.platform !== 'linux') {
    return { ...base, status: 'skipped', summary: 'Not needed here: Docker Desktop sets these limits inside its own VM.' };
  }
  const low: string[] = [];
  const facts: Record<string, number> = {};
  for (const [name, recommended] of Object.entries(RECOMMENDED_INOTIFY)) {
    try {
      const value = Number.parseInt(await deps.readTextFile(`/proc/sys/fs/inotify/${name}`), 10);
      facts[name] = value;
      if (value < recommended) low.push(`fs.inotify.${name}=${recommended}`);
    } catch {
      return { ...base, status: 'warn', summary: `Could not read /proc/sys/fs/inotify/${name}.`, advice: 'If pods fail with "too many open files", raise the inotify limits.' };
    }
  }
  if (low.length > 0) {
    return {
      ...base,
      status: 'warn',
      summary: `inotify limits are low (max_user_watches ${facts.max_user_watches}, max_user_instances ${facts.max_user_instances}); kind pods can fail with "too many open files".`,
      advice: `Raise them: \`sudo sysctl ${low.join(' ')}\``,
      facts,
    };
  }
  return { ...base, status: 'ok', summary: `inotify limits are high enough (max_user_watches ${facts.max_user_watches}, max_user_instances ${facts.max_user_instances}).`, facts };
}

export async function checkHostPorts(deps: DoctorDeps, kindNodes: KindNodeInfo[]): Promise<DoctorFindingInfo> {
  const base = { id: 'host-ports', title: 'Gateway ports on 127.0.0.1' } as const;
  const ours = new Set(kindNodes.filter((node) => node.cluster === (deps.labClusterName ?? LAB_CLUSTER_NAME)).flatMap((node) => node.ports.map((port) => port.hostPort)));
  const busy: number[] = [];
  for (const port of deps.ports) if (!ours.has(port) && !(await deps.isPortFree(port))) busy.push(port);
  const list = deps.ports.join(' and ');
  if (busy.length === 0) {
    const held = deps.ports.filter((port) => ours.has(port));
    return { ...base, status: 'ok', summary: held.length > 0 ? `Ports ${list} belong to the MeshDeck cluster.` : `Ports ${list} are free.` };
  }
  const suggestions: string[] = [];
  const taken = new Set([...deps.ports, ...ours]);
  for (const port of busy) {
    const free = await nextFreePort(deps, port, taken);
    if (free !== undefined) {
      taken.add(free);
      suggestions.push(`${port} → ${free}`);
    }
  }
  return {
    ...base,
    status: 'warn',
    code: 'PORT_IN_USE',
    summary: `Port${busy.length > 1 ? 's' : ''} ${busy.join(' and ')} ${busy.length > 1 ? 'are' : 'is'} already in use on 127.0.0.1.`,
    advice: suggestions.length > 0 ? `Stop what uses ${busy.length > 1 ? 'them' : 'it'}, or let the lab use free ports instead (${suggestions.join(', ')}).` : 'Stop what uses them, or pick other ports for the lab.',
    facts: { busy: busy.join(','), suggested: suggestions.join(',') },
  };
}

async function nextFreePort(deps: DoctorDeps, from: number, taken: Set<number>): Promise<number | undefined> {
  for (let port = from + 1; port <= Math.min(65535, from + 100); port++) {
    if (!taken.has(port) && (await deps.isPortFree(port))) return port;
  }
  return undefined;
}

export function checkKindClusters(outcome: EngineOutcome, nodes: KindNodeInfo[] | AppError): DoctorFindingInfo {
  const base = { id: 'kind-clusters', title: 'Existing kind clusters' } as const;
  if (!outcome.ok) return { ...base, status: 'skipped', summary: 'Not checked: the Docker engine is not reachable.' };
  if (nodes instanceof AppError) return { ...base, status: 'warn', summary: 'Could not list containers.', advice: nodes.message };
  if (nodes.length === 0) return { ...base, status: 'ok', summary: 'No kind clusters yet.' };
  const clusters = new Map<string, KindNodeInfo[]>();
  for (const node of nodes) clusters.set(node.cluster, [...(clusters.get(node.cluster) ?? []), node]);
  const describe = [...clusters].map(([name, members]) => `${name} (${members.length} node${members.length > 1 ? 's' : ''}, ${members.every((m) => m.state === 'running') ? 'running' : 'stopped'})`);
  const lab = clusters.get(LAB_CLUSTER_NAME);
  if (lab && lab.some((node) => node.state !== 'running')) {
    return {
      ...base,
      status: 'warn',
      summary: `Found ${describe.join(', ')}. The MeshDeck cluster's nodes are not all running.`,
      advice: `kind clusters often do not come back after Docker restarts: delete it with \`kind delete cluster --name ${LAB_CLUSTER_NAME}\` and set the lab up again.`,
    };
  }
  return { ...base, status: 'ok', summary: `Found ${describe.join(', ')}.`, facts: { clusters: [...clusters.keys()].join(',') } };
}

interface ToolSpec {
  id: 'kind' | 'istioctl';
  title: string;
  pinned: string;
  candidates: string[];
  versionArgs: string[];
  asset: ReleaseAsset | undefined;
}

export function toolSpecs(deps: DoctorDeps): ToolSpec[] {
  const os = hostOs(deps.platform);
  const arch = hostArch(deps.arch);
  return [
    {
      id: 'kind',
      title: 'kind',
      pinned: KIND_VERSION,
      candidates: [cachedKindPath(deps.dataDir, deps.platform), 'kind'],
      versionArgs: ['version'],
      asset: os && arch ? kindAsset(os, arch, deps.mirror) : undefined,
    },
    {
      id: 'istioctl',
      title: 'istioctl',
      pinned: DEFAULT_ISTIO_VERSION,
      candidates: [cachedIstioctlPath(deps.dataDir, DEFAULT_ISTIO_VERSION, deps.platform), 'istioctl'],
      versionArgs: ['version', '--remote=false'],
      asset: os && arch ? istioAsset(DEFAULT_ISTIO_VERSION, os, arch, deps.mirror) : undefined,
    },
  ];
}

export async function checkTool(deps: DoctorDeps, spec: ToolSpec, signal: AbortSignal): Promise<DoctorFindingInfo> {
  const base = { id: spec.id, title: spec.title } as const;
  const found = await deps.findExecutable(spec.candidates);
  if (found) {
    let output: string;
    try {
      output = await deps.readVersion(found, spec.versionArgs, signal);
    } catch (error) {
      return { ...base, status: 'warn', summary: `${found} does not run.`, advice: `${error instanceof Error ? error.message : String(error)} Remove it from PATH or replace it with a working ${spec.title}.` };
    }
    const version = /v?\d+\.\d+\.\d+/.exec(output)?.[0] ?? 'unknown version';
    if (version.replace(/^v/, '') === spec.pinned.replace(/^v/, '')) {
      return { ...base, status: 'ok', summary: `${spec.title} ${version} at ${found}.`, facts: { path: found, version } };
    }
    return {
      ...base,
      status: 'ok',
      summary: `${spec.title} ${version} at ${found}; MeshDeck uses ${spec.pinned} and downloads it when needed.`,
      facts: { path: found, version },
    };
  }
  if (!spec.asset) {
    return { ...base, status: 'fail', summary: `No ${spec.title} ${spec.pinned} build exists for ${deps.platform}/${deps.arch}.`, advice: `Install ${spec.title} ${spec.pinned} yourself and put it on PATH.` };
  }
  const probe = await deps.probeUrl(spec.asset.checksumUrl, signal);
  if (probe.reachable) {
    return { ...base, status: 'ok', summary: `${spec.title} ${spec.pinned} will be downloaded and verified on first use.`, facts: { url: spec.asset.url } };
  }
  return {
    ...base,
    status: 'warn',
    summary: `${spec.title} is not installed and ${new URL(spec.asset.url).host} cannot be reached (${probe.detail}).`,
    advice: `Connect to the internet, set MESHDECK_MIRROR to a mirror that has ${spec.asset.fileName}, or install ${spec.title} ${spec.pinned} yourself and put it on PATH.`,
    facts: { url: spec.asset.url },
  };
}

export async function readKindNodes(deps: DoctorDeps, outcome: EngineOutcome): Promise<KindNodeInfo[] | AppError> {
  if (!outcome.ok) return [];
  try {
    return await listKindNodes(deps.docker.client, deps.docker.description);
  } catch (error) {
    return error instanceof AppError ? error : new AppError('DOCKER_NOT_RUNNING', String(error));
  }
}
