// Flow control of one log stream, as pure bookkeeping: lines, notices and new sources queue up
// here and leave as numbered batches (seq 1, 2, 3, …) of bounded size; at most `maxInFlight`
// batches wait for the viewer's acknowledgement at once. While the viewer is behind, the queue
// is capped by lines and characters and sheds its oldest lines, counted, so the next batch says
// how many were dropped: never silent, never unbounded. It owns no timers and no I/O.
import type { LogBatchInfo, LogChunkInfo, LogSourceInfo } from '../../contract';

export interface BatchLimits {
  /** A batch closes once its text reaches this many characters. */
  maxBatchChars: number;
  /** Batches sent and not yet acknowledged, at most. */
  maxInFlight: number;
  /** Lines waiting to be sent, at most; the oldest go first. */
  maxBufferedLines: number;
  /** Characters waiting to be sent, at most. */
  maxBufferedChars: number;
}

// The viewer writes about 20 batches a second (see renderer LogPane's ack pacing); 256 KiB batches
// let a chatty pod's lines through at tens of thousands a second, within one xterm write each.
export const defaultBatchLimits: BatchLimits = {
  maxBatchChars: 256 * 1024,
  maxInFlight: 4,
  maxBufferedLines: 20_000,
  maxBufferedChars: 2 * 1024 * 1024,
};

/** A batch without its stream id (the stream adds it). */
export type BatchContent = Omit<LogBatchInfo, 'streamId'>;

export interface BatcherStats {
  bufferedLines: number;
  bufferedChars: number;
  /** Lines dropped since the stream began. */
  droppedLines: number;
  /** Lines that left in batches. */
  sentLines: number;
  inFlight: number;
}

type Entry = { source: number; text: string } | { notice: string };

// Notices are kept when the lines around them are dropped, but not without limit.
const maxHeldNotices = 50;

export class LogBatcher {
  private readonly limits: BatchLimits;
  private readonly queue: Entry[] = [];
  private head = 0;
  private bufferedLines = 0;
  private bufferedChars = 0;
  private readonly allSources: LogSourceInfo[] = [];
  private newSources: LogSourceInfo[] = [];
  /** Notices whose lines were dropped; they go out first. */
  private heldNotices: string[] = [];
  private heldNoticesLost = 0;
  private droppedSinceBatch = 0;
  private droppedTotal = 0;
  private sentLines = 0;
  private lastSent = 0;
  private lastAcked = 0;
  private ending: LogBatchInfo['ended'];
  private endSent = false;

  constructor(limits: Partial<BatchLimits> = {}) {
    this.limits = { ...defaultBatchLimits, ...limits };
  }

  /** Registers a source and returns its index; it is announced in the next batch. */
  addSource(source: LogSourceInfo): number {
    this.allSources.push(source);
    this.newSources.push(source);
    return this.allSources.length - 1;
  }

  /** Every source so far; the ones listed here need no announcement in a batch any more. */
  announceSources(): LogSourceInfo[] {
    this.newSources = [];
    return [...this.allSources];
  }

  line(source: number, text: string): void {
    if (this.ending) return;
    this.queue.push({ source, text });
    this.bufferedLines++;
    this.bufferedChars += text.length + 1;
    this.shed();
  }

  notice(text: string): void {
    if (this.ending) return;
    this.queue.push({ notice: text });
    this.bufferedChars += text.length + 1;
    this.shed();
  }

  /** Nothing more will come; a batch carrying `ended` follows the lines still queued. */
  end(ended: NonNullable<LogBatchInfo['ended']>): void {
    this.ending ??= ended;
  }

  get ended(): boolean {
    return this.endSent;
  }

  get inFlight(): number {
    return this.lastSent - this.lastAcked;
  }

  get hasCredit(): boolean {
    return this.inFlight < this.limits.maxInFlight;
  }

  /** Whether there is anything to send (lines, notices, sources, a drop count or the end). */
  get pending(): boolean {
    if (this.endSent) return false;
    return this.head < this.queue.length || this.newSources.length > 0 || this.heldNotices.length > 0 || this.droppedSinceBatch > 0 || this.ending !== undefined;
  }

  /** A full batch is waiting: send it now rather than at the next tick. */
  get full(): boolean {
    return this.bufferedChars >= this.limits.maxBatchChars;
  }

