// The Setup screen's doctor state: which doctor task is ours, what it last reported, its log,
// and why a run could not start. A pure reducer in the shared store shape; the flows that call
// the core take the client and the store as parameters, so tests hand in fakes, and
// `connectDoctorStore` is how task events reach it.

import type { AppErrorInfo, Client, DoctorReportInfo, TaskId, TaskInfo, TaskLogInfo } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';
import type { StepLogs } from '../model/step-logs';
import { isFinished, logsOf, withTaskLog, withTaskSnapshot, type TaskRecords } from '../model/task-records';
import { createReducerStore, useStoreState, type ReducerStore, type StoreConnection } from './reducer-store';
import { followNamedTask } from './task-follow';

export interface DoctorState {
  /** The doctor task this screen follows, once the core has named it. */
  currentTaskId: TaskId | null;
  /** A `doctor.run` call is on its way and has not been answered yet. */
  requesting: boolean;
  /** Why the last run could not start (the call itself failed). */
  requestError: AppErrorInfo | null;
  /** Doctor tasks heard about, by id: updates may arrive before `doctor.run` answers. */
  tasks: TaskRecords;
  /** The newest report from a task that succeeded, kept while checks run again. */
  lastReport: DoctorReportInfo | null;
}

export type DoctorAction =
  | { type: 'run-requested' }
  | { type: 'run-accepted'; taskId: TaskId }
  | { type: 'run-refused'; error: AppErrorInfo }
  | { type: 'task-updated'; task: TaskInfo }
  | { type: 'task-logged'; log: TaskLogInfo };

export const initialDoctorState: DoctorState = {
  currentTaskId: null,
  requesting: false,
  requestError: null,
  tasks: {},
  lastReport: null,
};

/** How many doctor tasks to remember; older ones are of no use to this screen. */
const KEPT_TASKS = 8;

function reportOf(task: TaskInfo | undefined): DoctorReportInfo | null {
  return task?.state === 'succeeded' && task.result?.kind === 'doctor' ? task.result.report : null;
}

export function reduceDoctor(state: DoctorState, action: DoctorAction): DoctorState {
  switch (action.type) {
    case 'run-requested':
      return { ...state, requesting: true, requestError: null };
    case 'run-accepted': {
      const next = { ...state, requesting: false, currentTaskId: action.taskId };
      return { ...next, lastReport: reportOf(next.tasks[action.taskId]?.task) ?? next.lastReport };
    }
    case 'run-refused':
      return { ...state, requesting: false, requestError: action.error };
    case 'task-updated': {
      const { task } = action;
      if (task.kind !== 'doctor') return state;
      const tasks = withTaskSnapshot(state.tasks, task, KEPT_TASKS, state.currentTaskId);
      if (tasks === state.tasks) return state;
      let next = { ...state, tasks };
      // A doctor run started elsewhere (another window, a reload) is followed too, as long
      // as this screen is not waiting for its own run to be named.
      const current = next.currentTaskId ? next.tasks[next.currentTaskId]?.task : undefined;
      const newer = !current || (task.id !== current.id && task.startedAt > current.startedAt);
      if (!next.requesting && task.state === 'running' && newer) next = { ...next, currentTaskId: task.id, requestError: null };
      if (task.id === next.currentTaskId) next = { ...next, lastReport: reportOf(task) ?? next.lastReport };
      return next;
    }
    case 'task-logged': {
      const tasks = withTaskLog(state.tasks, action.log);
      return tasks === state.tasks ? state : { ...state, tasks };
    }
  }
}

export function currentTask(state: DoctorState): TaskInfo | null {
  return state.currentTaskId ? (state.tasks[state.currentTaskId]?.task ?? null) : null;
}

/** The current run's log; the same object until it changes (a stable selector). */
export function currentDoctorLogs(state: DoctorState): StepLogs {
  return logsOf(state.tasks, state.currentTaskId);
}

/** True from the click until the current task has finished. */
export function isRunning(state: DoctorState): boolean {
  if (state.requesting) return true;
  if (state.currentTaskId === null) return false;
  const task = currentTask(state);
  // Named but not heard from yet: it is starting.
  return task === null || !isFinished(task);
}

export type DoctorStore = ReducerStore<DoctorState, DoctorAction>;

export function createDoctorStore(initial: DoctorState = initialDoctorState): DoctorStore {
  return createReducerStore(reduceDoctor, initial);
}

export const doctorStore = createDoctorStore();

export function useDoctorState<T>(select: (state: DoctorState) => T): T {
  return useStoreState(doctorStore, select);
}

/**
 * Task events reach the store here: the run it names is followed (snapshot, updates, log lines),
 * and a doctor run started elsewhere is heard of so the reducer can decide to follow it.
 */
export function connectDoctorStore(client: Pick<Client, 'call' | 'on'>, store: DoctorStore): StoreConnection {
  const dispatch = (action: DoctorAction) => store.getState().dispatch(action);
  const follow = followNamedTask(client, store, (value) => value.state.currentTaskId, {
    update: (task) => dispatch({ type: 'task-updated', task }),
    log: (log) => dispatch({ type: 'task-logged', log }),
  });
  const offOthers = client.on('task:update', (task) => {
    if (task.kind === 'doctor' && task.id !== follow.taskId()) dispatch({ type: 'task-updated', task });
  });
  return {
    refresh: () => follow.resync(),
    disconnect() {
      offOthers();
      follow.stop();
    },
  };
}

type DoctorClient = Pick<Client, 'call'>;

/** Asks the core for a doctor run and names it; the store's connection follows it. Never throws. */
export async function runDoctor(client: DoctorClient, store: DoctorStore): Promise<void> {
  const { dispatch } = store.getState();
  if (store.getState().state.requesting) return;
  dispatch({ type: 'run-requested' });
  try {
    const { taskId } = await client.call('doctor.run', {});
    dispatch({ type: 'run-accepted', taskId });
  } catch (error) {
    dispatch({ type: 'run-refused', error: toErrorInfo(error) });
  }
}

export async function cancelDoctor(client: DoctorClient, store: DoctorStore): Promise<void> {
  const taskId = store.getState().state.currentTaskId;
  if (!taskId) return;
  try {
    store.getState().dispatch({ type: 'task-updated', task: await client.call('task.cancel', { taskId }) });
  } catch {
    // It may have finished meanwhile; the followed task's own update says so.
  }
}

/**
 * On first show: follow a doctor run that is already going (the page was reloaded while it
 * ran), otherwise start one. Does nothing when this screen already has a run.
 */
export async function resumeOrRunDoctor(client: DoctorClient, store: DoctorStore): Promise<void> {
  const { state } = store.getState();
  if (state.requesting || state.currentTaskId) return;
  try {
    const tasks = await client.call('task.list', {});
    const running = tasks.filter((task) => task.kind === 'doctor' && task.state === 'running').sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    if (running) {
      store.getState().dispatch({ type: 'task-updated', task: running });
      if (store.getState().state.currentTaskId) return;
    }
  } catch {
    // Listing is a nicety; starting a run reports any real problem.
  }
  if (store.getState().state.currentTaskId === null) await runDoctor(client, store);
}
