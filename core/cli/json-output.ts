// `--json` output, one shape per thing: data as the contract's own objects (LabStatusInfo,
// LabSummaryInfo, TrafficApplyInfo…), a task's outcome as { state, error?, …result }, and any
// error as { "error": { code, message, details? } } on stdout, with a non-zero exit code.

import { AppError, type AppErrorInfo, type TaskInfo } from '../contract';
import type { OutStream } from './cli-context';

export function writeJson(out: OutStream, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One line of JSON (a stream of objects, as `logs --json` prints). */
export function writeJsonLine(out: OutStream, value: unknown): void {
  out.write(`${JSON.stringify(value)}\n`);
}

export function errorInfoOf(error: unknown): AppErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export function errorJson(error: unknown): { error: AppErrorInfo } {
  return { error: errorInfoOf(error) };
}

/** How every task command (up, down, reset) reports its end under --json. */
export interface TaskOutcomeJson {
  state: TaskInfo['state'];
  error?: AppErrorInfo;
}

export function taskOutcome(task: TaskInfo): TaskOutcomeJson {
  return { state: task.state, ...(task.error ? { error: task.error } : {}) };
}
