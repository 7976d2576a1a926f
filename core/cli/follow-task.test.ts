// Following a task through a real task manager, dispatcher and in-process bridge: every update
// reaches the view, and an interrupt is the core's cancellation.
import { describe, expect, it } from 'vitest';
import { createClient, type TaskInfo } from '../contract';
import { connectInProcess, createDispatcher, EventHub } from '../rpc';
import { TaskManager } from '../tasks';
import { handlersWith } from '../../test/support/handlers';
import { followTask } from './follow-task';

function taskCore(work: (signal: AbortSignal) => Promise<void>) {
  const events = new EventHub();
  const tasks = new TaskManager({ onUpdate: (task) => events.emit('task:update', task) });
  const dispatcher = createDispatcher(
    handlersWith({
      'doctor.run': () => ({
        taskId: tasks.start('doctor', 'Check', async (context) => {
          context.step('Working', 50);
          await work(context.signal);
          return undefined;
        }).id,
      }),
      'task.cancel': ({ taskId }) => tasks.cancel(taskId),
    }),
  );
  return createClient(connectInProcess({ dispatcher, events }));
}

describe('followTask', () => {
  it('hands every update to the view and resolves with the last one', async () => {
    let release = (): void => undefined;
    const client = taskCore(() => new Promise((resolve) => (release = resolve)));
    const seen: TaskInfo[] = [];
    const following = followTask(client, () => client.call('doctor.run', {}), {
      onUpdate: (task) => {
        seen.push(task);
        if (task.step === 'Working') release();
      },
    });
    const ended = await following;
    expect(ended.state).toBe('succeeded');
    expect(seen.at(-1)).toEqual(ended);
    expect(seen.some((task) => task.state === 'running' && task.percent === 50)).toBe(true);
  });

  it('cancels the task in the core when interrupted, and reports it cancelled', async () => {
    const interrupt = new AbortController();
    const client = taskCore(
      (signal) =>
        new Promise((_resolve, reject) => {
          interrupt.abort();
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    );
    const ended = await followTask(client, () => client.call('doctor.run', {}), { interrupt: interrupt.signal });
    expect(ended.state).toBe('cancelled');
  });
});
