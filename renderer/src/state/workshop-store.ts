// The Workshop screen's flows: read the packs, a pack's lessons and a lesson; open a pack from a
// path (refused with its problems); run start, check, solve and reset as tasks and read progress
// again when they end; reveal a hint; move the presenter's lesson. `connectWorkshopStore` follows
// the running task and `workshop:changed` (another face checked, the presenter moved on).

import { BUILT_IN_PACK_ID, type Client, type TaskInfo } from '../../../core/contract';
import type { SettingsStorage } from '../model/log-settings';
import { toErrorInfo } from '../model/error-text';
import { problemLinesOf } from '../model/workshop-view';
import { createReducerStore, useStoreState, type ReducerStore, type StoreConnection } from './reducer-store';
import { followNamedTask } from './task-follow';
import { workshopClient, type WorkshopClient } from './workshop-client';
import { initialWorkshopState, isWorking, reduceWorkshop, runningTaskId, type WorkshopAction, type WorkshopState, type WorkshopWork } from './workshop-state';

export type WorkshopStore = ReducerStore<WorkshopState, WorkshopAction>;

/** The pack last chosen in this browser: a reload, or a second tab for the projector, opens the same one. */
export const WORKSHOP_PACK_KEY = 'meshdeck.workshop-pack';

function storedPack(storage: SettingsStorage | undefined): string | null {
  try {
    const value = storage?.getItem(WORKSHOP_PACK_KEY) ?? null;
    return value && value.length <= 4096 ? value : null;
  } catch {
    return null;
  }
}

export function createWorkshopStore(storage?: SettingsStorage): WorkshopStore {
  const packRef = storedPack(storage);
  const store = createReducerStore(reduceWorkshop, packRef ? { ...initialWorkshopState, packRef } : initialWorkshopState);
  store.subscribe((value, previous) => {
    if (value.state.packRef === previous.state.packRef) return;
    try {
      storage?.setItem(WORKSHOP_PACK_KEY, value.state.packRef);
    } catch {
      // Storage may be full or disabled; the choice still holds for this page.
    }
  });
  return store;
}

export const workshopStore: WorkshopStore = createWorkshopStore(typeof localStorage === 'undefined' ? undefined : localStorage);

export function useWorkshopState<T>(select: (state: WorkshopState) => T): T {
  return useStoreState(workshopStore, select);
}

function dispatch(store: WorkshopStore, action: WorkshopAction): void {
  store.getState().dispatch(action);
}

function state(store: WorkshopStore): WorkshopState {
  return store.getState().state;
}

export async function loadPacks(client: WorkshopClient, store: WorkshopStore): Promise<void> {
  try {
    dispatch(store, { type: 'packs-loaded', packs: await client.call('workshop.packs', {}) });
  } catch (error) {
    dispatch(store, { type: 'load-failed', error: toErrorInfo(error) });
  }
}

/** Reads the chosen pack (progress) and then its chosen lesson. */
export async function loadPack(client: WorkshopClient, store: WorkshopStore): Promise<void> {
  const packRef = state(store).packRef;
  try {
    const pack = await client.call('workshop.pack', { pack: packRef });
    if (state(store).packRef !== packRef) return;
    dispatch(store, { type: 'pack-loaded', pack });
  } catch (error) {
    // A pack remembered from an earlier visit may be gone (folder moved): fall back to the built-in one.
    if (packRef !== BUILT_IN_PACK_ID && state(store).pack === null) {
      dispatch(store, { type: 'pack-chosen', packRef: BUILT_IN_PACK_ID });
      await loadPack(client, store);
      if (state(store).pack) return;
    }
    dispatch(store, { type: 'load-failed', error: toErrorInfo(error) });
    return;
  }
  await loadLesson(client, store);
}

export async function loadLesson(client: WorkshopClient, store: WorkshopStore): Promise<void> {
  const { packRef, lessonId } = state(store);
  if (!lessonId) return;
  try {
    dispatch(store, { type: 'lesson-loaded', lesson: await client.call('workshop.lesson', { pack: packRef, lesson: lessonId }) });
  } catch (error) {
    dispatch(store, { type: 'load-failed', error: toErrorInfo(error) });
  }
}

export async function choosePack(client: WorkshopClient, store: WorkshopStore, packRef: string): Promise<void> {
  dispatch(store, { type: 'pack-chosen', packRef });
  await loadPack(client, store);
}

