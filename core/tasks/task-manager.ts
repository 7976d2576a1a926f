// Owns long-running work: each task gets an id at once, reports step/percent/log while it runs,
// and ends succeeded, failed or cancelled. Every change is broadcast (coalesced per tick) so a
// face can leave and come back. Cancellation is its own state, never reported as a failure.
// Log lines are typed ({step, text}) and numbered: updates carry only the count, new lines go
// out once as a `task:log` batch, and a face that fell behind asks for what it missed.

import { randomUUID } from 'node:crypto';
import { AppError, STEP_LOG_TAIL, type PlanStepInfo, type TaskInfo, type TaskKind, type TaskLogInfo, type TaskLogLineInfo, type TaskResultInfo } from '../contract';

export interface TaskContext {
  readonly signal: AbortSignal;
  step(text: string, percent?: number | null): void;
  /** A log line, of the task as a whole or of one of its plan steps. */
  log(line: string, step?: string): void;
  /** For plans: the steps as the user sees them; replaces the list or one step by id. */
  steps(steps: PlanStepInfo[]): void;
  updateStep(step: PlanStepInfo): void;
}

export type TaskWork = (context: TaskContext) => Promise<TaskResultInfo | undefined>;

export interface TaskManagerOptions {
  onUpdate: (task: TaskInfo) => void;
  /** New log lines, at most one batch per task and tick. */
  onLog?: (log: TaskLogInfo) => void;
  now?: () => Date;
  /** Log lines kept per task for `log()`; older ones are dropped and counted as skipped. */
  maxLogLines?: number;
  /** Finished tasks kept for late subscribers; the oldest are forgotten first. */
  maxFinishedTasks?: number;
  onUnexpectedError?: (task: TaskInfo, error: unknown) => void;
}

interface Entry {
  info: TaskInfo;
  controller: AbortController;
  flushQueued: boolean;
  /** The retained tail of the log; `lines[0]` has sequence number `info.logSeq - lines.length`. */
  lines: TaskLogLineInfo[];
  /** Sequence number of the first line not yet sent as a `task:log` batch. */
  unsentSeq: number;
}

export class TaskManager {
  private readonly tasks = new Map<string, Entry>();
  private readonly now: () => Date;
  private readonly maxLogLines: number;
  private readonly maxFinishedTasks: number;

  constructor(private readonly options: TaskManagerOptions) {
    this.now = options.now ?? (() => new Date());
    this.maxLogLines = options.maxLogLines ?? 500;
    this.maxFinishedTasks = options.maxFinishedTasks ?? 50;
  }

  start(kind: TaskKind, title: string, work: TaskWork): TaskInfo {
    const entry: Entry = {
      info: { id: randomUUID(), kind, title, state: 'running', step: 'Starting', percent: 0, logSeq: 0, startedAt: this.now().toISOString() },
      controller: new AbortController(),
      flushQueued: false,
      lines: [],
      unsentSeq: 0,
    };
    this.tasks.set(entry.info.id, entry);
    this.publish(entry, true);
    void this.run(entry, work);
    return structuredClone(entry.info);
  }

  get(id: string): TaskInfo {
    return structuredClone(this.entry(id).info);
  }

  list(): TaskInfo[] {
    return [...this.tasks.values()].map((entry) => structuredClone(entry.info));
  }

  /** The task's log from `fromSeq` on (default: all that is kept), saying how many are gone. */
  log(id: string, fromSeq = 0): TaskLogInfo {
    const entry = this.entry(id);
    const firstKept = entry.info.logSeq - entry.lines.length;
    const from = Math.min(Math.max(fromSeq, firstKept), entry.info.logSeq);
    return { taskId: id, fromSeq: from, lines: structuredClone(entry.lines.slice(from - firstKept)), skipped: Math.max(0, Math.min(firstKept, entry.info.logSeq) - fromSeq) };
  }

  cancel(id: string): TaskInfo {
    const entry = this.entry(id);
    if (entry.info.state === 'running') {
      entry.controller.abort(new AppError('CANCELLED', 'Cancelled by the user.'));
      this.finish(entry, { state: 'cancelled', step: 'Cancelled' });
    }
    return structuredClone(entry.info);
  }

  /** Cancels everything still running, e.g. when the app quits. */
  cancelAll(): void {
    for (const entry of this.tasks.values()) if (entry.info.state === 'running') this.cancel(entry.info.id);
  }

