// What every built-in lesson must show on a world lab, the way the issue judges it: on a fresh
// lab (reset --all) its check fails and every failing check says what is missing; after start,
// the attendee's way (each task's kubectl instructions, run with the real kubectl from the Istio
// release folder) passes each task in turn and the lesson; reset brings the failing state back;
// "Solve for me" makes it pass again. Returns the seconds each phase took.
import { expect } from 'vitest';
import type { WorkshopCheckInfo } from '../../core/contract';
import type { KubectlRunner } from '../world/kubectl-runner.js';
import { parseKubectlInstructions } from './attendee-commands';
import { describeCheck, type WorkshopDriver } from './workshop-driver';

export interface LessonTiming {
  lesson: string;
  fresh: number;
  attendee: number;
  reset: number;
  solve: number;
}

function expectFailureNamesWhatIsMissing(check: WorkshopCheckInfo): void {
  expect(check.passed, describeCheck(check)).toBe(false);
  const failed = check.tasks.flatMap((task) => task.results.filter((r) => !r.passed));
  expect(failed.length, describeCheck(check)).toBeGreaterThan(0);
  for (const result of failed) {
    expect(result.message, describeCheck(check)).toMatch(/\S{3,}/);
    expect(result.found, describeCheck(check)).not.toBe('');
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, Math.round(performance.now() - started) / 1000];
}

async function attendeeWay(workshop: WorkshopDriver, kubectl: KubectlRunner, lesson: string): Promise<void> {
  await workshop.start(lesson);
  const info = await workshop.lesson(lesson);
  let last: WorkshopCheckInfo | undefined;
  for (const task of info.tasks) {
    const commands = parseKubectlInstructions(task.instructions.kubectl ?? '');
    expect(commands.length, `${lesson}/${task.id} has no kubectl instructions`).toBeGreaterThan(0);
    for (const command of commands) {
      const result = await kubectl.run(command.args, command.stdin);
      expect(result.code, `${lesson}/${task.id}: ${command.line}\n${result.stderr}`).toBe(0);
    }
    last = await workshop.check(lesson);
    expect(last.tasks.find((t) => t.task === task.id)?.state, `${lesson}/${task.id} after its kubectl:\n${describeCheck(last)}`).toBe('passed');
  }
  expect(last?.passed, describeCheck(last!)).toBe(true);
}

export async function proveLesson(workshop: WorkshopDriver, kubectl: KubectlRunner, lesson: string): Promise<LessonTiming> {
  const [, fresh] = await timed(async () => {
    await workshop.resetAll();
    expectFailureNamesWhatIsMissing(await workshop.check(lesson));
  });
  const [, attendee] = await timed(() => attendeeWay(workshop, kubectl, lesson));
  const [, reset] = await timed(async () => {
    await workshop.reset(lesson);
    expectFailureNamesWhatIsMissing(await workshop.check(lesson));
  });
  const [, solve] = await timed(async () => {
    await workshop.solve(lesson);
    const solved = await workshop.check(lesson);
    expect(solved.passed, describeCheck(solved)).toBe(true);
  });
  return { lesson, fresh, attendee, reset, solve };
}

export function timingTable(timings: LessonTiming[]): string {
  const rows = timings.map((t) => `${t.lesson.padEnd(18)} fresh ${t.fresh.toFixed(1)} s, attendee ${t.attendee.toFixed(1)} s, reset ${t.reset.toFixed(1)} s, solve ${t.solve.toFixed(1)} s`);
  return rows.join('\n');
}
