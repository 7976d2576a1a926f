// The Workshop screen's state: the packs, the chosen pack with its lessons and progress, the
// chosen lesson in full, the pack being opened (with its problems when refused), the one piece of
// long work running (start, check, solve, reset), the lesson's last check and the hints revealed.
// A pure reducer; the flows that call the core are in workshop-store.ts.

import type { AppErrorInfo, TaskId, TaskInfo, WorkshopActionInfo, WorkshopCheckInfo, WorkshopLessonInfo, WorkshopPackInfo, WorkshopPackSummaryInfo } from '../../../core/contract';
import { BUILT_IN_PACK_ID } from '../../../core/contract';
import { workshopResultOf } from './workshop-client';

export type WorkshopWork = 'start' | 'check' | 'solve' | 'reset' | 'reset-all';

export type WorkView =
  | { kind: 'idle' }
  | { kind: 'requesting'; work: WorkshopWork }
  | { kind: 'running'; work: WorkshopWork; taskId: TaskId; task: TaskInfo | null }
  | { kind: 'failed'; work: WorkshopWork; error: AppErrorInfo }
  | { kind: 'done'; work: WorkshopWork; action: WorkshopActionInfo | null };

export interface OpeningView {
  busy: boolean;
  error: AppErrorInfo | null;
  /** file:line:column field: message, one per problem. */
  problems: string[];
}

export interface WorkshopState {
  packs: WorkshopPackSummaryInfo[] | null;
  /** How the chosen pack is named to the core: its id when built in, its path when opened. */
  packRef: string;
  pack: WorkshopPackInfo | null;
  lessonId: string | null;
  lesson: WorkshopLessonInfo | null;
  error: AppErrorInfo | null;
  opening: OpeningView;
  work: WorkView;
  /** The last check of the chosen lesson. */
  check: WorkshopCheckInfo | null;
  /** Hints revealed, by `lesson/task`. */
  hints: Record<string, string>;
  /** The presenter view follows the current lesson that any face moves to. */
  following: boolean;
}

export type WorkshopAction =
  | { type: 'packs-loaded'; packs: WorkshopPackSummaryInfo[] }
  | { type: 'pack-chosen'; packRef: string }
  | { type: 'pack-loaded'; pack: WorkshopPackInfo }
  | { type: 'lesson-chosen'; lessonId: string }
  | { type: 'lesson-loaded'; lesson: WorkshopLessonInfo }
  | { type: 'load-failed'; error: AppErrorInfo }
  | { type: 'open-requested' }
  | { type: 'open-refused'; error: AppErrorInfo; problems: string[] }
  | { type: 'opened'; pack: WorkshopPackSummaryInfo }
  | { type: 'work-requested'; work: WorkshopWork }
  | { type: 'work-started'; taskId: TaskId }
  | { type: 'work-refused'; error: AppErrorInfo }
  | { type: 'task-updated'; task: TaskInfo }
  | { type: 'work-dismissed' }
  | { type: 'hint-loaded'; lesson: string; task: string; hint: string }
  | { type: 'following-set'; following: boolean };

export const initialWorkshopState: WorkshopState = {
  packs: null,
  packRef: BUILT_IN_PACK_ID,
  pack: null,
  lessonId: null,
  lesson: null,
  error: null,
  opening: { busy: false, error: null, problems: [] },
  work: { kind: 'idle' },
  check: null,
  hints: {},
  following: false,
};

export function packRefOf(pack: Pick<WorkshopPackSummaryInfo, 'source' | 'id' | 'path'>): string {
  return pack.source === 'built-in' ? pack.id : pack.path;
}

export function hintKey(lesson: string, task: string): string {
  return `${lesson}/${task}`;
}

export function isWorking(state: WorkshopState): boolean {
  return state.work.kind === 'requesting' || state.work.kind === 'running';
}

export function runningTaskId(state: WorkshopState): TaskId | null {
  return state.work.kind === 'running' ? state.work.taskId : null;
}

function taskEnded(state: WorkshopState, task: TaskInfo): WorkshopState {
  if (state.work.kind !== 'running' || state.work.taskId !== task.id) return state;
  const { work } = state.work;
  if (task.state === 'running') return { ...state, work: { ...state.work, task } };
  if (task.state !== 'succeeded') {
    const error = task.error ?? { code: 'CANCELLED' as const, message: 'The work was cancelled before it finished.' };
    return { ...state, work: { kind: 'failed', work, error } };
  }
  const result = workshopResultOf(task);
  const check = result?.kind === 'workshop-check' ? result.check : null;
  const action = result?.kind === 'workshop-action' ? result.action : null;
  // A reset brings the failing state back: an earlier check no longer says what is there.
  const keepCheck = work === 'reset' || work === 'reset-all' || work === 'solve' ? null : state.check;
  return { ...state, work: { kind: 'done', work, action }, check: check ?? keepCheck };
}

export function reduceWorkshop(state: WorkshopState, action: WorkshopAction): WorkshopState {
  switch (action.type) {
    case 'packs-loaded':
      return { ...state, packs: action.packs };
    case 'pack-chosen':
      return action.packRef === state.packRef ? state : { ...state, packRef: action.packRef, pack: null, lessonId: null, lesson: null, check: null, error: null };
    case 'pack-loaded': {
      const lessonId = state.lessonId ?? action.pack.current ?? action.pack.lessonList[0]?.id ?? null;
      return { ...state, pack: action.pack, lessonId, error: null };
    }
    case 'lesson-chosen':
      return action.lessonId === state.lessonId ? state : { ...state, lessonId: action.lessonId, lesson: null, check: null };
    case 'lesson-loaded':
      return action.lesson.id === state.lessonId ? { ...state, lesson: action.lesson, error: null } : state;
    case 'load-failed':
      return { ...state, error: action.error };
    case 'open-requested':
      return { ...state, opening: { busy: true, error: null, problems: [] } };
    case 'open-refused':
      return { ...state, opening: { busy: false, error: action.error, problems: action.problems } };
    case 'opened': {
      const packs = [...(state.packs ?? []).filter((pack) => packRefOf(pack) !== packRefOf(action.pack)), action.pack];
      return reduceWorkshop({ ...state, packs, opening: initialWorkshopState.opening }, { type: 'pack-chosen', packRef: packRefOf(action.pack) });
    }
    case 'work-requested':
      return { ...state, work: { kind: 'requesting', work: action.work } };
    case 'work-started':
      return state.work.kind === 'requesting' ? { ...state, work: { kind: 'running', work: state.work.work, taskId: action.taskId, task: null } } : state;
    case 'work-refused':
      return state.work.kind === 'requesting' ? { ...state, work: { kind: 'failed', work: state.work.work, error: action.error } } : state;
    case 'task-updated':
      return taskEnded(state, action.task);
    case 'work-dismissed':
      return isWorking(state) ? state : { ...state, work: { kind: 'idle' } };
    case 'hint-loaded':
      return { ...state, hints: { ...state.hints, [hintKey(action.lesson, action.task)]: action.hint } };
    case 'following-set':
      return { ...state, following: action.following };
  }
}
