// One log per plan step, built from the typed lines the core sends ({step, text}, each once and
// in order). Per-step logs are capped; `total` counts every line ever added, so a terminal that
// has written `n` lines knows what to append and whether lines were dropped before it saw them.
// Lines the core could no longer send (this page fell too far behind) show as one marker.

import type { TaskLogLineInfo } from '../../../core/contract';

/** Lines without a step belong to the plan (or the task) as a whole. */
export const PLAN_LOG = '';

export interface StepLog {
  /** How many lines were ever added to this step's log. */
  total: number;
  /** The newest lines, at most the cap. */
  lines: string[];
}

export type StepLogs = Record<string, StepLog>;

export const STEP_LOG_CAP = 5_000;

export function skippedNote(count: number): string {
  return count === 1 ? '… 1 line was skipped here: the task logged faster than this page could follow.' : `… ${count} lines were skipped here: the task logged faster than this page could follow.`;
}

/**
 * Adds lines to the per-step logs (a new object; the input is not changed). When `skipped` lines
 * were lost before them, the marker goes into the task's own log and into each step of `open`
 * (those being written to, which may have lost some), ahead of the new lines.
 */
export function appendStepLines(logs: StepLogs, lines: readonly TaskLogLineInfo[], skipped = 0, open: readonly string[] = [], cap = STEP_LOG_CAP): StepLogs {
  const marked = skipped > 0 ? [...new Set([PLAN_LOG, ...open])].map((step) => ({ step, text: skippedNote(skipped) })) : [];
  const all = marked.length > 0 ? [...marked, ...lines] : lines;
  if (all.length === 0) return logs;
  const added = new Map<string, string[]>();
  for (const { step, text } of all) {
    const bucket = added.get(step);
    if (bucket) bucket.push(text);
    else added.set(step, [text]);
  }
  const next: StepLogs = { ...logs };
  for (const [step, texts] of added) {
    const known = logs[step] ?? { total: 0, lines: [] };
    const joined = known.lines.concat(texts);
    next[step] = { total: known.total + texts.length, lines: joined.length > cap ? joined.slice(joined.length - cap) : joined };
  }
  return next;
}

/**
 * What a view that has already shown `written` lines of `log` still has to show. `skipped`
 * counts lines that were dropped from the log before the view got to them.
 */
export function unwrittenLines(log: StepLog | undefined, written: number): { lines: string[]; skipped: number; written: number } {
  if (!log || log.total <= written) return { lines: [], skipped: 0, written: Math.min(written, log?.total ?? 0) };
  const missing = log.total - written;
  const available = Math.min(missing, log.lines.length);
  return { lines: log.lines.slice(log.lines.length - available), skipped: missing - available, written: log.total };
}
