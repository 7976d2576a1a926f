import { describe, expect, it } from 'vitest';
import { AppError, type TaskInfo, type WorkshopChangedInfo, type WorkshopCheckInfo, type WorkshopLessonInfo, type WorkshopMethodResults, type WorkshopPackInfo } from '../../../core/contract';
import { fakeCore, settle } from '../test-support/fake-core';
import type { WorkshopClient, WorkshopMethod, WorkshopParams } from './workshop-client';
import { chooseLesson, choosePack, connectWorkshopStore, createWorkshopStore, loadWorkshop, openPack, presentLesson, revealHint, runWork, setFollowing } from './workshop-store';

const summary = { id: 'istio-in-practice', title: 'Istio in practice', version: '1.0.0', source: 'built-in' as const, path: '/app/resources/workshops/istio-in-practice', lessons: 2, passed: 0, minutes: 20 };
const lessonSummary = (id: string) => ({ id, title: id, minutes: 10, taskCount: 1, tasksPassed: 0, state: 'not-started' as const });
const pack: WorkshopPackInfo = { ...summary, description: '', requires: { namespaces: ['default'] }, lessonList: [lessonSummary('routing'), lessonSummary('canary')], current: null, warnings: [] };
const lesson = (id: string): WorkshopLessonInfo => ({ ...lessonSummary(id), pack: pack.id, body: '# ' + id, tasks: [], links: [], previous: null, next: null });
const check: WorkshopCheckInfo = { pack: pack.id, lesson: 'routing', passed: false, checkedAt: '2026-12-02T19:00:00Z', tasks: [] };

type Answers = { [M in WorkshopMethod]?: (params: WorkshopParams<M>) => WorkshopMethodResults[M] | Promise<WorkshopMethodResults[M]> };

