// The tasks a screen has heard of, by id, each with its per-step log. A newer snapshot replaces
// the older one, except that a finished task never goes back to running (a late snapshot is
// stale), and only a few records are kept. Also what a progress card shows as "latest lines".

import type { TaskId, TaskInfo, TaskLogInfo } from '../../../core/contract';
import { PLAN_LOG, appendStepLines, type StepLogs } from './step-logs';

export interface TaskRecord {
  task: TaskInfo;
  logs: StepLogs;
}

export type TaskRecords = Record<TaskId, TaskRecord>;

const NO_LOGS: StepLogs = Object.freeze({}) as StepLogs;

export function isFinished(task: TaskInfo): boolean {
  return task.state !== 'running';
}

/**
 * The records with this snapshot of `task`; the same object when the snapshot is stale. Keeps at
 * most `keep` records, never dropping `task` itself or the one the screen follows (`current`).
 */
export function withTaskSnapshot(records: TaskRecords, task: TaskInfo, keep: number, current: TaskId | null): TaskRecords {
  const known = records[task.id];
  if (known && isFinished(known.task) && !isFinished(task)) return records;
  const next = { ...records, [task.id]: { task, logs: known?.logs ?? NO_LOGS } };
  for (const id of Object.keys(next)) {
    if (Object.keys(next).length <= keep) break;
    if (id !== task.id && id !== current) delete next[id];
  }
  return next;
}

/** The records with a run of a known task's log lines added to its per-step logs. */
export function withTaskLog(records: TaskRecords, log: TaskLogInfo): TaskRecords {
  const known = records[log.taskId];
  if (!known) return records;
  // Lines lost to a gap may have belonged to any step still being written to.
  const open = (known.task.steps ?? []).filter((step) => step.state === 'running').map((step) => step.id);
  const logs = appendStepLines(known.logs, log.lines, log.skipped, open);
  return logs === known.logs ? records : { ...records, [log.taskId]: { ...known, logs } };
}

export function logsOf(records: TaskRecords, id: TaskId | null): StepLogs {
  return id ? (records[id]?.logs ?? NO_LOGS) : NO_LOGS;
}

/**
 * The newest few lines of a running task, for a progress card: those of the step it is running
 * (carried in the task itself), else those this page kept of the task's own log.
 */
export function latestLogLines(task: TaskInfo | null, logs: StepLogs = NO_LOGS, count = 4): string[] {
  const running = task?.steps?.find((step) => step.state === 'running' && (step.logTail?.length ?? 0) > 0);
  const lines = running?.logTail ?? logs[PLAN_LOG]?.lines ?? [];
  return lines.slice(-count);
}