  private async run(entry: Entry, work: TaskWork): Promise<void> {
    const context: TaskContext = {
      signal: entry.controller.signal,
      step: (text, percent) => {
        if (entry.info.state !== 'running') return;
        entry.info.step = text;
        if (percent !== undefined) entry.info.percent = percent === null ? null : clampPercent(percent);
        this.publish(entry, false);
      },
      log: (text, step = '') => {
        if (entry.info.state !== 'running') return;
        entry.lines.push({ step, text });
        entry.info.logSeq += 1;
        if (entry.lines.length > this.maxLogLines) entry.lines.splice(0, entry.lines.length - this.maxLogLines);
        const owner = step ? entry.info.steps?.find((candidate) => candidate.id === step) : undefined;
        if (owner) {
          const tail = owner.logTail ?? [];
          tail.push(text);
          if (tail.length > STEP_LOG_TAIL) tail.splice(0, tail.length - STEP_LOG_TAIL);
          owner.logTail = tail;
        }
        this.publish(entry, false);
      },
      steps: (steps) => {
        if (entry.info.state !== 'running') return;
        entry.info.steps = structuredClone(steps);
        this.publish(entry, false);
      },
      updateStep: (step) => {
        if (entry.info.state !== 'running') return;
        const steps = entry.info.steps ?? [];
        const index = steps.findIndex((candidate) => candidate.id === step.id);
        if (index === -1) steps.push(structuredClone(step));
        // The plan reports a step's state; its log tail is the manager's to keep.
        else steps[index] = { ...structuredClone(step), ...(steps[index]!.logTail ? { logTail: steps[index]!.logTail } : {}) };
        entry.info.steps = steps;
        this.publish(entry, false);
      },
    };
    try {
      const result = await work(context);
      this.finish(entry, { state: 'succeeded', step: 'Done', percent: 100, ...(result ? { result } : {}) });
    } catch (error) {
      if (entry.controller.signal.aborted || (error instanceof AppError && error.code === 'CANCELLED')) {
        this.finish(entry, { state: 'cancelled', step: 'Cancelled' });
      } else if (error instanceof AppError) {
        this.finish(entry, { state: 'failed', step: 'Failed', error: error.toInfo() });
      } else {
        this.options.onUnexpectedError?.(entry.info, error);
        const info = new AppError('INTERNAL', `"${entry.info.title}" stopped on an unexpected problem. Try again; if it persists, report it with the app log.`).toInfo();
        this.finish(entry, { state: 'failed', step: 'Failed', error: info });
      }
    }
  }

  private finish(entry: Entry, change: Partial<TaskInfo>): void {
    if (entry.info.state !== 'running') return;
    Object.assign(entry.info, change, { endedAt: this.now().toISOString() });
    // Steps still running when a plan stops did not finish: say so rather than leave spinners.
    for (const step of entry.info.steps ?? []) {
      if (step.state === 'running') Object.assign(step, { state: 'cancelled', percent: null });
    }
    this.publish(entry, true);
    this.forgetOldFinished();
  }

  // Coalesces bursts of step/log updates into one broadcast per tick; state changes go at once.
  // Unsent log lines always go out before the update that counts them.
  private publish(entry: Entry, immediately: boolean): void {
    if (immediately) {
      this.flushLog(entry);
      this.options.onUpdate(structuredClone(entry.info));
      return;
    }
    if (entry.flushQueued) return;
    entry.flushQueued = true;
    setImmediate(() => {
      entry.flushQueued = false;
      if (entry.info.state !== 'running') return;
      this.flushLog(entry);
      this.options.onUpdate(structuredClone(entry.info));
    });
  }

  private flushLog(entry: Entry): void {
    if (entry.unsentSeq === entry.info.logSeq) return;
    const batch = this.log(entry.info.id, entry.unsentSeq);
    entry.unsentSeq = entry.info.logSeq;
    this.options.onLog?.(batch);
  }

  private forgetOldFinished(): void {
    const finished = [...this.tasks.values()].filter((entry) => entry.info.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - this.maxFinishedTasks))) {
      this.tasks.delete(entry.info.id);
    }
  }

  private entry(id: string): Entry {
    const entry = this.tasks.get(id);
    if (!entry) throw new AppError('NOT_FOUND', `No task with id ${id}. It may have finished long ago; start it again.`, { taskId: id });
    return entry;
  }
}

function clampPercent(value: number): number {
  return Math.max(0, Math.min(100, Math.round(value)));
}
