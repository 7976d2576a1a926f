import { describe, expect, it } from 'vitest';
import type { PlanStepInfo, TaskInfo } from '../../../core/contract';
import { PLAN_LOG, skippedNote } from './step-logs';
import { latestLogLines, withTaskLog, withTaskSnapshot, type TaskRecords } from './task-records';

function step(id: string, state: PlanStepInfo['state'], logTail?: string[]): PlanStepInfo {
  return { id, title: id, state, detail: '', percent: null, ...(logTail ? { logTail } : {}) };
}

function task(id: string, state: TaskInfo['state'], extra: Partial<TaskInfo> = {}): TaskInfo {
  return { id, kind: 'lab-up', title: 'Create the lab', state, step: '', percent: null, logSeq: 0, startedAt: '2025-01-01T10:00:00Z', ...extra };
}

describe('withTaskSnapshot', () => {
  it('keeps the log across snapshots and never takes a finished task back to running', () => {
    let records: TaskRecords = withTaskSnapshot({}, task('t1', 'running'), 4, null);
    records = withTaskLog(records, { taskId: 't1', fromSeq: 0, lines: [{ step: 'kind', text: 'a' }], skipped: 0 });
    records = withTaskSnapshot(records, task('t1', 'succeeded'), 4, 't1');
    expect(records.t1?.logs.kind?.lines).toEqual(['a']);
    expect(withTaskSnapshot(records, task('t1', 'running'), 4, 't1')).toBe(records);
  });

  it('keeps a bounded number of records, always the current one and the newest', () => {
    let records: TaskRecords = withTaskSnapshot({}, task('keep', 'succeeded'), 3, 'keep');
    for (let index = 0; index < 10; index++) records = withTaskSnapshot(records, task(`x${index}`, 'failed'), 3, 'keep');
    expect(Object.keys(records)).toHaveLength(3);
    expect(records.keep).toBeDefined();
    expect(records.x9).toBeDefined();
  });
});

describe('withTaskLog', () => {
  it('ignores lines of a task it has no snapshot of', () => {
    const records: TaskRecords = {};
    expect(withTaskLog(records, { taskId: 'nope', fromSeq: 0, lines: [{ step: '', text: 'x' }], skipped: 0 })).toBe(records);
  });

  it('marks skipped lines in the steps that were running', () => {
    const records = withTaskSnapshot({}, task('t1', 'running', { steps: [step('kind', 'done'), step('istio', 'running')] }), 4, 't1');
    const next = withTaskLog(records, { taskId: 't1', fromSeq: 120, lines: [{ step: 'istio', text: 'ready' }], skipped: 20 });
    expect(next.t1?.logs.istio?.lines).toEqual([skippedNote(20), 'ready']);
    expect(next.t1?.logs[PLAN_LOG]?.lines).toEqual([skippedNote(20)]);
    expect(next.t1?.logs.kind).toBeUndefined();
  });
});

describe('latestLogLines', () => {
  it('shows the running step’s tail, else the task’s own log, newest four', () => {
    const running = task('t1', 'running', { steps: [step('kind', 'done', ['old']), step('istio', 'running', ['1', '2', '3', '4', '5'])] });
    expect(latestLogLines(running)).toEqual(['2', '3', '4', '5']);
    const doctor = { ...task('d1', 'running'), kind: 'doctor' as const };
    expect(latestLogLines(doctor, { [PLAN_LOG]: { total: 2, lines: ['OK      Docker', 'WARN    inotify'] } })).toEqual(['OK      Docker', 'WARN    inotify']);
    expect(latestLogLines(null)).toEqual([]);
  });
});
