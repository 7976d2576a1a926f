import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APPLY_INTERVAL_MS, createApplyCoalescer, type ApplyCoalescer } from './apply-coalescer';

interface Call {
  value: number;
  seq: number;
  at: number;
  resolve(result: string): void;
  reject(error: unknown): void;
}

interface Report {
  kind: 'sent' | 'accepted' | 'failed';
  seq: number;
  final: boolean;
  value?: number;
  result?: string;
  error?: unknown;
}

/** A coalescer whose calls wait until the test answers them. */
function harness(firstSeq?: number) {
  const calls: Call[] = [];
  const reports: Report[] = [];
  const coalescer: ApplyCoalescer<number> = createApplyCoalescer<number, string>({
    send: (value, seq) =>
      new Promise<string>((resolve, reject) => {
        calls.push({ value, seq, at: Date.now(), resolve, reject });
      }),
    onSent: (value, seq, final) => reports.push({ kind: 'sent', value, seq, final }),
    onAccepted: (result, seq, final) => reports.push({ kind: 'accepted', result, seq, final }),
    onFailed: (error, seq, final) => reports.push({ kind: 'failed', error, seq, final }),
    ...(firstSeq === undefined ? {} : { firstSeq }),
  });
  const sentValues = () => calls.map((call) => call.value);
  async function answer(index: number, result = `ok-${index}`) {
    calls[index]!.resolve(result);
    await vi.advanceTimersByTimeAsync(0);
  }
  return { coalescer, calls, reports, sentValues, answer };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('while dragging', () => {
  it('sends the first move at once, numbered from firstSeq', () => {
    const { coalescer, calls, reports } = harness(7);
    coalescer.move(10);
    expect(calls.map((call) => [call.value, call.seq])).toEqual([[10, 7]]);
    expect(reports).toEqual([{ kind: 'sent', value: 10, seq: 7, final: false }]);
    expect(coalescer.isBusy()).toBe(true);
  });

  it('waits the interval after a quick answer, then sends only the newest move', async () => {
    const { coalescer, calls, sentValues, answer } = harness();
    coalescer.move(1);
    await vi.advanceTimersByTimeAsync(10);
    await answer(0);
    coalescer.move(2);
    coalescer.move(3);
    await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS - 11);
    expect(sentValues()).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sentValues()).toEqual([1, 3]);
    expect(calls[1]!.at - calls[0]!.at).toBe(APPLY_INTERVAL_MS);
  });

  it('never has two calls in flight: a slow answer holds the next move back, which then leaves at once', async () => {
    const { coalescer, sentValues, answer, calls } = harness();
    coalescer.move(1);
    for (let value = 2; value <= 6; value++) {
      await vi.advanceTimersByTimeAsync(100);
      coalescer.move(value);
    }
    expect(sentValues()).toEqual([1]);
    await answer(0);
    expect(sentValues()).toEqual([1, 6]);
    expect(calls[1]!.at - calls[0]!.at).toBe(500);
  });

  it('sends at most one call per interval over a long drag with instant answers', async () => {
    const { coalescer, calls, answer } = harness();
    for (let tick = 0; tick < 100; tick++) {
      coalescer.move(tick);
      const last = calls.length - 1;
      await vi.advanceTimersByTimeAsync(0);
      if (last >= 0) await answer(last);
      await vi.advanceTimersByTimeAsync(16);
    }
    const gaps = calls.slice(1).map((call, index) => call.at - calls[index]!.at);
    expect(gaps.length).toBeGreaterThan(5);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(APPLY_INTERVAL_MS);
    // 100 moves 16 ms apart take 1.6 s: about one call per interval, not one per move.
    expect(calls.length).toBeLessThanOrEqual(Math.ceil((100 * 16) / APPLY_INTERVAL_MS) + 1);
  });

  it('does not send the same waiting value twice when the timer fires during a call', async () => {
    const { coalescer, sentValues, answer } = harness();
    coalescer.move(1);
    await vi.advanceTimersByTimeAsync(20);
    await answer(0);
    coalescer.move(2);
    await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS);
    expect(sentValues()).toEqual([1, 2]);
    coalescer.move(3);
    await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS * 3);
    expect(sentValues()).toEqual([1, 2]);
    await answer(1);
    expect(sentValues()).toEqual([1, 2, 3]);
    await answer(2);
    await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS * 3);
    expect(sentValues()).toEqual([1, 2, 3]);
    expect(coalescer.isBusy()).toBe(false);
  });
});

