// The Setup screen's lab state: what `lab.status` says, the lab task this screen follows
// (lab-up or lab-down) with each step's log, the options of the last run (for Retry), the
// delete confirmation, and the user's kube contexts for the Options' picker. A pure reducer in
// the shared store shape; the flows that call the core take the client and the store as
// parameters, so tests hand in fakes, and `connectLabStore` is how task events reach it.

import type { AppErrorInfo, Client, KubeContextInfo, LabOptionsInfo, LabRemovalInfo, LabStatusInfo, PlanStepInfo, TaskId, TaskInfo, TaskLogInfo } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';
import { checkLabOptions, draftFromOptions, labSelector, type KubeContextsView } from '../model/lab-options';
import type { StepLogs } from '../model/step-logs';
import { isFinished, logsOf, withTaskLog, withTaskSnapshot, type TaskRecords } from '../model/task-records';
import { createReducerStore, useStoreState, type ReducerStore, type StoreConnection } from './reducer-store';
import { followNamedTask } from './task-follow';
import { followClusterWhilePresent } from './lab-follow';

export type LabTaskKind = 'lab-up' | 'lab-down';

/** What the core said about the lab, as far as this screen knows. */
export type LabStatusView =
  | { kind: 'unknown' }
  | { kind: 'loading' }
  | { kind: 'present'; status: LabStatusInfo }
  | { kind: 'absent' }
  | { kind: 'error'; error: AppErrorInfo };

export interface LabState {
  status: LabStatusView;
  /** The lab task this screen follows, once the core has named it. */
  currentTaskId: TaskId | null;
  /** A `lab.up` / `lab.down` call is on its way and has not been answered yet. */
  requesting: LabTaskKind | null;
  /** Why the last `lab.up` / `lab.down` could not start. */
  requestError: AppErrorInfo | null;
  /** Lab tasks heard about, by id: updates may arrive before the call answers. */
  tasks: TaskRecords;
  /** The options of the last `lab.up` from this screen; Retry sends them again. */
  lastOptions: LabOptionsInfo;
  /** The delete confirmation is open. */
  confirmingDelete: boolean;
  /** What down will remove and keep (`lab.removal`), read when the confirmation opens. */
  removal: LabRemovalInfo | null;
  /** The contexts of the user's kubeconfig (`kube.contexts`), read when the Options open. */
  contexts: KubeContextsView;
}

export type LabAction =
  | { type: 'status-requested' }
  | { type: 'status-loaded'; status: LabStatusInfo }
  | { type: 'status-failed'; error: AppErrorInfo }
  | { type: 'up-requested'; options: LabOptionsInfo }
  | { type: 'down-requested' }
  | { type: 'request-accepted'; taskId: TaskId }
  | { type: 'request-refused'; error: AppErrorInfo }
  | { type: 'task-updated'; task: TaskInfo }
  | { type: 'task-logged'; log: TaskLogInfo }
  | { type: 'delete-asked' }
  | { type: 'removal-loaded'; removal: LabRemovalInfo }
  | { type: 'delete-dismissed' }
  | { type: 'contexts-requested' }
  | { type: 'contexts-loaded'; contexts: KubeContextInfo[] }
  | { type: 'contexts-failed'; error: AppErrorInfo }
  /** The user made another lab current (the Setup screen's list): the card shows that one now. */
  | { type: 'lab-picked'; options: LabOptionsInfo };

export const initialLabState: LabState = {
  status: { kind: 'unknown' },
  currentTaskId: null,
  requesting: null,
  requestError: null,
  tasks: {},
  lastOptions: {},
  confirmingDelete: false,
  removal: null,
  contexts: { kind: 'unknown' },
};

/** How many lab tasks to remember (with their logs); older ones are of no use here. */
const KEPT_TASKS = 4;

export function isLabTask(task: TaskInfo): task is TaskInfo & { kind: LabTaskKind } {
  return task.kind === 'lab-up' || task.kind === 'lab-down';
}

/** What a finished task tells about the lab, if anything. */
function statusAfter(state: LabState, task: TaskInfo): LabStatusView {
  if (task.kind === 'lab-up' && task.state === 'succeeded' && task.result?.kind === 'lab') {
    return { kind: 'present', status: task.result.status };
  }
  if (task.kind === 'lab-down' && task.state === 'succeeded') return { kind: 'absent' };
  return state.status;
}

