// The Traffic screen's generator state: the rate and duration to send with, the run shown (and
// whether this screen started it, so it stops it when the screen closes), and its windows. A
// pure reducer in the shared store shape; the flows take the client and the store, and
// `connectGeneratorStore` is how the core's run and window events reach it.

import type { AppErrorInfo, Client, GeneratorRunInfo, TrafficWindowInfo } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';
import { KEPT_WINDOWS } from '../model/split-series';
import { createReducerStore, useStoreState, type ReducerStore, type StoreConnection } from './reducer-store';

export interface GeneratorSettings {
  rps: number;
  durationSeconds: number;
  /** Through the ingress gateway from the host, or from the curl client pod inside the cluster. */
  from?: 'gateway' | 'curl';
  /** The curl pod's namespace (blank: Bookinfo's). */
  clientNamespace?: string;
}

export const DEFAULT_RPS = 5;
export const MAX_RPS = 200;
export const DEFAULT_DURATION_SECONDS = 60;
export const MAX_DURATION_SECONDS = 3600;

export interface GeneratorState {
  settings: GeneratorSettings;
  /** The run shown, and whether this screen started it (then it stops it on close). */
  run: GeneratorRunInfo | null;
  ownRun: boolean;
  runRequest: 'starting' | 'stopping' | null;
  runError: AppErrorInfo | null;
  windows: TrafficWindowInfo[];
}

export type GeneratorAction =
  | { type: 'settings-changed'; settings: Partial<GeneratorSettings> }
  | { type: 'run-requested' }
  | { type: 'run-started'; run: GeneratorRunInfo }
  | { type: 'run-refused'; error: AppErrorInfo }
  | { type: 'stop-requested' }
  | { type: 'stop-failed'; error: AppErrorInfo }
  | { type: 'run-updated'; run: GeneratorRunInfo }
  | { type: 'window-received'; window: TrafficWindowInfo };

export const initialGeneratorState: GeneratorState = {
  settings: { rps: DEFAULT_RPS, durationSeconds: DEFAULT_DURATION_SECONDS },
  run: null,
  ownRun: false,
  runRequest: null,
  runError: null,
  windows: [],
};

function followRun(state: GeneratorState, run: GeneratorRunInfo, own: boolean): GeneratorState {
  if (state.run?.runId === run.runId) return { ...state, run: newer(state.run, run), ownRun: state.ownRun || own };
  return { ...state, run, ownRun: own, windows: [] };
}

/** A finished run never goes back to running: a late "running" snapshot is stale. */
function newer(known: GeneratorRunInfo, incoming: GeneratorRunInfo): GeneratorRunInfo {
  if (known.state !== 'running' && incoming.state === 'running') return known;
  return incoming;
}

export function reduceGenerator(state: GeneratorState, action: GeneratorAction): GeneratorState {
  switch (action.type) {
    case 'settings-changed':
      return { ...state, settings: { ...state.settings, ...action.settings } };
    case 'run-requested':
      return { ...state, runRequest: 'starting', runError: null };
    case 'run-started':
      return { ...followRun(state, action.run, true), runRequest: null };
    case 'run-refused':
      return { ...state, runRequest: null, runError: action.error };
    case 'stop-requested':
      return { ...state, runRequest: 'stopping', runError: null };
    case 'stop-failed':
      return { ...state, runRequest: null, runError: action.error };
    case 'run-updated': {
      const { run } = action;
      if (state.run?.runId === run.runId) {
        const updated = newer(state.run, run);
        return { ...state, run: updated, runRequest: updated.state === 'running' ? state.runRequest : null };
      }
      // A run started elsewhere (the CLI, another window) is shown too, unless this screen is
      // waiting for its own start to be answered or follows a run that is still going.
      if (run.state === 'running' && state.runRequest !== 'starting' && state.run?.state !== 'running') return followRun(state, run, false);
      return state;
    }
    case 'window-received': {
      if (state.run?.runId !== action.window.runId) return state;
      const last = state.windows.at(-1);
      if (last && action.window.at <= last.at) return state;
      const windows = [...state.windows, action.window].slice(-KEPT_WINDOWS);
      return { ...state, windows, run: { ...state.run, totals: action.window.totals } };
    }
  }
}

export function isRunning(state: GeneratorState): boolean {
  return state.run?.state === 'running';
}

export type GeneratorStore = ReducerStore<GeneratorState, GeneratorAction>;

export function createGeneratorStore(initial: GeneratorState = initialGeneratorState): GeneratorStore {
  return createReducerStore(reduceGenerator, initial);
}

export const generatorStore = createGeneratorStore();

export function useGeneratorState<T>(select: (state: GeneratorState) => T): T {
  return useStoreState(generatorStore, select);
}

type GeneratorClient = Pick<Client, 'call'>;

/** The core's run and window events reach the store here; after a reconnect the runs are read again. */
export function connectGeneratorStore(client: Pick<Client, 'call' | 'on'>, store: GeneratorStore): StoreConnection {
  const dispatch = (action: GeneratorAction) => store.getState().dispatch(action);
  const offWindow = client.on('traffic:window', (window) => dispatch({ type: 'window-received', window }));
  const offRun = client.on('traffic:run', (run) => dispatch({ type: 'run-updated', run }));
  return {
    refresh: () => resumeRuns(client, store),
    disconnect() {
      offWindow();
      offRun();
    },
  };
}

export function setGenerator(store: GeneratorStore, settings: Partial<GeneratorSettings>): void {
  store.getState().dispatch({ type: 'settings-changed', settings });
}

export async function startGenerator(client: GeneratorClient, store: GeneratorStore): Promise<void> {
  const { state, dispatch } = store.getState();
  if (state.runRequest || isRunning(state)) return;
  dispatch({ type: 'run-requested' });
  try {
    const { rps, durationSeconds, from, clientNamespace } = state.settings;
    const origin = from === 'curl' ? { from, ...(clientNamespace?.trim() ? { namespace: clientNamespace.trim() } : {}) } : {};
    dispatch({ type: 'run-started', run: await client.call('traffic.start', { rps, durationSeconds, ...origin }) });
  } catch (error) {
    dispatch({ type: 'run-refused', error: toErrorInfo(error) });
  }
}

export async function stopGenerator(client: GeneratorClient, store: GeneratorStore): Promise<void> {
  const { state, dispatch } = store.getState();
  const run = state.run;
  if (!run || run.state !== 'running') return;
  dispatch({ type: 'stop-requested' });
  try {
    dispatch({ type: 'run-updated', run: await client.call('traffic.stop', { runId: run.runId }) });
  } catch (error) {
    dispatch({ type: 'stop-failed', error: toErrorInfo(error) });
  }
}

/** Shows a run that is already going (started before this screen opened). */
export async function resumeRuns(client: GeneratorClient, store: GeneratorStore): Promise<void> {
  try {
    const runs = await client.call('traffic.runs', {});
    const running = runs.filter((run) => run.state === 'running').sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    if (running) store.getState().dispatch({ type: 'run-updated', run: running });
  } catch {
    // Listing is a nicety: a run started elsewhere still shows up with its next event.
  }
}

/** The screen closes: stops the run it started ("stops when the pane closes"). */
export async function stopOwnRun(client: GeneratorClient, store: GeneratorStore): Promise<void> {
  const { state, dispatch } = store.getState();
  if (!state.ownRun || state.run?.state !== 'running') return;
  try {
    dispatch({ type: 'run-updated', run: await client.call('traffic.stop', { runId: state.run.runId }) });
  } catch {
    // It may have finished meanwhile; its own event says so.
  }
}
