import { describe, expect, it } from 'vitest';
import { AppError, type ImagesReportInfo, type TaskInfo } from '../../../core/contract';
import { fakeCore, settle } from '../test-support/fake-core';
import { connectImagesStore, createImagesStore, loadImages } from './images-store';

const report = (lab: string): ImagesReportInfo => ({ lab, platform: 'linux/amd64', mirror: null, dockerHubPulls: 2, images: [{ ref: 'docker.io/istio/examples-bookinfo-ratings-v1:1.20.3', source: 'bookinfo', sizeBytes: 1, host: true, node: false }] });
const ended = (id: string, kind: TaskInfo['kind'], state: TaskInfo['state'] = 'succeeded'): TaskInfo => ({ id, kind, title: '', state, step: '', percent: 100, logSeq: 0, startedAt: '2026-12-03T05:00:00Z' });

describe('images store', () => {
  it('loads the list for the lab asked, and keeps the error of a failed read', async () => {
    const core = fakeCore({ 'images.list': (params) => report(params.name ?? 'meshdeck') });
    const store = createImagesStore();
    await loadImages(core.client, store, { name: 'lab2' });
    expect(store.getState().state).toMatchObject({ loading: false, error: null, report: { lab: 'lab2' } });
    core.handlers['images.list'] = () => Promise.reject(new AppError('DOCKER_NOT_RUNNING', 'Start Docker.'));
    await loadImages(core.client, store, { name: 'lab2' });
    expect(store.getState().state).toMatchObject({ loading: false, error: { code: 'DOCKER_NOT_RUNNING' }, report: { lab: 'lab2' } });
  });

  it("drops another lab's list when a different lab is asked, and ignores a late answer for the old one", async () => {
    let answer!: (value: ImagesReportInfo) => void;
    const core = fakeCore({ 'images.list': () => new Promise((resolve) => (answer = resolve)) });
    const store = createImagesStore({ report: report('a'), query: { name: 'a' }, loading: false, error: null });
    const slow = loadImages(core.client, store, { name: 'a' });
    const first = answer;
    const next = loadImages(core.client, store, { name: 'b' });
    expect(store.getState().state.report).toBeNull();
    first(report('a'));
    await slow;
    expect(store.getState().state.report).toBeNull();
    answer(report('b'));
    await next;
    expect(store.getState().state.report?.lab).toBe('b');
  });

  it('reads again once when a lab or kit-import task ends, not for other tasks', async () => {
    const core = fakeCore({ 'images.list': () => report('meshdeck') });
    const store = createImagesStore();
    const connection = connectImagesStore(core.client, store);
    core.emit('task:update', ended('t0', 'lab-up'));
    await settle();
    expect(core.of('images.list')).toHaveLength(0);
    await loadImages(core.client, store, {});
    core.emit('task:update', ended('t1', 'kit-import'));
    core.emit('task:update', ended('t1', 'kit-import'));
    core.emit('task:update', ended('t2', 'doctor'));
    core.emit('task:update', { ...ended('t3', 'lab-up'), state: 'running' });
    await settle();
    expect(core.of('images.list')).toHaveLength(2);
    await connection.refresh();
    expect(core.of('images.list')).toHaveLength(3);
    connection.disconnect();
    expect(core.listening('task:update')).toBe(0);
  });
});
