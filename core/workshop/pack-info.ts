// Turns a loaded pack and its progress into the contract's plain-JSON views (summaries, the
// lesson list, one lesson in full). Pure.
import type { WorkshopLessonInfo, WorkshopLessonState, WorkshopLessonSummaryInfo, WorkshopPackInfo, WorkshopPackSummaryInfo } from '../contract/workshop';
import { describeCheck } from './checks';
import type { LessonPack, PackLesson } from './pack-types';
import type { PackProgress } from './progress-store';

export type PackSource = WorkshopPackSummaryInfo['source'];

function stateOf(progress: PackProgress, lesson: PackLesson): WorkshopLessonState {
  const found = progress.lessons[lesson.id];
  if (found?.passedAt) return 'passed';
  return found?.startedAt || Object.keys(found?.tasks ?? {}).length ? 'started' : 'not-started';
}

export function lessonSummary(progress: PackProgress, lesson: PackLesson): WorkshopLessonSummaryInfo {
  const found = progress.lessons[lesson.id];
  const passedAt = found?.passedAt;
  return {
    id: lesson.id,
    title: lesson.title,
    minutes: lesson.minutes,
    taskCount: lesson.tasks.length,
    tasksPassed: lesson.tasks.filter((t) => found?.tasks[t.id]?.passedAt).length,
    state: stateOf(progress, lesson),
    ...(passedAt ? { passedAt } : {}),
  };
}

export function packSummary(pack: LessonPack, source: PackSource, progress: PackProgress): WorkshopPackSummaryInfo {
  return {
    id: pack.id,
    title: pack.title,
    version: pack.version,
    source,
    path: pack.path,
    lessons: pack.lessons.length,
    passed: pack.lessons.filter((l) => progress.lessons[l.id]?.passedAt).length,
    minutes: pack.lessons.reduce((sum, l) => sum + l.minutes, 0),
  };
}

export function packInfo(pack: LessonPack, source: PackSource, progress: PackProgress, warnings: string[]): WorkshopPackInfo {
  return {
    ...packSummary(pack, source, progress),
    description: pack.description,
    requires: pack.requires,
    lessonList: pack.lessons.map((l) => lessonSummary(progress, l)),
    current: progress.current,
    warnings,
  };
}

export function lessonInfo(pack: LessonPack, lesson: PackLesson, progress: PackProgress): WorkshopLessonInfo {
  const index = pack.lessons.indexOf(lesson);
  const found = progress.lessons[lesson.id];
  const namespace = lesson.namespaces[0] ?? 'default';
  return {
    ...lessonSummary(progress, lesson),
    pack: pack.id,
    body: lesson.body,
    links: lesson.links,
    previous: pack.lessons[index - 1]?.id ?? null,
    next: pack.lessons[index + 1]?.id ?? null,
    tasks: lesson.tasks.map((task) => {
      const passedAt = found?.tasks[task.id]?.passedAt;
      return {
        id: task.id,
        title: task.title,
        instructions: task.instructions,
        checks: task.check.map((c) => describeCheck(c, namespace)),
        hasHint: task.hint !== undefined,
        hintRevealed: found?.tasks[task.id]?.hintRevealed === true,
        solutionYaml: task.solutionYaml,
        ...(passedAt ? { passedAt } : {}),
      };
    }),
  };
}
