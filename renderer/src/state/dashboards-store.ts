// The Dashboards screen's state: the core's health report, which tab and view are open, the split
// view, the repair task it started, and (desktop) what each native pane last reported. A pure
// reducer in the shared store shape; the flows that call the core take the client and the store
// as parameters, so tests hand in fakes, and `connectDashboardsStore` is how events reach it.

import type { AppErrorInfo, Client, DashboardName, DashboardPaneInfo, DashboardsHealthInfo, TaskId, TaskInfo } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';
import { createReducerStore, useStoreState, type ReducerStore, type StoreConnection } from './reducer-store';
import { followNamedTask } from './task-follow';

export type HealthView =
  | { kind: 'unknown' }
  | { kind: 'loading'; last: DashboardsHealthInfo | null }
  | { kind: 'loaded'; info: DashboardsHealthInfo }
  | { kind: 'error'; error: AppErrorInfo; last: DashboardsHealthInfo | null };

export type RepairView = { kind: 'idle' } | { kind: 'requesting' } | { kind: 'running'; taskId: TaskId; task: TaskInfo | null } | { kind: 'failed'; error: AppErrorInfo } | { kind: 'done' };

/** The dashboards the split view can put beside the Traffic controls. */
export const SPLIT_DASHBOARDS = ['kiali', 'grafana'] as const satisfies readonly DashboardName[];
export type SplitDashboard = (typeof SPLIT_DASHBOARDS)[number];

export interface DashboardsState {
  health: HealthView;
  active: DashboardName;
  /** The view chosen per dashboard (its id); absent means the entry point. */
  views: Partial<Record<DashboardName, string>>;
  split: boolean;
  splitDashboard: SplitDashboard;
  repair: RepairView;
  /** Desktop panes as main last reported them. */
  panes: Partial<Record<DashboardName, DashboardPaneInfo>>;
  /** Why the last pane call failed (desktop). */
  paneError: AppErrorInfo | null;
}

export type DashboardsAction =
  | { type: 'health-requested' }
  | { type: 'health-loaded'; info: DashboardsHealthInfo }
  | { type: 'health-failed'; error: AppErrorInfo }
  | { type: 'tab-chosen'; name: DashboardName }
  | { type: 'view-chosen'; name: DashboardName; view: string }
  | { type: 'split-toggled'; split: boolean }
  | { type: 'split-dashboard-chosen'; name: SplitDashboard }
  | { type: 'repair-requested' }
  | { type: 'repair-started'; taskId: TaskId }
  | { type: 'repair-refused'; error: AppErrorInfo }
  | { type: 'task-updated'; task: TaskInfo }
  | { type: 'pane-reported'; pane: DashboardPaneInfo }
  | { type: 'pane-failed'; error: AppErrorInfo };

export const initialDashboardsState: DashboardsState = {
  health: { kind: 'unknown' },
  active: 'kiali',
  views: {},
  split: false,
  splitDashboard: 'kiali',
  repair: { kind: 'idle' },
  panes: {},
  paneError: null,
};

function lastReport(health: HealthView): DashboardsHealthInfo | null {
  if (health.kind === 'loaded') return health.info;
  return health.kind === 'loading' || health.kind === 'error' ? health.last : null;
}

