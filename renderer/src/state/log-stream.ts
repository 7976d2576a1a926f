// One log stream between the core and a terminal: opens it, writes each numbered batch as one
// piece of text, and acknowledges a batch only once the terminal has shown it, so a slow
// renderer slows the stream down (the core then drops lines and says how many) instead of
// piling up text. While paused, batches are acknowledged as they come (the core stops a stream
// nobody acknowledges) and held (pause-hold.ts: at most a scrollback's worth, the rest counted
// and let go). Closing ends the stream on the core's side. Acknowledgements can be paced
// (ack-pacer.ts). Opening, routing by stream id and closing are the stream session's
// (stream-session.ts).

import type { AppErrorInfo, Client, LogBatchInfo, LogOpenRequest, LogSourceInfo, LogStreamInfo } from '../../../core/contract';
import { droppedMarker, renderBatch, type LineStyle } from '../model/log-format';
import { createAckPacer, realTimers, type PacingTimers } from './ack-pacer';
import { createPauseHold, type LetGoCarry } from './pause-hold';
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

export interface LogStreamOptions {
  /**
   * At least this long between two acknowledgements, one batch each. The core sends a new batch
   * only for an acknowledged one, so this caps batches per second; 0 acknowledges at once.
   */
  minAckIntervalMs?: number;
  timers?: PacingTimers;
}

/** Batches that arrive before `logs.open` answers; the core sends one window, so a few. */
const EARLY_LIMIT = 64;

/** Workload targets (and pods that turn out to have several sources) get `[pod/container]` prefixes. */
export function isWorkloadTarget(target: string): boolean {
  return /^(deploy|deployment|deployments|sts|statefulset|ds|daemonset)\//.test(target);
}

function lineStyle(view: LogView, sources: readonly LogSourceInfo[], target: string, sink: LogSink): LineStyle {
  return {
    prefixes: sources.length > 1 || isWorkloadTarget(target),
    highlight: view.highlight,
    timestamps: view.timestamps,
    maxWidth: view.wrap ? null : sink.columns(),
  };
}

/** The terminal text for `batch`, led by a marker for lines let go while paused, and what it reports. */
function renderWithCarry(batch: LogBatchInfo, carry: LetGoCarry, sources: readonly LogSourceInfo[], style: LineStyle): { text: string; progress: LogProgress } {
  const droppedByCore = (batch.dropped ?? 0) + carry.coreDropped;
  const rendered = renderBatch({ ...batch, dropped: droppedByCore, notices: [...carry.notices, ...(batch.notices ?? [])] }, sources, style);
  const marker = carry.lines > 0 ? `${droppedMarker(carry.lines, 'let go while paused: more than the terminal keeps')}\r\n` : '';
  return { text: marker + rendered.text, progress: { lines: rendered.lines, dropped: droppedByCore + carry.lines, sources: sources.length } };
}

export function openLogStream(
  client: StreamClient,
  request: LogOpenRequest,
  sink: LogSink,
  initialView: LogView,
  events: LogStreamEvents = {},
  options: LogStreamOptions = {},
): LogStreamHandle {
  let view = initialView;
  let streamId = '';
  let sources: LogSourceInfo[] = [];
  let paused = false;
  const hold = createPauseHold();
  // The stream may have ended meanwhile on the core's side; there is nothing to slow down then.
  const acks = createAckPacer((seq) => void client.call('logs.ack', { streamId, seq }).catch(() => undefined), options.minAckIntervalMs ?? 0, options.timers ?? realTimers, () => session.isClosed());

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
    if (!batch.ended) acks.acknowledge(batch.seq);
    events.held?.(hold.hold(batch, view.holdLines));
  }

  function write(batch: LogBatchInfo, alreadyAcknowledged = false): void {
    const carry = hold.takeCarry();
    sources = [...sources, ...carry.sources, ...(batch.sources ?? [])];
    const { text, progress } = renderWithCarry(batch, carry, sources, lineStyle(view, sources, request.target, sink));
    // Nothing follows an ending batch: stop listening now, and there is nothing to close.
    if (batch.ended) session.end();
    sink.write(text, () => {
      if (session.isClosed()) return;
      events.written?.(progress);
      if (batch.ended) events.ended?.(batch.ended);
      else if (!alreadyAcknowledged) acks.acknowledge(batch.seq);
    });
  }

  return {
    pause() {
      paused = true;
    },
    resume() {
      if (!paused) return;
      paused = false;
      const waiting = hold.release();
      events.held?.(0);
      // Held batches were acknowledged when they came, except an ending one (nothing follows it).
      for (const batch of waiting) if (!session.isClosed()) write(batch, true);
    },
    setView(next) {
      view = next;
    },
    async close() {
      if (session.isClosed()) return;
      const closing = session.close();
      acks.stop();
      hold.clear();
      await closing;
    },
  };
}
