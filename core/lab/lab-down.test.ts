import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanStepInfo } from '../contract';
import type { KindCli } from '../kind';
import type { TaskContext } from '../tasks';
import { resolveLabConfig, type LabRequest } from './lab-config';
import { runLabDown } from './lab-down';
import { labKubeconfigContexts, mergeLabKubeconfig } from './lab-kubeconfig';
import { kindKubeconfigPath } from './steps/cluster';
import { readRegistry, recordFromConfig, saveRecord, setCurrentLab } from './lab-registry';

// The down task with a fake kind handed in; up, reset and down on a user's cluster need a cluster
// and run against the test world (test/lab, test/faults).

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-lab-tasks-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recordingTask() {
  const logs: { line: string; step: string | undefined }[] = [];
  const steps: PlanStepInfo[] = [];
  const context: TaskContext = {
    signal: new AbortController().signal,
    step: () => undefined,
    log: (line, step) => logs.push({ line, step }),
    steps: (all) => steps.push(...all),
    updateStep: (step) => steps.push(step),
  };
  return { context, logs, steps };
}

function fakeKind(deleted: string[], clusters: string[] = []): KindCli {
  return {
    version: async () => '0.32.0',
    getClusters: async () => clusters,
    createCluster: async () => undefined,
    deleteCluster: async (options) => {
      deleted.push(`${options.name} ${options.kubeconfigPath}`);
      options.onLine?.(`Deleting cluster "${options.name}" ...`, 'stderr');
    },
    getKubeconfig: async () => '',
    exportKubeconfig: async () => undefined,
    loadImageArchive: async () => undefined,
  };
}

const dataDir = () => join(dir, 'data');
const configOf = (request: LabRequest) => resolveLabConfig(request, { dataDir: dataDir(), userKubeconfig: join(dir, 'user-config') });
const noIstio = {
  ensureIstio: () => Promise.reject(new Error('not used')),
  istioctl: () => {
    throw new Error('not used');
  },
};

describe('runLabDown', () => {
  it('says a lab this data folder does not know, and kind does not list, is not there (and downloads no kind to find out)', async () => {
    const deleted: string[] = [];
    let downloads = 0;
    const ensureKind = async () => {
      downloads += 1;
      return '/bin/kind';
    };
    const unknown = runLabDown(recordingTask().context, { config: configOf({ name: 'nope' }), dataDir: dataDir() }, { ensureKind, kind: () => fakeKind(deleted), ...noIstio });
    await expect(unknown).rejects.toMatchObject({ code: 'CLUSTER_NOT_FOUND', message: expect.stringContaining('There is no lab nope to delete. `meshdeck labs` lists') });
    const task = recordingTask();
    const unlisted = runLabDown(task.context, { config: configOf({ name: 'nope' }), dataDir: dataDir(), knownKind: '/bin/kind' }, { ensureKind, kind: () => fakeKind(deleted, ['other']), ...noIstio });
    await expect(unlisted).rejects.toMatchObject({ code: 'CLUSTER_NOT_FOUND' });
    expect(task.steps.at(-1)).toMatchObject({ id: 'delete', state: 'failed' });
    expect(deleted).toEqual([]);
    expect(downloads).toBe(0);
  });

  it('deletes a known kind cluster, takes the merged context out of the user’s kubeconfig, forgets the lab, and logs on the delete step', async () => {
    const deleted: string[] = [];
    const task = recordingTask();
    const config = configOf({ name: 'demo', mergeKubeconfig: true });
    await saveRecord(dataDir(), recordFromConfig(config, '2026-01-01T00:00:00.000Z'));
    await setCurrentLab(dataDir(), 'demo');
    const record = readRegistry(dataDir()).records[0]!;
    const result = await runLabDown(task.context, { config, record, dataDir: dataDir() }, {
      ensureKind: async (_config, context) => {
        context.log('kind 0.32.0 is in the cache');
        return '/bin/kind';
      },
      kind: () => fakeKind(deleted, ['demo']),
      ...noIstio,
    });
    expect(deleted).toEqual([`demo ${kindKubeconfigPath(config)}`, `demo ${config.mergeInto}`]);
    expect(task.logs).toEqual([
      { line: 'kind 0.32.0 is in the cache', step: 'delete' },
      { line: 'Deleting cluster "demo" ...', step: 'delete' },
      { line: 'Deleting cluster "demo" ...', step: 'delete' },
      { line: `Removed kind-demo from ${config.mergeInto}`, step: 'delete' },
    ]);
    expect(task.steps.at(-1)).toMatchObject({ id: 'delete', state: 'done', detail: 'Cluster demo deleted', percent: 100 });
    expect(result).toMatchObject({ kind: 'lab', status: { exists: false, name: 'demo' } });
    expect(readRegistry(dataDir())).toEqual({ records: [] });
  });

  it('forgets a known lab whose cluster is gone already, still taking its kubeconfig entries out, and says it was gone', async () => {
    const deleted: string[] = [];
    const task = recordingTask();
    const config = configOf({ name: 'gone' });
    await saveRecord(dataDir(), recordFromConfig(config, '2026-01-01T00:00:00.000Z'));
    const record = readRegistry(dataDir()).records[0]!;
    const entries = (name: string) => ({
      context: { name, context: { cluster: name, user: name } },
      cluster: { name, cluster: { server: 'https://127.0.0.1:40000', 'certificate-authority-data': 'Q0E=' } },
      user: { name, user: { token: 't' } },
    });
    await mergeLabKubeconfig(config.kubeconfigPath, entries('kind-gone'));
    await mergeLabKubeconfig(config.kubeconfigPath, entries('kind-other'));
    await runLabDown(task.context, { config, record, dataDir: dataDir(), knownKind: '/bin/kind' }, { ensureKind: () => Promise.reject(new Error('not used')), kind: () => fakeKind(deleted, []), ...noIstio });
    // kind gets the lab's own file; MeshDeck's shared one loses this lab's context and keeps the other's.
    expect(deleted).toEqual([`gone ${kindKubeconfigPath(config)}`]);
    expect(await labKubeconfigContexts(config.kubeconfigPath)).toEqual(['kind-other']);
    expect(task.steps.at(-1)).toMatchObject({ state: 'done', detail: 'Cluster gone was already gone; MeshDeck forgot it' });
    expect(readRegistry(dataDir()).records).toEqual([]);
  });

  it('on a user’s cluster MeshDeck knows nothing of: CLUSTER_NOT_FOUND, and nothing is touched', async () => {
    const task = recordingTask();
    const down = runLabDown(task.context, { config: configOf({ context: 'prod-like' }), dataDir: dataDir() }, { ensureKind: () => Promise.reject(new Error('not used')), kind: () => fakeKind([]), ...noIstio });
    await expect(down).rejects.toMatchObject({ code: 'CLUSTER_NOT_FOUND', message: expect.stringContaining('There is no lab on context prod-like to take down.') });
  });
});
