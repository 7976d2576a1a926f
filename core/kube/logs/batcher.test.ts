// LogBatcher: batching by size, credit from acknowledgements, bounded buffering with counted
// drops, the order of notices, sources and the end — by example and by property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogBatcher, type BatchContent } from './batcher';

function lines(batch: BatchContent | undefined): string[] {
  return (batch?.chunks ?? []).flatMap((c) => c.text.split('\n'));
}

describe('LogBatcher', () => {
  it('groups consecutive lines of a source into one chunk and numbers batches from 1', () => {
    const b = new LogBatcher();
    b.line(0, 'a1');
    b.line(0, 'a2');
    b.line(1, 'b1');
    b.line(0, 'a3');
    const first = b.take();
    expect(first).toEqual({ seq: 1, chunks: [{ source: 0, text: 'a1\na2' }, { source: 1, text: 'b1' }, { source: 0, text: 'a3' }] });
    expect(b.pending).toBe(false);
    expect(b.take()).toBeUndefined();
    b.line(1, 'b2');
    expect(b.take()?.seq).toBe(2);
  });

  it('closes a batch at the character cap, but always carries at least one line', () => {
    const b = new LogBatcher({ maxBatchChars: 10, maxInFlight: 100 });
    for (const text of ['1234', '5678', '9abc', 'x'.repeat(25), 'y']) b.line(0, text);
    expect(b.full).toBe(true);
    const batches = [b.take(), b.take(), b.take(), b.take()];
    expect(batches.map(lines)).toEqual([['1234', '5678'], ['9abc'], ['x'.repeat(25)], ['y']]);
    expect(b.take()).toBeUndefined();
  });

  it('sends at most maxInFlight unacknowledged batches; acks are cumulative and unknown ones refused', () => {
    const b = new LogBatcher({ maxInFlight: 2 });
    b.line(0, 'one');
    expect(b.take()?.seq).toBe(1);
    b.line(0, 'two');
    expect(b.take()?.seq).toBe(2);
    b.line(0, 'three');
    expect(b.hasCredit).toBe(false);
    expect(b.take()).toBeUndefined();
    expect(b.ack(5)).toBe(false);
    expect(b.ack(1.5)).toBe(false);
    expect(b.inFlight).toBe(2);
    expect(b.ack(2)).toBe(true);
    expect(b.inFlight).toBe(0);
    expect(b.ack(1)).toBe(true);
    expect(b.inFlight).toBe(0);
    expect(lines(b.take())).toEqual(['three']);
  });

  it('drops the oldest lines beyond the line cap while the viewer is behind, and says how many', () => {
    const b = new LogBatcher({ maxInFlight: 1, maxBufferedLines: 3 });
    b.line(0, 'first');
    b.take();
    for (let i = 0; i < 10; i++) b.line(0, `l${i}`);
    expect(b.stats).toMatchObject({ bufferedLines: 3, droppedLines: 7, sentLines: 1, inFlight: 1 });
    expect(b.take()).toBeUndefined();
    b.ack(1);
    const next = b.take();
    expect(next?.dropped).toBe(7);
    expect(lines(next)).toEqual(['l7', 'l8', 'l9']);
    b.ack(2);
    b.line(0, 'later');
    expect(b.take()?.dropped).toBeUndefined();
  });

  it('drops by characters too, keeping the newest line even when it alone is over the cap', () => {
    const b = new LogBatcher({ maxInFlight: 1, maxBufferedChars: 20 });
    b.line(0, 'x');
    b.take();
    b.line(0, 'aaaaaaaa');
    b.line(0, 'bbbbbbbb');
    expect(b.stats.bufferedChars).toBe(18);
    b.line(0, 'cccccccc');
    expect(b.stats).toMatchObject({ bufferedLines: 2, droppedLines: 1 });
    b.line(0, 'z'.repeat(50));
    expect(b.stats).toMatchObject({ bufferedLines: 1, droppedLines: 3, bufferedChars: 51 });
    b.ack(1);
    const next = b.take();
    expect(next?.dropped).toBe(3);
    expect(lines(next)).toEqual(['z'.repeat(50)]);
  });

  it('starts a new batch at a notice so notices stay in order with the lines around them', () => {
    const b = new LogBatcher({ maxInFlight: 10 });
    b.line(0, 'before');
    b.notice('reconnected after 1.2s');
    b.line(0, 'after');
    b.notice('second');
    expect(b.take()).toEqual({ seq: 1, chunks: [{ source: 0, text: 'before' }] });
    expect(b.take()).toEqual({ seq: 2, chunks: [{ source: 0, text: 'after' }], notices: ['reconnected after 1.2s'] });
    expect(b.take()).toEqual({ seq: 3, chunks: [], notices: ['second'] });
  });

  it('keeps notices that sat among dropped lines and sends them first, within a limit', () => {
    const b = new LogBatcher({ maxInFlight: 1, maxBufferedLines: 2 });
    b.line(0, 'x');
    b.take();
    b.line(0, 'old1');
    b.notice('pod-a/app: joined');
    b.line(0, 'old2');
    b.line(0, 'new1');
    b.line(0, 'new2');
    b.ack(1);
    expect(b.take()).toEqual({ seq: 2, chunks: [{ source: 0, text: 'new1\nnew2' }], dropped: 2, notices: ['pod-a/app: joined'] });

    const many = new LogBatcher({ maxInFlight: 1, maxBufferedLines: 1 });
    many.line(0, 'x');
    many.take();
    for (let i = 0; i < 60; i++) {
      many.notice(`n${i}`);
      many.line(0, `l${i}`);
      many.line(0, `m${i}`);
    }
    many.ack(1);
    const next = many.take();
    expect(next?.notices?.[0]).toBe('10 earlier notices were dropped');
    expect(next?.notices?.slice(1)).toEqual(Array.from({ length: 50 }, (_, i) => `n${i + 10}`));
    expect(lines(next)).toEqual(['m59']);
    expect(next?.dropped).toBe(119);
  });

  it('announces sources registered after the stream was handed out in the next batch', () => {
    const b = new LogBatcher();
    expect(b.addSource({ pod: 'p1', container: 'app' })).toBe(0);
    expect(b.announceSources()).toEqual([{ pod: 'p1', container: 'app' }]);
    expect(b.pending).toBe(false);
    expect(b.addSource({ pod: 'p2', container: 'app' })).toBe(1);
    expect(b.pending).toBe(true);
    b.line(1, 'hello');
    expect(b.take()).toEqual({ seq: 1, chunks: [{ source: 1, text: 'hello' }], sources: [{ pod: 'p2', container: 'app' }] });
  });

  it('sends the end after the queued lines, then nothing more', () => {
    const b = new LogBatcher({ maxInFlight: 10, maxBatchChars: 6 });
    b.line(0, 'abc');
    b.line(0, 'def');
    b.end({ reason: 'complete' });
    b.line(0, 'ignored');
    const first = b.take();
    expect(first?.ended).toBeUndefined();
    expect(b.ended).toBe(false);
    expect(b.take()).toEqual({ seq: 2, chunks: [{ source: 0, text: 'def' }], ended: { reason: 'complete' } });
    expect(b.ended).toBe(true);
    expect(b.pending).toBe(false);
    expect(b.take()).toBeUndefined();
  });

  it('an end with nothing queued still waits for credit, while a final batch does not', () => {
    const b = new LogBatcher({ maxInFlight: 1 });
    b.line(0, 'a');
    b.take();
    b.end({ reason: 'error', message: 'broken' });
    expect(b.take()).toBeUndefined();
    b.line(0, 'dropped-by-end');
    const final = b.takeFinal({ reason: 'closed' });
    expect(final).toEqual({ seq: 2, chunks: [], ended: { reason: 'closed' } });
    expect(b.takeFinal({ reason: 'closed' })).toBeUndefined();
  });

  it('never loses a line silently and never holds more than its caps (property)', () => {
    type Op = { kind: 'line'; source: number; size: number } | { kind: 'notice' } | { kind: 'take' } | { kind: 'ack' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('line' as const), source: fc.integer({ min: 0, max: 2 }), size: fc.integer({ min: 0, max: 40 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('notice' as const) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('take' as const) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('ack' as const) }) },
    );
    const limits = fc.record({
      maxBatchChars: fc.integer({ min: 1, max: 120 }),
      maxInFlight: fc.integer({ min: 1, max: 4 }),
      maxBufferedLines: fc.integer({ min: 1, max: 30 }),
      maxBufferedChars: fc.integer({ min: 1, max: 400 }),
    });
    fc.assert(
      fc.property(limits, fc.array(op, { maxLength: 300 }), (lim, ops) => {
        const b = new LogBatcher(lim);
        let pushed = 0;
        let received = 0;
        let dropped = 0;
        let notices = 0;
        let noticesSeen = 0;
        let lastSeq = 0;
        let acked = 0;
        const lastIndex = [-1, -1, -1];
        const check = (batch: BatchContent | undefined): void => {
          if (!batch) return;
          expect(batch.seq).toBe(lastSeq + 1);
          lastSeq = batch.seq;
          dropped += batch.dropped ?? 0;
          for (const n of batch.notices ?? []) noticesSeen += /earlier notices were dropped/.test(n) ? Number(n.split(' ')[0]) : 1;
          let chars = 0;
          let count = 0;
          for (const chunk of batch.chunks) {
            for (const text of chunk.text.split('\n')) {
              const [source, index] = text.split(':').map(Number) as [number, number];
              expect(source).toBe(chunk.source);
              // Per source, lines arrive in the order they were pushed.
              expect(index).toBeGreaterThan(lastIndex[source] as number);
              lastIndex[source] = index;
              chars += text.length + 1;
              count++;
              received++;
            }
          }
          if (count > 1) expect(chars).toBeLessThanOrEqual(lim.maxBatchChars);
        };
        for (const o of ops) {
          if (o.kind === 'line') {
            const text = `${o.source}:${pushed}:${'x'.repeat(o.size)}`;
            b.line(o.source, text);
            pushed++;
          } else if (o.kind === 'notice') {
            b.notice(`notice ${notices++}`);
          } else if (o.kind === 'take') {
            const batch = b.take();
            if (b.inFlight > lim.maxInFlight) throw new Error('over credit');
            check(batch);
          } else if (lastSeq > acked) {
            acked = lastSeq;
            b.ack(acked);
          }
          const s = b.stats;
          // Bounded: within the caps, except that the newest line always stays.
          expect(s.bufferedLines <= lim.maxBufferedLines || s.bufferedLines === 1).toBe(true);
          expect(s.bufferedChars <= lim.maxBufferedChars || s.bufferedLines <= 1).toBe(true);
          expect(s.sentLines + s.bufferedLines + s.droppedLines).toBe(pushed);
        }
        // Drain: everything pushed is either received or counted as dropped, and no notice vanishes.
        for (let guard = 0; b.pending && guard < 10_000; guard++) {
          b.ack(lastSeq);
          check(b.take());
        }
        expect(received + dropped).toBe(pushed);
        expect(noticesSeen).toBe(notices);
      }),
      { numRuns: 300 },
    );
  });
});
