import { describe, expect, it } from 'vitest';
import { AppError, type Client, type LogBatchInfo, type LogOpenRequest, type LogStreamInfo, type MethodName } from '../../../core/contract';
import { isWorkloadTarget, openLogStream, type LogSink, type LogView } from './log-stream';

const VIEW: LogView = { highlight: false, timestamps: false, wrap: true, holdLines: 10_000 };

/** Lets pending promise callbacks run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** A core that answers logs.* and lets the test push batches, as the real one does over the transport. */
function fakeCore(open: (request: LogOpenRequest) => Promise<LogStreamInfo>) {
  const listeners = new Set<(batch: LogBatchInfo) => void>();
  const calls: [MethodName, unknown][] = [];
  const client: Pick<Client, 'call' | 'on'> = {
    call: (async (method: MethodName, params: unknown) => {
      calls.push([method, params]);
      if (method === 'logs.open') return open(params as LogOpenRequest);
      if (method === 'logs.ack') return params;
      if (method === 'logs.close') return { ...(params as object), closed: true };
      throw new AppError('NOT_FOUND', `no fake for ${method}`);
    }) as Client['call'],
    on: ((name: string, listener: (batch: LogBatchInfo) => void) => {
      if (name !== 'logs:batch') return () => undefined;
      listeners.add(listener);
      return () => listeners.delete(listener);
    }) as Client['on'],
  };
  return {
    client,
    calls,
    listening: () => listeners.size,
    emit: (batch: LogBatchInfo) => [...listeners].forEach((listener) => listener(batch)),
    acks: () => calls.filter(([method]) => method === 'logs.ack').map(([, params]) => (params as { seq: number }).seq),
    closes: () => calls.filter(([method]) => method === 'logs.close').map(([, params]) => (params as { streamId: string }).streamId),
  };
}

/** A terminal stand-in: records writes; their callbacks run only when the test says the terminal caught up. */
function fakeSink(columns = 80) {
  const writes: { text: string; done: () => void }[] = [];
  let shown = 0;
  const sink: LogSink = { write: (text, done) => void writes.push({ text, done }), columns: () => columns };
  return {
    sink,
    writes,
    text: () => writes.map((write) => write.text).join(''),
    catchUp: () => {
      const pending = writes.slice(shown);
      shown = writes.length;
      for (const write of pending) write.done();
    },
  };
}

const productpage: LogStreamInfo = { streamId: 'stream-1', namespace: 'bookinfo', target: 'pod/productpage-v1-6bd8f5b5d9-n7xkq', sources: [{ pod: 'productpage-v1-6bd8f5b5d9-n7xkq', container: 'productpage' }] };

function batch(seq: number, text: string, extra: Partial<LogBatchInfo> = {}): LogBatchInfo {
  return { streamId: 'stream-1', seq, chunks: [{ source: 0, text }], ...extra };
}