export function reduceLab(state: LabState, action: LabAction): LabState {
  switch (action.type) {
    case 'status-requested':
      // Keep what is shown while it is read again; only the first read shows "loading".
      return state.status.kind === 'unknown' || state.status.kind === 'error' ? { ...state, status: { kind: 'loading' } } : state;
    case 'status-loaded':
      return { ...state, status: action.status.exists ? { kind: 'present', status: action.status } : { kind: 'absent' } };
    case 'status-failed':
      // CLUSTER_NOT_FOUND is the ordinary answer when there is no lab yet.
      return { ...state, status: action.error.code === 'CLUSTER_NOT_FOUND' ? { kind: 'absent' } : { kind: 'error', error: action.error } };
    case 'up-requested':
      return { ...state, requesting: 'lab-up', requestError: null, lastOptions: action.options, confirmingDelete: false };
    case 'lab-picked':
      return { ...state, lastOptions: action.options, requestError: null, status: { kind: 'loading' } };
    case 'down-requested':
      return { ...state, requesting: 'lab-down', requestError: null, confirmingDelete: false };
    case 'request-accepted': {
      const next = { ...state, requesting: null, currentTaskId: action.taskId };
      const known = next.tasks[action.taskId];
      return known && isFinished(known.task) ? { ...next, status: statusAfter(next, known.task) } : next;
    }
    case 'request-refused':
      return { ...state, requesting: null, requestError: action.error };
    case 'task-updated': {
      const { task } = action;
      if (!isLabTask(task)) return state;
      const tasks = withTaskSnapshot(state.tasks, task, KEPT_TASKS, state.currentTaskId);
      if (tasks === state.tasks) return state;
      let next = { ...state, tasks };
      // A lab task started elsewhere (the CLI, another window, before a reload) is followed
      // too, unless this screen is waiting for its own call to be answered.
      const current = next.currentTaskId ? next.tasks[next.currentTaskId]?.task : undefined;
      const newer = !current || (task.id !== current.id && task.startedAt > current.startedAt);
      if (!next.requesting && task.state === 'running' && newer && (!current || isFinished(current))) {
        next = { ...next, currentTaskId: task.id, requestError: null };
      }
      if (task.id === next.currentTaskId && isFinished(task)) next = { ...next, status: statusAfter(next, task) };
      return next;
    }
    case 'task-logged': {
      const tasks = withTaskLog(state.tasks, action.log);
      return tasks === state.tasks ? state : { ...state, tasks };
    }
    case 'delete-asked':
      return { ...state, confirmingDelete: true, removal: null };
    case 'removal-loaded':
      return state.confirmingDelete ? { ...state, removal: action.removal } : state;
    case 'delete-dismissed':
      return { ...state, confirmingDelete: false };
    case 'contexts-requested': {
      // Keep offering the list shown before while it is read again.
      const known = state.contexts.kind === 'loaded' || state.contexts.kind === 'loading' ? state.contexts.contexts : [];
      return { ...state, contexts: { kind: 'loading', contexts: known } };
    }
    case 'contexts-loaded':
      return { ...state, contexts: { kind: 'loaded', contexts: action.contexts } };
    case 'contexts-failed':
      return { ...state, contexts: { kind: 'error', error: action.error } };
  }
}

export function currentLabTask(state: LabState): TaskInfo | null {
  return state.currentTaskId ? (state.tasks[state.currentTaskId]?.task ?? null) : null;
}

/** The current task's per-step logs; the same object until they change (a stable selector). */
export function currentStepLogs(state: LabState): StepLogs {
  return logsOf(state.tasks, state.currentTaskId);
}

/** True from the click until the current task has finished. */
export function isLabBusy(state: LabState): boolean {
  if (state.requesting) return true;
  if (state.currentTaskId === null) return false;
  const task = currentLabTask(state);
  return task === null || !isFinished(task);
}

/** The step that stopped the plan, if one did. */
export function failedStep(task: TaskInfo | null): PlanStepInfo | null {
  return task?.steps?.find((step) => step.state === 'failed') ?? null;
}

