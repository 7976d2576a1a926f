// The Logs section's state: which namespace, target (a pod or a workload) and container, the
// stream options, the remembered viewer settings and what the open stream has shown so far. A
// pure reducer in the shared store shape; the shells are their own store (shells-store.ts).
// `openLogs` is the one action other screens call to show a pod's or workload's logs from
// wherever they list it.
// The terminal and the stream itself live in the view; they report here through actions.

import type { AppErrorInfo, Client, ContainerInfo, LogBatchInfo, LogOpenRequest, LogPodInfo, LogTargetsInfo } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';
import { loadLogSettings, saveLogSettings, sinceSeconds, tailLines, type LogSettings, type SettingsStorage } from '../model/log-settings';
import { showSection } from './app-store';
import { shellsStore, type ShellTarget, type ShellsStore } from './shells-store';
import { createReducerStore, useStoreState, type ReducerStore, type StoreConnection } from './reducer-store';

export type TargetsView =
  | { kind: 'unknown' }
  | { kind: 'loading'; targets: LogTargetsInfo | null }
  | { kind: 'loaded'; targets: LogTargetsInfo }
  | { kind: 'error'; error: AppErrorInfo; targets: LogTargetsInfo | null };

export type StreamPhase = 'idle' | 'opening' | 'open' | 'ended' | 'failed';

export interface StreamView {
  phase: StreamPhase;
  streamId: string | null;
  sources: number;
  /** Log lines written to the terminal since the stream opened. */
  lines: number;
  /** Lines the core dropped because the viewer fell behind. */
  dropped: number;
  /** Lines received while paused, not written yet. */
  held: number;
  ended: NonNullable<LogBatchInfo['ended']> | null;
  error: AppErrorInfo | null;
}

/** Why the viewer stopped following: the user scrolled up, or pressed Pause. */
export type PauseReason = 'scroll' | 'user';

export interface LogsState {
  /** null until the core names its default (the namespace Bookinfo runs in). */
  namespace: string | null;
  targets: TargetsView;
  /** `pod/NAME` or a workload ref such as `deploy/NAME`. */
  target: string | null;
  container: string | null;
  follow: boolean;
  previous: boolean;
  settings: LogSettings;
  /** Bumped to open the same stream again (opened from elsewhere, Reopen, after a reconnect). */
  generation: number;
  stream: StreamView;
  paused: PauseReason | null;
}

export interface OpenLogsRequest {
  namespace?: string;
  /** A pod name, `pod/NAME`, or a workload such as `deploy/NAME`. */
  target: string;
  container?: string;
}

export type LogsAction =
  | { type: 'namespace-chosen'; namespace: string }
  | { type: 'targets-requested'; namespace: string | null }
  | { type: 'targets-loaded'; targets: LogTargetsInfo }
  | { type: 'targets-failed'; namespace: string | null; error: AppErrorInfo }
  | { type: 'target-chosen'; target: string }
  | { type: 'container-chosen'; container: string }
  | { type: 'option-changed'; follow?: boolean; previous?: boolean }
  | { type: 'settings-changed'; settings: Partial<LogSettings> }
  | { type: 'open-requested'; request: OpenLogsRequest }
  | { type: 'reopen' }
  | { type: 'stream-opening' }
  | { type: 'stream-opened'; streamId: string; sources: number }
  | { type: 'batch-written'; lines: number; dropped: number; sources: number }
  | { type: 'held'; lines: number }
  | { type: 'stream-ended'; ended: NonNullable<LogBatchInfo['ended']> }
  | { type: 'stream-failed'; error: AppErrorInfo }
  | { type: 'paused'; reason: PauseReason }
  | { type: 'resumed' };

const IDLE_STREAM: StreamView = Object.freeze({ phase: 'idle', streamId: null, sources: 0, lines: 0, dropped: 0, held: 0, ended: null, error: null });

export function initialLogsState(settings: LogSettings): LogsState {
  return {
    namespace: null,
    targets: { kind: 'unknown' },
    target: null,
    container: null,
    follow: true,
    previous: false,
    settings,
    generation: 0,
    stream: IDLE_STREAM,
    paused: null,
  };
}