export function reduceDashboards(state: DashboardsState, action: DashboardsAction): DashboardsState {
  switch (action.type) {
    case 'health-requested':
      return { ...state, health: { kind: 'loading', last: lastReport(state.health) } };
    case 'health-loaded':
      return { ...state, health: { kind: 'loaded', info: action.info } };
    case 'health-failed':
      return { ...state, health: { kind: 'error', error: action.error, last: lastReport(state.health) } };
    case 'tab-chosen':
      return { ...state, active: action.name };
    case 'view-chosen':
      return { ...state, views: { ...state.views, [action.name]: action.view } };
    case 'split-toggled':
      return { ...state, split: action.split };
    case 'split-dashboard-chosen':
      return { ...state, splitDashboard: action.name };
    case 'repair-requested':
      return { ...state, repair: { kind: 'requesting' } };
    case 'repair-started':
      // Events may have brought the task before the call answered.
      return state.repair.kind === 'running' && state.repair.taskId === action.taskId ? state : { ...state, repair: { kind: 'running', taskId: action.taskId, task: null } };
    case 'repair-refused':
      return { ...state, repair: { kind: 'failed', error: action.error } };
    case 'task-updated': {
      const { repair } = state;
      if (repair.kind !== 'running' || repair.taskId !== action.task.id) return state;
      if (action.task.state === 'running') return { ...state, repair: { ...repair, task: action.task } };
      if (action.task.state === 'succeeded') return { ...state, repair: { kind: 'done' } };
      return { ...state, repair: { kind: 'failed', error: action.task.error ?? { code: 'CANCELLED', message: 'The repair was cancelled.' } } };
    }
    case 'pane-reported':
      return { ...state, panes: { ...state.panes, [action.pane.name]: action.pane }, paneError: null };
    case 'pane-failed':
      return { ...state, paneError: action.error };
  }
}

/** The report shown: the newest one, kept while it is read again. */
export function shownReport(state: DashboardsState): DashboardsHealthInfo | null {
  return lastReport(state.health);
}

export function isRepairing(state: DashboardsState): boolean {
  return state.repair.kind === 'requesting' || state.repair.kind === 'running';
}

export type DashboardsStore = ReducerStore<DashboardsState, DashboardsAction>;

export function createDashboardsStore(initial: DashboardsState = initialDashboardsState): DashboardsStore {
  return createReducerStore(reduceDashboards, initial);
}

/**
 * Events reach the store here: the repair task it started is followed to its end, and when any
 * lab-up ends the dashboards may have changed, so a report already shown is read again.
 */
export function connectDashboardsStore(client: Pick<Client, 'call' | 'on'>, store: DashboardsStore): StoreConnection {
  const known = () => store.getState().state.health.kind !== 'unknown';
  const follow = followNamedTask(client, store, ({ state }) => (state.repair.kind === 'running' ? state.repair.taskId : null), {
    update: (task) => store.getState().dispatch({ type: 'task-updated', task }),
  });
  const offLabEnds = client.on('task:update', (task) => {
    if (task.kind === 'lab-up' && task.state !== 'running' && known()) void loadDashboardsHealth(client, store);
  });
  return {
    async refresh() {
      await follow.resync();
      if (known()) await loadDashboardsHealth(client, store);
    },
    disconnect() {
      offLabEnds();
      follow.stop();
    },
  };
}

type DashboardsClient = Pick<Client, 'call'>;

/** Asks the core how each dashboard is; never throws. */
export async function loadDashboardsHealth(client: DashboardsClient, store: DashboardsStore): Promise<void> {
  const { dispatch } = store.getState();
  if (store.getState().state.health.kind === 'loading') return;
  dispatch({ type: 'health-requested' });
  try {
    dispatch({ type: 'health-loaded', info: await client.call('dashboards.health', {}) });
  } catch (error) {
    dispatch({ type: 'health-failed', error: toErrorInfo(error) });
  }
}

/** Runs the plan again for the remembered lab; the store's connection follows that task. Never throws. */
export async function repairDashboards(client: DashboardsClient, store: DashboardsStore): Promise<void> {
  const { dispatch } = store.getState();
  if (isRepairing(store.getState().state)) return;
  dispatch({ type: 'repair-requested' });
  try {
    const { taskId } = await client.call('dashboards.repair', {});
    dispatch({ type: 'repair-started', taskId });
  } catch (error) {
    dispatch({ type: 'repair-refused', error: toErrorInfo(error) });
  }
}

export const dashboardsStore = createDashboardsStore();

export function useDashboardsState<T>(select: (state: DashboardsState) => T): T {
  return useStoreState(dashboardsStore, select);
}
