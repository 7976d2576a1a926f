import { describe, expect, it } from 'vitest';
import { AppError, type LabStatusInfo, type LabSummaryInfo, type TaskInfo } from '../../../core/contract';
import { fakeCore, settle } from '../test-support/fake-core';
import { createLabStore } from './lab-store';
import { connectLabsStore, createLabsStore, loadLabs, makeLabCurrent } from './labs-store';

const lab = (name: string, extra: Partial<LabSummaryInfo> = {}): LabSummaryInfo => ({ name, context: `kind-${name}`, provider: 'kind', state: 'running', current: false, httpPort: 8080, bookinfoUrl: 'http://127.0.0.1:8080/productpage', ...extra });
const status = (name: string): LabStatusInfo => ({
  exists: true,
  name,
  context: `kind-${name}`,
  provider: 'kind',
  istio: [],
  bookinfo: [],
  addons: [],
  urls: { bookinfo: 'http://127.0.0.1:9080/productpage', dashboards: { grafana: 'g', kiali: 'k', tracing: 't', prometheus: 'p' } },
});

describe('the list of labs', () => {
  it('loads the labs, and keeps a failure to read them beside the lab card', async () => {
    const store = createLabsStore();
    await loadLabs(fakeCore({ 'lab.list': () => [lab('one', { current: true }), lab('two')] }).client, store);
    expect(store.getState().state).toMatchObject({ loaded: true, error: null, labs: [{ name: 'one' }, { name: 'two' }] });
    await loadLabs(fakeCore({ 'lab.list': () => Promise.reject(new AppError('INTERNAL', 'broken')) }).client, store);
    expect(store.getState().state).toMatchObject({ loaded: true, error: { code: 'INTERNAL' }, labs: [{ name: 'one' }, { name: 'two' }] });
  });

  it('"Use this lab" makes it current, the others not, and shows it on the lab card', async () => {
    const store = createLabsStore();
    const labStore = createLabStore();
    const core = fakeCore({ 'lab.list': () => [lab('one', { current: true }), lab('two')], 'lab.select': () => lab('two', { current: true }), 'lab.status': () => status('two') });
    await loadLabs(core.client, store);
    await makeLabCurrent(core.client, store, lab('two'), labStore);
    expect(core.of('lab.select')).toEqual([{ name: 'two' }]);
    expect(store.getState().state.labs.map((l) => [l.name, l.current])).toEqual([
      ['one', false],
      ['two', true],
    ]);
    expect(core.of('lab.status')).toEqual([{ name: 'two' }]);
    expect(labStore.getState().state).toMatchObject({ lastOptions: { name: 'two', httpPort: 8080 }, status: { kind: 'present', status: { name: 'two' } } });
  });

  it('a lab on the user’s cluster is selected by its context; a refusal is shown and the card is left as it was', async () => {
    const store = createLabsStore();
    const labStore = createLabStore();
    const core = fakeCore({ 'lab.select': () => Promise.reject(new AppError('CLUSTER_NOT_FOUND', 'There is no lab on context team to use.')) });
    await makeLabCurrent(core.client, store, lab('team', { provider: 'context', context: 'team' }), labStore);
    expect(core.of('lab.select')).toEqual([{ name: 'team', context: 'team' }]);
    expect(store.getState().state).toMatchObject({ selecting: null, selectError: { code: 'CLUSTER_NOT_FOUND' } });
    expect(core.methods()).not.toContain('lab.status');
    expect(labStore.getState().state.lastOptions).toEqual({});
  });

  it('reads the list again when a lab task ends, not while it runs', async () => {
    const store = createLabsStore();
    const core = fakeCore({ 'lab.list': () => [lab('one')] });
    const connection = connectLabsStore(core.client, store);
    const task = (state: TaskInfo['state'], kind: TaskInfo['kind'] = 'lab-up') => ({ id: 't1', kind, title: 'Create my mesh', state, startedAt: '2026-01-01T00:00:00.000Z' }) as TaskInfo;
    core.emit('task:update', task('running'));
    core.emit('task:update', task('succeeded', 'doctor'));
    await settle();
    expect(core.methods()).toEqual([]);
    core.emit('task:update', task('succeeded', 'lab-down'));
    await settle();
    expect(core.methods()).toEqual(['lab.list']);
    connection.disconnect();
    core.emit('task:update', task('failed'));
    await settle();
    expect(core.methods()).toEqual(['lab.list']);
  });
});