/** Where the options of the last run are kept between launches (localStorage in the app). */
export interface OptionsMemory {
  load(): LabOptionsInfo | null;
  save(options: LabOptionsInfo): void;
}

export type LabStore = ReducerStore<LabState, LabAction>;

export function createLabStore(initial: LabState = initialLabState, memory?: OptionsMemory): LabStore {
  const remembered = memory?.load() ?? null;
  const store = createReducerStore(reduceLab, remembered ? { ...initial, lastOptions: remembered } : initial);
  if (memory) {
    store.subscribe((now, before) => {
      if (now.state.lastOptions !== before.state.lastOptions) memory.save(now.state.lastOptions);
    });
  }
  return store;
}

/**
 * Task events reach the store here: the task it names is followed (snapshot, updates, each
 * step's log lines), and a lab task started elsewhere is heard of so the reducer can decide to
 * follow it. After a reconnect the followed task and the lab's status are read again.
 */
export function connectLabStore(client: Pick<Client, 'call' | 'on'>, store: LabStore): StoreConnection {
  const dispatch = (action: LabAction) => store.getState().dispatch(action);
  const follow = followNamedTask(client, store, (value) => value.state.currentTaskId, {
    update: (task) => dispatch({ type: 'task-updated', task }),
    log: (log) => dispatch({ type: 'task-logged', log }),
  });
  const offOthers = client.on('task:update', (task) => {
    if (isLabTask(task) && task.id !== follow.taskId()) dispatch({ type: 'task-updated', task });
  });
  // The lab went away (or came back): Setup reads it again, so it offers to create it.
  const offLabState = client.on('lab:state', () => void loadLabStatus(client, store));
  const cluster = followClusterWhilePresent(client, store);
  return {
    async refresh() {
      cluster.reset();
      await follow.resync();
      await loadLabStatus(client, store);
    },
    disconnect() {
      cluster.stop();
      offLabState();
      offOthers();
      follow.stop();
    },
  };
}

type LabClient = Pick<Client, 'call'>;

/** Reads the lab's status (for the options of the last run); never throws. */
export async function loadLabStatus(client: LabClient, store: LabStore): Promise<void> {
  const { dispatch } = store.getState();
  dispatch({ type: 'status-requested' });
  try {
    dispatch({ type: 'status-loaded', status: await client.call('lab.status', labSelector(store.getState().state.lastOptions)) });
  } catch (error) {
    dispatch({ type: 'status-failed', error: toErrorInfo(error) });
  }
}

/**
 * On first show: follow a lab task that is already running (the page was reloaded mid-run, or
 * the CLI started one) and read the lab's status. Does nothing when this screen has a task.
 */
export async function resumeLab(client: LabClient, store: LabStore): Promise<void> {
  const { state } = store.getState();
  if (state.requesting || state.currentTaskId) return;
  try {
    const tasks = await client.call('task.list', {});
    const running = tasks.filter((task) => isLabTask(task) && task.state === 'running').sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    if (running) store.getState().dispatch({ type: 'task-updated', task: running });
  } catch {
    // Listing is a nicety; the status below reports any real problem.
  }
  await loadLabStatus(client, store);
}

/** Shows the lab picked from the list on the card (its status is read next). */
export function pickLab(store: LabStore, options: LabOptionsInfo): void {
  store.getState().dispatch({ type: 'lab-picked', options });
}

/** Reads the user's kube contexts for the Options' picker (each time they open: the file may have changed); never throws. */
export async function loadKubeContexts(client: LabClient, store: LabStore): Promise<void> {
  const { dispatch } = store.getState();
  if (store.getState().state.contexts.kind === 'loading') return;
  dispatch({ type: 'contexts-requested' });
  try {
    dispatch({ type: 'contexts-loaded', contexts: await client.call('kube.contexts', {}) });
  } catch (error) {
    dispatch({ type: 'contexts-failed', error: toErrorInfo(error) });
  }
}

/** Starts `lab.up` with these options and follows the task; never throws. */
export async function createLab(client: LabClient, store: LabStore, options: LabOptionsInfo): Promise<void> {
  if (isLabBusy(store.getState().state)) return;
  await start(client, store, { type: 'up-requested', options }, () => client.call('lab.up', options));
}

