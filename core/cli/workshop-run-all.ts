// `meshdeck workshop run-all`: a pack author's CI. For every lesson in order: reset it, its check
// must fail (a lesson that already passes teaches nothing), solve it, its check must pass. Stops
// at the first broken lesson and says which step broke and why; prints lesson | reset | fails
// first | solve | passes | seconds.

import type { Client, TaskInfo, WorkshopCheckInfo } from '../contract';
import type { CliContext } from './cli-context';
import { formatTable } from './cli-table';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, unlessInterrupted } from './exit-codes';
import { followTask } from './follow-task';
import { writeJson } from './json-output';
import { taskError } from './lab-commands';
import { callWorkshop, checkResultOf } from './workshop-client';

type Step = 'ok' | 'FAILED' | '-';

export interface RunAllRow {
  lesson: string;
  reset: Step;
  failsFirst: Step;
  solve: Step;
  passes: Step;
  seconds: number;
  /** Why the lesson is broken, when it is. */
  problem?: string;
}

export interface RunAllOutcome {
  pack: string;
  passed: boolean;
  cancelled: boolean;
  lessons: RunAllRow[];
}

class Broken extends Error {
  constructor(
    readonly step: 'reset' | 'failsFirst' | 'solve' | 'passes',
    message: string,
    readonly cancelled = false,
  ) {
    super(message);
  }
}

/** The first failing check's words: its message, else what it found. */
function firstFailure(check: WorkshopCheckInfo): string {
  for (const task of check.tasks) {
    const failed = task.results.find((r) => !r.passed);
    if (failed) return `${task.task}: ${failed.message ?? `${failed.description}: expected ${failed.expected}, found ${failed.found}`}`;
  }
  return 'no check failed, yet the lesson did not pass';
}

async function runTask(step: Broken['step'], what: string, work: () => Promise<TaskInfo>): Promise<TaskInfo> {
  const ended = await work();
  if (ended.state === 'cancelled') throw new Broken(step, `${what} was cancelled`, true);
  if (ended.state !== 'succeeded') throw new Broken(step, `${what} failed: ${taskError(ended)?.message ?? 'no reason given'}`);
  return ended;
}

async function runLesson(client: Client, cli: CliContext, pack: string | undefined, lesson: string, row: RunAllRow): Promise<void> {
  const follow = (start: () => ReturnType<typeof callWorkshop<'workshop.check'>>) => followTask(client, start, { interrupt: cli.signal });
  const ref = pack === undefined ? {} : { pack };
  const check = async (step: Broken['step']): Promise<WorkshopCheckInfo> => {
    const ended = await runTask(step, 'check', () => follow(() => callWorkshop(client, 'workshop.check', { ...ref, lesson })));
    const result = checkResultOf(ended);
    if (!result) throw new Broken(step, 'check ended without a result');
    return result;
  };
  await runTask('reset', 'reset', () => follow(() => callWorkshop(client, 'workshop.reset', { ...ref, lesson })));
  row.reset = 'ok';
  if ((await check('failsFirst')).passed) throw new Broken('failsFirst', 'its checks already pass after reset, before anything was done');
  row.failsFirst = 'ok';
  await runTask('solve', 'solve', () => follow(() => callWorkshop(client, 'workshop.solve', { ...ref, lesson })));
  row.solve = 'ok';
  const after = await check('passes');
  if (!after.passed) throw new Broken('passes', `after solve its check still fails: ${firstFailure(after)}`);
  row.passes = 'ok';
}

export async function runAll(client: Client, cli: CliContext, pack: string | undefined): Promise<RunAllOutcome> {
  const info = await unlessInterrupted(callWorkshop(client, 'workshop.pack', pack === undefined ? {} : { pack }), cli.signal);
  const outcome: RunAllOutcome = { pack: info.id, passed: true, cancelled: false, lessons: [] };
  for (const [index, lesson] of info.lessonList.entries()) {
    const row: RunAllRow = { lesson: lesson.id, reset: '-', failsFirst: '-', solve: '-', passes: '-', seconds: 0 };
    outcome.lessons.push(row);
    const started = performance.now();
    cli.err.write(`[${index + 1}/${info.lessonList.length}] ${lesson.id} …\n`);
    try {
      await runLesson(client, cli, pack, lesson.id, row);
    } catch (error) {
      if (!(error instanceof Broken)) throw error;
      row[error.step] = 'FAILED';
      row.problem = error.message;
      outcome.passed = false;
      outcome.cancelled = error.cancelled;
    } finally {
      row.seconds = Math.round((performance.now() - started) / 100) / 10;
    }
    if (!outcome.passed) break;
  }
  return outcome;
}

export function formatRunAll(outcome: RunAllOutcome): string {
  const rows = [['LESSON', 'RESET', 'FAILS FIRST', 'SOLVE', 'PASSES', 'SECONDS'], ...outcome.lessons.map((r) => [r.lesson, r.reset, r.failsFirst, r.solve, r.passes, r.seconds.toFixed(1)])];
  const total = outcome.lessons.reduce((sum, r) => sum + r.seconds, 0);
  const broken = outcome.lessons.find((r) => r.problem !== undefined);
  const end = broken ? `Lesson ${broken.lesson} is broken: ${broken.problem}.` : `All ${outcome.lessons.length} lessons of ${outcome.pack} pass (${total.toFixed(1)} s).`;
  return `${formatTable(rows)}\n\n${end}`;
}

/** Runs the pack and prints the table (or JSON); exit 0 only when every lesson held. */
export async function runAllCommand(client: Client, cli: CliContext, pack: string | undefined, json: boolean): Promise<number> {
  const outcome = await runAll(client, cli, pack);
  if (json) writeJson(cli.out, outcome);
  else cli.out.write(`${formatRunAll(outcome)}\n`);
  if (outcome.cancelled) return EXIT_INTERRUPTED;
  return outcome.passed ? EXIT_OK : EXIT_FAILURE;
}
