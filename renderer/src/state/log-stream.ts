// One log stream between the core and a terminal: opens it, writes each numbered batch as one
// piece of text, and acknowledges a batch only once the terminal has shown it, so a slow
// renderer slows the stream down (the core then drops lines and says how many) instead of
// piling up text. While paused, batches are acknowledged as they come (the core stops a stream
// nobody acknowledges) and held, at most a scrollback's worth of lines: older held lines would
// scroll out of the terminal anyway, so they are counted and let go. Closing ends the stream on
// the core's side. Acknowledgements can be paced (one batch per interval): a flood then costs
// the page a bounded amount of work per second and the core drops the rest, counted. Opening,
// routing by stream id and closing are the stream session's (stream-session.ts).

import type { AppErrorInfo, Client, LogBatchInfo, LogOpenRequest, LogSourceInfo, LogStreamInfo } from '../../../core/contract';
import { droppedMarker, renderBatch, type LineStyle } from '../model/log-format';
import { openStreamSession } from './stream-session';

export interface LogSink {
  /** Writes terminal text and calls `done` once it is on screen (xterm's write callback). */
  write(text: string, done: () => void): void;
  /** The terminal's width now, for cutting lines when wrapping is off. */
  columns(): number;
}

export interface LogView {
  highlight: boolean;
  timestamps: boolean;
  wrap: boolean;
  /** Lines to hold while paused (the terminal's scrollback); the oldest beyond it are let go. */
  holdLines: number;
}

export interface LogProgress {
  /** Log lines written in this batch. */
  lines: number;
  /** Lines not shown before this batch: dropped by the core, or let go while paused. */
  dropped: number;
  sources: number;
}

export interface LogStreamEvents {
  opened?(info: LogStreamInfo): void;
  written?(progress: LogProgress): void;
  /** Lines received while paused and not written yet. */
  held?(lines: number): void;
  ended?(ended: NonNullable<LogBatchInfo['ended']>): void;
  failed?(error: AppErrorInfo): void;
}

export interface LogStreamHandle {
  pause(): void;
  resume(): void;
  /** Applies to lines written from now on; what is on screen stays as it was written. */
  setView(view: LogView): void;
  close(): Promise<void>;
}

type StreamClient = Pick<Client, 'call' | 'on'>;

export interface PacingTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LogStreamOptions {
  /**
   * At least this long between two acknowledgements, one batch each. The core sends a new batch
   * only for an acknowledged one, so this caps batches per second; 0 acknowledges at once.
   */
  minAckIntervalMs?: number;
  timers?: PacingTimers;
}

const realTimers: PacingTimers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Batches that arrive before `logs.open` answers; the core sends one window, so a few. */
const EARLY_LIMIT = 64;
/** Notices of held batches that were let go are kept (they say what happened), but not without end. */
const KEPT_NOTICES = 20;

/** Workload targets (and pods that turn out to have several sources) get `[pod/container]` prefixes. */
export function isWorkloadTarget(target: string): boolean {
  return /^(deploy|deployment|deployments|sts|statefulset|ds|daemonset)\//.test(target);
}

function batchLines(batch: LogBatchInfo): number {
  let lines = 0;
  for (const chunk of batch.chunks) {
    lines++;
    for (let index = chunk.text.indexOf('\n'); index !== -1; index = chunk.text.indexOf('\n', index + 1)) lines++;
  }
  return lines;
}

