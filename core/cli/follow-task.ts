// Follows one task of the core to its end, for a command that started it: every `task:update`
// goes to `onUpdate` (the plan view redraws from it, step log tails included), and an
// interrupt (Ctrl+C) asks the core to cancel it, so cancellation is the core's, as in the UI.

import type { Client, TaskInfo, TaskRefInfo } from '../contract';

export interface FollowOptions {
  onUpdate?: (task: TaskInfo) => void;
  /** Aborted on Ctrl+C: the task is cancelled and followed until it says so. */
  interrupt?: AbortSignal;
}

/** Starts the task with `start` (subscribed first, so no update is missed) and resolves with its last state. */
export async function followTask(client: Client, start: () => Promise<TaskRefInfo>, options: FollowOptions = {}): Promise<TaskInfo> {
  const early: TaskInfo[] = [];
  let taskId: string | undefined;
  let settle: (task: TaskInfo) => void = () => undefined;
  const ended = new Promise<TaskInfo>((resolve) => (settle = resolve));
  const handle = (task: TaskInfo): void => {
    if (task.id !== taskId) return;
    options.onUpdate?.(task);
    if (task.state !== 'running') settle(task);
  };
  const unsubscribe = client.on('task:update', (task) => (taskId === undefined ? early.push(task) : handle(task)));
  const cancel = (): void => void client.call('task.cancel', { taskId: taskId as string }).catch(() => undefined);
  try {
    taskId = (await start()).taskId;
    for (const task of early.splice(0)) handle(task);
    if (options.interrupt?.aborted) cancel();
    options.interrupt?.addEventListener('abort', cancel, { once: true });
    return await ended;
  } finally {
    options.interrupt?.removeEventListener('abort', cancel);
    unsubscribe();
  }
}