describe('on release', () => {
  it('sends the released value at once when idle, even inside the interval', async () => {
    const { coalescer, calls, reports, answer } = harness();
    coalescer.move(1);
    await vi.advanceTimersByTimeAsync(5);
    await answer(0);
    coalescer.release(2);
    expect(calls.map((call) => call.value)).toEqual([1, 2]);
    expect(calls[1]!.at - calls[0]!.at).toBe(5);
    expect(reports.at(-1)).toEqual({ kind: 'sent', value: 2, seq: 2, final: true });
  });

  it('waits for the call in flight, then sends the released value exactly once, dropping moves in between', async () => {
    const { coalescer, sentValues, answer, reports } = harness();
    coalescer.move(1);
    coalescer.move(2);
    coalescer.move(3);
    coalescer.release(4);
    await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS * 4);
    expect(sentValues()).toEqual([1]);
    await answer(0);
    expect(sentValues()).toEqual([1, 4]);
    await answer(1);
    await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS * 4);
    expect(sentValues()).toEqual([1, 4]);
    expect(reports.filter((report) => report.final).map((report) => report.kind)).toEqual(['sent', 'accepted']);
    expect(coalescer.isBusy()).toBe(false);
  });

  it('cancels a move that was waiting for the interval', async () => {
    const { coalescer, sentValues, answer } = harness();
    coalescer.move(1);
    await answer(0);
    coalescer.move(2);
    coalescer.release(3);
    expect(sentValues()).toEqual([1, 3]);
    await answer(1);
    await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS * 2);
    expect(sentValues()).toEqual([1, 3]);
  });

  it('sends a release even when it equals the last value sent (the one final apply)', async () => {
    const { coalescer, sentValues, answer } = harness();
    coalescer.move(5);
    await answer(0);
    coalescer.release(5);
    expect(sentValues()).toEqual([5, 5]);
  });

  it('lets a new drag supersede a release that had not left yet', async () => {
    const { coalescer, sentValues, answer } = harness();
    coalescer.move(1);
    coalescer.release(2);
    coalescer.move(3);
    await answer(0);
    await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS);
    expect(sentValues()).toEqual([1, 3]);
    coalescer.release(4);
    await answer(1);
    expect(sentValues()).toEqual([1, 3, 4]);
  });
});

describe('answers', () => {
  it('reports answers with their seq and final flag, in the order the calls left', async () => {
    const { coalescer, reports, answer } = harness();
    coalescer.move(1);
    coalescer.release(2);
    await answer(0, 'first');
    await answer(1, 'second');
    expect(reports).toEqual([
      { kind: 'sent', value: 1, seq: 1, final: false },
      { kind: 'accepted', result: 'first', seq: 1, final: false },
      { kind: 'sent', value: 2, seq: 2, final: true },
      { kind: 'accepted', result: 'second', seq: 2, final: true },
    ]);
  });

  it('reports a failure and still sends what waits', async () => {
    const { coalescer, calls, reports, sentValues } = harness();
    coalescer.move(1);
    coalescer.release(2);
    calls[0]!.reject(new Error('refused'));
    await vi.advanceTimersByTimeAsync(0);
    expect(reports[1]).toMatchObject({ kind: 'failed', seq: 1, final: false });
    expect((reports[1]!.error as Error).message).toBe('refused');
    expect(sentValues()).toEqual([1, 2]);
  });

  it('turns a send that throws at once into a failure and goes on', async () => {
    const reports: string[] = [];
    let throwNext = true;
    const sent: number[] = [];
    const coalescer = createApplyCoalescer<number, number>({
      send: (value) => {
        if (throwNext) {
          throwNext = false;
          throw new Error('bad input');
        }
        sent.push(value);
        return Promise.resolve(value);
      },
      onAccepted: (result, seq) => reports.push(`ok ${result} #${seq}`),
      onFailed: (error, seq) => reports.push(`failed ${(error as Error).message} #${seq}`),
    });
    coalescer.move(1);
    coalescer.release(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(reports).toEqual(['failed bad input #1', 'ok 2 #2']);
    expect(sent).toEqual([2]);
  });
});

describe('dispose', () => {
  it('drops what waits and stops the timer, but reports the call already in flight', async () => {
    const { coalescer, sentValues, answer, reports } = harness();
    coalescer.move(1);
    await answer(0);
    coalescer.move(2);
    await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS);
    coalescer.move(3);
    coalescer.dispose();
    await answer(1);
    await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS * 3);
    coalescer.move(4);
    coalescer.release(5);
    expect(sentValues()).toEqual([1, 2]);
    expect(reports.at(-1)).toMatchObject({ kind: 'accepted', seq: 2 });
    expect(coalescer.isBusy()).toBe(false);
  });
});

