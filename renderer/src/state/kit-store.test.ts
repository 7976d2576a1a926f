import { describe, expect, it } from 'vitest';
import { AppError, type KitManifestInfo, type TaskInfo } from '../../../core/contract';
import { fakeCore, settle } from '../test-support/fake-core';
import { cancelKitJob, connectKitStore, createKitStore, isKitBusy, kitResult, kitTask, setKitPath, startKitJob } from './kit-store';

const manifest: KitManifestInfo = { format: 'meshdeck-kit/v1', createdAt: '2026-12-03T05:00:00Z', meshdeckVersion: '0.6.0', platform: 'linux/amd64', kindVersion: 'v0.31.0', istioVersion: '1.30.5', parts: [] };
function task(id: string, kind: 'kit-export' | 'kit-import', state: TaskInfo['state'], percent = 40): TaskInfo {
  const result = kind === 'kit-export' ? { kind, path: '/k.kit', manifest } : { kind, path: '/k.kit', manifest, loadedImages: ['a:1'] };
  return { id, kind, title: kind, state, step: '412 MB of 1.93 GB', percent, logSeq: 0, startedAt: '2026-12-03T05:00:00Z', ...(state === 'succeeded' ? { result } : {}) };
}

describe('kit store', () => {
  it('exports the typed path, follows the task to its result, and asks for overwrite only when told', async () => {
    const core = fakeCore({ 'kit.export': () => ({ taskId: 'e1' }), 'task.get': () => task('e1', 'kit-export', 'running') });
    const store = createKitStore();
    const connection = connectKitStore(core.client, store);
    setKitPath(store, 'export', '  /home/u/Downloads/istio-workshop.kit ');
    await startKitJob(core.client, store, 'export');
    await settle();
    expect(core.of('kit.export')).toEqual([{ path: '/home/u/Downloads/istio-workshop.kit' }]);
    expect(isKitBusy(store.getState().state.export)).toBe(true);
    expect(kitTask(store.getState().state.export)?.percent).toBe(40);
    core.emit('task:update', task('e1', 'kit-export', 'succeeded', 100));
    expect(isKitBusy(store.getState().state.export)).toBe(false);
    expect(kitResult(store.getState().state.export)).toMatchObject({ kind: 'kit-export', path: '/k.kit' });
    expect(store.getState().state.import.currentTaskId).toBeNull();
    await startKitJob(core.client, store, 'export', { overwrite: true });
    expect(core.of('kit.export')[1]).toEqual({ path: '/home/u/Downloads/istio-workshop.kit', overwrite: true });
    connection.disconnect();
  });

  it('keeps a refused import as its error (KIT_INVALID), apart from the export', async () => {
    const core = fakeCore({ 'kit.import': () => Promise.reject(new AppError('KIT_INVALID', 'images/0003.tar does not match the manifest. Export the kit again.')) });
    const store = createKitStore();
    setKitPath(store, 'import', '/media/usb/k.kit');
    await startKitJob(core.client, store, 'import');
    expect(store.getState().state.import).toMatchObject({ requesting: false, requestError: { code: 'KIT_INVALID' } });
    expect(store.getState().state.export.requestError).toBeNull();
  });

  it('cancels the followed task', async () => {
    const core = fakeCore({ 'kit.import': () => ({ taskId: 'i1' }), 'task.get': () => task('i1', 'kit-import', 'running'), 'task.cancel': () => task('i1', 'kit-import', 'cancelled') });
    const store = createKitStore();
    connectKitStore(core.client, store);
    setKitPath(store, 'import', '/k.kit');
    await startKitJob(core.client, store, 'import');
    await settle();
    await cancelKitJob(core.client, store, 'import');
    expect(core.of('task.cancel')).toEqual([{ taskId: 'i1' }]);
    expect(kitTask(store.getState().state.import)?.state).toBe('cancelled');
  });
});
