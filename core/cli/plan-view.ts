// Shows a running plan in a terminal. On a TTY: the step list redrawn in place, with progress
// bars and the running steps' latest log line. Otherwise (CI logs, pipes): one line per step
// state change, so the output reads top to bottom. Pure formatting apart from the stream.

import type { PlanStepInfo, StepState, TaskInfo } from '../contract';

const SYMBOLS: Record<StepState, string> = { pending: '·', running: '…', done: '✔', reused: '✔', failed: '✖', cancelled: '-' };
const COLOURS: Record<StepState, string> = { pending: '90', running: '36', done: '32', reused: '32', failed: '31', cancelled: '33' };
const BAR_WIDTH = 20;

export interface PlanViewStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function progressBar(percent: number | null, width = BAR_WIDTH): string {
  if (percent === null) return ' '.repeat(width);
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function stepLine(step: PlanStepInfo, titleWidth: number, colour: boolean): string {
  const paint = (text: string) => (colour ? `\u001b[${COLOURS[step.state]}m${text}\u001b[0m` : text);
  const detail = step.state === 'reused' ? `already there${step.detail && step.detail !== 'Already done' ? `: ${step.detail}` : ''}` : step.detail;
  const bar = step.state === 'running' && step.percent !== null ? ` ${progressBar(step.percent)} ${String(step.percent).padStart(3)}%` : '';
  return `${paint(SYMBOLS[step.state])} ${step.title.padEnd(titleWidth)}${bar}  ${detail}`.trimEnd();
}

/** The last line a step logged (each step carries its own log tail). */
export function lastLogLine(step: PlanStepInfo): string | undefined {
  return step.logTail?.at(-1);
}

export class PlanView {
  private drawnLines = 0;
  private readonly reported = new Map<string, string>();

  constructor(private readonly stream: PlanViewStream) {}

  update(task: TaskInfo): void {
    const steps = task.steps ?? [];
    if (this.stream.isTTY) this.redraw(task, steps);
    else this.printChanges(steps);
  }

  /** Final words: the failed step's last log lines, so the reason is on screen. */
  finish(task: TaskInfo): void {
    this.update(task);
    const failed = (task.steps ?? []).find((step) => step.state === 'failed');
    if (failed) {
      const tail = failed.logTail ?? [];
      if (tail.length > 0) this.stream.write(`\nLast lines of "${failed.title}":\n${tail.map((line) => `  ${line}`).join('\n')}\n`);
    }
  }

  private redraw(task: TaskInfo, steps: PlanStepInfo[]): void {
    const width = Math.max(...steps.map((step) => step.title.length), 0);
    const columns = this.stream.columns ?? 100;
    const lines: string[] = [];
    for (const step of steps) {
      lines.push(clip(stepLine(step, width, true), columns + 20));
      const latest = step.state === 'running' ? lastLogLine(step) : undefined;
      if (latest) lines.push(`\u001b[90m  ${' '.repeat(width)}${clip(latest, columns - width - 4)}\u001b[0m`);
    }
    const up = this.drawnLines > 0 ? `\u001b[${this.drawnLines}F` : '';
    this.stream.write(`${up}\u001b[J${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }

  private printChanges(steps: PlanStepInfo[]): void {
    const width = Math.max(...steps.map((step) => step.title.length), 0);
    for (const step of steps) {
      const key = `${step.state}:${step.state === 'running' ? '' : step.detail}`;
      if (step.state === 'pending' || this.reported.get(step.id) === key) continue;
      this.reported.set(step.id, key);
      this.stream.write(`${stepLine(step, width, false)}\n`);
    }
  }
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}
