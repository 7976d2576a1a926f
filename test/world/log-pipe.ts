// One log response being written to its reader: the lines the request asked for, then (when
// following) steady lines as they fall due and written lines as they come, in time order, up to
// limitBytes. Lines leave in chunks of up to 64 KiB, one write each. When the reader is behind
// (write() answers false, as a socket does) nothing more is produced until it drains, as a
// kubelet reading a log file waits on its connection: a flood then costs what the reader takes,
// never a buffer that grows with the time the process could not keep up.

export interface LogLine {
  at: number;
  text: string;
}

/** Where the lines go; a ServerResponse is one. */
export interface LogOutput {
  /** False when the reader is behind: the pipe waits for 'drain'. */
  write(chunk: string): boolean;
  end(): void;
  once(event: 'drain', listener: () => void): unknown;
}

/** The steady lines of one container instance, computed from time. */
export interface SteadyLines {
  /** Lines per second now (0: none fall due until it changes, and the pipe is woken then). */
  readonly rate: number;
  /** Steady lines due up to time t. */
  countAt(t: number): number;
  timeOf(index: number): number;
  lineAt(index: number): LogLine;
}

export interface LogPipeOptions {
  /** The lines already in the log that the request asked for (tail, since), oldest first. */
  initial: LogLine[];
  /** The index of the first steady line after `initial`. */
  nextSteady: number;
  follow: boolean;
  timestamps: boolean;
  /** Bytes after which the response ends (Infinity: no limit). */
  limitBytes: number;
  now: () => number;
  /** Called once, when the pipe stops for any reason. */
  onStop: () => void;
}

const maxChunkBytes = 64 * 1024;
// Even at a low rate the pipe looks again within a second, so a due line never waits longer.
const maxSleepMs = 1000;

function formatLine(line: LogLine, timestamps: boolean): string {
  if (!timestamps) return `${line.text}\n`;
  // RFC 3339 with nanoseconds, as the kubelet writes with timestamps=true.
  return `${new Date(line.at).toISOString().slice(0, 23)}000000Z ${line.text}\n`;
}

export class LogPipe {
  /** Lines waiting to be sent that are not steady lines: the initial ones, then written ones. */
  private readonly queued: LogLine[];
  private queuedHead = 0;
  private nextSteady: number;
  private bytes = 0;
  private waitingForDrain = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly steady: SteadyLines,
    private readonly out: LogOutput,
    private readonly options: LogPipeOptions,
  ) {
    this.queued = [...options.initial];
    this.nextSteady = options.nextSteady;
  }

  start(): void {
    this.pump();
  }

  /** A line written to the container's log while this pipe follows it. */
  written(line: LogLine): void {
    if (this.stopped) return;
    this.queued.push(line);
    // Sent at once when the reader keeps up: tests write a line and expect it on the wire.
    this.wake();
  }

  /** Something changed (the rate): send what is due now rather than at the next timer. */
  wake(): void {
    if (!this.stopped && !this.waitingForDrain) this.pump();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.options.onStop();
    this.out.end();
  }

  /** Sends what is due, a chunk per write, until nothing is or the reader is behind. */
  private pump(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const due = this.options.follow ? this.steady.countAt(this.options.now()) : this.nextSteady;
    while (!this.stopped && !this.waitingForDrain && (this.nextSteady < due || this.queuedHead < this.queued.length)) {
      const { chunk, limitReached } = this.takeChunk(due);
      if (chunk) this.waitingForDrain = !this.out.write(chunk);
      if (limitReached) return this.stop();
    }
    if (this.queuedHead === this.queued.length) {
      this.queued.length = 0;
      this.queuedHead = 0;
    }
    if (this.stopped) return;
    if (this.waitingForDrain) {
      this.out.once('drain', () => {
        this.waitingForDrain = false;
        this.pump();
      });
    } else if (!this.options.follow) {
      this.stop();
    } else if (this.steady.rate > 0) {
      // A rate of zero needs no timer: setRate wakes the pipe.
      const wait = Math.max(1, this.steady.timeOf(this.nextSteady) - this.options.now());
      this.timer = setTimeout(() => this.pump(), Math.min(wait, maxSleepMs));
    }
  }

  /** The next lines in time order, up to the chunk size and limitBytes. */
  private takeChunk(due: number): { chunk: string; limitReached: boolean } {
    let chunk = '';
    while (chunk.length < maxChunkBytes && (this.nextSteady < due || this.queuedHead < this.queued.length)) {
      const queued = this.queued[this.queuedHead];
      const steadyFirst = this.nextSteady < due && (!queued || this.steady.timeOf(this.nextSteady) <= queued.at);
      const line = steadyFirst ? this.steady.lineAt(this.nextSteady++) : (this.queued[this.queuedHead++] as LogLine);
      const text = formatLine(line, this.options.timestamps);
      const size = Buffer.byteLength(text);
      if (this.bytes + size > this.options.limitBytes) {
        chunk += Buffer.from(text).subarray(0, this.options.limitBytes - this.bytes).toString('utf8');
        return { chunk, limitReached: true };
      }
      this.bytes += size;
      chunk += text;
    }
    return { chunk, limitReached: false };
  }
}
