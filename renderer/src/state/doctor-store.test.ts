import { describe, expect, it } from 'vitest';
import { AppError, type DoctorReportInfo, type TaskInfo } from '../../../core/contract';
import { PLAN_LOG } from '../model/step-logs';
import { fakeCore, settle } from '../test-support/fake-core';
import { cancelDoctor, connectDoctorStore, createDoctorStore, currentDoctorLogs, currentTask, initialDoctorState, isRunning, reduceDoctor, resumeOrRunDoctor, runDoctor, type DoctorState } from './doctor-store';

const report: DoctorReportInfo = {
  findings: [{ id: 'docker-engine', title: 'Docker engine', status: 'ok', summary: 'Docker 27.5 answers' }],
  overall: 'ok',
  checkedAt: '2025-01-01T10:00:05Z',
};

function task(id: string, state: TaskInfo['state'], extra: Partial<TaskInfo> = {}): TaskInfo {
  return {
    id,
    kind: 'doctor',
    title: 'Check this machine',
    state,
    step: state === 'running' ? 'Asking Docker' : 'Done',
    percent: state === 'running' ? 40 : 100,
    logSeq: 0,
    startedAt: '2025-01-01T10:00:00Z',
    ...(state === 'succeeded' ? { result: { kind: 'doctor', report } } : {}),
    ...extra,
  };
}

function reduce(...actions: Parameters<typeof reduceDoctor>[1][]): DoctorState {
  return actions.reduce(reduceDoctor, initialDoctorState);
}

describe('reduceDoctor', () => {
  it('follows a run from request to report', () => {
    const requested = reduce({ type: 'run-requested' });
    expect(isRunning(requested)).toBe(true);
    const accepted = reduceDoctor(requested, { type: 'run-accepted', taskId: 't1' });
    expect(isRunning(accepted)).toBe(true);
    const progressing = reduceDoctor(accepted, { type: 'task-updated', task: task('t1', 'running') });
    expect(currentTask(progressing)?.percent).toBe(40);
    const done = reduceDoctor(progressing, { type: 'task-updated', task: task('t1', 'succeeded') });
    expect(isRunning(done)).toBe(false);
    expect(done.lastReport).toEqual(report);
  });

  it('keeps updates that arrive before doctor.run answers, and uses them once it does', () => {
    const state = reduce({ type: 'run-requested' }, { type: 'task-updated', task: task('t1', 'succeeded') });
    expect(state.currentTaskId).toBeNull();
    expect(state.lastReport).toBeNull();
    const accepted = reduceDoctor(state, { type: 'run-accepted', taskId: 't1' });
    expect(isRunning(accepted)).toBe(false);
    expect(accepted.lastReport).toEqual(report);
  });

  it('never lets a stale running snapshot undo a finished task', () => {
    const done = reduce({ type: 'run-accepted', taskId: 't1' }, { type: 'task-updated', task: task('t1', 'succeeded') });
    const after = reduceDoctor(done, { type: 'task-updated', task: task('t1', 'running') });
    expect(after).toBe(done);
  });

  it('keeps the previous report while the checks run again', () => {
    const first = reduce({ type: 'run-accepted', taskId: 't1' }, { type: 'task-updated', task: task('t1', 'succeeded') });
    const again = reduce(
      { type: 'run-accepted', taskId: 't1' },
      { type: 'task-updated', task: task('t1', 'succeeded') },
      { type: 'run-requested' },
      { type: 'run-accepted', taskId: 't2' },
      { type: 'task-updated', task: task('t2', 'running', { startedAt: '2025-01-01T10:01:00Z' }) },
    );
    expect(isRunning(again)).toBe(true);
    expect(again.lastReport).toEqual(first.lastReport);
  });

  it('records why a run could not start and clears it on the next try', () => {
    const refused = reduce({ type: 'run-requested' }, { type: 'run-refused', error: { code: 'TRANSPORT_CLOSED', message: 'gone' } });
    expect(refused.requestError?.code).toBe('TRANSPORT_CLOSED');
    expect(isRunning(refused)).toBe(false);
    expect(reduceDoctor(refused, { type: 'run-requested' }).requestError).toBeNull();
  });

  it('follows a newer doctor run started elsewhere, but not while waiting for its own', () => {
    const mine = reduce({ type: 'run-accepted', taskId: 't1' }, { type: 'task-updated', task: task('t1', 'succeeded') });
    const other = task('t9', 'running', { startedAt: '2025-01-01T11:00:00Z' });
    expect(reduceDoctor(mine, { type: 'task-updated', task: other }).currentTaskId).toBe('t9');
    const waiting = reduceDoctor(mine, { type: 'run-requested' });
    expect(reduceDoctor(waiting, { type: 'task-updated', task: other }).currentTaskId).toBe('t1');
    const older = task('t0', 'running', { startedAt: '2024-12-31T00:00:00Z' });
    expect(reduceDoctor(mine, { type: 'task-updated', task: older }).currentTaskId).toBe('t1');
  });

  it('remembers a bounded number of tasks and always the current one', () => {
    let state = reduce({ type: 'run-accepted', taskId: 'keep' }, { type: 'task-updated', task: task('keep', 'succeeded') });
    for (let index = 0; index < 50; index++) {
      state = reduceDoctor(state, { type: 'task-updated', task: task(`x${index}`, 'failed', { startedAt: '2024-01-01T00:00:00Z' }) });
    }
    expect(Object.keys(state.tasks).length).toBeLessThanOrEqual(8);
    expect(state.tasks.keep).toBeDefined();
    expect(state.tasks.x49).toBeDefined();
  });

  it('ignores tasks of other kinds', () => {
    const other = { ...task('t1', 'running'), kind: 'lab' } as unknown as TaskInfo;
    const state = reduce({ type: 'task-updated', task: other });
    expect(state).toBe(initialDoctorState);
  });
});

