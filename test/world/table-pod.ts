// The Table row of a pod as kube-apiserver prints it (printPod in kubernetes'
// pkg/printers/internalversion/printers.go): READY counts restartable init containers (native
// sidecars), STATUS walks init containers first, then the others from last to first, and
// RESTARTS says how long ago the last one was.
import type { KubeObject } from './store.js';
import type { Cell } from './table.js';
import { humanDuration, since } from './table-time.js';

interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; running?: unknown; terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string } };
  lastState?: { terminated?: { finishedAt?: string } };
}

interface PodSpec {
  containers?: unknown[];
  initContainers?: { name: string; restartPolicy?: string }[];
  nodeName?: string;
  readinessGates?: { conditionType: string }[];
}

interface PodStatus {
  phase?: string;
  reason?: string;
  conditions?: { type: string; status: string; reason?: string }[];
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  podIPs?: { ip: string }[];
  nominatedNodeName?: string;
}

/** What the walk over a pod's containers has found so far. */
interface PodTally {
  reason: string;
  restarts: number;
  lastRestart: number;
  readyContainers: number;
  restartableRestarts: number;
  lastRestartableRestart: number;
}

const finishedAt = (c: ContainerStatus): number => Date.parse(c.lastState?.terminated?.finishedAt ?? '') || 0;

/** Init containers in order; true while the pod is still initializing (the reason says where). */
function tallyInitContainers(spec: PodSpec, status: PodStatus, tally: PodTally): boolean {
  const initSpecs = new Map((spec.initContainers ?? []).map((c) => [c.name, c]));
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    if (!c) continue;
    tally.restarts += c.restartCount ?? 0;
    tally.lastRestart = Math.max(tally.lastRestart, finishedAt(c));
    const restartable = initSpecs.get(c.name)?.restartPolicy === 'Always';
    if (restartable) {
      tally.restartableRestarts += c.restartCount ?? 0;
      tally.lastRestartableRestart = Math.max(tally.lastRestartableRestart, finishedAt(c));
    }
    const terminated = c.state?.terminated;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && c.started) {
      if (c.ready) tally.readyContainers++;
      continue;
    }
    if (terminated) {
      tally.reason = terminated.reason ? `Init:${terminated.reason}` : terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      tally.reason = `Init:${c.state.waiting.reason}`;
    } else {
      tally.reason = `Init:${i}/${spec.initContainers?.length ?? 0}`;
    }
    return true;
  }
  return false;
}

/** The app containers, last to first, as printPod walks them; restarts then count only restartable init containers. */
function tallyContainers(status: PodStatus, tally: PodTally): void {
  tally.restarts = tally.restartableRestarts;
  tally.lastRestart = tally.lastRestartableRestart;
  let hasRunning = false;
  const statuses = status.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    if (!c) continue;
    tally.restarts += c.restartCount ?? 0;
    tally.lastRestart = Math.max(tally.lastRestart, finishedAt(c));
    const waiting = c.state?.waiting;
    const terminated = c.state?.terminated;
    if (waiting?.reason) tally.reason = waiting.reason;
    else if (terminated?.reason) tally.reason = terminated.reason;
    else if (terminated) tally.reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
    else if (c.ready && c.state?.running) {
      hasRunning = true;
      tally.readyContainers++;
    }
  }
  if (tally.reason === 'Completed' && hasRunning) {
    tally.reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
}

function readinessGates(spec: PodSpec, status: PodStatus): string {
  const gates = spec.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const trueCount = gates.filter((g) => (status.conditions ?? []).some((c) => c.type === g.conditionType && c.status === 'True')).length;
  return `${trueCount}/${gates.length}`;
}

export function podCells(pod: KubeObject, now: number): Cell[] {
  const spec = (pod['spec'] ?? {}) as PodSpec;
  const status = (pod['status'] ?? {}) as PodStatus;
  const tally: PodTally = { reason: status.reason || status.phase || '', restarts: 0, lastRestart: 0, readyContainers: 0, restartableRestarts: 0, lastRestartableRestart: 0 };
  for (const c of status.conditions ?? []) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') tally.reason = 'SchedulingGated';
  const totalContainers = (spec.containers?.length ?? 0) + (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').length;
  const initializing = tallyInitContainers(spec, status, tally);
  const initializedTrue = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) tallyContainers(status, tally);
  const phase = status.phase ?? '';
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') tally.reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') tally.reason = 'Terminating';
  const restartText = tally.restarts !== 0 && tally.lastRestart > 0 ? `${tally.restarts} (${humanDuration(now - tally.lastRestart)} ago)` : String(tally.restarts);
  return [
    pod.metadata.name ?? '',
    `${tally.readyContainers}/${totalContainers}`,
    tally.reason,
    restartText,
    since(pod.metadata.creationTimestamp, now),
    status.podIPs?.[0]?.ip || '<none>',
    spec.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    readinessGates(spec, status),
  ];
}
