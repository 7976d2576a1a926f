import { describe, expect, it } from 'vitest';
import { PLAN_LOG, appendStepLines, newLogLines, splitStepLine, unwrittenLines, type StepLogs } from './step-logs';

describe('newLogLines', () => {
  it('takes everything from the first snapshot', () => {
    expect(newLogLines([], ['a', 'b'])).toEqual({ lines: ['a', 'b'], gap: false });
  });

  it('finds lines appended to a growing log', () => {
    expect(newLogLines(['a', 'b'], ['a', 'b', 'c', 'd'])).toEqual({ lines: ['c', 'd'], gap: false });
    expect(newLogLines(['a', 'b'], ['a', 'b'])).toEqual({ lines: [], gap: false });
  });

  it('follows a capped window that slid forward', () => {
    // Window of 4: two lines fell off the front while two arrived.
    expect(newLogLines(['1', '2', '3', '4'], ['3', '4', '5', '6'])).toEqual({ lines: ['5', '6'], gap: false });
    // Slid by one with nothing else: one new line.
    expect(newLogLines(['1', '2', '3', '4'], ['2', '3', '4', '5'])).toEqual({ lines: ['5'], gap: false });
  });

  it('reports a gap when the window moved past everything seen', () => {
    expect(newLogLines(['1', '2', '3'], ['7', '8', '9'])).toEqual({ lines: ['7', '8', '9'], gap: true });
  });

  it('never repeats a line when lines repeat', () => {
    const result = newLogLines(['waiting', 'waiting'], ['waiting', 'waiting', 'waiting']);
    expect(result).toEqual({ lines: ['waiting'], gap: false });
  });

  it('reassembles the whole log across many slides of a capped window', () => {
    const full = Array.from({ length: 200 }, (_, index) => `[step${index % 3}] line ${index}`);
    const cap = 25;
    let previous: string[] = [];
    const seen: string[] = [];
    for (let end = 1; end <= full.length; end += 1 + (end % 7)) {
      const window = full.slice(Math.max(0, end - cap), end);
      const { lines, gap } = newLogLines(previous, window);
      expect(gap).toBe(false);
      seen.push(...lines);
      previous = window;
    }
    expect(seen).toEqual(full.slice(0, seen.length));
  });
});

describe('splitStepLine', () => {
  it('strips the step prefix and keeps unprefixed lines for the plan', () => {
    expect(splitStepLine('[istio-release] Downloading istio-1.30.5')).toEqual({ step: 'istio-release', text: 'Downloading istio-1.30.5' });
    expect(splitStepLine('Plan started')).toEqual({ step: PLAN_LOG, text: 'Plan started' });
    expect(splitStepLine('[not a step id!] x')).toEqual({ step: PLAN_LOG, text: '[not a step id!] x' });
  });
});

describe('appendStepLines', () => {
  it('sends each line to its step and counts every line ever added', () => {
    let logs: StepLogs = {};
    logs = appendStepLines(logs, ['[kind] a', '[cluster] b', '[kind] c', 'plan']);
    expect(logs.kind).toEqual({ total: 2, lines: ['a', 'c'] });
    expect(logs.cluster).toEqual({ total: 1, lines: ['b'] });
    expect(logs[PLAN_LOG]).toEqual({ total: 1, lines: ['plan'] });
  });

  it('caps each step log and leaves the input alone', () => {
    const before: StepLogs = { kind: { total: 3, lines: ['1', '2', '3'] } };
    const after = appendStepLines(before, ['[kind] 4', '[kind] 5'], 3);
    expect(after.kind).toEqual({ total: 5, lines: ['3', '4', '5'] });
    expect(before.kind).toEqual({ total: 3, lines: ['1', '2', '3'] });
  });
});

describe('unwrittenLines', () => {
  it('gives a pane only what it has not written, and says what it missed', () => {
    const log = { total: 10, lines: ['6', '7', '8', '9', '10'] };
    expect(unwrittenLines(log, 0)).toEqual({ lines: ['6', '7', '8', '9', '10'], skipped: 5, written: 10 });
    expect(unwrittenLines(log, 8)).toEqual({ lines: ['9', '10'], skipped: 0, written: 10 });
    expect(unwrittenLines(log, 10)).toEqual({ lines: [], skipped: 0, written: 10 });
    expect(unwrittenLines(undefined, 0)).toEqual({ lines: [], skipped: 0, written: 0 });
  });
});
