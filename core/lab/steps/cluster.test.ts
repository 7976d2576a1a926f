import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../contract';
import type { KindCli } from '../../kind';
import { parseKubeconfig, renderKubeconfig } from '../../kube';
import { resolveLabConfig, type LabConfig } from '../lab-config';
import { labKubeconfigContexts } from '../lab-kubeconfig';
import { LabRun } from '../lab-run';
import type { StepContext } from '../plan-runner';
import { clusterStep, creationMarkerPath, deleteKindCluster, type ClusterProbe } from './cluster';

// The cluster step and down against a model of kind that behaves like the real one where it
// matters here: create writes the lab's kubeconfig only when it finishes; a create that is
// killed (Ctrl+C, Cancel) leaves a listed cluster without an admin.conf, whose `get kubeconfig`
// fails; delete removes the cluster and the kind-<name> entries of the file it is given.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-cluster-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface ModelCluster {
  finished: boolean;
  port: number;
}

function kubeconfigOf(name: string, port: number): string {
  const key = `kind-${name}`;
  return renderKubeconfig({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: key, cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': 'Q0E=' } }],
    users: [{ name: key, user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' } }],
    contexts: [{ name: key, context: { cluster: key, user: key } }],
    'current-context': key,
  });
}

class KindModel {
  readonly clusters = new Map<string, ModelCluster>();
  private nextPort = 40000;
  /** The next create is killed after its nodes exist, before kubeadm finishes. */
  killNextCreate = false;
  readonly calls: string[] = [];

  readonly cli: KindCli = {
    version: async () => '0.32.0',
    getClusters: async () => [...this.clusters.keys()].sort(),
    createCluster: async (options) => {
      this.calls.push(`create ${options.name} --kubeconfig ${options.kubeconfigPath}`);
      if (this.clusters.has(options.name)) throw new AppError('COMMAND_FAILED', `node(s) already exist for a cluster with the name "${options.name}"`);
      const cluster = { finished: false, port: this.nextPort++ };
      this.clusters.set(options.name, cluster);
      await Promise.resolve();
      if (this.killNextCreate) {
        this.killNextCreate = false;
        throw new AppError('CANCELLED', 'Cancelled.');
      }
      cluster.finished = true;
      await mkdir(dirname(options.kubeconfigPath), { recursive: true });
      await writeFile(options.kubeconfigPath, kubeconfigOf(options.name, cluster.port), { mode: 0o600 });
    },
    deleteCluster: async (options) => {
      this.calls.push(`delete ${options.name} --kubeconfig ${options.kubeconfigPath}`);
      this.clusters.delete(options.name);
      if (options.kubeconfigPath && existsSync(options.kubeconfigPath)) await writeFile(options.kubeconfigPath, '');
    },
    getKubeconfig: async (name) => {
      this.calls.push(`get-kubeconfig ${name}`);
      const cluster = this.clusters.get(name);
      if (!cluster?.finished) throw new AppError('COMMAND_FAILED', 'failed to get cluster internal kubeconfig: command "docker exec --privileged x cat /etc/kubernetes/admin.conf" failed with error: exit status 1');
      return kubeconfigOf(name, cluster.port);
    },
    exportKubeconfig: async () => undefined,
    loadImageArchive: async () => undefined,
  };

  /** The API server answers when the cluster is finished and the context's server is its current address. */
  readonly probe: ClusterProbe = async (run) => {
    const cluster = this.clusters.get(run.config.name);
    const text = existsSync(run.config.kubeconfigPath) ? await readFile(run.config.kubeconfigPath, 'utf8') : '';
    const entry = parseKubeconfig(text).clusters.find((c) => c.name === run.config.context);
    const server = (entry?.cluster as { server?: string } | undefined)?.server;
    if (!cluster?.finished || server !== `https://127.0.0.1:${cluster.port}`) throw new AppError('K8S_API', `connect ECONNREFUSED ${server ?? 'nowhere'}`);
    return 'v1.35.0';
  };
}

function labConfig(name: string): LabConfig {
  return resolveLabConfig({ name }, { dataDir: join(dir, 'data'), userKubeconfig: join(dir, 'user', 'config') });
}

function stepContext(progress: string[] = []): StepContext {
  return { signal: new AbortController().signal, log: () => undefined, progress: (detail) => progress.push(detail) };
}

/** What `meshdeck up` does with the step: observe, and run when it is not done. A cancel ends the run. */
async function up(kind: KindModel, name: string, progress: string[] = []): Promise<'done' | 'cancelled'> {
  const run = new LabRun(labConfig(name));
  run.kindPath = '/bin/kind';
  const step = clusterStep(run, { kind: () => kind.cli }, kind.probe);
  try {
    if ((await step.observe(new AbortController().signal)).state === 'done') return 'done';
    await step.run(stepContext(progress));
    return 'done';
  } catch (error) {
    if (error instanceof AppError && error.code === 'CANCELLED') return 'cancelled';
    throw error;
  } finally {
    run.close();
  }
}

describe('cluster step', () => {
  it('creates the cluster with kind writing only the lab’s own file, then merges the checked context into MeshDeck’s, owner-only', async () => {
    const kind = new KindModel();
    const progress: string[] = [];
    expect(await up(kind, 'one', progress)).toBe('done');
    const config = labConfig('one');
    expect(kind.calls).toEqual([`create one --kubeconfig ${join(config.labDir, 'kind-kubeconfig')}`]);
    expect(await labKubeconfigContexts(config.kubeconfigPath)).toEqual(['kind-one']);
    expect((await stat(config.kubeconfigPath)).mode & 0o777).toBe(0o600);
    expect(existsSync(join(config.labDir, 'kind-kubeconfig'))).toBe(false);
    expect(existsSync(creationMarkerPath(config))).toBe(false);
    expect(progress.at(-1)).toBe('Cluster one created');
  });

  it('reconnecting one lab keeps every other lab’s context (the wave-1 bug overwrote the whole file)', async () => {
    const kind = new KindModel();
    await up(kind, 'one');
    await up(kind, 'two');
    const config = labConfig('two');
    // kind-two's entry is lost (an older MeshDeck, a hand edit): up reconnects without touching kind-one.
    await writeFile(config.kubeconfigPath, renderKubeconfig({ ...parseKubeconfig(await readFile(config.kubeconfigPath, 'utf8')), contexts: parseKubeconfig(await readFile(config.kubeconfigPath, 'utf8')).contexts.filter((c) => c.name !== 'kind-two') }));
    const progress: string[] = [];
    expect(await up(kind, 'two', progress)).toBe('done');
    expect(progress).toEqual(['Reconnecting to cluster two', 'Reconnected to cluster two']);
    expect((await labKubeconfigContexts(config.kubeconfigPath)).sort()).toEqual(['kind-one', 'kind-two']);
  });

  it('after a creation was cut off, deletes the half-made cluster and creates it again instead of reconnecting to it', async () => {
    const kind = new KindModel();
    kind.killNextCreate = true;
    expect(await up(kind, 'sig')).toBe('cancelled');
    const config = labConfig('sig');
    expect(existsSync(creationMarkerPath(config))).toBe(true);
    expect(await kind.cli.getClusters()).toEqual(['sig']);
    const progress: string[] = [];
    expect(await up(kind, 'sig', progress)).toBe('done');
    expect(progress[0]).toBe('Cluster sig was left half-made when its creation stopped; deleting it to create it again');
    expect(kind.calls.filter((call) => !call.startsWith('get-kubeconfig'))).toEqual([
      `create sig --kubeconfig ${join(config.labDir, 'kind-kubeconfig')}`,
      `delete sig --kubeconfig ${join(config.labDir, 'kind-kubeconfig')}`,
      `create sig --kubeconfig ${join(config.labDir, 'kind-kubeconfig')}`,
    ]);
    expect(await labKubeconfigContexts(config.kubeconfigPath)).toEqual(['kind-sig']);
  });

  it('never deletes a finished cluster whose API server does not answer: it says how to start it or start over', async () => {
    const kind = new KindModel();
    await up(kind, 'one');
    const down: ClusterProbe = async () => {
      throw new AppError('K8S_API', 'connect ECONNREFUSED 127.0.0.1:40000');
    };
    const run = new LabRun(labConfig('one'));
    run.kindPath = '/bin/kind';
    const failure = await clusterStep(run, { kind: () => kind.cli }, down).run(stepContext()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('CLUSTER_NOT_FOUND');
    expect((failure as AppError).message).toContain('docker start one-control-plane');
    expect((failure as AppError).message).toContain('meshdeck down --name one');
    expect(kind.clusters.has('one')).toBe(true);
  });

  it('refuses to trust a kubeconfig kind hands back without credentials, leaving MeshDeck’s file as it was', async () => {
    const kind = new KindModel();
    await up(kind, 'one');
    const config = labConfig('one');
    const before = await readFile(config.kubeconfigPath, 'utf8');
    kind.cli.getKubeconfig = async () => 'apiVersion: v1\nkind: Config\ncontexts:\n- name: kind-one\n  context: {cluster: kind-one, user: kind-one}\n';
    const run = new LabRun(config);
    run.kindPath = '/bin/kind';
    await expect(clusterStep(run, { kind: () => kind.cli }, kind.probe).run(stepContext())).rejects.toThrow('without the cluster entry its context kind-one names');
    expect(await readFile(config.kubeconfigPath, 'utf8')).toBe(before);
  });
});

type Operation = { op: 'up'; lab: 'a' | 'b'; cancel: boolean } | { op: 'down'; lab: 'a' | 'b' } | { op: 'up-both' };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constant('up' as const), lab: fc.constantFrom('a' as const, 'b' as const), cancel: fc.boolean() }),
  fc.record({ op: fc.constant('down' as const), lab: fc.constantFrom('a' as const, 'b' as const) }),
  fc.constant({ op: 'up-both' as const }),
);

