import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanStepInfo } from '../contract';
import type { KindCli } from '../kind';
import type { TaskContext } from '../tasks';
import { resolveLabConfig, type LabRequest } from './lab-config';
import { runLabDown } from './lab-tasks';

// The down task with a fake kind handed in; up and reset need a cluster and run against the test
// world (test/lab, test/faults).

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

function fakeKind(deleted: string[]): KindCli {
  return {
    version: async () => '0.32.0',
    getClusters: async () => [],
    createCluster: async () => undefined,
    deleteCluster: async (options) => {
      deleted.push(`${options.name} ${options.kubeconfigPath}`);
      options.onLine?.(`Deleting cluster "${options.name}" ...`, 'stderr');
    },
    getKubeconfig: async () => '',
    exportKubeconfig: async () => undefined,
  };
}

const configOf = (request: LabRequest) => resolveLabConfig(request, { dataDir: join(dir, 'data'), userKubeconfig: join(dir, 'user-config') });

describe('runLabDown', () => {
  it('refuses to delete a cluster MeshDeck did not create, and says how to remove Istio from it', async () => {
    const deleted: string[] = [];
    const task = recordingTask();
    const down = runLabDown(task.context, configOf({ context: 'prod-like' }), { ensureKind: async () => '/bin/kind', kind: () => fakeKind(deleted) });
    await expect(down).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'MeshDeck did not create prod-like, so it will not delete it. To remove Istio from it, run `istioctl uninstall --purge -y --context prod-like`.' });
    expect(deleted).toEqual([]);
  });

  it('deletes the kind cluster, takes the merged context out of the user’s kubeconfig, and logs on the delete step', async () => {
    const deleted: string[] = [];
    const task = recordingTask();
    const config = configOf({ name: 'demo', mergeKubeconfig: true });
    const result = await runLabDown(task.context, config, {
      ensureKind: async (_config, context) => {
        context.log('kind 0.32.0 is in the cache');
        return '/bin/kind';
      },
      kind: () => fakeKind(deleted),
    });
    expect(deleted).toEqual([`demo ${config.kubeconfigPath}`, `demo ${config.mergeInto}`]);
    expect(task.logs).toEqual([
      { line: 'kind 0.32.0 is in the cache', step: 'delete' },
      { line: 'Deleting cluster "demo" ...', step: 'delete' },
      { line: 'Deleting cluster "demo" ...', step: 'delete' },
      { line: `Removed kind-demo from ${config.mergeInto}`, step: 'delete' },
    ]);
    expect(task.steps.at(-1)).toMatchObject({ id: 'delete', state: 'done', detail: 'Cluster demo deleted', percent: 100 });
    expect(result).toMatchObject({ kind: 'lab', status: { exists: false, name: 'demo' } });
  });
});
