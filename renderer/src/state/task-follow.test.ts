import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { TaskInfo, TaskLogInfo, TaskLogLineInfo } from '../../../core/contract';
import { fakeCore, settle } from '../test-support/fake-core';
import { followNamedTask, followTask } from './task-follow';

function task(state: TaskInfo['state'], logSeq: number, id = 't1'): TaskInfo {
  return { id, kind: 'lab-up', title: 'Create the lab', state, step: '', percent: null, logSeq, startedAt: '2025-01-01T10:00:00Z' };
}

function line(seq: number): TaskLogLineInfo {
  return { step: seq % 2 === 0 ? 'kind' : 'istio', text: `line ${seq}` };
}

/** The core's side of one task's log: every line written, of which it keeps the newest `kept` (as the task manager does). */
function coreLog(kept = 500) {
  const all: TaskLogLineInfo[] = [];
  return {
    write(count: number): TaskLogInfo {
      const fromSeq = all.length;
      for (let index = 0; index < count; index++) all.push(line(fromSeq + index));
      return { taskId: 't1', fromSeq, lines: all.slice(fromSeq), skipped: 0 };
    },
    get seq() {
      return all.length;
    },
    read(fromSeq = 0): TaskLogInfo {
      const firstKept = Math.max(0, all.length - kept);
      const from = Math.min(Math.max(fromSeq, firstKept), all.length);
      return { taskId: 't1', fromSeq: from, lines: all.slice(from), skipped: Math.max(0, Math.min(firstKept, all.length) - fromSeq) };
    },
  };
}

function listener() {
  const updates: TaskInfo[] = [];
  const logs: TaskLogInfo[] = [];
  return { updates, logs, texts: () => logs.flatMap((log) => log.lines.map((entry) => entry.text)), update: (t: TaskInfo) => updates.push(t), log: (l: TaskLogInfo) => logs.push(l) };
}

describe('followTask', () => {
  it('reads the task at once, hands on only its own updates, and stops listening once it ended', async () => {
    let snapshot = task('running', 0);
    const core = fakeCore({ 'task.get': () => snapshot });
    const heard = listener();
    followTask(core.client, 't1', { update: heard.update });
    await settle();
    expect(heard.updates).toEqual([snapshot]);
    expect(core.listening('task:log')).toBe(0);

    core.emit('task:update', task('running', 0, 'other'));
    snapshot = task('succeeded', 0);
    core.emit('task:update', snapshot);
    expect(heard.updates.map((update) => update.state)).toEqual(['running', 'succeeded']);
    expect(core.listening('task:update')).toBe(0);
    expect(core.methods()).toEqual(['task.get']);
  });

  it('hands on each line once and in order, however the batches overlap', async () => {
    const log = coreLog();
    const core = fakeCore({ 'task.get': () => task('running', log.seq), 'task.log': ({ fromSeq }) => log.read(fromSeq) });
    const heard = listener();
    followTask(core.client, 't1', heard);
    await settle();
    const first = log.write(3);
    core.emit('task:log', first);
    core.emit('task:log', first);
    core.emit('task:log', { ...log.read(1) });
    core.emit('task:log', log.write(2));
    core.emit('task:update', task('running', log.seq));
    expect(heard.texts()).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(heard.logs.every((entry) => entry.skipped === 0)).toBe(true);
    expect(core.of('task.log')).toEqual([]);
  });

  it('reads what it missed when a batch starts past the next expected line', async () => {
    const log = coreLog();
    const core = fakeCore({ 'task.get': () => task('running', log.seq), 'task.log': ({ fromSeq }) => log.read(fromSeq) });
    const heard = listener();
    followTask(core.client, 't1', heard);
    await settle();
    core.emit('task:log', log.write(2));
    log.write(3); // these batches never arrive (the connection dropped)
    core.emit('task:log', log.write(1));
    await settle();
    expect(core.of('task.log')).toEqual([{ taskId: 't1', fromSeq: 2 }]);
    expect(heard.texts()).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    expect(heard.logs.at(-1)).toMatchObject({ fromSeq: 2, skipped: 0 });
  });

  it('reads the whole log of a task first seen midway, and says how many lines the core no longer kept', async () => {
    const log = coreLog(10);
    log.write(25);
    const core = fakeCore({ 'task.get': () => task('running', log.seq), 'task.log': ({ fromSeq }) => log.read(fromSeq) });
    const heard = listener();
    followTask(core.client, 't1', heard);
    await settle();
    expect(core.of('task.log')).toEqual([{ taskId: 't1', fromSeq: 0 }]);
    expect(heard.logs).toEqual([{ taskId: 't1', fromSeq: 15, lines: log.read(15).lines, skipped: 15 }]);
  });

  it('after a reconnect, reads the task again and the lines logged meanwhile, then stops at the end', async () => {
    const log = coreLog();
    let state: TaskInfo['state'] = 'running';
    const core = fakeCore({ 'task.get': () => task(state, log.seq), 'task.log': ({ fromSeq }) => log.read(fromSeq) });
    const heard = listener();
    const follow = followTask(core.client, 't1', heard);
    await settle();
    core.emit('task:log', log.write(1));
    log.write(4);
    state = 'failed';
    await follow.resync();
    await settle();
    expect(heard.updates.at(-1)?.state).toBe('failed');
    expect(heard.texts()).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(core.listening('task:update')).toBe(0);
    expect(core.listening('task:log')).toBe(0);
    await follow.resync();
    expect(core.of('task.get')).toHaveLength(2);
  });

  it('keeps listening after the end until the last counted line is in', async () => {
    const log = coreLog();
    const core = fakeCore({ 'task.get': () => task('running', 0), 'task.log': () => new Promise<TaskLogInfo>(() => undefined) });
    const heard = listener();
    followTask(core.client, 't1', heard);
    await settle();
    const batch = log.write(2);
    // The end arrives, counting two lines this page has not heard yet (their batch is late).
    core.emit('task:update', task('succeeded', 2));
    expect(core.listening('task:log')).toBe(1);
    core.emit('task:log', batch);
    expect(heard.texts()).toEqual(['line 0', 'line 1']);
    expect(core.listening('task:log')).toBe(0);
  });
});

describe('followNamedTask', () => {
  it('follows the task the store names, and switches when the name changes', async () => {
    const core = fakeCore({ 'task.get': ({ taskId }) => task('running', 0, taskId) });
    const store = createStore<{ taskId: string | null }>(() => ({ taskId: null }));
    const heard = listener();
    const follow = followNamedTask(core.client, store, (value) => value.taskId, { update: heard.update });
    expect(core.methods()).toEqual([]);
    store.setState({ taskId: 'a' });
    await settle();
    store.setState({ taskId: 'b' });
    await settle();
    expect(core.of('task.get')).toEqual([{ taskId: 'a' }, { taskId: 'b' }]);
    expect(follow.taskId()).toBe('b');
    core.emit('task:update', task('running', 0, 'a'));
    expect(heard.updates.map((update) => update.id)).toEqual(['a', 'b']);
    follow.stop();
    expect(core.listening('task:update')).toBe(0);
  });
});
