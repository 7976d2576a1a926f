// Follows one task of the core by its id: its `task:update` snapshots, and its log lines in
// order and each once. Lines come as `task:log` batches; when a batch starts past the next line
// expected (events were missed, e.g. around a reconnect) or a snapshot counts more lines than
// were heard (a task first seen midway), the missing ones are read with `task.log`. The task is
// read once at the start and again on `resync`; the follow stops by itself once the task has
// ended and its last line is in. Stores decide what a snapshot or a line means to them.

import type { Client, TaskId, TaskInfo, TaskLogInfo } from '../../../core/contract';
import type { StoreApi } from 'zustand/vanilla';

export interface TaskListener {
  update(task: TaskInfo): void;
  /**
   * The next lines (`fromSeq` is the first one's number); `skipped` counts lines just before them
   * that the core no longer kept. Without this, the log is not followed at all.
   */
  log?(log: TaskLogInfo): void;
}

export interface TaskFollow {
  readonly taskId: TaskId;
  /** Reads the task again, and any log lines missed (after a reconnect). Nothing once stopped. */
  resync(): Promise<void>;
  stop(): void;
}

type TaskClient = Pick<Client, 'call' | 'on'>;

/**
 * Starts following `taskId`. Long because it is one closure of small steps (take a snapshot,
 * take a batch, hand lines on, read what is missing, settle) that share the follow's counters;
 * pulled apart, each step would have to take and hand back all of them.
 */
export function followTask(client: TaskClient, taskId: TaskId, listener: TaskListener): TaskFollow {
  const withLog = listener.log !== undefined;
  /** The number of the next line to hand on, and the most lines the core was heard to have. */
  let expected = 0;
  let known = 0;
  /** Lines wait for the first snapshot: the store needs to know the task before its lines. */
  let seen = false;
  let ended = false;
  let stopped = false;
  let reading = false;
  let readAgain = false;

  const offUpdate = client.on('task:update', (task) => {
    if (task.id === taskId) take(task);
  });
  const offLog = withLog
    ? client.on('task:log', (log) => {
        if (log.taskId === taskId) takeLog(log);
      })
    : () => undefined;

  function take(task: TaskInfo): void {
    if (stopped) return;
    seen = true;
    listener.update(task);
    known = Math.max(known, task.logSeq);
    if (!isRunning(task)) ended = true;
    // The core sends lines before the update that counts them: more counted than heard is a gap.
    if (withLog && known > expected) void readMissing();
    else settle();
  }

  function takeLog(log: TaskLogInfo): void {
    if (stopped) return;
    known = Math.max(known, log.fromSeq + log.lines.length);
    if (!seen) return;
    if (log.fromSeq > expected) {
      void readMissing();
      return;
    }
    handOn(log);
    settle();
  }

  /** Hands on the part of `log` not handed on yet; lines between `expected` and its start are gone. */
  function handOn(log: TaskLogInfo): void {
    const fresh = log.lines.slice(Math.max(0, expected - log.fromSeq));
    const skipped = Math.max(0, log.fromSeq - expected);
    if (fresh.length === 0 && skipped === 0) return;
    const fromSeq = Math.max(expected, log.fromSeq);
    expected = fromSeq + fresh.length;
    listener.log!({ taskId, fromSeq, lines: fresh, skipped });
  }

  /** One `task.log` at a time; a gap found meanwhile is read right after. */
  async function readMissing(): Promise<void> {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    let failed = false;
    try {
      do {
        readAgain = false;
        const log = await client.call('task.log', { taskId, fromSeq: expected });
        if (stopped) return;
        known = Math.max(known, log.fromSeq + log.lines.length);
        handOn(log);
      } while (readAgain && known > expected);
    } catch {
      // The task may be forgotten, or the connection down; the next resync tries again.
      failed = true;
    } finally {
      reading = false;
    }
    settle(failed);
  }

  function settle(gaveUp = false): void {
    if (ended && (!withLog || gaveUp || expected >= known)) stop();
  }

  async function resync(): Promise<void> {
    if (stopped) return;
    try {
      take(await client.call('task.get', { taskId }));
    } catch {
      // Events keep the state current; a failed read changes nothing.
    }
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    offUpdate();
    offLog();
  }

  // One read covers a task that moved on (or finished) before these listeners were there.
  void resync();
  return { taskId, resync, stop };
}

function isRunning(task: TaskInfo): boolean {
  return task.state === 'running';
}

export interface NamedTaskFollow {
  /** The task followed now (it may have ended), or null. */
  taskId(): TaskId | null;
  resync(): Promise<void>;
  stop(): void;
}

/**
 * Keeps following the task a store names (`select`): when the name changes, the old follow stops
 * and the next one starts. So a flow only has to put the task id into the store.
 */
export function followNamedTask<V>(client: TaskClient, store: StoreApi<V>, select: (value: V) => TaskId | null, listener: TaskListener): NamedTaskFollow {
  let follow: TaskFollow | null = null;
  function check(): void {
    const id = select(store.getState());
    if (id === (follow?.taskId ?? null)) return;
    follow?.stop();
    follow = id === null ? null : followTask(client, id, listener);
  }
  const unsubscribe = store.subscribe(check);
  check();
  return {
    taskId: () => follow?.taskId ?? null,
    resync: () => follow?.resync() ?? Promise.resolve(),
    stop() {
      unsubscribe();
      follow?.stop();
      follow = null;
    },
  };
}
