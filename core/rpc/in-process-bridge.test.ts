import { describe, expect, it } from 'vitest';
import { AppError, createClient, type TaskInfo } from '../contract';
import { handlersWith } from '../../test/support/handlers';
import { createDispatcher } from './dispatcher';
import { EventHub } from './event-hub';
import { connectInProcess } from './in-process-bridge';

const task: TaskInfo = { id: 'task-1', kind: 'doctor', title: 'Check', state: 'running', step: 'Starting', percent: 0, logSeq: 0, startedAt: '2026-01-01T00:00:00.000Z' };

function fixture() {
  const events = new EventHub();
  const gone: string[] = [];
  const callers = new Set<string>();
  const dispatcher = createDispatcher(
    handlersWith({
      'task.get': ({ taskId }, caller) => {
        callers.add(caller.id);
        return { ...task, id: taskId };
      },
      // Stands for work that outlives the call (a log stream): ends when the command's caller goes.
      'logs.close': ({ streamId }, caller) => {
        callers.add(caller.id);
        caller.onGone(() => gone.push(streamId));
        return { streamId, closed: false };
      },
    }),
  );
  return { events, gone, callers, bridge: connectInProcess({ dispatcher, events }) };
}

describe('in-process bridge', () => {
  it('checks arguments in the dispatcher and answers as one caller', async () => {
    const { bridge, callers } = fixture();
    const client = createClient(bridge);
    expect((await client.call('task.get', { taskId: 'task-7' })).id).toBe('task-7');
    await client.call('logs.close', { streamId: 'log-1' });
    expect(callers.size).toBe(1);
    const refused = await client.call('task.get', { taskId: 'NOT AN ID' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', details: { path: 'taskId' } });
  });

  it('delivers events as copies until closed, then ends what the caller opened and refuses calls', async () => {
    const { bridge, events, gone } = fixture();
    const client = createClient(bridge);
    const seen: TaskInfo[] = [];
    client.on('task:update', (update) => seen.push(update));
    events.emit('task:update', task);
    expect(seen).toEqual([task]);
    expect(seen[0]).not.toBe(task);
    await client.call('logs.close', { streamId: 'log-2' });
    bridge.close();
    expect(gone).toEqual(['log-2']);
    expect(events.size).toBe(0);
    events.emit('task:update', task);
    expect(seen).toHaveLength(1);
    await expect(client.call('task.get', { taskId: 'task-1' })).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
  });
});
