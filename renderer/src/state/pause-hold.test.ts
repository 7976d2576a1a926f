import { describe, expect, it } from 'vitest';
import type { LogBatchInfo } from '../../../core/contract';
import { batchLines, createPauseHold } from './pause-hold';

function batch(seq: number, lines: number, extra: Partial<LogBatchInfo> = {}): LogBatchInfo {
  return { streamId: 's', seq, chunks: [{ source: 0, text: Array.from({ length: lines }, (_, index) => `line ${index}`).join('\n') }], ...extra };
}

describe('pause hold', () => {
  it('counts a chunk and each newline in it as lines', () => {
    expect(batchLines(batch(1, 3))).toBe(3);
    expect(batchLines({ streamId: 's', seq: 1, chunks: [{ source: 0, text: 'a' }, { source: 1, text: 'b\nc' }] })).toBe(3);
  });

  it('lets go of the oldest batch once the newer ones alone fill the limit, and carries what it said', () => {
    const hold = createPauseHold();
    expect(hold.hold(batch(1, 4, { dropped: 7, notices: ['pod left'], sources: [{ pod: 'p2', container: 'c' }] }), 8)).toBe(4);
    expect(hold.hold(batch(2, 4), 8)).toBe(8);
    expect(hold.hold(batch(3, 4), 8)).toBe(8);

    expect(hold.takeCarry()).toEqual({ lines: 4, coreDropped: 7, notices: ['pod left'], sources: [{ pod: 'p2', container: 'c' }] });
    expect(hold.takeCarry()).toEqual({ lines: 0, coreDropped: 0, notices: [], sources: [] });
    expect(hold.release().map((held) => held.seq)).toEqual([2, 3]);
    expect(hold.release()).toEqual([]);
  });

  it('always keeps the newest batch, however large', () => {
    const hold = createPauseHold();
    hold.hold(batch(1, 2), 5);
    expect(hold.hold(batch(2, 50), 5)).toBe(50);
    expect(hold.release().map((held) => held.seq)).toEqual([2]);
  });

  it('keeps only the last 20 notices of what was let go', () => {
    const hold = createPauseHold();
    for (let seq = 1; seq <= 30; seq++) hold.hold(batch(seq, 1, { notices: [`notice ${seq}`] }), 1);
    const { notices, lines } = hold.takeCarry();
    expect(lines).toBe(29);
    expect(notices).toHaveLength(20);
    expect(notices.at(-1)).toBe('notice 29');
  });
});
