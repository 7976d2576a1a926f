import { describe, expect, it } from 'vitest';
import { PLAN_LOG, appendStepLines, skippedNote, unwrittenLines, type StepLogs } from './step-logs';

describe('appendStepLines', () => {
  it('sends each line to its step and counts every line ever added', () => {
    let logs: StepLogs = {};
    logs = appendStepLines(logs, [
      { step: 'kind', text: 'a' },
      { step: 'cluster', text: 'b' },
      { step: 'kind', text: 'c' },
      { step: PLAN_LOG, text: 'plan' },
    ]);
    expect(logs.kind).toEqual({ total: 2, lines: ['a', 'c'] });
    expect(logs.cluster).toEqual({ total: 1, lines: ['b'] });
    expect(logs[PLAN_LOG]).toEqual({ total: 1, lines: ['plan'] });
  });

  it('keeps a line that looks like a step prefix as it is', () => {
    const logs = appendStepLines({}, [{ step: 'istio', text: '[kind] not a step of its own' }]);
    expect(logs).toEqual({ istio: { total: 1, lines: ['[kind] not a step of its own'] } });
  });

  it('caps each step log and leaves the input alone', () => {
    const before: StepLogs = { kind: { total: 3, lines: ['1', '2', '3'] } };
    const after = appendStepLines(
      before,
      [
        { step: 'kind', text: '4' },
        { step: 'kind', text: '5' },
      ],
      0,
      [],
      3,
    );
    expect(after.kind).toEqual({ total: 5, lines: ['3', '4', '5'] });
    expect(before.kind).toEqual({ total: 3, lines: ['1', '2', '3'] });
  });

  it('marks skipped lines in the task log and in each open step, before the new lines', () => {
    const logs = appendStepLines({ istio: { total: 1, lines: ['x'] } }, [{ step: 'istio', text: 'after the gap' }], 37, ['istio']);
    expect(logs.istio?.lines).toEqual(['x', skippedNote(37), 'after the gap']);
    expect(logs[PLAN_LOG]?.lines).toEqual([skippedNote(37)]);
    expect(skippedNote(37)).toMatch(/^… 37 lines were skipped here/);
    expect(skippedNote(1)).toMatch(/^… 1 line was skipped here/);
  });

  it('returns the same object when there is nothing to add', () => {
    const logs: StepLogs = { kind: { total: 1, lines: ['a'] } };
    expect(appendStepLines(logs, [])).toBe(logs);
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
