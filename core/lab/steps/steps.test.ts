import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../contract';
import type { KindCli } from '../../kind';
import type { IstioRelease } from '../../tools';
import { resolveLabConfig, type LabConfig, type LabRequest } from '../lab-config';
import { LabRun } from '../lab-run';
import type { StepContext } from '../plan-runner';
import { istioReleaseStep } from './istio-release';
import { kindStep } from './kind';
import { kubeconfigStep } from './kubeconfig';
import { preflightStep } from './preflight';

// The steps whose work is the machine, kind and files, with fakes of their LabDeps handed in.
// The steps that talk to the cluster are covered against the test world (test/lab, test/faults).

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-steps-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function labConfig(request: LabRequest = { name: 'demo' }): LabConfig {
  return resolveLabConfig(request, { dataDir: join(dir, 'data'), userKubeconfig: join(dir, 'user', 'config') });
}

interface Recorded {
  context: StepContext;
  logs: string[];
  progress: string[];
}

function recordingContext(): Recorded {
  const recorded: Recorded = {
    logs: [],
    progress: [],
    context: { signal: new AbortController().signal, log: (line) => recorded.logs.push(line), progress: (detail) => recorded.progress.push(detail) },
  };
  return recorded;
}

/** A kind that lists `clusters` and records what it was asked to do. */
function fakeKind(clusters: string[], kubeconfigYaml = '') {
  const calls: string[] = [];
  const kind: KindCli = {
    version: async () => '0.32.0',
    getClusters: async () => clusters,
    createCluster: async (options) => {
      calls.push(`create ${options.name} ${options.configPath} ${options.kubeconfigPath}`);
      options.onLine?.('Creating cluster "demo" ...', 'stderr');
      await writeFile(options.kubeconfigPath, kubeconfigYaml);
    },
    deleteCluster: async () => undefined,
    getKubeconfig: async (name) => {
      calls.push(`get-kubeconfig ${name}`);
      return kubeconfigYaml;
    },
    exportKubeconfig: async (options) => {
      calls.push(`export ${options.name} ${options.kubeconfigPath}`);
      options.onLine?.('Set kubectl context to "kind-demo"', 'stderr');
    },
    loadImageArchive: async (options) => {
      calls.push(`load ${options.name} ${options.archivePath}`);
    },
  };
  return { kind, calls };
}

function kubeconfigYaml(context: string, server: string): string {
  return `apiVersion: v1\nkind: Config\nclusters:\n- name: ${context}\n  cluster: {server: '${server}'}\ncontexts:\n- name: ${context}\n  context: {cluster: ${context}, user: ${context}}\ncurrent-context: ${context}\nusers:\n- name: ${context}\n  user: {token: secret}\n`;
}

async function writeKubeconfig(path: string, context: string, server: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, kubeconfigYaml(context, server));
}

describe('preflight step', () => {
  it('is done on the user’s own cluster, with nothing of this machine to check', async () => {
    const step = preflightStep(new LabRun(labConfig({ context: 'prod-like' })), { preflight: async () => new AppError('DOCKER_NOT_RUNNING', 'unused') });
    expect(await step.observe(new AbortController().signal)).toEqual({ state: 'done', detail: 'Using your cluster (context prod-like)' });
  });

  it('runs the doctor on a kind lab, logs its findings on the step and stops on the failure it returns', async () => {
    const failure = new AppError('DOCKER_NOT_RUNNING', 'Docker is not running. Start Docker Desktop.');
    const step = preflightStep(new LabRun(labConfig()), {
      preflight: async (_config, _signal, log) => {
        log('FAIL    Docker: not running');
        return failure;
      },
    });
    const recorded = recordingContext();
    expect(await step.observe(recorded.context.signal)).toEqual({ state: 'todo' });
    await expect(step.run(recorded.context)).rejects.toBe(failure);
    expect(recorded.logs).toEqual(['FAIL    Docker: not running']);
  });
});

describe('tool steps', () => {
  it('kind hands its binary to the run, and is not needed on the user’s own cluster', async () => {
    const run = new LabRun(labConfig());
    const recorded = recordingContext();
    await kindStep(run, { ensureKind: async () => '/data/bin/kind' }).run(recorded.context);
    expect(run.needKindPath()).toBe('/data/bin/kind');
    expect(recorded.progress).toEqual(['kind ready at /data/bin/kind']);
    const own = kindStep(new LabRun(labConfig({ context: 'prod-like' })), { ensureKind: async () => '/unused' });
    expect(await own.observe(new AbortController().signal)).toEqual({ state: 'done', detail: 'Not needed for your own cluster' });
  });

  it('istio-release always runs and hands the release to the run', async () => {
    const run = new LabRun(labConfig());
    const release: IstioRelease = { version: run.config.istioVersion, istioctl: '/i/bin/istioctl', root: '/i', samplesDir: '/i/samples', manifestsDir: '/i/manifests' };
    const step = istioReleaseStep(run, { ensureIstio: async () => release });
    expect(step.title).toBe(`Get Istio ${run.config.istioVersion}`);
    expect(await step.observe(new AbortController().signal)).toEqual({ state: 'todo' });
    expect(() => run.needRelease()).toThrow('The Istio release is not ready yet.');
    await step.run(recordingContext().context);
    expect(run.needRelease()).toBe(release);
  });
});

describe('kubeconfig step', () => {
  it('is in the plan only when the user opted in', () => {
    expect(kubeconfigStep(new LabRun(labConfig()), { kind: () => fakeKind([]).kind })).toBeUndefined();
    expect(kubeconfigStep(new LabRun(labConfig({ name: 'demo', mergeKubeconfig: true })), { kind: () => fakeKind([]).kind })?.needs).toEqual(['cluster']);
  });

  it('is done only when the user’s kubeconfig has the context pointing at this cluster’s API server', async () => {
    const run = new LabRun(labConfig({ name: 'demo', mergeKubeconfig: true }));
    const step = kubeconfigStep(run, { kind: () => fakeKind([]).kind })!;
    const signal = new AbortController().signal;
    await writeKubeconfig(run.config.kubeconfigPath, 'kind-demo', 'https://127.0.0.1:6443');
    expect(await step.observe(signal)).toEqual({ state: 'todo' });
    await writeKubeconfig(run.config.mergeInto!, 'kind-demo', 'https://127.0.0.1:7443');
    expect(await step.observe(signal)).toEqual({ state: 'todo' });
    await writeKubeconfig(run.config.mergeInto!, 'kind-demo', 'https://127.0.0.1:6443');
    expect(await step.observe(signal)).toEqual({ state: 'done', detail: `kind-demo is in ${run.config.mergeInto}` });
  });

  it('merges with kind export kubeconfig into the user’s file and says so on the step', async () => {
    const run = new LabRun(labConfig({ name: 'demo', mergeKubeconfig: true }));
    run.kindPath = '/bin/kind';
    const { kind, calls } = fakeKind(['demo']);
    const recorded = recordingContext();
    await kubeconfigStep(run, { kind: () => kind })!.run(recorded.context);
    expect(calls).toEqual([`export demo ${run.config.mergeInto}`]);
    expect(recorded.logs).toEqual(['Set kubectl context to "kind-demo"', `Merged context kind-demo into ${run.config.mergeInto} (kind export kubeconfig; it is now the current context there)`]);
    expect(recorded.progress.at(-1)).toBe(`kind-demo added to ${run.config.mergeInto} and made current`);
  });
});