describe('openLogStream', () => {
  it('acknowledges a batch only after the terminal has written it', async () => {
    const core = fakeCore(async () => productpage);
    const terminal = fakeSink();
    const written: number[] = [];
    openLogStream(core.client, { namespace: 'bookinfo', target: 'pod/productpage-v1-6bd8f5b5d9-n7xkq' }, terminal.sink, VIEW, { written: (progress) => written.push(progress.lines) });
    await settle();
    core.emit(batch(1, 'GET /productpage\nGET /static/x.css'));
    expect(terminal.writes).toHaveLength(1);
    expect(terminal.writes[0]!.text).toBe('GET /productpage\r\nGET /static/x.css\r\n');
    await settle();
    expect(core.acks()).toEqual([]);
    terminal.catchUp();
    await settle();
    expect(core.acks()).toEqual([1]);
    expect(written).toEqual([2]);
  });

  it('writes batches that came before logs.open answered, in order, and none of another stream', async () => {
    const opening = deferred<LogStreamInfo>();
    const core = fakeCore(() => opening.promise);
    const terminal = fakeSink();
    openLogStream(core.client, { target: 'pod/productpage-v1-6bd8f5b5d9-n7xkq' }, terminal.sink, VIEW);
    core.emit(batch(2, 'second'));
    core.emit({ ...batch(1, 'someone else'), streamId: 'stream-9' });
    core.emit(batch(1, 'first'));
    expect(terminal.writes).toHaveLength(0);
    opening.resolve(productpage);
    await settle();
    expect(terminal.text()).toBe('first\r\nsecond\r\n');
    core.emit({ ...batch(3, 'not mine'), streamId: 'stream-9' });
    expect(terminal.writes).toHaveLength(2);
    terminal.catchUp();
    await settle();
    expect(core.acks()).toEqual([1, 2]);
  });

  it('prefixes the lines of a workload by source, including pods that join later', async () => {
    const reviews: LogStreamInfo = { streamId: 'stream-1', namespace: 'bookinfo', target: 'deploy/reviews-v1', sources: [{ pod: 'reviews-v1-a', container: 'reviews' }] };
    const core = fakeCore(async () => reviews);
    const terminal = fakeSink();
    openLogStream(core.client, { target: 'deploy/reviews-v1', container: 'reviews' }, terminal.sink, VIEW);
    await settle();
    core.emit({ streamId: 'stream-1', seq: 1, chunks: [{ source: 0, text: 'one' }] });
    core.emit({ streamId: 'stream-1', seq: 2, sources: [{ pod: 'reviews-v1-b', container: 'reviews' }], notices: ['reviews-v1-b joined'], chunks: [{ source: 1, text: 'two' }] });
    const visible = terminal.text().replace(/\x1b\[[0-9;]*m/g, '');
    expect(visible).toBe('[reviews-v1-a/reviews] one\r\n── reviews-v1-b joined ──\r\n[reviews-v1-b/reviews] two\r\n');
  });

  it('holds batches while paused, acknowledging them as they come so the core keeps the stream, and writes them on resume', async () => {
    const core = fakeCore(async () => productpage);
    const terminal = fakeSink();
    const held: number[] = [];
    const written: unknown[] = [];
    const stream = openLogStream(core.client, { target: 'pod/x' }, terminal.sink, VIEW, { held: (lines) => held.push(lines), written: (progress) => written.push(progress) });
    await settle();
    stream.pause();
    core.emit(batch(1, 'a\nb'));
    core.emit(batch(2, 'c', { dropped: 5 }));
    await settle();
    expect(terminal.writes).toHaveLength(0);
    expect(core.acks()).toEqual([1, 2]);
    expect(held).toEqual([2, 3]);
    stream.resume();
    expect(held.at(-1)).toBe(0);
    expect(terminal.text().replace(/\x1b\[[0-9;]*m/g, '')).toBe('a\r\nb\r\n… 5 lines dropped (viewer fell behind) …\r\nc\r\n');
    terminal.catchUp();
    await settle();
    expect(core.acks()).toEqual([1, 2]);
    expect(written).toEqual([
      { lines: 2, dropped: 0, sources: 1 },
      { lines: 1, dropped: 5, sources: 1 },
    ]);
  });

  it('holds about a scrollback of lines while paused (whole batches), and says how many it let go, keeping their notices and sources', async () => {
    const core = fakeCore(async () => ({ ...productpage, target: 'deploy/productpage-v1' }));
    const terminal = fakeSink();
    const held: number[] = [];
    const written: unknown[] = [];
    const stream = openLogStream(core.client, { target: 'deploy/productpage-v1' }, terminal.sink, { ...VIEW, holdLines: 4 }, { held: (lines) => held.push(lines), written: (progress) => written.push(progress) });
    await settle();
    stream.pause();
    core.emit(batch(1, '1\n2\n3', { dropped: 7 }));
    core.emit(batch(2, '4\n5', { sources: [{ pod: 'productpage-v1-b', container: 'productpage' }], notices: ['productpage-v1-b joined'] }));
    core.emit({ streamId: 'stream-1', seq: 3, chunks: [{ source: 1, text: '6\n7' }] });
    core.emit(batch(4, '8'));
    await settle();
    expect(held).toEqual([3, 5, 4, 5]);
    stream.resume();
    terminal.catchUp();
    await settle();
    const visible = terminal.text().replace(/\x1b\[[0-9;]*m/g, '');
    expect(visible).toBe(
      [
        '… 3 lines dropped (let go while paused: more than the terminal keeps) …',
        '… 7 lines dropped (viewer fell behind) …',
        '── productpage-v1-b joined ──',
        '[productpage-v1-6bd8f5b5d9-n7xkq/productpage] 4',
        '[productpage-v1-6bd8f5b5d9-n7xkq/productpage] 5',
        '[productpage-v1-b/productpage] 6',
        '[productpage-v1-b/productpage] 7',
        '[productpage-v1-6bd8f5b5d9-n7xkq/productpage] 8',
        '',
      ].join('\r\n'),
    );
    expect(written).toEqual([
      { lines: 2, dropped: 10, sources: 2 },
      { lines: 2, dropped: 0, sources: 2 },
      { lines: 1, dropped: 0, sources: 2 },
    ]);
    expect(core.acks()).toEqual([1, 2, 3, 4]);
  });

  it('shows the end, stops listening and leaves nothing to close when the stream ends', async () => {
    const core = fakeCore(async () => productpage);
    const terminal = fakeSink();
    const ended: unknown[] = [];
    const stream = openLogStream(core.client, { target: 'pod/x', follow: false }, terminal.sink, VIEW, { ended: (info) => ended.push(info) });
    await settle();
    core.emit(batch(1, 'last line', { ended: { reason: 'complete' } }));
    terminal.catchUp();
    await settle();
    expect(terminal.text().replace(/\x1b\[[0-9;]*m/g, '')).toBe('last line\r\n── end of log ──\r\n');
    expect(ended).toEqual([{ reason: 'complete' }]);
    expect(core.acks()).toEqual([]);
    expect(core.listening()).toBe(0);
    await stream.close();
    expect(core.closes()).toEqual([]);
  });

  it('closes the stream on the core once, and ignores what comes after', async () => {
    const core = fakeCore(async () => productpage);
    const terminal = fakeSink();
    const stream = openLogStream(core.client, { target: 'pod/x' }, terminal.sink, VIEW);
    await settle();
    core.emit(batch(1, 'in flight'));
    await stream.close();
    await stream.close();
    terminal.catchUp();
    core.emit(batch(2, 'too late'));
    await settle();
    expect(core.closes()).toEqual(['stream-1']);
    expect(core.acks()).toEqual([]);
    expect(terminal.text()).toBe('in flight\r\n');
    expect(core.listening()).toBe(0);
  });

  it('closes a stream that opens after the pane went away', async () => {
    const opening = deferred<LogStreamInfo>();
    const core = fakeCore(() => opening.promise);
    const opened: unknown[] = [];
    const stream = openLogStream(core.client, { target: 'pod/x' }, fakeSink().sink, VIEW, { opened: (info) => opened.push(info) });
    await stream.close();
    opening.resolve(productpage);
    await settle();
    expect(core.closes()).toEqual(['stream-1']);
    expect(opened).toEqual([]);
  });

  it('reports why a stream could not open, as the core said it', async () => {
    const core = fakeCore(async () => {
      throw new AppError('NOT_FOUND', 'There is no pod "ratings-v9" in namespace bookinfo. Pick one from the list.');
    });
    const failures: unknown[] = [];
    openLogStream(core.client, { target: 'pod/ratings-v9' }, fakeSink().sink, VIEW, { failed: (error) => failures.push(error) });
    await settle();
    expect(failures).toEqual([{ code: 'NOT_FOUND', message: 'There is no pod "ratings-v9" in namespace bookinfo. Pick one from the list.' }]);
    expect(core.listening()).toBe(0);
  });

  it('cuts long lines at the terminal width when wrapping is off, from the next batch on', async () => {
    const core = fakeCore(async () => productpage);
    const terminal = fakeSink(20);
    const stream = openLogStream(core.client, { target: 'pod/x' }, terminal.sink, VIEW);
    await settle();
    const long = 'x'.repeat(30);
    core.emit(batch(1, long));
    stream.setView({ ...VIEW, wrap: false });
    core.emit(batch(2, long));
    const [first, second] = terminal.writes.map((write) => write.text.replace(/\x1b\[[0-9;]*m/g, ''));
    expect(first).toBe(`${long}\r\n`);
    expect(second).toBe(`${'x'.repeat(19)}…\r\n`);
  });
});

describe('paced acknowledgements', () => {
  /** A clock the test moves by hand, with the timers that depend on it. */
  function manualTimers() {
    let now = 0;
    const pending = new Set<{ at: number; callback: () => void }>();
    const earliest = () => [...pending].sort((a, b) => a.at - b.at)[0];
    return {
      timers: {
        now: () => now,
        setTimeout: (callback: () => void, ms: number) => {
          const timer = { at: now + ms, callback };
          pending.add(timer);
          return timer;
        },
        clearTimeout: (handle: unknown) => void pending.delete(handle as { at: number; callback: () => void }),
      },
      advance(ms: number) {
        const until = now + ms;
        // Timers run in time order, each at its own time; those they set run too when due.
        for (let next = earliest(); next && next.at <= until; next = earliest()) {
          pending.delete(next);
          now = next.at;
          next.callback();
        }
        now = until;
      },
      pending: () => pending.size,
    };
  }

  it('acknowledges one batch per interval, oldest first, so a flood costs the page a bounded amount of work', async () => {
    const core = fakeCore(async () => productpage);
    const terminal = fakeSink();
    const clock = manualTimers();
    openLogStream(core.client, { target: 'pod/x' }, terminal.sink, VIEW, {}, { minAckIntervalMs: 50, timers: clock.timers });
    await settle();
    for (const seq of [1, 2, 3, 4]) core.emit(batch(seq, `line ${seq}`));
    terminal.catchUp();
    await settle();
    expect(terminal.writes).toHaveLength(4);
    expect(core.acks()).toEqual([1]);
    clock.advance(49);
    await settle();
    expect(core.acks()).toEqual([1]);
    clock.advance(1);
    await settle();
    expect(core.acks()).toEqual([1, 2]);
    clock.advance(100);
    await settle();
    expect(core.acks()).toEqual([1, 2, 3, 4]);
  });

  it('acknowledges at once when batches come slower than the interval, and stops pacing on close', async () => {
    const core = fakeCore(async () => productpage);
    const terminal = fakeSink();
    const clock = manualTimers();
    const stream = openLogStream(core.client, { target: 'pod/x' }, terminal.sink, VIEW, {}, { minAckIntervalMs: 50, timers: clock.timers });
    await settle();
    core.emit(batch(1, 'a'));
    terminal.catchUp();
    clock.advance(80);
    core.emit(batch(2, 'b'));
    terminal.catchUp();
    await settle();
    expect(core.acks()).toEqual([1, 2]);
    core.emit(batch(3, 'c'));
    terminal.catchUp();
    expect(clock.pending()).toBe(1);
    await stream.close();
    expect(clock.pending()).toBe(0);
    clock.advance(100);
    await settle();
    expect(core.acks()).toEqual([1, 2]);
  });
});

describe('isWorkloadTarget', () => {
  it('tells workloads from pods', () => {
    expect(isWorkloadTarget('deploy/productpage-v1')).toBe(true);
    expect(isWorkloadTarget('sts/db')).toBe(true);
    expect(isWorkloadTarget('pod/productpage-v1-abc')).toBe(false);
    expect(isWorkloadTarget('productpage-v1-abc')).toBe(false);
  });
});
