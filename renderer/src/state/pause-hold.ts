// What a log stream keeps while paused: the batches received, at most a scrollback's worth of
// lines (older ones would scroll out of the terminal anyway), and for the ones let go what must
// not be lost: how many lines, the core's own dropped count, their notices and new sources.
// That carry goes with the first batch written afterwards.

import type { LogBatchInfo, LogSourceInfo } from '../../../core/contract';

/** Notices of held batches that were let go are kept (they say what happened), but not without end. */
const KEPT_NOTICES = 20;

export interface LetGoCarry {
  /** Log lines let go. */
  lines: number;
  /** Lines the core said it dropped, in the batches let go. */
  coreDropped: number;
  notices: string[];
  sources: LogSourceInfo[];
}

export interface PauseHold {
  /** Holds `batch`, letting go of the oldest while the newer ones alone hold `limit` lines or more; returns the lines held. */
  hold(batch: LogBatchInfo, limit: number): number;
  /** The held batches, oldest first; the hold is empty after. */
  release(): LogBatchInfo[];
  /** What was let go since the last take; the carry starts again from nothing. */
  takeCarry(): LetGoCarry;
  clear(): void;
}

export function batchLines(batch: LogBatchInfo): number {
  let lines = 0;
  for (const chunk of batch.chunks) {
    lines++;
    for (let index = chunk.text.indexOf('\n'); index !== -1; index = chunk.text.indexOf('\n', index + 1)) lines++;
  }
  return lines;
}

const emptyCarry = (): LetGoCarry => ({ lines: 0, coreDropped: 0, notices: [], sources: [] });

export function createPauseHold(): PauseHold {
  let held: { batch: LogBatchInfo; lines: number }[] = [];
  let heldLines = 0;
  let carry = emptyCarry();

  function letGo({ batch, lines }: { batch: LogBatchInfo; lines: number }): void {
    heldLines -= lines;
    carry = {
      lines: carry.lines + lines,
      coreDropped: carry.coreDropped + (batch.dropped ?? 0),
      notices: [...carry.notices, ...(batch.notices ?? [])].slice(-KEPT_NOTICES),
      sources: [...carry.sources, ...(batch.sources ?? [])],
    };
  }

  return {
    hold(batch, limit) {
      const entry = { batch, lines: batchLines(batch) };
      held.push(entry);
      heldLines += entry.lines;
      while (held.length > 1 && heldLines - held[0]!.lines >= limit) letGo(held.shift()!);
      return heldLines;
    },
    release() {
      const batches = held.map((entry) => entry.batch);
      held = [];
      heldLines = 0;
      return batches;
    },
    takeCarry() {
      const taken = carry;
      carry = emptyCarry();
      return taken;
    },
    clear() {
      held = [];
      heldLines = 0;
    },
  };
}
