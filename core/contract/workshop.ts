// Shapes of workshop mode: lesson packs (data: YAML + Markdown, never code), their lessons and
// tasks, checks and their results, and the attendee's progress. Setup, check, solve and reset are
// long work: they return a TaskId and end with a `workshop` task result. A pack is named by its id
// (`istio-in-practice` for the built-in one) or by the folder or file it was opened from.

import { boolean, object, oneOf, optional, string } from './schema';
import type { TaskRefInfo } from './dto';

/** The pack MeshDeck ships (resources/workshops/istio-in-practice). */
export const BUILT_IN_PACK_ID = 'istio-in-practice';

const packRef = string({ pattern: /^[^\0\r\n]{1,4096}$/, hint: 'a pack id such as istio-in-practice, or the folder of a pack' });
const lessonId = string({ pattern: /^[a-z0-9]([-a-z0-9]{0,62}[a-z0-9])?$/, hint: 'a lesson id such as fault-injection (meshdeck workshop list shows them)' });
const taskId = lessonId;
const folder = string({ pattern: /^[^\0\r\n]{1,4096}$/, hint: 'the path of a pack folder or pack.yaml' });

export const WORKSHOP_METHOD_PARAMS = {
  /** The built-in pack and the packs opened in this data folder, with progress. */
  'workshop.packs': object({}),
  /** Validates a pack on disk and remembers it; refused (INVALID_ARGUMENT, details.problems) with file:line:field when malformed. Nothing is applied. */
  'workshop.open': object({ path: folder }),
  /** Validates a pack without remembering it (the CLI's `workshop validate`). */
  'workshop.validate': object({ path: folder }),
  /** A pack's lessons with the attendee's progress on the current lab. */
  'workshop.pack': object({ pack: optional(packRef) }),
  /** One lesson in full: body (Markdown), tasks with instructions, checks described, the solution as YAML. */
  'workshop.lesson': object({ pack: optional(packRef), lesson: lessonId }),
  /** A task's hint (the current task of the lesson when task is absent); recorded as revealed. */
  'workshop.hint': object({ pack: optional(packRef), lesson: optional(lessonId), task: optional(taskId) }),
  /** Runs the lesson's setup (and makes it the current lesson): a task. */
  'workshop.start': object({ pack: optional(packRef), lesson: lessonId }),
  /** Runs the checks of the lesson (default: the current one): a task whose result is a WorkshopCheckInfo. */
  'workshop.check': object({ pack: optional(packRef), lesson: optional(lessonId) }),
  /** Applies the solution of every task of the lesson not yet passed (or only `task`), in order: a task. */
  'workshop.solve': object({ pack: optional(packRef), lesson: lessonId, task: optional(taskId) }),
  /** Returns the lesson to its starting state (removes what the lesson's namespaces gained, reapplies setup), or with `all` the lab to a fresh one: a task. */
  'workshop.reset': object({ pack: optional(packRef), lesson: optional(lessonId), all: optional(boolean()) }),
  /** Moves the presenter's current lesson (every face following the pack sees `workshop:changed`). */
  'workshop.select': object({ pack: optional(packRef), lesson: lessonId, direction: optional(oneOf(['here', 'next', 'previous'] as const)) }),
} as const;

export interface WorkshopProblemInfo {
  /** The file, relative to the pack's folder (pack.yaml, lessons/07-faults.yaml). */
  file: string;
  /** 1-based; 0 when the problem has no place (a missing file). */
  line: number;
  column: number;
  /** Where in the document: lessons[6].tasks[0].check[1].kind */
  field: string;
  message: string;
}

export interface WorkshopPackSummaryInfo {
  id: string;
  title: string;
  version: string;
  source: 'built-in' | 'opened';
  /** The folder (or file) it was read from. */
  path: string;
  lessons: number;
  /** Lessons passed on the current lab. */
  passed: number;
  minutes: number;
}

/** What the pack needs of the lab; a lab outside it gets a warning, not a refusal. */
export interface WorkshopRequirementsInfo {
  /** A semver range of Istio versions such as ">=1.28 <1.32". */
  istio?: string;
  dataPlane?: 'sidecar' | 'ambient';
  namespaces: string[];
}

export type WorkshopLessonState = 'not-started' | 'started' | 'passed';

export interface WorkshopLessonSummaryInfo {
  id: string;
  title: string;
  minutes: number;
  taskCount: number;
  tasksPassed: number;
  state: WorkshopLessonState;
  passedAt?: string;
}