function fakeWorkshop(answers: Answers) {
  const calls: [string, unknown][] = [];
  const listeners = new Set<(info: WorkshopChangedInfo) => void>();
  const client: WorkshopClient = {
    call: (async (method: WorkshopMethod, params: never) => {
      calls.push([method, params]);
      const answer = answers[method] as ((params: never) => unknown) | undefined;
      if (!answer) throw new AppError('NOT_FOUND', `no fake for ${method}`);
      return answer(params);
    }) as WorkshopClient['call'],
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { client, calls, emit: (info: WorkshopChangedInfo) => listeners.forEach((each) => each(info)) };
}

const task = (state: TaskInfo['state'], result?: unknown): TaskInfo => ({ id: 't1', kind: 'lab-reset', title: 'Check', state, step: '', percent: null, logSeq: 0, startedAt: '', ...(result ? { result: result as TaskInfo['result'] } : {}) });

describe('workshop store', () => {
  it('reads the packs, the pack and its first lesson', async () => {
    const store = createWorkshopStore();
    const fake = fakeWorkshop({ 'workshop.packs': () => [summary], 'workshop.pack': () => pack, 'workshop.lesson': ({ lesson: id }) => lesson(id) });
    await loadWorkshop(fake.client, store);
    const value = store.getState().state;
    expect(value.packs).toEqual([summary]);
    expect(value.lessonId).toBe('routing');
    expect(value.lesson?.body).toBe('# routing');
  });

  it('keeps the problems of a refused pack and chooses an opened one', async () => {
    const store = createWorkshopStore();
    const problem = 'pack.yaml:3:1 lessons[0].tasks[0].check: a task needs at least one check';
    const refusing = fakeWorkshop({
      'workshop.open': () => {
        throw new AppError('INVALID_ARGUMENT', 'The pack has 1 problem.', { problems: [problem] } as never);
      },
    });
    expect(await openPack(refusing.client, store, '/tmp/bad')).toBe(false);
    expect(store.getState().state.opening.problems).toEqual([problem]);
    const opened = { ...summary, id: 'mine', source: 'opened' as const, path: '/tmp/mine' };
    const accepting = fakeWorkshop({ 'workshop.open': () => opened, 'workshop.pack': () => ({ ...pack, ...opened }), 'workshop.lesson': ({ lesson: id }) => lesson(id) });
    expect(await openPack(accepting.client, store, '/tmp/mine')).toBe(true);
    expect(store.getState().state.packRef).toBe('/tmp/mine');
    expect(store.getState().state.opening.problems).toEqual([]);
    expect(accepting.calls.find(([method]) => method === 'workshop.pack')?.[1]).toEqual({ pack: '/tmp/mine' });
  });

  it('runs a check as a task, keeps its result and reads progress again when it ends', async () => {
    const store = createWorkshopStore();
    const fake = fakeWorkshop({ 'workshop.pack': () => pack, 'workshop.lesson': ({ lesson: id }) => lesson(id), 'workshop.check': () => ({ taskId: 't1' }), 'workshop.packs': () => [summary] });
    const core = fakeCore({ 'task.get': () => task('running') });
    const connection = connectWorkshopStore(core.client, store, fake.client);
    await loadWorkshop(fake.client, store);
    await runWork(fake.client, store, 'check');
    expect(store.getState().state.work).toMatchObject({ kind: 'running', work: 'check', taskId: 't1' });
    await runWork(fake.client, store, 'solve');
    expect(fake.calls.filter(([method]) => method === 'workshop.solve')).toEqual([]);
    const before = fake.calls.filter(([method]) => method === 'workshop.pack').length;
    core.emit('task:update', task('succeeded', { kind: 'workshop-check', check }));
    await settle();
    expect(store.getState().state.check).toEqual(check);
    expect(store.getState().state.work).toMatchObject({ kind: 'done', work: 'check' });
    expect(fake.calls.filter(([method]) => method === 'workshop.pack').length).toBeGreaterThan(before);
    connection.disconnect();
  });

  it('says why work failed, and forgets the last check after a reset', async () => {
    const store = createWorkshopStore();
    const fake = fakeWorkshop({ 'workshop.pack': () => pack, 'workshop.lesson': ({ lesson: id }) => lesson(id), 'workshop.check': () => ({ taskId: 't1' }), 'workshop.reset': () => ({ taskId: 't1' }), 'workshop.packs': () => [summary] });
    const core = fakeCore({ 'task.get': () => task('running') });
    const connection = connectWorkshopStore(core.client, store, fake.client);
    await loadWorkshop(fake.client, store);
    await runWork(fake.client, store, 'check');
    core.emit('task:update', task('succeeded', { kind: 'workshop-check', check }));
    await settle();
    await runWork(fake.client, store, 'reset');
    expect(fake.calls.find(([method]) => method === 'workshop.reset')?.[1]).toEqual({ pack: pack.id, lesson: 'routing' });
    core.emit('task:update', { ...task('failed'), error: { code: 'K8S_API', message: 'The API server refused the delete.' } });
    await settle();
    expect(store.getState().state.work).toMatchObject({ kind: 'failed', work: 'reset', error: { code: 'K8S_API' } });
    connection.disconnect();
  });

  it('remembers the chosen pack for the next page of this browser', async () => {
    const saved = new Map<string, string>();
    const storage = { getItem: (key: string) => saved.get(key) ?? null, setItem: (key: string, value: string) => void saved.set(key, value) };
    const fake = fakeWorkshop({ 'workshop.pack': () => pack, 'workshop.lesson': ({ lesson: id }) => lesson(id) });
    await choosePack(fake.client, createWorkshopStore(storage), '/tmp/mine');
    expect(createWorkshopStore(storage).getState().state.packRef).toBe('/tmp/mine');
    expect(createWorkshopStore().getState().state.packRef).toBe('istio-in-practice');
  });

  it('reveals a hint and follows the presenter when following', async () => {
    const store = createWorkshopStore();
    const fake = fakeWorkshop({
      'workshop.pack': () => pack,
      'workshop.lesson': ({ lesson: id }) => lesson(id),
      'workshop.hint': ({ task: id }) => ({ lesson: 'routing', task: id!, hint: 'Look at the subsets.' }),
      'workshop.select': () => ({ pack: pack.id, current: 'canary' }),
    });
    const connection = connectWorkshopStore(fakeCore().client, store, fake.client);
    await loadWorkshop(fake.client, store);
    await revealHint(fake.client, store, 'all-v1');
    expect(store.getState().state.hints['routing/all-v1']).toBe('Look at the subsets.');
    await presentLesson(fake.client, store, 'next');
    expect(store.getState().state.lessonId).toBe('canary');
    await chooseLesson(fake.client, store, 'routing');
    fake.emit({ pack: pack.id, current: 'canary' });
    await settle();
    expect(store.getState().state.lessonId).toBe('routing');
    setFollowing(store, true);
    fake.emit({ pack: pack.id, current: 'canary' });
    await settle();
    expect(store.getState().state.lessonId).toBe('canary');
    expect(store.getState().state.lesson?.id).toBe('canary');
    connection.disconnect();
  });
});
