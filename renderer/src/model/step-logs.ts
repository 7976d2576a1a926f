// Splits a plan task's log into one log per step. The core tags each step's lines with
// "[<stepId>] " and keeps only the newest lines of a task (a window that slides as the plan
// talks), so each snapshot is compared with the previous one to find the lines that are new.
// Per-step logs are capped too; `total` counts every line ever added, so a terminal that has
// written `n` lines knows what to append and whether lines were dropped before it saw them.

/** Lines without a step prefix belong to the plan as a whole. */
export const PLAN_LOG = '';

export interface StepLog {
  /** How many lines were ever added to this step's log. */
  total: number;
  /** The newest lines, at most the cap. */
  lines: string[];
}

export type StepLogs = Record<string, StepLog>;

export const STEP_LOG_CAP = 5_000;

export interface NewLines {
  lines: string[];
  /** The window slid past lines this side never saw (too many lines between two snapshots). */
  gap: boolean;
}

/**
 * The lines of `next` that were not in `previous`, where both are windows onto the same
 * growing log. The overlap is the longest tail of `previous` that `next` starts with. With
 * identical repeated lines the split is ambiguous; the longest overlap is the cautious reading
 * (it never shows a line twice).
 */
export function newLogLines(previous: readonly string[], next: readonly string[]): NewLines {
  if (previous.length === 0) return { lines: [...next], gap: false };
  for (let dropped = 0; dropped < previous.length; dropped++) {
    const overlap = previous.length - dropped;
    if (overlap > next.length) continue;
    let matches = true;
    for (let index = 0; index < overlap; index++) {
      if (previous[dropped + index] !== next[index]) {
        matches = false;
        break;
      }
    }
    if (matches) return { lines: next.slice(overlap), gap: false };
  }
  // Nothing in common: every line is new, and some between the two windows were lost.
  return { lines: [...next], gap: next.length > 0 };
}

const PREFIX = /^\[([A-Za-z0-9_.:-]{1,64})\] ?/;

/** "[istio] Installing…" → { step: 'istio', text: 'Installing…' }. */
export function splitStepLine(line: string): { step: string; text: string } {
  const match = PREFIX.exec(line);
  if (!match) return { step: PLAN_LOG, text: line };
  return { step: match[1]!, text: line.slice(match[0].length) };
}

/** Adds lines to the per-step logs (a new object; the input is not changed). */
export function appendStepLines(logs: StepLogs, lines: readonly string[], cap = STEP_LOG_CAP): StepLogs {
  if (lines.length === 0) return logs;
  const added = new Map<string, string[]>();
  for (const line of lines) {
    const { step, text } = splitStepLine(line);
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

/** Marks a gap in every step's log that was still being written to. */
export function markGap(logs: StepLogs, steps: readonly string[], note: string): StepLogs {
  return appendStepLines(
    logs,
    steps.map((step) => (step === PLAN_LOG ? note : `[${step}] ${note}`)),
  );
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
