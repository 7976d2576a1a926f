// The bounded memory of one container's explicitly written log lines: a ring that keeps the
// newest lines within a line count and a byte budget and drops the oldest first, as the kubelet
// rotating a container's log files does. O(1) per line; it knows nothing about pods or streams.

export interface RingLine {
  at: number;
  text: string;
}

export interface LogRetention {
  /** Most lines kept per container instance. */
  lines: number;
  /** Most bytes kept per container instance (text plus its newline). */
  bytes: number;
}

export const defaultLogRetention: LogRetention = { lines: 10_000, bytes: 4 * 1024 * 1024 };

function cost(line: RingLine): number {
  return Buffer.byteLength(line.text) + 1;
}

export class LogRing {
  private readonly slots: Array<RingLine | undefined> = [];
  private start = 0;
  private count = 0;
  private used = 0;
  private droppedLines = 0;
  private readonly capacity: number;

  constructor(private readonly retention: LogRetention = defaultLogRetention) {
    this.capacity = Math.max(1, Math.floor(retention.lines));
  }

  get length(): number {
    return this.count;
  }

  get bytes(): number {
    return this.used;
  }

  /** How many lines were dropped so far: when any were, older history is gone as a whole. */
  get dropped(): number {
    return this.droppedLines;
  }

  get oldest(): RingLine | undefined {
    return this.count > 0 ? this.slots[this.start] : undefined;
  }

  push(line: RingLine): void {
    const size = cost(line);
    // A line bigger than the whole budget still stays, alone: the newest line is never lost.
    while (this.count > 0 && (this.count >= this.capacity || this.used + size > this.retention.bytes)) this.dropOldest();
    const index = (this.start + this.count) % this.capacity;
    // Slots are allocated as lines arrive, so a quiet container costs nothing.
    if (index === this.slots.length) this.slots.push(line);
    else this.slots[index] = line;
    this.count++;
    this.used += size;
  }

  /** Oldest first. */
  *[Symbol.iterator](): IterableIterator<RingLine> {
    for (let i = 0; i < this.count; i++) yield this.slots[(this.start + i) % this.capacity]!;
  }

  private dropOldest(): void {
    const line = this.slots[this.start];
    this.slots[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.count--;
    this.droppedLines++;
    this.used -= line ? cost(line) : 0;
  }
}