// Any interleaving of moves, releases, time and answers keeps the promises.
type Op = { kind: 'move' } | { kind: 'release' } | { kind: 'wait'; ms: number } | { kind: 'answer'; ok: boolean };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: 'move' }),
  fc.constant<Op>({ kind: 'release' }),
  fc.integer({ min: 0, max: 400 }).map<Op>((ms) => ({ kind: 'wait', ms })),
  fc.boolean().map<Op>((ok) => ({ kind: 'answer', ok })),
);

describe('properties', () => {
  it('never overlaps calls, keeps order, spaces drag calls, and ends on the last value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 60 }), async (ops) => {
        vi.setSystemTime(1_000_000);
        const calls: { value: number; seq: number; final: boolean; at: number; settle(ok: boolean): void }[] = [];
        let sentFinal = false;
        let inFlight = 0;
        let maxInFlight = 0;
        let answered = 0;
        const answeredSeqs: number[] = [];
        const coalescer = createApplyCoalescer<number, number>({
          send: (value, seq) => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            return new Promise<number>((resolve, reject) => {
              calls.push({ value, seq, final: sentFinal, at: Date.now(), settle: (ok) => (ok ? resolve(value) : reject(new Error('no'))) });
            });
          },
          onSent: (_value, _seq, final) => {
            sentFinal = final;
          },
          onAccepted: (_result, seq) => {
            inFlight--;
            answered++;
            answeredSeqs.push(seq);
          },
          onFailed: (_error, seq) => {
            inFlight--;
            answered++;
            answeredSeqs.push(seq);
          },
        });
        let value = 0;
        let lastOffered: { value: number; final: boolean } | null = null;
        for (const op of ops) {
          if (op.kind === 'move' || op.kind === 'release') {
            value++;
            lastOffered = { value, final: op.kind === 'release' };
            if (op.kind === 'move') coalescer.move(value);
            else coalescer.release(value);
          } else if (op.kind === 'wait') {
            await vi.advanceTimersByTimeAsync(op.ms);
          } else if (calls.length > answered) {
            calls[answered]!.settle(op.ok);
            await vi.advanceTimersByTimeAsync(0);
          }
        }
        // Drain: answer everything and let timers run out.
        for (let round = 0; round < 200 && coalescer.isBusy(); round++) {
          if (calls.length > answered) calls[answered]!.settle(true);
          await vi.advanceTimersByTimeAsync(APPLY_INTERVAL_MS);
        }
        expect(coalescer.isBusy()).toBe(false);
        expect(maxInFlight).toBeLessThanOrEqual(1);
        expect(answered).toBe(calls.length);
        expect(answeredSeqs).toEqual(calls.map((call) => call.seq));
        // Values go out in the order they were made, each at most once; seqs count up by one.
        for (let index = 1; index < calls.length; index++) {
          expect(calls[index]!.value).toBeGreaterThan(calls[index - 1]!.value);
          expect(calls[index]!.seq).toBe(calls[index - 1]!.seq + 1);
          // A drag call starts no sooner than the interval after the previous call started.
          if (!calls[index]!.final) expect(calls[index]!.at - calls[index - 1]!.at).toBeGreaterThanOrEqual(APPLY_INTERVAL_MS);
        }
        // The newest value is always the last one sent, marked final when it was a release.
        if (lastOffered) {
          expect(calls.at(-1)?.value).toBe(lastOffered.value);
          expect(calls.at(-1)?.final).toBe(lastOffered.final);
        }
      }),
      { numRuns: 300 },
    );
  });
});
