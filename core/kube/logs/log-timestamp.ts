// The RFC 3339 timestamps the kubelet puts before each line with `timestamps=true`: split them
// off, compare them exactly (nanoseconds, trailing zeros trimmed or not, any zone) and floor
// them to the second, which is all the precision a `sinceTime` keeps on its way to the kubelet.

export interface LogTimestamp {
  /** Whole seconds since the epoch. */
  seconds: number;
  nanos: number;
}

const pattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

export function parseLogTimestamp(text: string): LogTimestamp | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const millis = Date.parse(`${m[1] ?? ''}${m[3] ?? 'Z'}`);
  if (Number.isNaN(millis)) return undefined;
  return { seconds: Math.floor(millis / 1000), nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

export function compareLogTimestamps(a: LogTimestamp, b: LogTimestamp): number {
  return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
}

/** `sinceTime` for a resume: the timestamp's second, so no line of that second is skipped. */
export function floorToSecond(ts: LogTimestamp): string {
  return new Date(ts.seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export function secondsOf(millis: number): LogTimestamp {
  return { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1_000_000 };
}

/** A line as the API sends it with timestamps: "<RFC 3339> <text>". Lines without one keep all their text. */
export function splitTimestamp(raw: string): { timestamp: LogTimestamp | undefined; text: string } {
  const space = raw.indexOf(' ');
  if (space > 0 && space <= 40) {
    const timestamp = parseLogTimestamp(raw.slice(0, space));
    if (timestamp) return { timestamp, text: raw.slice(space + 1) };
  }
  return { timestamp: undefined, text: raw };
}

/** RFC 3339 with milliseconds, for messages. */
export function formatLogTimestamp(ts: LogTimestamp): string {
  return new Date(ts.seconds * 1000 + Math.floor(ts.nanos / 1_000_000)).toISOString();
}