export async function chooseLesson(client: WorkshopClient, store: WorkshopStore, lessonId: string): Promise<void> {
  dispatch(store, { type: 'lesson-chosen', lessonId });
  await loadLesson(client, store);
}

/** Validates and remembers a pack; refused with file:line:field problems, nothing applied. */
export async function openPack(client: WorkshopClient, store: WorkshopStore, path: string): Promise<boolean> {
  dispatch(store, { type: 'open-requested' });
  try {
    dispatch(store, { type: 'opened', pack: await client.call('workshop.open', { path }) });
  } catch (error) {
    const info = toErrorInfo(error);
    dispatch(store, { type: 'open-refused', error: info, problems: problemLinesOf(info.details) });
    return false;
  }
  await loadPack(client, store);
  return true;
}

/** Starts one piece of long work on the chosen lesson (or the whole workshop); one at a time. */
export async function runWork(client: WorkshopClient, store: WorkshopStore, work: WorkshopWork, task?: string): Promise<void> {
  const { packRef: pack, lessonId: lesson } = state(store);
  if (isWorking(state(store)) || (!lesson && work !== 'reset-all')) return;
  dispatch(store, { type: 'work-requested', work });
  try {
    const ref =
      work === 'reset-all'
        ? await client.call('workshop.reset', { pack, all: true })
        : work === 'reset'
          ? await client.call('workshop.reset', { pack, lesson: lesson! })
          : work === 'solve'
            ? await client.call('workshop.solve', { pack, lesson: lesson!, ...(task ? { task } : {}) })
            : await client.call(work === 'start' ? 'workshop.start' : 'workshop.check', { pack, lesson: lesson! });
    dispatch(store, { type: 'work-started', taskId: ref.taskId });
  } catch (error) {
    dispatch(store, { type: 'work-refused', error: toErrorInfo(error) });
  }
}

export async function revealHint(client: WorkshopClient, store: WorkshopStore, task: string): Promise<void> {
  const { packRef: pack, lessonId: lesson } = state(store);
  if (!lesson) return;
  try {
    const answer = await client.call('workshop.hint', { pack, lesson, task });
    dispatch(store, { type: 'hint-loaded', lesson: answer.lesson, task: answer.task, hint: answer.hint });
  } catch (error) {
    dispatch(store, { type: 'load-failed', error: toErrorInfo(error) });
  }
}

/** The presenter moves the current lesson for every face following the pack. */
export async function presentLesson(client: WorkshopClient, store: WorkshopStore, direction: 'here' | 'next' | 'previous'): Promise<void> {
  const { packRef: pack, lessonId: lesson } = state(store);
  if (!lesson) return;
  try {
    const changed = await client.call('workshop.select', { pack, lesson, direction });
    if (changed.current && changed.current !== state(store).lessonId) await chooseLesson(client, store, changed.current);
  } catch (error) {
    dispatch(store, { type: 'load-failed', error: toErrorInfo(error) });
  }
}

export function setFollowing(store: WorkshopStore, following: boolean): void {
  dispatch(store, { type: 'following-set', following });
}

/** What the screen reads when it is shown: the packs, then the chosen pack and lesson. */
export async function loadWorkshop(client: WorkshopClient, store: WorkshopStore): Promise<void> {
  await Promise.all([loadPacks(client, store), loadPack(client, store)]);
}

export function connectWorkshopStore(core: Pick<Client, 'call' | 'on'>, store: WorkshopStore, client: WorkshopClient = workshopClient(core)): StoreConnection {
  const follow = followNamedTask(core, store, (value) => runningTaskId(value.state), {
    update(task: TaskInfo) {
      dispatch(store, { type: 'task-updated', task });
      // Progress moved (a task passed, a reset cleared it): read the lesson list and the lesson again.
      if (task.state !== 'running') void Promise.all([loadPack(client, store), loadPacks(client, store)]);
    },
  });
  const offChanged = client.onChanged((info) => {
    const current = state(store);
    if (!current.pack || info.pack !== current.pack.id) return;
    if (current.following && info.current && info.current !== current.lessonId) void chooseLesson(client, store, info.current).then(() => loadPack(client, store));
    else void loadPack(client, store);
  });
  return {
    async refresh() {
      await follow.resync();
      if (state(store).pack) await loadWorkshop(client, store);
    },
    disconnect() {
      follow.stop();
      offChanged();
    },
  };
}