describe('runDoctor', () => {
  it('starts a run and names it; the connection reads it in case it already finished', async () => {
    const store = createDoctorStore();
    const core = fakeCore({ 'doctor.run': () => ({ taskId: 't1' }), 'task.get': () => task('t1', 'succeeded') });
    connectDoctorStore(core.client, store);
    await runDoctor(core.client, store);
    await settle();
    expect(core.methods()).toEqual(['doctor.run', 'task.get']);
    expect(store.getState().state.lastReport).toEqual(report);
  });

  it('turns a failed call into a readable error, never a throw', async () => {
    const store = createDoctorStore();
    const core = fakeCore({
      'doctor.run': () => {
        throw new AppError('TRANSPORT_CLOSED', 'Lost the connection.');
      },
    });
    await expect(runDoctor(core.client, store)).resolves.toBeUndefined();
    expect(store.getState().state.requestError).toEqual({ code: 'TRANSPORT_CLOSED', message: 'Lost the connection.' });
  });
});

describe('connectDoctorStore', () => {
  it('keeps the followed run’s log lines for the progress card', async () => {
    const store = createDoctorStore();
    const lines = [{ step: '', text: 'OK      Docker engine: Docker 27.5 answers' }];
    const core = fakeCore({ 'doctor.run': () => ({ taskId: 't1' }), 'task.get': () => task('t1', 'running'), 'task.log': () => ({ taskId: 't1', fromSeq: 0, lines, skipped: 0 }) });
    connectDoctorStore(core.client, store);
    await runDoctor(core.client, store);
    await settle();
    core.emit('task:log', { taskId: 't1', fromSeq: 0, lines, skipped: 0 });
    core.emit('task:update', task('t1', 'running', { logSeq: 1 }));
    expect(currentDoctorLogs(store.getState().state)[PLAN_LOG]?.lines).toEqual([lines[0]!.text]);
    expect(core.of('task.log')).toEqual([]);
  });

  it('hears of a doctor run started elsewhere and follows it', async () => {
    const store = createDoctorStore();
    const core = fakeCore({ 'task.get': () => task('t9', 'running') });
    connectDoctorStore(core.client, store);
    core.emit('task:update', task('t9', 'running'));
    await settle();
    expect(store.getState().state.currentTaskId).toBe('t9');
    expect(core.of('task.get')).toEqual([{ taskId: 't9' }]);
  });
});

describe('resumeOrRunDoctor', () => {
  it('follows a doctor run that is already going instead of starting another', async () => {
    const store = createDoctorStore();
    const core = fakeCore({ 'task.list': () => [task('old', 'succeeded'), task('live', 'running')] });
    await resumeOrRunDoctor(core.client, store);
    expect(core.methods()).toEqual(['task.list']);
    expect(store.getState().state.currentTaskId).toBe('live');
  });

  it('starts a run when none is going, and does nothing the second time', async () => {
    const store = createDoctorStore();
    const core = fakeCore({ 'task.list': () => [], 'doctor.run': () => ({ taskId: 't1' }) });
    await resumeOrRunDoctor(core.client, store);
    await resumeOrRunDoctor(core.client, store);
    expect(core.methods()).toEqual(['task.list', 'doctor.run']);
  });
});

describe('cancelDoctor', () => {
  it('records the cancelled task the core returns', async () => {
    const store = createDoctorStore(reduce({ type: 'run-accepted', taskId: 't1' }, { type: 'task-updated', task: task('t1', 'running') }));
    const core = fakeCore({ 'task.cancel': () => task('t1', 'cancelled') });
    await cancelDoctor(core.client, store);
    expect(currentTask(store.getState().state)?.state).toBe('cancelled');
    expect(isRunning(store.getState().state)).toBe(false);
  });
});