export function openLogStream(
  client: StreamClient,
  request: LogOpenRequest,
  sink: LogSink,
  initialView: LogView,
  events: LogStreamEvents = {},
  options: LogStreamOptions = {},
): LogStreamHandle {
  const minAckInterval = options.minAckIntervalMs ?? 0;
  const timers = options.timers ?? realTimers;
  let view = initialView;
  let streamId = '';
  let sources: LogSourceInfo[] = [];
  let paused = false;
  /** Lines the core said it dropped, in held batches that were let go. */
  let coreDropped = 0;
  const held: { batch: LogBatchInfo; lines: number }[] = [];
  let heldLines = 0;
  /** Lines let go while paused, and the notices they carried, for the first batch written after. */
  let skipped = 0;
  let skippedNotices: string[] = [];
  /** Batches written and not acknowledged yet (a few: the core's window), oldest first. */
  const unacknowledged: number[] = [];
  let lastAck = Number.NEGATIVE_INFINITY;
  let ackTimer: unknown;

  const session = openStreamSession(client, {
    event: 'logs:batch',
    open: () => client.call('logs.open', request),
    close: (info: LogStreamInfo) => client.call('logs.close', { streamId: info.streamId }),
    idOf: (info) => info.streamId,
    eventId: (batch) => batch.streamId,
    earlyLimit: EARLY_LIMIT,
    compareEarly: (a, b) => a.seq - b.seq,
    opened: (info) => {
      streamId = info.streamId;
      sources = [...info.sources];
      events.opened?.(info);
    },
    received: receive,
    failed: (error) => events.failed?.(error),
  });

  function receive(batch: LogBatchInfo): void {
    if (!paused) {
      write(batch);
      return;
    }
    if (!batch.ended) acknowledge(batch.seq);
    held.push({ batch, lines: batchLines(batch) });
    heldLines += held.at(-1)!.lines;
    while (held.length > 1 && heldLines - held[0]!.lines >= view.holdLines) letGo(held.shift()!);
    events.held?.(heldLines);
  }

  /** Forgets a held batch's lines but keeps what must not be lost: its new sources and notices, and the count. */
  function letGo({ batch, lines }: { batch: LogBatchInfo; lines: number }): void {
    heldLines -= lines;
    skipped += lines;
    if (batch.sources) sources = [...sources, ...batch.sources];
    if (batch.dropped) coreDropped += batch.dropped;
    skippedNotices = [...skippedNotices, ...(batch.notices ?? [])].slice(-KEPT_NOTICES);
  }

  function acknowledge(seq: number): void {
    unacknowledged.push(seq);
    sendAcks();
  }

  /** Sends the next acknowledgement when the interval allows, else once it does. */
  function sendAcks(): void {
    if (ackTimer !== undefined || session.isClosed()) return;
    while (unacknowledged.length > 0) {
      const wait = lastAck + minAckInterval - timers.now();
      if (wait > 0) {
        ackTimer = timers.setTimeout(() => {
          ackTimer = undefined;
          sendAcks();
        }, wait);
        return;
      }
      lastAck = timers.now();
      const seq = unacknowledged.shift()!;
      // The stream may have ended meanwhile on the core's side; there is nothing to slow down then.
      client.call('logs.ack', { streamId, seq }).catch(() => undefined);
    }
  }

  function write(batch: LogBatchInfo, alreadyAcknowledged = false): void {
    if (batch.sources) sources = [...sources, ...batch.sources];
    const style: LineStyle = {
      prefixes: sources.length > 1 || isWorkloadTarget(request.target),
      highlight: view.highlight,
      timestamps: view.timestamps,
      maxWidth: view.wrap ? null : sink.columns(),
    };
    const droppedByCore = (batch.dropped ?? 0) + coreDropped;
    const rendered = renderBatch({ ...batch, dropped: droppedByCore, notices: [...skippedNotices, ...(batch.notices ?? [])] }, sources, style);
    const marker = skipped > 0 ? `${droppedMarker(skipped, 'let go while paused: more than the terminal keeps')}\r\n` : '';
    const progress: LogProgress = { lines: rendered.lines, dropped: droppedByCore + skipped, sources: sources.length };
    coreDropped = 0;
    skipped = 0;
    skippedNotices = [];
    // Nothing follows an ending batch: stop listening now, and there is nothing to close.
    if (batch.ended) session.end();
    sink.write(marker + rendered.text, () => {
      if (session.isClosed()) return;
      events.written?.(progress);
      if (batch.ended) {
        events.ended?.(batch.ended);
        return;
      }
      if (!alreadyAcknowledged) acknowledge(batch.seq);
    });
  }

  return {
    pause() {
      paused = true;
    },
    resume() {
      if (!paused) return;
      paused = false;
      const waiting = held.splice(0);
      heldLines = 0;
      events.held?.(0);
      // Held batches were acknowledged when they came, except an ending one (nothing follows it).
      for (const { batch } of waiting) if (!session.isClosed()) write(batch, true);
    },
    setView(next) {
      view = next;
    },
    async close() {
      if (session.isClosed()) return;
      const closing = session.close();
      if (ackTimer !== undefined) timers.clearTimeout(ackTimer);
      held.length = 0;
      await closing;
    },
  };
}