/** Runs the plan again with the options of the last run; finished steps come back as reused. */
export async function retryLab(client: LabClient, store: LabStore): Promise<void> {
  await createLab(client, store, store.getState().state.lastOptions);
}

export async function cancelLab(client: LabClient, store: LabStore): Promise<void> {
  const taskId = store.getState().state.currentTaskId;
  if (!taskId) return;
  try {
    store.getState().dispatch({ type: 'task-updated', task: await client.call('task.cancel', { taskId }) });
  } catch {
    // It may have finished meanwhile; the followed task's own update says so.
  }
}

/** The lab the card shows, as lab.down and lab.removal name it. */
function shownLab(state: LabState): { name?: string; context?: string } {
  if (state.status.kind === 'present') return state.status.status.provider === 'context' ? { context: state.status.status.context } : { name: state.status.status.name };
  return labSelector(state.lastOptions);
}

/** Opens the confirmation and reads what down would remove; nothing is deleted until `confirmDeleteLab`. */
export async function askDeleteLab(client: LabClient, store: LabStore): Promise<void> {
  if (isLabBusy(store.getState().state)) return;
  store.getState().dispatch({ type: 'delete-asked' });
  try {
    store.getState().dispatch({ type: 'removal-loaded', removal: await client.call('lab.removal', shownLab(store.getState().state)) });
  } catch {
    // The dialog then says in general terms what goes; down itself reports a lab that is not there.
  }
}

export function dismissDeleteLab(store: LabStore): void {
  store.getState().dispatch({ type: 'delete-dismissed' });
}

/** Deletes the lab the screen shows, but only after the user confirmed in the dialog. */
export async function confirmDeleteLab(client: LabClient, store: LabStore): Promise<void> {
  const { state } = store.getState();
  if (!state.confirmingDelete || isLabBusy(state)) return;
  await start(client, store, { type: 'down-requested' }, () => client.call('lab.down', { ...shownLab(state), confirmed: true }));
}

async function start(client: LabClient, store: LabStore, request: LabAction, call: () => Promise<{ taskId: TaskId }>): Promise<void> {
  const { dispatch } = store.getState();
  dispatch(request);
  let taskId: TaskId;
  try {
    ({ taskId } = await call());
  } catch (error) {
    dispatch({ type: 'request-refused', error: toErrorInfo(error) });
    return;
  }
  // Naming the task is enough: the store's connection follows it from here.
  dispatch({ type: 'request-accepted', taskId });
}

export const labStore = createLabStore(initialLabState, browserMemory());

export function useLabState<T>(select: (state: LabState) => T): T {
  return useStoreState(labStore, select);
}

function browserMemory(): OptionsMemory | undefined {
  const KEY = 'meshdeck.lab-options';
  const storage = typeof globalThis.localStorage === 'undefined' ? undefined : globalThis.localStorage;
  if (!storage) return undefined;
  return {
    load() {
      try {
        const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
        // Whatever is stored passes the form's own checks before it is sent anywhere.
        const checked = checkLabOptions(draftFromOptions(pickOptions(parsed as Record<string, unknown>)));
        return checked.ok ? checked.options : null;
      } catch {
        return null;
      }
    },
    save(options) {
      try {
        storage.setItem(KEY, JSON.stringify(options));
      } catch {
        // Storage may be full or disabled; Retry still works within this page.
      }
    },
  };
}

function pickOptions(raw: Record<string, unknown>): LabOptionsInfo {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const options: LabOptionsInfo = {};
  const name = text(raw.name);
  const istioVersion = text(raw.istioVersion);
  const context = text(raw.context);
  const httpPort = number(raw.httpPort);
  const httpsPort = number(raw.httpsPort);
  if (name !== undefined) options.name = name;
  if (istioVersion !== undefined) options.istioVersion = istioVersion;
  if (context !== undefined) options.context = context;
  if (httpPort !== undefined) options.httpPort = httpPort;
  if (httpsPort !== undefined) options.httpsPort = httpsPort;
  if (raw.mergeKubeconfig === true) options.mergeKubeconfig = true;
  return options;
}
