// The long work of workshop mode, run inside tasks: start (a lesson's setups), check (every task's
// checks, recording what passed), solve (the solutions of tasks not yet passed) and reset (clean
// the lesson's namespaces, reapply setups, clear progress; or everything, with the lab's own
// routing restore). Each reports steps and stops at the task's signal.
import type { WorkshopActionInfo, WorkshopCheckInfo, WorkshopTaskCheckInfo } from '../contract/workshop';
import type { TaskContext } from '../tasks';
import { runCheck, type CheckContext } from './checks';
import { runActions, type ActionContext, type ActionObject } from './pack-actions';
import { clearLessonObjects } from './pack-reset';
import type { LessonPack, PackLesson } from './pack-types';
import { lessonProgress, type PackProgress } from './progress-store';

export interface LabHandle {
  check(lesson: PackLesson, task: TaskContext): Promise<CheckContext>;
  action(lesson: PackLesson, task: TaskContext): Promise<ActionContext>;
  /** The lab's own routing restore (lab.reset's), for reset all. */
  resetRouting(task: TaskContext): Promise<void>;
}

export async function startLesson(lesson: PackLesson, lab: LabHandle, task: TaskContext): Promise<ActionObject[]> {
  const ctx = await lab.action(lesson, task);
  const objects: ActionObject[] = [];
  for (const [i, t] of lesson.tasks.entries()) {
    task.step(`Setting up ${t.title}`, Math.round((100 * i) / lesson.tasks.length));
    objects.push(...(await runActions(t.setup, ctx)));
  }
  return objects;
}

/** Runs every check of every task; `progress` gets the passes recorded. */
export async function checkLesson(pack: LessonPack, lesson: PackLesson, progress: PackProgress, lab: LabHandle, task: TaskContext, now: () => Date): Promise<WorkshopCheckInfo> {
  const ctx = await lab.check(lesson, task);
  const recorded = lessonProgress(progress, lesson.id);
  const tasks: WorkshopTaskCheckInfo[] = [];
  const total = lesson.tasks.reduce((n, t) => n + t.check.length, 0);
  let done = 0;
  for (const t of lesson.tasks) {
    const results = [];
    for (const check of t.check) {
      task.step(`Checking ${t.title}`, Math.round((100 * done++) / total));
      results.push(await runCheck(check, ctx));
    }
    const passed = results.every((r) => r.passed);
    const before = recorded.tasks[t.id]?.passedAt;
    if (passed) recorded.tasks[t.id] = { ...recorded.tasks[t.id], passedAt: now().toISOString() };
    tasks.push({ task: t.id, title: t.title, state: passed ? 'passed' : before ? 'earlier' : 'failed', results });
  }
  const lastPasses = tasks.at(-1)?.state === 'passed';
  const passed = lastPasses || tasks.every((t) => t.state !== 'failed');
  if (passed) recorded.passedAt = now().toISOString();
  return { pack: pack.id, lesson: lesson.id, passed, tasks, checkedAt: now().toISOString() };
}

export async function solveLesson(lesson: PackLesson, only: string | undefined, progress: PackProgress, lab: LabHandle, task: TaskContext): Promise<ActionObject[]> {
  const ctx = await lab.action(lesson, task);
  const recorded = progress.lessons[lesson.id];
  const todo = lesson.tasks.filter((t) => (only ? t.id === only : !recorded?.tasks[t.id]?.passedAt));
  const objects: ActionObject[] = [];
  for (const [i, t] of todo.entries()) {
    task.step(`Solving ${t.title}`, Math.round((100 * i) / todo.length));
    objects.push(...(await runActions(t.solution, ctx)));
  }
  return objects;
}

/** Cleanups, removal of what the namespaces gained, then the setups again; the lesson's progress is cleared. */
export async function resetLesson(lessons: PackLesson[], lab: LabHandle, task: TaskContext, reapply: boolean): Promise<ActionObject[]> {
  const objects: ActionObject[] = [];
  for (const lesson of lessons) {
    const ctx = await lab.action(lesson, task);
    task.step(`Cleaning up ${lesson.title}`);
    for (const t of lesson.tasks) objects.push(...(await runActions(t.cleanup, ctx)));
  }
  const first = lessons[0];
  if (!first) return objects;
  task.step('Removing what the lesson did not bring');
  objects.push(...(await clearLessonObjects(lessons, await lab.action(first, task))));
  if (reapply) {
    for (const lesson of lessons) {
      const ctx = await lab.action(lesson, task);
      task.step(`Setting up ${lesson.title} again`);
      for (const t of lesson.tasks) objects.push(...(await runActions(t.setup, ctx)));
    }
  }
  return objects;
}

export function actionInfo(pack: LessonPack, lesson: string | null, action: WorkshopActionInfo['action'], objects: ActionObject[]): WorkshopActionInfo {
  return { pack: pack.id, lesson, action, objects };
}