/** `NAME`, `po/NAME`, `pods/NAME` → `pod/NAME`; `deployment/NAME` → `deploy/NAME`; the rest as given. */
export function normalizeTarget(target: string): string {
  const slash = target.indexOf('/');
  if (slash === -1) return `pod/${target}`;
  const kind = target.slice(0, slash);
  const name = target.slice(slash + 1);
  if (kind === 'po' || kind === 'pods' || kind === 'pod') return `pod/${name}`;
  if (kind === 'deployment' || kind === 'deployments') return `deploy/${name}`;
  if (kind === 'statefulset') return `sts/${name}`;
  if (kind === 'daemonset') return `ds/${name}`;
  return target;
}

export function knownTargets(state: LogsState): LogTargetsInfo | null {
  const view = state.targets;
  return view.kind === 'loaded' ? view.targets : view.kind === 'loading' || view.kind === 'error' ? view.targets : null;
}

/** The pods behind a target: the pod itself, or every pod of the workload. */
export function podsOf(targets: LogTargetsInfo | null, target: string | null): LogPodInfo[] {
  if (!targets || !target) return [];
  if (target.startsWith('pod/')) {
    const pod = targets.pods.find((candidate) => candidate.name === target.slice(4));
    return pod ? [pod] : [];
  }
  const workload = targets.workloads.find((candidate) => candidate.ref === target);
  const names = new Set(workload?.pods ?? []);
  return targets.pods.filter((pod) => names.has(pod.name) || pod.workload === target);
}

/** The containers to pick from: those of the pod, or all container names across a workload's pods. */
export function containersOf(targets: LogTargetsInfo | null, target: string | null): ContainerInfo[] {
  const byName = new Map<string, ContainerInfo>();
  for (const pod of podsOf(targets, target)) {
    for (const container of pod.containers) {
      const known = byName.get(container.name);
      byName.set(
        container.name,
        known
          ? { ...known, restartCount: Math.max(known.restartCount, container.restartCount), hasPrevious: known.hasPrevious || container.hasPrevious }
          : container,
      );
    }
  }
  return [...byName.values()];
}

/** A new array on every call: in components, derive it from stable slices (useMemo), not in a store selector. */
export function containerChoices(state: LogsState): ContainerInfo[] {
  return containersOf(knownTargets(state), state.target);
}

/** What kubectl would show: the first app container that is not the sidecar. */
export function defaultContainer(choices: readonly ContainerInfo[]): string | null {
  const apps = choices.filter((choice) => choice.kind === 'app');
  return (apps.find((choice) => !choice.sidecar) ?? apps[0] ?? choices[0])?.name ?? null;
}

/** `previous` makes sense only when the chosen container has a terminated instance to show. */
export function canShowPrevious(state: LogsState): boolean {
  const chosen = containerChoices(state).find((choice) => choice.name === state.container);
  return chosen !== undefined && (chosen.hasPrevious || chosen.restartCount > 0);
}

/** The default target of a namespace: Bookinfo's product page when there, else the first workload or pod. */
export function defaultTarget(targets: LogTargetsInfo): string | null {
  const product = targets.workloads.find((workload) => workload.ref === 'deploy/productpage-v1');
  const first = product ?? targets.workloads[0];
  if (first) return first.ref;
  return targets.pods[0] ? `pod/${targets.pods[0].name}` : null;
}

function withContainerFor(state: LogsState): LogsState {
  const choices = containerChoices(state);
  if (choices.length === 0) return state;
  const container = state.container !== null && choices.some((choice) => choice.name === state.container) ? state.container : defaultContainer(choices);
  const next = { ...state, container };
  return next.previous && !canShowPrevious(next) ? { ...next, previous: false } : next;
}

