// One open log stream on its way to a viewer: it receives sources, lines and notices from its
// reader, sends numbered batches at most every `batchIntervalMs` (at once when a batch is full),
// waits for acknowledgements, and treats a viewer that acknowledges nothing for `ackTimeoutMs`
// as gone. Closing stops the reader (its HTTP requests are aborted) and sends a last batch.
import type { LogBatchInfo, LogSourceInfo } from '../../contract';
import { LogBatcher, defaultBatchLimits, type BatcherStats, type BatchLimits } from './batcher';
import type { LogProducer, LogSink } from './log-sink';
import type { LogTimers } from './log-timers';

export interface LogStreamLimits extends BatchLimits {
  /** Least time between two batches that are not full. */
  batchIntervalMs: number;
  /** A viewer that acknowledges nothing this long while batches wait is considered gone. */
  ackTimeoutMs: number;
}

export const defaultLogStreamLimits: LogStreamLimits = { ...defaultBatchLimits, batchIntervalMs: 33, ackTimeoutMs: 30_000 };

export interface LogStreamOptions {
  id: string;
  limits: LogStreamLimits;
  timers: LogTimers;
  emit: (batch: LogBatchInfo) => void;
  /** Called once when the stream is over (its last batch sent, or closed). */
  onFinished: (id: string) => void;
}

export class LogStream implements LogSink {
  readonly id: string;
  private readonly options: LogStreamOptions;
  private readonly batcher: LogBatcher;
  private producer: LogProducer | undefined;
  private released = false;
  private finished = false;
  private flushTimer: unknown;
  private ackTimer: unknown;

  constructor(options: LogStreamOptions) {
    this.options = options;
    this.id = options.id;
    this.batcher = new LogBatcher(options.limits);
  }

  get closed(): boolean {
    return this.finished;
  }

  get stats(): BatcherStats {
    return this.batcher.stats;
  }

  /** The reader to stop when the stream closes. */
  attach(producer: LogProducer): void {
    this.producer = producer;
    if (this.finished) producer.stop();
  }

  addSource(pod: string, container: string): number {
    return this.batcher.addSource({ pod, container });
  }

  line(source: number, text: string): void {
    this.batcher.line(source, text);
    this.schedule();
  }

  notice(text: string): void {
    this.batcher.notice(text);
    this.schedule();
  }

  end(ended: NonNullable<LogBatchInfo['ended']>): void {
    this.batcher.end(ended);
    this.schedule();
  }

  /** The viewer knows the stream now: returns the sources so far and lets batches flow. */
  release(): LogSourceInfo[] {
    this.released = true;
    const sources = this.batcher.announceSources();
    // Not synchronously: the viewer must get open()'s answer before the first batch.
    this.flushTimer = this.options.timers.setTimeout(() => {
      this.flushTimer = undefined;
      this.schedule();
    }, 0);
    return sources;
  }

  ack(seq: number): void {
    if (this.finished || !this.batcher.ack(seq)) return;
    this.clearAckTimer();
    this.armAckTimer();
    this.schedule();
  }

  /** Stops the reader now and sends the last batch (queued lines are discarded). */
  close(ended: NonNullable<LogBatchInfo['ended']> = { reason: 'closed' }): void {
    if (this.finished) return;
    const last = this.released ? this.batcher.takeFinal(ended) : undefined;
    this.finish();
    if (last) this.send(last);
  }

  private schedule(): void {
    if (this.finished || !this.released) return;
    while (this.batcher.full && this.batcher.hasCredit && !this.finished) this.flush();
    if (this.flushTimer === undefined && this.batcher.pending && this.batcher.hasCredit && !this.finished) {
      this.flushTimer = this.options.timers.setTimeout(() => {
        this.flushTimer = undefined;
        this.flush();
        this.schedule();
      }, this.options.limits.batchIntervalMs);
    }
  }

  private flush(): void {
    if (this.finished) return;
    const batch = this.batcher.take();
    if (!batch) return;
    this.send(batch);
    if (this.batcher.ended) this.finish();
    else this.armAckTimer();
  }

  private send(batch: Omit<LogBatchInfo, 'streamId'>): void {
    try {
      this.options.emit({ streamId: this.id, ...batch });
    } catch {
      // The transport is gone: so is the viewer.
      this.finish();
    }
  }

  private armAckTimer(): void {
    if (this.ackTimer !== undefined || this.batcher.inFlight === 0 || this.finished) return;
    this.ackTimer = this.options.timers.setTimeout(() => {
      this.ackTimer = undefined;
      const seconds = Math.round(this.options.limits.ackTimeoutMs / 1000);
      this.close({ reason: 'closed', message: `The viewer acknowledged nothing for ${seconds} s, so the stream was stopped. Open the log again to continue.` });
    }, this.options.limits.ackTimeoutMs);
  }

  private clearAckTimer(): void {
    if (this.ackTimer !== undefined) this.options.timers.clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.flushTimer !== undefined) this.options.timers.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.clearAckTimer();
    this.producer?.stop();
    this.options.onFinished(this.id);
  }
}
