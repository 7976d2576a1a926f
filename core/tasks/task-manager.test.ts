import { describe, expect, it } from 'vitest';
import { AppError, type TaskInfo } from '../contract';
import { TaskManager } from './task-manager';

function recorder() {
  const updates: TaskInfo[] = [];
  const manager = new TaskManager({ onUpdate: (task) => updates.push(task), maxLogLines: 3, maxFinishedTasks: 2 });
  return { manager, updates };
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

  it('coalesces bursts of log lines into one update and keeps only the tail', async () => {
    const { manager, updates } = recorder();
    const task = manager.start('doctor', 'Chatty', async (context) => {
      for (let i = 1; i <= 10; i++) context.log(`line ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return undefined;
    });
    await settle();
    expect(updates).toHaveLength(2);
    expect(manager.get(task.id).log).toEqual(['line 8', 'line 9', 'line 10']);
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
    manager.get(task.id).log.push('tampered');
    expect(manager.get(task.id)).toMatchObject({ state: 'running', log: [] });
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