export interface WorkshopPackInfo extends WorkshopPackSummaryInfo {
  description: string;
  requires: WorkshopRequirementsInfo;
  lessonList: WorkshopLessonSummaryInfo[];
  /** The lesson last started or selected (the presenter's), if any. */
  current: string | null;
  /** Why this lab does not meet `requires`, when it does not. */
  warnings: string[];
}

export interface WorkshopInstructionsInfo {
  /** Markdown. */
  text: string;
  /** Where in MeshDeck: "Traffic → reviews → Policies → Fault". */
  ui?: string;
  /** The equivalent commands, one per line. */
  meshdeck?: string;
  kubectl?: string;
}

export type WorkshopCheckKind = 'object' | 'pods-ready' | 'sidecar' | 'ambient' | 'namespace-label' | 'traffic';

export interface WorkshopCheckSummaryInfo {
  kind: WorkshopCheckKind;
  /** One line: what it checks ("reviews answers v1 for 100 % ± 10 of 100 requests through the gateway"). */
  description: string;
}

/** A place in MeshDeck a lesson links to. */
export interface WorkshopLinkInfo {
  label: string;
  /** 'dashboard': kiali | grafana | jaeger | prometheus (target: a path such as /kiali/console/graph/namespaces); 'traffic': a service; 'logs': a workload. */
  kind: 'dashboard' | 'traffic' | 'logs';
  target: string;
  path?: string;
}

export interface WorkshopTaskInfo {
  id: string;
  title: string;
  instructions: WorkshopInstructionsInfo;
  checks: WorkshopCheckSummaryInfo[];
  hasHint: boolean;
  hintRevealed: boolean;
  /** The solution's objects as one YAML stream ("Show solution"); what it removes is listed as comments. */
  solutionYaml: string;
  passedAt?: string;
}

export interface WorkshopLessonInfo extends WorkshopLessonSummaryInfo {
  pack: string;
  /** Markdown, rendered by the face without raw HTML. */
  body: string;
  tasks: WorkshopTaskInfo[];
  links: WorkshopLinkInfo[];
  /** Neighbours in the pack, for keyboard navigation. */
  previous: string | null;
  next: string | null;
}

export interface WorkshopCheckResultInfo {
  kind: WorkshopCheckKind;
  description: string;
  passed: boolean;
  /** What the check wanted, and what it found ("v1 100 % ± 10" / "v1 34 %, v2 33 %, v3 33 %"). */
  expected: string;
  found: string;
  /** On failure: the pack's message saying what is missing. */
  message?: string;
}

export interface WorkshopTaskCheckInfo {
  task: string;
  title: string;
  /** passed: its checks pass now; earlier: they passed before (recorded) and the lesson moved on. */
  state: 'passed' | 'failed' | 'earlier';
  results: WorkshopCheckResultInfo[];
}

export interface WorkshopCheckInfo {
  pack: string;
  lesson: string;
  /** Every task has passed, now or earlier (or the last task passes now: its end state proves the lesson). */
  passed: boolean;
  tasks: WorkshopTaskCheckInfo[];
  checkedAt: string;
}

/** What setup, solve or reset changed. */
export interface WorkshopActionInfo {
  pack: string;
  lesson: string | null;
  action: 'start' | 'solve' | 'reset' | 'reset-all';
  objects: { kind: string; name: string; namespace: string; action: 'created' | 'configured' | 'unchanged' | 'deleted' | 'restarted' }[];
}

export type WorkshopTaskResultInfo = { kind: 'workshop-check'; check: WorkshopCheckInfo } | { kind: 'workshop-action'; action: WorkshopActionInfo };

/** Pushed as `workshop:changed` when progress or the current lesson changes (another face checked, the presenter moved on). */
export interface WorkshopChangedInfo {
  pack: string;
  current: string | null;
  lesson?: string;
}

export type WorkshopMethodResults = {
  'workshop.packs': WorkshopPackSummaryInfo[];
  'workshop.open': WorkshopPackSummaryInfo;
  'workshop.validate': { pack: WorkshopPackSummaryInfo | null; problems: WorkshopProblemInfo[] };
  'workshop.pack': WorkshopPackInfo;
  'workshop.lesson': WorkshopLessonInfo;
  'workshop.hint': { lesson: string; task: string; hint: string };
  'workshop.start': TaskRefInfo;
  'workshop.check': TaskRefInfo;
  'workshop.solve': TaskRefInfo;
  'workshop.reset': TaskRefInfo;
  'workshop.select': WorkshopChangedInfo;
};
