import { describe, expect, it } from 'vitest';
import { AppError, type TaskInfo, type TaskLogInfo } from '../contract';
import { TaskManager } from './task-manager';

function recorder() {
  const updates: TaskInfo[] = [];
  const logs: TaskLogInfo[] = [];
  const manager = new TaskManager({ onUpdate: (task) => updates.push(task), onLog: (log) => logs.push(log), maxLogLines: 3, maxFinishedTasks: 2 });
  return { manager, updates, logs };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('TaskManager', () => {
  it('returns a running task at once and ends it succeeded with its result', async () => {
    const { manager, updates } = recorder();
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const task = manager.start('doctor', 'Check', async (context) => {
      context.step('Half way', 50);
      await gate;
      return { kind: 'doctor', report: { findings: [], overall: 'ok', checkedAt: 'now' } };
    });
    expect(task.state).toBe('running');
    await settle();
    expect(manager.get(task.id)).toMatchObject({ step: 'Half way', percent: 50 });
    finish();
    await settle();
    const done = manager.get(task.id);
    expect(done).toMatchObject({ state: 'succeeded', percent: 100, result: { kind: 'doctor' } });
    expect(done.endedAt).toBeDefined();
    expect(updates.map((update) => update.state)).toEqual(['running', 'running', 'succeeded']);
  });

  it('coalesces bursts of log lines into one update and one numbered batch, and keeps only the tail', async () => {
    const { manager, updates, logs } = recorder();
    const task = manager.start('doctor', 'Chatty', async (context) => {
      for (let i = 1; i <= 10; i++) context.log(`line ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return undefined;
    });
    await settle();
    expect(updates).toHaveLength(2);
    expect(updates[1]!.logSeq).toBe(10);
    // The batch is sent once, before the update that counts its lines; the kept tail is 3 lines.
    expect(logs).toEqual([{ taskId: task.id, fromSeq: 7, lines: ['line 8', 'line 9', 'line 10'].map((text) => ({ step: '', text })), skipped: 7 }]);
    expect(manager.log(task.id)).toMatchObject({ fromSeq: 7, skipped: 7 });
    expect(manager.log(task.id, 9)).toEqual({ taskId: task.id, fromSeq: 9, lines: [{ step: '', text: 'line 10' }], skipped: 0 });
    expect(manager.log(task.id, 10)).toEqual({ taskId: task.id, fromSeq: 10, lines: [], skipped: 0 });
    expect(manager.log(task.id, 99)).toEqual({ taskId: task.id, fromSeq: 10, lines: [], skipped: 0 });
  });

  it('sends each line once, in order, and the step’s tail travels with the step', async () => {
    const { manager, logs } = recorder();
    let next!: () => void;
    const task = manager.start('lab-up', 'Plan', async (context) => {
      context.steps([{ id: 'kind', title: 'Kind', state: 'running', detail: '', percent: null }]);
      context.log('one', 'kind');
      await new Promise<void>((resolve) => (next = resolve));
      context.log('two', 'kind');
      context.log('plan-wide');
      context.updateStep({ id: 'kind', title: 'Kind', state: 'done', detail: 'ok', percent: 100 });
      return undefined;
    });
    await settle();
    next();
    await settle();
    expect(logs.map((batch) => [batch.fromSeq, batch.lines.map((line) => `${line.step}:${line.text}`)])).toEqual([
      [0, ['kind:one']],
      [1, ['kind:two', ':plan-wide']],
    ]);
    expect(manager.get(task.id).steps?.[0]).toMatchObject({ state: 'done', logTail: ['one', 'two'] });
  });

  it('reports an AppError as failed with its code, and anything else as INTERNAL', async () => {
    const { manager } = recorder();
    const failed = manager.start('doctor', 'Fails', async () => {
      throw new AppError('DOCKER_NOT_RUNNING', 'Start Docker.');
    });
    const crashed = manager.start('doctor', 'Crashes', async () => {
      throw new TypeError('x is undefined');
    });
    await settle();
    expect(manager.get(failed.id)).toMatchObject({ state: 'failed', error: { code: 'DOCKER_NOT_RUNNING', message: 'Start Docker.' } });
    expect(manager.get(crashed.id)).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' } });
    expect(JSON.stringify(manager.get(crashed.id))).not.toContain('x is undefined');
  });

  it('cancels: aborts the signal, ends as cancelled (not failed), and ignores late results', async () => {
    const { manager, updates } = recorder();
    let aborted = false;
    const task = manager.start('doctor', 'Slow', (context) => new Promise((resolve) => {
      context.signal.addEventListener('abort', () => {
        aborted = true;
        setTimeout(() => resolve(undefined), 5);
      });
    }));
    expect(manager.cancel(task.id).state).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aborted).toBe(true);
    expect(manager.get(task.id).state).toBe('cancelled');
    expect(updates.filter((update) => update.state !== 'running')).toHaveLength(1);
    expect(manager.cancel(task.id).state).toBe('cancelled');
  });

  it('forgets the oldest finished tasks and says so for unknown ids', async () => {
    const { manager } = recorder();
    const ids = [1, 2, 3].map((n) => manager.start('doctor', `T${n}`, async () => undefined).id);
    await settle();
    expect(manager.list().map((task) => task.title)).toEqual(['T2', 'T3']);
    expect(() => manager.get(ids[0]!)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('hands out copies, so callers cannot change a task', () => {
    const { manager } = recorder();
    const task = manager.start('doctor', 'Copy', () => new Promise(() => undefined));
    task.state = 'failed';
    manager.log(task.id).lines.push({ step: '', text: 'tampered' });
    expect(manager.get(task.id)).toMatchObject({ state: 'running', logSeq: 0 });
    expect(manager.log(task.id).lines).toEqual([]);
    manager.cancelAll();
    expect(manager.get(task.id).state).toBe('cancelled');
  });
});

describe('TaskManager steps', () => {
  it('publishes the step list and single step updates, and marks running steps cancelled at the end', async () => {
    const { manager } = recorder();
    const task = manager.start('lab-up', 'Plan', (context) => {
      context.steps([
        { id: 'a', title: 'A', state: 'pending', detail: '', percent: null },
        { id: 'b', title: 'B', state: 'pending', detail: '', percent: null },
      ]);
      context.updateStep({ id: 'a', title: 'A', state: 'done', detail: 'ok', percent: 100 });
      context.updateStep({ id: 'b', title: 'B', state: 'running', detail: 'working', percent: 10 });
      return new Promise(() => undefined);
    });
    await settle();
    expect(manager.get(task.id).steps?.map((step) => step.state)).toEqual(['done', 'running']);
    manager.cancel(task.id);
    expect(manager.get(task.id).steps?.map((step) => step.state)).toEqual(['done', 'cancelled']);
  });
});
