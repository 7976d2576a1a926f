// Turns log batches into terminal text: one colour per source prefix, optional highlighting of
// Envoy access-log lines (status code, response flags, duration), dim kubectl timestamps, and
// marker lines for drops, notices and the end of a stream. Pure string work: it never keeps
// lines and never touches the terminal; the caller writes the text once per batch.

import type { LogBatchInfo, LogSourceInfo } from '../../../core/contract';

export interface LineStyle {
  /** Prefix every line with `[pod/container]` (streams of a workload). */
  prefixes: boolean;
  /** Colour the status code, flags and duration of Envoy access-log lines. */
  highlight: boolean;
  /** Lines start with kubectl's RFC 3339 timestamp: show it dim. */
  timestamps: boolean;
  /** "No wrap": cut lines to this many columns with an ellipsis; null lets the terminal wrap. */
  maxWidth: number | null;
}

export interface RenderedBatch {
  /** Terminal text, every line (markers included) ending in "\r\n". */
  text: string;
  /** Log lines in it, markers not counted. */
  lines: number;
}

const RESET_FG = '\x1b[39m';
const NORMAL = '\x1b[22m';
const RESET = '\x1b[0m';

/**
 * ANSI 256 colours for source prefixes: mid-bright hues that read on the dark and the light
 * theme (the log terminal also sets xterm's minimumContrastRatio), none of them the plain
 * red/green/yellow that status codes use.
 */
export const SOURCE_PALETTE: readonly number[] = [39, 45, 75, 77, 79, 81, 111, 114, 117, 141, 147, 149, 168, 170, 173, 175, 176, 179, 180, 183, 186, 204, 209, 213, 215];

/** FNV-1a: small, fast and stable across runs, so a source keeps its colour between streams. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

export function sourceLabel(source: LogSourceInfo): string {
  return `${source.pod}/${source.container}`;
}

/** The ANSI 256 colour of a source, the same for the same pod/container every time. */
export function sourceColour(source: LogSourceInfo): number {
  return SOURCE_PALETTE[hash(sourceLabel(source)) % SOURCE_PALETTE.length]!;
}

export function sourcePrefix(source: LogSourceInfo | undefined, index: number): string {
  if (!source) return `\x1b[2m[source ${index}]${NORMAL} `;
  return `\x1b[38;5;${sourceColour(source)}m[${sourceLabel(source)}]${RESET_FG} `;
}

// Anything that could move the cursor, clear the screen, switch buffers or set the title is
// removed; colours (SGR, `ESC [ … m`) are kept. CSI, OSC and DCS also come as single C1 bytes
// (0x9b, 0x9d, 0x90), which xterm acts on: those sequences go whole, other C1 bytes alone.
// An unterminated string sequence ends at its line: it never eats the lines after it.
const CONTROL =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|[\x1b][\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x9c|\x1b\\)?|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\n]*(?:\x07|\x9c|\x1b\\)?|\x1b[ -/]*[0-~]?|[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/g;
const ANY_CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/;
const SGR = /^\x1b\[[0-9;:]*m$/;

/** Log text made safe for a terminal: colours kept, every other control sequence removed. */
export function sanitizeLogText(text: string): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(CONTROL, (sequence) => (SGR.test(sequence) ? sequence : ''));
}

// kubectl logs --timestamps: an RFC 3339 time with nanoseconds, then one space.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}) /;

/** Splits kubectl's timestamp (with its space) off a line; empty when there is none. */
export function splitTimestamp(line: string): [timestamp: string, rest: string] {
  const match = TIMESTAMP.exec(line);
  return match ? [match[0], line.slice(match[0].length)] : ['', line];
}

// Envoy's default format as Istio sets it:
// [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
// %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
// "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% …
// Groups: head up to the status, status, flags, the fields up to the duration, duration.
const ACCESS_LOG = /^(\[[^\]]+\] "[^"]*" )(\d{1,3}) (\S+)( \S+ \S+ "[^"]*" \d+ \d+ )(\d+)(?= |$)/;

export interface AccessLogFields {
  status: number;
  flags: string;
  durationMs: number;
}

/** The fields of an Envoy access-log line (without kubectl's timestamp), or null for other lines. */
export function parseAccessLog(line: string): AccessLogFields | null {
  const match = ACCESS_LOG.exec(line);
  if (!match) return null;
  return { status: Number(match[2]), flags: match[3]!, durationMs: Number(match[5]) };
}

function statusColour(status: number): string {
  if (status >= 200 && status < 300) return '\x1b[32m';
  if (status >= 300 && status < 400) return '\x1b[36m';
  if (status >= 400 && status < 500) return '\x1b[33m';
  if (status >= 500 && status < 600) return '\x1b[1;31m';
  // 0: the downstream went away before a response, or a TCP connection.
  return '\x1b[35m';
}

/** Requests slower than this get their duration in yellow. */
export const SLOW_REQUEST_MS = 1_000;