describe('MeshDeck’s kubeconfig under any interleaving of up, cancel, up and down on two labs', () => {
  it('holds exactly the contexts of the labs that exist, each pointing at its cluster, and keeps the user’s own entries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 8 }), async (operations) => {
        await rm(join(dir, 'data'), { recursive: true, force: true });
        const kind = new KindModel();
        const path = labConfig('a').kubeconfigPath;
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, 'contexts:\n- name: someone-else\n  context: {cluster: theirs, user: them}\nclusters:\n- name: theirs\n  cluster: {server: "https://10.1.1.1"}\nusers:\n- name: them\n  user: {token: t}\n');
        for (const step of operations) {
          if (step.op === 'up') {
            kind.killNextCreate = step.cancel;
            await up(kind, step.lab);
            kind.killNextCreate = false;
          } else if (step.op === 'down') {
            await deleteKindCluster(labConfig(step.lab), kind.cli, stepContext());
          } else {
            // Two processes at once: the lock keeps both merges.
            await Promise.all([up(kind, 'a'), up(kind, 'b')]);
          }
        }
        const finished = [...kind.clusters].filter(([, cluster]) => cluster.finished).map(([name]) => `kind-${name}`);
        expect((await labKubeconfigContexts(path)).filter((name) => name !== 'someone-else').sort()).toEqual(finished.sort());
        const doc = parseKubeconfig(await readFile(path, 'utf8'));
        for (const [name, cluster] of kind.clusters) {
          if (!cluster.finished) continue;
          expect(doc.clusters.find((c) => c.name === `kind-${name}`)?.cluster).toMatchObject({ server: `https://127.0.0.1:${cluster.port}` });
        }
        expect(doc.contexts.some((c) => c.name === 'someone-else') && doc.users.some((u) => u.name === 'them')).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
