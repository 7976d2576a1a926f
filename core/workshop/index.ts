// core/workshop: lesson packs (data, never code) — loading and validating them with file, line and
// field for every problem, running their setup, checks, solutions and resets against a lab, and
// the attendee's progress per lab. Talks to the cluster only through core/kube and core/traffic.
export { loadPack, type LoadOptions, type LoadResult } from './pack-load';
export { LESSON_PACK_SCHEMA } from './pack-schema';
export type { LessonPack, ObjectRef, ObjectSource, PackActions, PackCheck, PackLesson, PackTask } from './pack-types';
export { builtInPacksDir } from './built-in-dir';
export { WorkshopService, type WorkshopServiceOptions } from './workshop-service';
export type { LabHandle } from './workshop-work';
export type { CheckContext } from './checks';
export type { ActionContext } from './pack-actions';
