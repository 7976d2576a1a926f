// Words and marks the Workshop screen and the presenter view show for the contract's shapes:
// a lesson's progress mark, a check's verdict, a pack's problems as file:line:field, the
// presenter's keys and where a lesson's deep links lead. Pure, so both views say the same thing.

import type { DashboardName, WorkshopCheckInfo, WorkshopCheckResultInfo, WorkshopLessonSummaryInfo, WorkshopLinkInfo, WorkshopPackInfo, WorkshopProblemInfo, WorkshopTaskCheckInfo } from '../../../core/contract';
import type { SectionId } from './sections';

export interface LessonMark {
  symbol: string;
  label: string;
}

/** ✓ passed, ◐ started (tasks passed of all), ○ not started. */
export function lessonMark(lesson: Pick<WorkshopLessonSummaryInfo, 'state' | 'tasksPassed' | 'taskCount'>): LessonMark {
  switch (lesson.state) {
    case 'passed':
      return { symbol: '✓', label: 'Passed' };
    case 'started':
      return { symbol: '◐', label: `Started · ${lesson.tasksPassed} of ${lesson.taskCount} ${lesson.taskCount === 1 ? 'task' : 'tasks'} done` };
    case 'not-started':
      return { symbol: '○', label: 'Not started' };
  }
}

export function minutesLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "7 of 13 lessons passed · about 2 h 10 min". */
export function packProgress(pack: Pick<WorkshopPackInfo, 'lessons' | 'passed' | 'minutes'>): string {
  return `${pack.passed} of ${pack.lessons} ${pack.lessons === 1 ? 'lesson' : 'lessons'} passed · about ${minutesLabel(pack.minutes)}`;
}

/** One line per problem, as an editor jumps to it: lessons/07.yaml:12:3 lessons[6].tasks[0].check[1].kind — message. */
export function problemLine(problem: WorkshopProblemInfo): string {
  const place = problem.line > 0 ? `${problem.file}:${problem.line}${problem.column > 0 ? `:${problem.column}` : ''}` : problem.file;
  return `${place}${problem.field ? ` ${problem.field}` : ''} — ${problem.message}`;
}

/**
 * The problems of a refused pack as lines, when the error carries them (INVALID_ARGUMENT,
 * details.problems). Error details cross the transport as strings, so the core sends each
 * problem already written as file:line:column field: message; an object is written here.
 */
export function problemLinesOf(details: unknown): string[] {
  if (typeof details !== 'object' || details === null) return [];
  const problems = (details as { problems?: unknown }).problems;
  if (!Array.isArray(problems)) return [];
  return problems.flatMap((each: unknown) => {
    if (typeof each === 'string') return each ? [each] : [];
    const problem = each as WorkshopProblemInfo | null;
    return problem !== null && typeof problem === 'object' && typeof problem.file === 'string' && typeof problem.message === 'string' ? [problemLine(problem)] : [];
  });
}

export function checkVerdict(check: WorkshopCheckInfo): string {
  const failed = check.tasks.filter((task) => task.state === 'failed').length;
  if (check.passed) return 'Lesson passed: every task checks out.';
  return `Not yet: ${failed} of ${check.tasks.length} ${check.tasks.length === 1 ? 'task' : 'tasks'} to do.`;
}

export function taskVerdict(task: WorkshopTaskCheckInfo): string {
  switch (task.state) {
    case 'passed':
      return 'Passes now';
    case 'earlier':
      return 'Passed earlier';
    case 'failed':
      return `${task.results.filter((result) => !result.passed).length} of ${task.results.length} checks fail`;
  }
}

/** The failing checks first: they are what the attendee reads. */
export function resultsInReadingOrder(results: readonly WorkshopCheckResultInfo[]): WorkshopCheckResultInfo[] {
  return [...results.filter((result) => !result.passed), ...results.filter((result) => result.passed)];
}

export type PresenterAction = 'previous' | 'next' | 'check' | 'hint' | 'solve' | 'fullscreen' | 'keys' | 'close';

export const PRESENTER_KEYS: readonly { keys: string; action: PresenterAction; label: string }[] = [
  { keys: '← / →', action: 'previous', label: 'Previous / next lesson' },
  { keys: 'c', action: 'check', label: 'Check the lesson' },
  { keys: 'h', action: 'hint', label: 'Show the hint' },
  { keys: 's', action: 'solve', label: 'Solve for me (asks first)' },
  { keys: 'f', action: 'fullscreen', label: 'Full screen' },
  { keys: '?', action: 'keys', label: 'These keys' },
  { keys: 'Esc', action: 'close', label: 'Close this panel' },
];

/** The presenter's action for a key press, or null (modifiers belong to the browser). */
export function presenterAction(event: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): PresenterAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case 'ArrowLeft':
    case 'PageUp':
      return 'previous';
    case 'ArrowRight':
    case 'PageDown':
      return 'next';
    case 'c':
    case 'C':
      return 'check';
    case 'h':
    case 'H':
      return 'hint';
    case 's':
    case 'S':
      return 'solve';
    case 'f':
    case 'F':
      return 'fullscreen';
    case '?':
      return 'keys';
    case 'Escape':
      return 'close';
    default:
      return null;
  }
}

export type LinkDestination =
  | { section: Extract<SectionId, 'dashboards'>; dashboard: DashboardName; path: string | null }
  | { section: Extract<SectionId, 'traffic'>; service: string }
  | { section: Extract<SectionId, 'logs'>; target: string };

// A pack names Jaeger by its product name; the app's pane for it is 'tracing' (its monitor host).
const DASHBOARDS: Readonly<Record<string, DashboardName>> = { kiali: 'kiali', grafana: 'grafana', jaeger: 'tracing', tracing: 'tracing', prometheus: 'prometheus' };

/** Where a lesson's link leads in MeshDeck, or null for a link this version cannot follow. */
export function linkDestination(link: WorkshopLinkInfo): LinkDestination | null {
  switch (link.kind) {
    case 'dashboard': {
      const dashboard = Object.hasOwn(DASHBOARDS, link.target) ? DASHBOARDS[link.target] : undefined;
      return dashboard ? { section: 'dashboards', dashboard, path: link.path ?? null } : null;
    }
    case 'traffic':
      return { section: 'traffic', service: link.target };
    case 'logs':
      return { section: 'logs', target: link.target.includes('/') ? link.target : `deploy/${link.target}` };
  }
}

/** The dashboard view whose URL is the link's path (a pane offers a few); the entry point otherwise. */
export function viewForPath(views: readonly { id: string; url: string }[], path: string | null): string | null {
  if (!path) return null;
  const wanted = path.split(/[?#]/)[0]!.replace(/\/+$/, '');
  const match = views.find((view) => {
    try {
      return new URL(view.url).pathname.replace(/\/+$/, '') === wanted;
    } catch {
      return false;
    }
  });
  return match?.id ?? null;
}