  get stats(): BatcherStats {
    return { bufferedLines: this.bufferedLines, bufferedChars: this.bufferedChars, droppedLines: this.droppedTotal, sentLines: this.sentLines, inFlight: this.inFlight };
  }

  /** Acknowledges every batch up to `seq`. False for a seq that was never sent. */
  ack(seq: number): boolean {
    if (!Number.isInteger(seq) || seq > this.lastSent) return false;
    if (seq > this.lastAcked) this.lastAcked = seq;
    return true;
  }

  /** The next batch, when there is something to send and the viewer has room for it. */
  take(): BatchContent | undefined {
    if (!this.pending || !this.hasCredit) return undefined;
    return this.build();
  }

  /** A last batch regardless of credit: the stream is closing now and what is queued is discarded. */
  takeFinal(ended: NonNullable<LogBatchInfo['ended']>): BatchContent | undefined {
    if (this.endSent) return undefined;
    this.queue.length = 0;
    this.head = 0;
    this.bufferedLines = 0;
    this.bufferedChars = 0;
    this.heldNotices = [];
    this.heldNoticesLost = 0;
    this.ending = ended;
    return this.build();
  }

  private build(): BatchContent {
    const notices = this.takeNotices();
    const chunks = this.takeChunks();
    const batch: BatchContent = { seq: ++this.lastSent, chunks };
    if (this.newSources.length > 0) {
      batch.sources = this.newSources;
      this.newSources = [];
    }
    if (this.droppedSinceBatch > 0) {
      batch.dropped = this.droppedSinceBatch;
      this.droppedSinceBatch = 0;
    }
    if (notices.length > 0) batch.notices = notices;
    if (this.ending && this.head >= this.queue.length && this.heldNotices.length === 0) {
      batch.ended = this.ending;
      this.endSent = true;
    }
    return batch;
  }

  /** Held notices, then the notices at the front of the queue. */
  private takeNotices(): string[] {
    const notices = this.heldNotices;
    if (this.heldNoticesLost > 0) notices.unshift(`${this.heldNoticesLost} earlier notices were dropped`);
    this.heldNotices = [];
    this.heldNoticesLost = 0;
    for (let entry = this.queue[this.head]; entry && 'notice' in entry; entry = this.queue[this.head]) {
      notices.push(entry.notice);
      this.bufferedChars -= entry.notice.length + 1;
      this.head++;
    }
    return notices;
  }

  /** Lines up to the size cap or the next notice (a notice starts a batch, so order holds). */
  private takeChunks(): LogChunkInfo[] {
    const chunks: LogChunkInfo[] = [];
    let current: { source: number; lines: string[] } | undefined;
    let chars = 0;
    while (this.head < this.queue.length) {
      const entry = this.queue[this.head] as Entry;
      if ('notice' in entry) break;
      if (chars > 0 && chars + entry.text.length + 1 > this.limits.maxBatchChars) break;
      if (!current || current.source !== entry.source) {
        if (current) chunks.push({ source: current.source, text: current.lines.join('\n') });
        current = { source: entry.source, lines: [] };
      }
      current.lines.push(entry.text);
      chars += entry.text.length + 1;
      this.bufferedLines--;
      this.bufferedChars -= entry.text.length + 1;
      this.sentLines++;
      this.head++;
    }
    if (current) chunks.push({ source: current.source, text: current.lines.join('\n') });
    this.compact();
    return chunks;
  }

  /** Drops the oldest lines while the queue is over its caps; notices among them are held. */
  private shed(): void {
    while (this.head < this.queue.length && (this.bufferedLines > this.limits.maxBufferedLines || this.bufferedChars > this.limits.maxBufferedChars)) {
      // The newest line always stays, even when it alone is over the character cap.
      if (this.head === this.queue.length - 1) break;
      const entry = this.queue[this.head] as Entry;
      this.head++;
      if ('notice' in entry) {
        this.bufferedChars -= entry.notice.length + 1;
        this.heldNotices.push(entry.notice);
        if (this.heldNotices.length > maxHeldNotices) {
          this.heldNotices.shift();
          this.heldNoticesLost++;
        }
        continue;
      }
      this.bufferedLines--;
      this.bufferedChars -= entry.text.length + 1;
      this.droppedSinceBatch++;
      this.droppedTotal++;
    }
    this.compact();
  }

  /** Reclaims the consumed front of the queue once it is large. */
  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