/** Colours the status code, response flags (when set) and duration of an access-log line; other lines come back as they are. */
export function highlightAccessLog(line: string): string {
  const match = ACCESS_LOG.exec(line);
  if (!match) return line;
  const [whole, head, status, flags, middle, duration] = match as unknown as [string, string, string, string, string, string];
  const flagText = flags === '-' ? flags : `\x1b[31m${flags}${RESET_FG}`;
  const durationText = Number(duration) >= SLOW_REQUEST_MS ? `\x1b[1;33m${duration}${NORMAL}${RESET_FG}` : `\x1b[1m${duration}${NORMAL}`;
  const statusText = `${statusColour(Number(status))}${status}${NORMAL}${RESET_FG}`;
  return `${head}${statusText} ${flagText}${middle}${durationText}${line.slice(whole.length)}`;
}

function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

const ELLIPSIS = `${RESET}\x1b[2m…${RESET}`;

/**
 * Cuts a line (which may hold colour sequences) to `width` terminal columns, ending in a dim
 * "…" when anything was cut. Wide East Asian characters and emoji count two columns, tabs run
 * to the next multiple of 8, as xterm lays them out.
 */
export function truncateToWidth(line: string, width: number): string {
  if (width < 2) return line;
  // Every UTF-16 unit takes at most two columns, so a short line without tabs always fits.
  if (line.length * 2 <= width && !line.includes('\t')) return line;
  let column = 0;
  let index = 0;
  let cutAt = -1;
  while (index < line.length) {
    if (line.charCodeAt(index) === 0x1b) {
      const end = line.indexOf('m', index);
      index = end === -1 ? line.length : end + 1;
      continue;
    }
    const codePoint = line.codePointAt(index)!;
    const step = codePoint > 0xffff ? 2 : 1;
    const cells = codePoint === 0x09 ? 8 - (column % 8) : codePoint >= 0x300 && codePoint <= 0x36f ? 0 : isWide(codePoint) ? 2 : 1;
    // Room for the ellipsis is kept once the line is known to be too long.
    if (cutAt === -1 && column + cells > width - 1) cutAt = index;
    column += cells;
    if (column > width) return line.slice(0, cutAt) + ELLIPSIS;
    index += step;
  }
  return line;
}

function formatLine(line: string, prefix: string, style: LineStyle): string {
  let rest = line;
  let stamp = '';
  if (style.timestamps) {
    const [timestamp, after] = splitTimestamp(line);
    if (timestamp) {
      stamp = `\x1b[2m${timestamp.slice(0, -1)}${NORMAL} `;
      rest = after;
    }
  }
  if (style.highlight) rest = highlightAccessLog(rest);
  const text = prefix + stamp + rest;
  return style.maxWidth === null ? text : truncateToWidth(text, style.maxWidth);
}

/** The number of lines in a chunk's text ("" is one empty line). */
export function countLines(text: string): number {
  let lines = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
}

export function droppedMarker(count: number, why = 'viewer fell behind'): string {
  return `\x1b[33m… ${plural(count, 'line')} dropped (${why}) …${RESET}`;
}

export function noticeMarker(notice: string): string {
  return `\x1b[2m── ${sanitizeLogText(notice).replace(/\s+/g, ' ')} ──${RESET}`;
}

export function endedMarker(ended: NonNullable<LogBatchInfo['ended']>): string {
  switch (ended.reason) {
    case 'complete':
      return `\x1b[2m── end of log ──${RESET}`;
    case 'closed':
      return `\x1b[2m── stream closed${ended.message ? `: ${sanitizeLogText(ended.message)}` : ''} ──${RESET}`;
    case 'error':
      return `\x1b[31m── stream stopped: ${sanitizeLogText(ended.message ?? 'the log could not be read')} ──${RESET}`;
  }
}

/**
 * One batch as terminal text: the drop marker first (the lost lines came before these), then
 * notices, then the chunks, then the end marker. `sources` must already include `batch.sources`.
 */
export function renderBatch(batch: LogBatchInfo, sources: readonly LogSourceInfo[], style: LineStyle): RenderedBatch {
  const parts: string[] = [];
  if (batch.dropped) parts.push(droppedMarker(batch.dropped), '\r\n');
  for (const notice of batch.notices ?? []) parts.push(noticeMarker(notice), '\r\n');
  const plain = !style.prefixes && !style.highlight && !style.timestamps && style.maxWidth === null;
  const prefixes = new Map<number, string>();
  let lines = 0;
  for (const chunk of batch.chunks) {
    const text = sanitizeLogText(chunk.text);
    lines += countLines(text);
    if (plain) {
      parts.push(text.replace(/\n/g, '\r\n'), '\r\n');
      continue;
    }
    let prefix = '';
    if (style.prefixes) {
      prefix = prefixes.get(chunk.source) ?? sourcePrefix(sources[chunk.source], chunk.source);
      prefixes.set(chunk.source, prefix);
    }
    for (const line of text.split('\n')) parts.push(formatLine(line, prefix, style), '\r\n');
  }
  if (batch.ended) parts.push(endedMarker(batch.ended), '\r\n');
  return { text: parts.join(''), lines };
}
