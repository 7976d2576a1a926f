// The Setup screen's doctor state: which doctor task is ours, what it last reported, and why a
// run could not start. Pure reducer plus a small zustand store; the async flows that call the
// core take the client and the store as parameters, so tests hand in fakes.

import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppErrorInfo, Client, DoctorReportInfo, TaskId, TaskInfo } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';

export interface DoctorState {
  /** The doctor task this screen follows, once the core has named it. */
  currentTaskId: TaskId | null;
  /** A `doctor.run` call is on its way and has not been answered yet. */
  requesting: boolean;
  /** Why the last run could not start (the call itself failed). */
  requestError: AppErrorInfo | null;
  /** Doctor tasks heard about, by id: updates may arrive before `doctor.run` answers. */
  tasks: Record<TaskId, TaskInfo>;
  /** The newest report from a task that succeeded, kept while checks run again. */
  lastReport: DoctorReportInfo | null;
}

export type DoctorAction =
  | { type: 'run-requested' }
  | { type: 'run-accepted'; taskId: TaskId }
  | { type: 'run-refused'; error: AppErrorInfo }
  | { type: 'task-updated'; task: TaskInfo };

export const initialDoctorState: DoctorState = {
  currentTaskId: null,
  requesting: false,
  requestError: null,
  tasks: {},
  lastReport: null,
};

/** How many doctor tasks to remember; older ones are of no use to this screen. */
const KEPT_TASKS = 8;

export function isFinished(task: TaskInfo): boolean {
  return task.state !== 'running';
}

function withTask(state: DoctorState, task: TaskInfo): DoctorState {
  const known = state.tasks[task.id];
  // A task never goes back to running once it has finished: a late snapshot is stale.
  if (known && isFinished(known) && !isFinished(task)) return state;
  const tasks = { ...state.tasks, [task.id]: task };
  for (const id of Object.keys(tasks)) {
    if (Object.keys(tasks).length <= KEPT_TASKS) break;
    if (id !== task.id && id !== state.currentTaskId) delete tasks[id];
  }
  return { ...state, tasks };
}

function reportOf(task: TaskInfo | undefined): DoctorReportInfo | null {
  return task?.state === 'succeeded' && task.result?.kind === 'doctor' ? task.result.report : null;
}

export function reduceDoctor(state: DoctorState, action: DoctorAction): DoctorState {
  switch (action.type) {
    case 'run-requested':
      return { ...state, requesting: true, requestError: null };
    case 'run-accepted': {
      const next = { ...state, requesting: false, currentTaskId: action.taskId };
      return { ...next, lastReport: reportOf(next.tasks[action.taskId]) ?? next.lastReport };
    }
    case 'run-refused':
      return { ...state, requesting: false, requestError: action.error };
    case 'task-updated': {
      const { task } = action;
      if (task.kind !== 'doctor') return state;
      let next = withTask(state, task);
      if (next === state) return state;
      // A doctor run started elsewhere (another window, a reload) is followed too, as long
      // as this screen is not waiting for its own run to be named.
      const current = next.currentTaskId ? next.tasks[next.currentTaskId] : undefined;
      const newer = !current || (task.id !== current.id && task.startedAt > current.startedAt);
      if (!next.requesting && task.state === 'running' && newer) next = { ...next, currentTaskId: task.id, requestError: null };
      if (task.id === next.currentTaskId) next = { ...next, lastReport: reportOf(task) ?? next.lastReport };
      return next;
    }
  }
}

export function currentTask(state: DoctorState): TaskInfo | null {
  return state.currentTaskId ? (state.tasks[state.currentTaskId] ?? null) : null;
}

/** True from the click until the current task has finished. */
export function isRunning(state: DoctorState): boolean {
  if (state.requesting) return true;
  if (state.currentTaskId === null) return false;
  const task = currentTask(state);
  // Named but not heard from yet: it is starting.
  return task === null || !isFinished(task);
}

export interface DoctorStore {
  state: DoctorState;
  dispatch(action: DoctorAction): void;
}

export function createDoctorStore(initial: DoctorState = initialDoctorState): StoreApi<DoctorStore> {
  return createStore<DoctorStore>((set) => ({
    state: initial,
    dispatch: (action) => set((store) => ({ state: reduceDoctor(store.state, action) })),
  }));
}

export const doctorStore = createDoctorStore();

export function useDoctorState<T>(select: (state: DoctorState) => T): T {
  return useStore(doctorStore, (store) => select(store.state));
}

type DoctorClient = Pick<Client, 'call'>;

/** Asks the core for a doctor run and follows it; never throws. */
export async function runDoctor(client: DoctorClient, store: StoreApi<DoctorStore>): Promise<void> {
  const { dispatch } = store.getState();
  if (store.getState().state.requesting) return;
  dispatch({ type: 'run-requested' });
  let taskId: TaskId;
  try {
    ({ taskId } = await client.call('doctor.run', {}));
  } catch (error) {
    dispatch({ type: 'run-refused', error: toErrorInfo(error) });
    return;
  }
  dispatch({ type: 'run-accepted', taskId });
  // Events carry the rest; one snapshot covers a run that finished before we listened.
  await syncTask(client, store, taskId);
}

export async function cancelDoctor(client: DoctorClient, store: StoreApi<DoctorStore>): Promise<void> {
  const taskId = store.getState().state.currentTaskId;
  if (!taskId) return;
  try {
    const task = await client.call('task.cancel', { taskId });
    store.getState().dispatch({ type: 'task-updated', task });
  } catch {
    // It may have finished meanwhile; the snapshot below tells which.
    await syncTask(client, store, taskId);
  }
}

/** Re-reads the current task, e.g. after the connection came back and events were missed. */
export async function refreshDoctor(client: DoctorClient, store: StoreApi<DoctorStore>): Promise<void> {
  const taskId = store.getState().state.currentTaskId;
  if (taskId) await syncTask(client, store, taskId);
}

/**
 * On first show: follow a doctor run that is already going (the page was reloaded while it
 * ran), otherwise start one. Does nothing when this screen already has a run.
 */
export async function resumeOrRunDoctor(client: DoctorClient, store: StoreApi<DoctorStore>): Promise<void> {
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

async function syncTask(client: DoctorClient, store: StoreApi<DoctorStore>, taskId: TaskId): Promise<void> {
  try {
    const task = await client.call('task.get', { taskId });
    store.getState().dispatch({ type: 'task-updated', task });
  } catch {
    // Events keep the state current; a failed snapshot changes nothing.
  }
}
