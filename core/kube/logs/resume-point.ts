// Where a followed log stands, so a broken connection can resume without repeating lines. The
// API resumes by `sinceTime`, which reaches the kubelet with whole seconds only, so a resumed
// request repeats the lines already shown from that second on: this skips every line older than
// the last one shown and, among lines with exactly its timestamp, as many copies of each text as
// were shown. The resumed request must start at or before the last line shown; when it starts
// later, that line was rotated out of the log while the connection was down, and the lines in
// between may be lost: that is reported as a gap. Pure; it knows nothing about HTTP.
import { compareLogTimestamps, floorToSecond, type LogTimestamp } from './log-timestamp';

// Lines sharing one timestamp that are remembered; beyond this a resume may repeat some.
const maxRemembered = 10_000;

export class ResumePoint {
  private last: LogTimestamp | undefined;
  private atLast = new Map<string, number>();
  private remembered = 0;
  private skipping: Map<string, number> | undefined;
  /** Whether `last` is a line that was shown (not just the time following began). */
  private shown = false;
  private firstOfResume = false;
  private gap: { from: LogTimestamp; to: LogTimestamp } | undefined;

  /** The timestamp of the last line shown (or of the moment following began, if none was). */
  get timestamp(): LogTimestamp | undefined {
    return this.last;
  }

  /** The `sinceTime` to resume from. */
  sinceTime(): string | undefined {
    return this.last ? floorToSecond(this.last) : undefined;
  }

  /** Following began at `ts` (server time) before any line was shown: nothing older is new. */
  startAt(ts: LogTimestamp): void {
    if (!this.last) this.last = ts;
  }

  /** The next lines come from a resumed request. */
  beginResume(): void {
    this.skipping = new Map(this.atLast);
    this.firstOfResume = true;
  }

  /** Lines between these two timestamps may be missing (reported once, with the first new line). */
  takeGap(): { from: LogTimestamp; to: LogTimestamp } | undefined {
    const gap = this.gap;
    this.gap = undefined;
    return gap;
  }

  /** Forgets everything: the next lines come from a new container instance. */
  reset(): void {
    this.last = undefined;
    this.atLast = new Map();
    this.remembered = 0;
    this.skipping = undefined;
    this.shown = false;
    this.firstOfResume = false;
    this.gap = undefined;
  }

  /** Whether a line should be shown; a line that is shown is remembered. */
  accept(ts: LogTimestamp | undefined, text: string): boolean {
    if (!ts) return true;
    if (this.skipping && this.last) {
      const order = compareLogTimestamps(ts, this.last);
      if (this.firstOfResume) {
        this.firstOfResume = false;
        if (order > 0 && this.shown) this.gap = { from: this.last, to: ts };
      }
      if (order < 0) return false;
      if (order === 0) {
        const copies = this.skipping.get(text) ?? 0;
        if (copies > 0) {
          this.skipping.set(text, copies - 1);
          return false;
        }
      } else {
        this.skipping = undefined;
      }
    }
    this.remember(ts, text);
    return true;
  }

  private remember(ts: LogTimestamp, text: string): void {
    this.shown = true;
    if (!this.last || compareLogTimestamps(ts, this.last) !== 0) {
      this.last = ts;
      this.atLast = new Map();
      this.remembered = 0;
    }
    if (this.remembered >= maxRemembered) return;
    this.atLast.set(text, (this.atLast.get(text) ?? 0) + 1);
    this.remembered++;
  }
}
