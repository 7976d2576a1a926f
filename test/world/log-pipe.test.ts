// The world's log pipe at its reader's pace: a reader that is behind gets nothing more until it
// drains, however many lines fall due meanwhile; lines keep their time order across steady and
// written ones; limitBytes cuts the response and ends it.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LogPipe, type LogLine, type LogPipeOptions, type SteadyLines } from './log-pipe';

/** A clock the test moves, and steady lines one per ms from t=0 on it. */
const clock = { now: 0 };
const steady: SteadyLines = {
  rate: 1000,
  countAt: (t) => Math.floor(t) + 1,
  timeOf: (index) => index,
  lineAt: (index) => ({ at: index, text: `steady ${index}` }),
};

/** A reader that answers `keepUp` to each write and records the chunks. */
class Reader extends EventEmitter {
  readonly chunks: string[] = [];
  ended = false;
  keepUp = true;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return this.keepUp;
  }
  end(): void {
    this.ended = true;
  }
  lines(): string[] {
    return this.chunks.join('').split('\n').filter(Boolean);
  }
}

function pipe(reader: Reader, options: Partial<LogPipeOptions> = {}): LogPipe {
  const logPipe = new LogPipe(steady, reader, { initial: [], nextSteady: 0, follow: true, timestamps: false, limitBytes: Infinity, now: () => clock.now, onStop: () => {}, ...options });
  logPipe.start();
  return logPipe;
}

describe('LogPipe', () => {
  it('writes one chunk to a reader that is behind and nothing more until it drains', () => {
    const reader = new Reader();
    reader.keepUp = false;
    clock.now = 99_999;
    const logPipe = pipe(reader);
    logPipe.written({ at: clock.now, text: 'written while behind' });
    expect(reader.chunks).toHaveLength(1);
    expect(reader.chunks[0]!.length).toBeLessThanOrEqual(64 * 1024 + 100);

    reader.keepUp = true;
    reader.emit('drain');
    const lines = reader.lines();
    expect(lines).toHaveLength(100_001);
    expect(lines.slice(-2)).toEqual(['steady 99999', 'written while behind']);
    logPipe.stop();
    expect(reader.ended).toBe(true);
  });

  it('keeps time order between the initial, steady and written lines', () => {
    const reader = new Reader();
    reader.keepUp = false;
    clock.now = 0;
    const initial: LogLine[] = [{ at: -1, text: 'before' }];
    const logPipe = pipe(reader, { initial });
    expect(reader.lines()).toEqual(['before', 'steady 0']);
    clock.now = 4;
    logPipe.written({ at: 2.5, text: 'written at 2.5' });
    reader.keepUp = true;
    reader.emit('drain');
    expect(reader.lines()).toEqual(['before', 'steady 0', 'steady 1', 'steady 2', 'written at 2.5', 'steady 3', 'steady 4']);
    logPipe.stop();
  });

  it('cuts the response at limitBytes and ends it', () => {
    const reader = new Reader();
    const stops: string[] = [];
    clock.now = 9;
    pipe(reader, { limitBytes: 20, onStop: () => stops.push('stopped') });
    expect(reader.chunks.join('')).toBe('steady 0\nsteady 1\nst');
    expect(reader.ended).toBe(true);
    expect(stops).toEqual(['stopped']);
  });

  it('ends a response that does not follow once the initial lines are out', () => {
    const reader = new Reader();
    clock.now = 9;
    pipe(reader, { follow: false, initial: [{ at: 0, text: 'only' }] });
    expect(reader.lines()).toEqual(['only']);
    expect(reader.ended).toBe(true);
  });
});