function targetsLoaded(state: LogsState, targets: LogTargetsInfo): LogsState {
  // An answer for a namespace the user has left is stale; with none chosen yet, the core's default is taken.
  if (state.namespace !== null && targets.namespace !== state.namespace) return state;
  let next: LogsState = { ...state, namespace: targets.namespace, targets: { kind: 'loaded', targets } };
  if (next.target === null) next = { ...next, target: defaultTarget(targets), container: null };
  // A container named by whoever opened the logs stays, even when the list does not know it (yet).
  if (next.container !== null && !containerChoices(next).some((choice) => choice.name === next.container)) return next;
  return withContainerFor(next);
}

export function reduceLogs(state: LogsState, action: LogsAction): LogsState {
  switch (action.type) {
    case 'namespace-chosen':
      if (action.namespace === state.namespace) return state;
      return { ...state, namespace: action.namespace, targets: { kind: 'unknown' }, target: null, container: null, previous: false };
    case 'targets-requested':
      if (action.namespace !== state.namespace) return state;
      return { ...state, targets: { kind: 'loading', targets: knownTargets(state) } };
    case 'targets-loaded':
      return targetsLoaded(state, action.targets);
    case 'targets-failed':
      if (action.namespace !== state.namespace) return state;
      return { ...state, targets: { kind: 'error', error: action.error, targets: knownTargets(state) } };
    case 'target-chosen':
      if (action.target === state.target) return state;
      return withContainerFor({ ...state, target: normalizeTarget(action.target), container: null, previous: false });
    case 'container-chosen': {
      const next = { ...state, container: action.container };
      return next.previous && !canShowPrevious(next) ? { ...next, previous: false } : next;
    }
    case 'option-changed': {
      const next = { ...state, follow: action.follow ?? state.follow, previous: action.previous ?? state.previous };
      return next.previous && !canShowPrevious(next) ? { ...next, previous: false } : next;
    }
    case 'settings-changed':
      return { ...state, settings: { ...state.settings, ...action.settings } };
    case 'open-requested': {
      const { request } = action;
      const namespace = request.namespace ?? state.namespace;
      const moved = namespace !== state.namespace;
      const next: LogsState = {
        ...state,
        namespace,
        targets: moved ? { kind: 'unknown' } : state.targets,
        target: normalizeTarget(request.target),
        container: request.container ?? null,
        previous: false,
        generation: state.generation + 1,
      };
      return request.container ? next : withContainerFor(next);
    }
    case 'reopen':
      return { ...state, generation: state.generation + 1 };
    case 'stream-opening':
      return { ...state, stream: { ...IDLE_STREAM, phase: 'opening' }, paused: null };
    case 'stream-opened':
      return { ...state, stream: { ...state.stream, phase: 'open', streamId: action.streamId, sources: action.sources } };
    case 'batch-written':
      return { ...state, stream: { ...state.stream, lines: state.stream.lines + action.lines, dropped: state.stream.dropped + action.dropped, sources: action.sources } };
    case 'held':
      return action.lines === state.stream.held ? state : { ...state, stream: { ...state.stream, held: action.lines } };
    case 'stream-ended':
      return { ...state, stream: { ...state.stream, phase: 'ended', ended: action.ended } };
    case 'stream-failed':
      return { ...state, stream: { ...state.stream, phase: 'failed', error: action.error } };
    case 'paused':
      return state.paused ? state : { ...state, paused: action.reason };
    case 'resumed':
      return state.paused ? { ...state, paused: null } : state;
  }
}

/** Whether targets were read at least once (or could not be): only then is the container known well enough to open a stream. */
function targetsSettled(state: LogsState): boolean {
  return state.targets.kind === 'loaded' || state.targets.kind === 'error' || (state.targets.kind === 'loading' && state.targets.targets !== null);
}

/** The `logs.open` request for the current choices, or null while there is nothing to open yet. */
export function logRequest(state: LogsState): LogOpenRequest | null {
  if (!state.target || !targetsSettled(state)) return null;
  const request: LogOpenRequest = { target: state.target, follow: state.follow, timestamps: state.settings.timestamps };
  if (state.namespace !== null) request.namespace = state.namespace;
  if (state.container) request.container = state.container;
  const tail = tailLines(state.settings.tail);
  if (tail !== undefined) request.tailLines = tail;
  const since = sinceSeconds(state.settings.since);
  if (since !== undefined) request.sinceSeconds = since;
  if (state.previous) request.previous = true;
  return request;
}

