// The Setup screen's workshop kit: one export and one import task at a time, each with the path
// the user typed, the task this screen follows (its byte progress and result), and why a start
// was refused. A pure reducer in the shared store shape; `connectKitStore` is how task events
// reach it, and the flows take the client and the store as parameters.

import type { AppErrorInfo, Client, KitTaskResultInfo, TaskId, TaskInfo } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';
import { isFinished, withTaskSnapshot, type TaskRecords } from '../model/task-records';
import { createReducerStore, useStoreState, type ReducerStore, type StoreConnection } from './reducer-store';
import { followNamedTask } from './task-follow';

export type KitJob = 'export' | 'import';

export interface KitJobState {
  /** The path field; empty until the user types or a default is filled in. */
  path: string;
  currentTaskId: TaskId | null;
  requesting: boolean;
  requestError: AppErrorInfo | null;
  tasks: TaskRecords;
}

export type KitState = Record<KitJob, KitJobState>;

export type KitAction =
  | { type: 'path-changed'; job: KitJob; path: string }
  | { type: 'start-requested'; job: KitJob }
  | { type: 'start-accepted'; job: KitJob; taskId: TaskId }
  | { type: 'start-refused'; job: KitJob; error: AppErrorInfo }
  | { type: 'task-updated'; task: TaskInfo };

const idle: KitJobState = { path: '', currentTaskId: null, requesting: false, requestError: null, tasks: {} };
export const initialKitState: KitState = { export: idle, import: idle };

const JOB_OF_KIND: Partial<Record<TaskInfo['kind'], KitJob>> = { 'kit-export': 'export', 'kit-import': 'import' };
const KEPT_TASKS = 4;

function reduceJob(state: KitJobState, action: KitAction): KitJobState {
  switch (action.type) {
    case 'path-changed':
      return { ...state, path: action.path };
    case 'start-requested':
      return { ...state, requesting: true, requestError: null };
    case 'start-accepted':
      return { ...state, requesting: false, currentTaskId: action.taskId };
    case 'start-refused':
      return { ...state, requesting: false, requestError: action.error };
    case 'task-updated': {
      const tasks = withTaskSnapshot(state.tasks, action.task, KEPT_TASKS, state.currentTaskId);
      return tasks === state.tasks ? state : { ...state, tasks };
    }
  }
}

export function reduceKit(state: KitState, action: KitAction): KitState {
  const job = action.type === 'task-updated' ? JOB_OF_KIND[action.task.kind] : action.job;
  if (!job) return state;
  const next = reduceJob(state[job], action);
  return next === state[job] ? state : { ...state, [job]: next };
}

export function kitTask(state: KitJobState): TaskInfo | null {
  return state.currentTaskId ? (state.tasks[state.currentTaskId]?.task ?? null) : null;
}

export function isKitBusy(state: KitJobState): boolean {
  if (state.requesting) return true;
  if (!state.currentTaskId) return false;
  const task = kitTask(state);
  return task === null || !isFinished(task);
}

/** The finished task's result, when it succeeded with one of the kind this job makes. */
export function kitResult(state: KitJobState): KitTaskResultInfo | null {
  const task = kitTask(state);
  const result = task?.state === 'succeeded' ? task.result : undefined;
  return result && (result.kind === 'kit-export' || result.kind === 'kit-import') ? result : null;
}

export type KitStore = ReducerStore<KitState, KitAction>;

export function createKitStore(initial: KitState = initialKitState): KitStore {
  return createReducerStore(reduceKit, initial);
}

export const kitStore = createKitStore();

export function useKitState<T>(select: (state: KitState) => T): T {
  return useStoreState(kitStore, select);
}

export function connectKitStore(client: Pick<Client, 'call' | 'on'>, store: KitStore): StoreConnection {
  const dispatch = (action: KitAction) => store.getState().dispatch(action);
  const follows = (['export', 'import'] as const).map((job) => followNamedTask(client, store, (value) => value.state[job].currentTaskId, { update: (task) => dispatch({ type: 'task-updated', task }) }));
  return {
    refresh: async () => {
      await Promise.all(follows.map((follow) => follow.resync()));
    },
    disconnect: () => follows.forEach((follow) => follow.stop()),
  };
}

export function setKitPath(store: KitStore, job: KitJob, path: string): void {
  store.getState().dispatch({ type: 'path-changed', job, path });
}

/** Starts the export or import of the path in the field; never throws (a refusal is kept). */
export async function startKitJob(client: Pick<Client, 'call'>, store: KitStore, job: KitJob, options: { overwrite?: boolean } = {}): Promise<void> {
  const state = store.getState().state[job];
  if (isKitBusy(state)) return;
  const path = state.path.trim();
  const dispatch = store.getState().dispatch;
  dispatch({ type: 'start-requested', job });
  try {
    const { taskId } = job === 'export' ? await client.call('kit.export', { path, ...(options.overwrite ? { overwrite: true } : {}) }) : await client.call('kit.import', { path });
    dispatch({ type: 'start-accepted', job, taskId });
  } catch (error) {
    dispatch({ type: 'start-refused', job, error: toErrorInfo(error) });
  }
}

export async function cancelKitJob(client: Pick<Client, 'call'>, store: KitStore, job: KitJob): Promise<void> {
  const taskId = store.getState().state[job].currentTaskId;
  if (!taskId) return;
  try {
    store.getState().dispatch({ type: 'task-updated', task: await client.call('task.cancel', { taskId }) });
  } catch {
    // It may have ended meanwhile; its own update says so.
  }
}
