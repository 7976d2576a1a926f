// Pure pieces under following: RFC 3339 timestamps as the kubelet writes them, cutting text
// into lines, and resuming after a break without repeating or losing lines.
import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';
import { compareLogTimestamps, floorToSecond, parseLogTimestamp, splitTimestamp } from './log-timestamp';
import { ResumePoint } from './resume-point';

function ts(text: string) {
  const parsed = parseLogTimestamp(text);
  if (!parsed) throw new Error(`not a timestamp: ${text}`);
  return parsed;
}

describe('log timestamps', () => {
  it('compares nanoseconds exactly, whether trailing zeros are trimmed or not, in any zone', () => {
    expect(compareLogTimestamps(ts('2025-01-02T03:04:05.5Z'), ts('2025-01-02T03:04:05.500000000Z'))).toBe(0);
    expect(compareLogTimestamps(ts('2025-01-02T03:04:05.000000001Z'), ts('2025-01-02T03:04:05Z'))).toBeGreaterThan(0);
    expect(compareLogTimestamps(ts('2025-01-02T05:04:05.1+02:00'), ts('2025-01-02T03:04:05.1Z'))).toBe(0);
    expect(compareLogTimestamps(ts('2025-01-02T03:04:04.999999999Z'), ts('2025-01-02T03:04:05Z'))).toBeLessThan(0);
    expect(parseLogTimestamp('yesterday')).toBeUndefined();
  });

  it('floors to the second for sinceTime and splits a line at its timestamp', () => {
    expect(floorToSecond(ts('2025-01-02T03:04:05.987654321Z'))).toBe('2025-01-02T03:04:05Z');
    expect(splitTimestamp('2025-01-02T03:04:05.123000000Z GET /ratings/0')).toEqual({ timestamp: ts('2025-01-02T03:04:05.123Z'), text: 'GET /ratings/0' });
    expect(splitTimestamp('2025-01-02T03:04:05.123000000Z ')).toEqual({ timestamp: ts('2025-01-02T03:04:05.123Z'), text: '' });
    expect(splitTimestamp('no timestamp here')).toEqual({ timestamp: undefined, text: 'no timestamp here' });
  });
});

describe('LineSplitter', () => {
  it('joins lines across chunks and keeps the unfinished one for later', () => {
    const s = new LineSplitter();
    expect(s.push('a\nb')).toEqual(['a']);
    expect(s.push('c\n\nd')).toEqual(['bc', '']);
    expect(s.flush()).toBe('d');
    expect(s.flush()).toBeUndefined();
    s.push('half');
    s.discard();
    expect(s.push('x\n')).toEqual(['x']);
  });

  it('cuts a line without newline at the limit instead of holding it', () => {
    const s = new LineSplitter(4);
    expect(s.push('abcdefghij')).toEqual(['abcd', 'efgh']);
    expect(s.push('k\n')).toEqual(['ijk']);
  });
});

describe('ResumePoint', () => {
  const t1 = ts('2025-01-02T03:04:05.100Z');
  const t2 = ts('2025-01-02T03:04:05.200Z');
  const t3 = ts('2025-01-02T03:04:06.000Z');

  it('after a resume skips what was shown, counting identical lines at the last timestamp', () => {
    const r = new ResumePoint();
    for (const [t, text] of [[t1, 'a'], [t2, 'same'], [t2, 'same']] as const) expect(r.accept(t, text)).toBe(true);
    expect(r.sinceTime()).toBe('2025-01-02T03:04:05Z');
    r.beginResume();
    // The resumed request repeats the whole second: a, same, same — and one more "same" that is new.
    expect(r.accept(t1, 'a')).toBe(false);
    expect(r.accept(t2, 'same')).toBe(false);
    expect(r.accept(t2, 'same')).toBe(false);
    expect(r.accept(t2, 'same')).toBe(true);
    expect(r.accept(t3, 'later')).toBe(true);
    expect(r.accept(t3, 'later')).toBe(true);
  });

  it('stops skipping at the first newer line, and lets lines without a timestamp through', () => {
    const r = new ResumePoint();
    r.accept(t1, 'x');
    r.beginResume();
    expect(r.accept(undefined, 'continued')).toBe(true);
    expect(r.accept(t2, 'y')).toBe(true);
    expect(r.accept(t1, 'older but after a newer line')).toBe(true);
  });

  it('starts from the time following began when nothing was shown, and forgets on reset', () => {
    const r = new ResumePoint();
    r.startAt(t2);
    expect(r.sinceTime()).toBe('2025-01-02T03:04:05Z');
    r.beginResume();
    expect(r.accept(t1, 'left out by the window')).toBe(false);
    expect(r.accept(t3, 'new')).toBe(true);
    r.reset();
    expect(r.timestamp).toBeUndefined();
    r.beginResume();
    expect(r.accept(t1, 'new instance')).toBe(true);
  });
});

describe('ResumePoint gaps', () => {
  const shown = ts('2025-01-02T03:04:05.100Z');
  const later = ts('2025-01-02T03:04:09.000Z');

  it('reports a gap when the resumed log no longer holds the last line shown', () => {
    const r = new ResumePoint();
    r.accept(shown, 'last shown');
    r.beginResume();
    expect(r.accept(later, 'first kept after rotation')).toBe(true);
    expect(r.takeGap()).toEqual({ from: shown, to: later });
    expect(r.takeGap()).toBeUndefined();
  });

  it('reports none when the resume starts with lines already shown, or nothing was shown', () => {
    const r = new ResumePoint();
    r.accept(shown, 'last shown');
    r.beginResume();
    expect(r.accept(shown, 'last shown')).toBe(false);
    expect(r.accept(later, 'new')).toBe(true);
    expect(r.takeGap()).toBeUndefined();

    const empty = new ResumePoint();
    empty.startAt(shown);
    empty.beginResume();
    expect(empty.accept(later, 'new')).toBe(true);
    expect(empty.takeGap()).toBeUndefined();
  });
});