/** Changes whenever the stream must be opened again: other choices, or a new generation. */
export function streamKey(state: LogsState): string | null {
  const request = logRequest(state);
  return request ? `${state.generation}:${JSON.stringify(request)}` : null;
}

/** Where a shell would open: the pod itself, or the first running pod of the workload, in the chosen container. */
export function shellTargetOf(targets: LogTargetsInfo | null, target: string | null, chosen: string | null): ShellTarget | null {
  const pods = podsOf(targets, target);
  const pod = pods.find((candidate) => candidate.phase === 'Running' && candidate.ready) ?? pods.find((candidate) => candidate.phase === 'Running') ?? pods[0];
  if (!pod) return null;
  const container = chosen && pod.containers.some((candidate) => candidate.name === chosen) ? chosen : defaultContainer(pod.containers);
  return container ? { pod: pod.name, container } : null;
}

export function shellTarget(state: LogsState): ShellTarget | null {
  return shellTargetOf(knownTargets(state), state.target, state.container);
}

export type LogsStore = ReducerStore<LogsState, LogsAction>;

export function createLogsStore(storage?: SettingsStorage): LogsStore {
  const store = createReducerStore(reduceLogs, initialLogsState(loadLogSettings(storage)));
  if (storage) {
    store.subscribe((now, before) => {
      if (now.state.settings !== before.state.settings) saveLogSettings(storage, now.state.settings);
    });
  }
  return store;
}

type TargetsClient = Pick<Client, 'call'>;

/** Reads the pods and workloads of the chosen namespace (the core's default until one is chosen); never throws. */
export async function loadLogTargets(client: TargetsClient, store: LogsStore): Promise<void> {
  const namespace = store.getState().state.namespace;
  const { dispatch } = store.getState();
  dispatch({ type: 'targets-requested', namespace });
  try {
    dispatch({ type: 'targets-loaded', targets: await client.call('logs.targets', namespace === null ? {} : { namespace }) });
  } catch (error) {
    dispatch({ type: 'targets-failed', namespace, error: toErrorInfo(error) });
  }
}

/**
 * The log stream carries its own events (stream-session.ts). After a reconnect the core
 * has ended this page's streams: the pods are read again (if they were read at all) and the log
 * stream is opened again.
 */
export function connectLogsStore(client: TargetsClient, store: LogsStore): StoreConnection {
  return {
    async refresh() {
      store.getState().dispatch({ type: 'reopen' });
      if (store.getState().state.targets.kind !== 'unknown') await loadLogTargets(client, store);
    },
    disconnect: () => undefined,
  };
}

function browserStorage(): SettingsStorage | undefined {
  try {
    return typeof globalThis.localStorage === 'undefined' ? undefined : globalThis.localStorage;
  } catch {
    // Some browsers throw on access when storage is disabled.
    return undefined;
  }
}

export const logsStore = createLogsStore(browserStorage());

export function useLogsState<T>(select: (state: LogsState) => T): T {
  return useStoreState(logsStore, select);
}

/** The views' one way to act on the Logs section's state. */
export function dispatchLogs(action: LogsAction): void {
  logsStore.getState().dispatch(action);
}

/** Shows the Logs section: the address follows, so reload and back keep the place. */
function showLogsSection(): void {
  const location = typeof window === 'undefined' ? undefined : window.location;
  if (location && location.hash !== '#/logs') location.hash = '#/logs';
  showSection('logs');
}

/**
 * Opens the logs of a pod or workload from anywhere (Setup's lab card, Traffic's versions):
 * switches to the Logs section, shows the log (open shells stay in their tabs) and (re)opens
 * the stream for it.
 */
export function openLogs(request: OpenLogsRequest, store: LogsStore = logsStore, navigate: () => void = showLogsSection, shells: ShellsStore = shellsStore): void {
  store.getState().dispatch({ type: 'open-requested', request });
  shells.getState().dispatch({ type: 'tab-shown', id: null });
  navigate();
}
