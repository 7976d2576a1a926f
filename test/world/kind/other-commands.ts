// The smaller kind commands: get clusters|nodes|kubeconfig and export kubeconfig|logs, with
// kind's output streams and messages. They read the stand-in's state, never a real cluster.
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { KindError, type Output } from './cli-io.js';
import type { KindDeps } from './create-cluster.js';
import { kubeconfigForMerge, mergeKubeconfig, readKubeconfig, renameCurrentContext } from './kubeconfig-file.js';
import { clusterDir, listClusters, readCluster, writeCluster, type ClusterRecord } from './world-state.js';

async function requireCluster(name: string, env: NodeJS.ProcessEnv): Promise<ClusterRecord> {
  const record = await readCluster(name, env);
  if (!record) throw new KindError(`could not locate any control plane nodes for cluster named '${name}'. Use the --name option to select a different cluster`);
  return record;
}

export async function getClusters(env: NodeJS.ProcessEnv, output: Output): Promise<void> {
  const names = await listClusters(env);
  if (names.length === 0) output.err('No kind clusters found.\n');
  for (const name of names) output.out(`${name}\n`);
}

export async function getNodes(name: string, env: NodeJS.ProcessEnv, output: Output): Promise<void> {
  const record = await readCluster(name, env);
  if (!record) {
    output.err(`No kind nodes found for cluster "${name}".\n`);
    return;
  }
  for (const node of record.nodes) output.out(`${node.name}\n`);
}

/**
 * kind reads the kubeconfig from the control-plane node (`cat /etc/kubernetes/admin.conf`); on a
 * cluster whose creation was cut off before kubeadm wrote it, that fails, as it does here.
 */
async function clusterKubeconfig(name: string, env: NodeJS.ProcessEnv) {
  const record = await requireCluster(name, env);
  const adminConf = join(clusterDir(name, env), 'kubeconfig');
  if (!existsSync(adminConf)) {
    const node = record.nodes.find((n) => n.role === 'control-plane')?.name ?? `${name}-control-plane`;
    throw new KindError(
      `failed to get cluster internal kubeconfig: command "docker exec --privileged ${node} cat /etc/kubernetes/admin.conf" failed with error: exit status 1`,
      'Command Output: cat: /etc/kubernetes/admin.conf: No such file or directory',
    );
  }
  return renameCurrentContext(await readKubeconfig(adminConf), `kind-${name}`);
}

export async function getKubeconfig(name: string, env: NodeJS.ProcessEnv, output: Output): Promise<void> {
  output.out(stringify(await clusterKubeconfig(name, env)));
}

export async function exportKubeconfig(name: string, kubeconfig: string | undefined, deps: KindDeps): Promise<void> {
  const entry = await clusterKubeconfig(name, deps.env);
  const path = kubeconfigForMerge(kubeconfig, deps.env);
  await mergeKubeconfig(path, entry);
  const record = await requireCluster(name, deps.env);
  if (!record.kubeconfigPaths.includes(path)) await writeCluster({ ...record, kubeconfigPaths: [...record.kubeconfigPaths, path] }, deps.env);
  deps.output.err(`Set kubectl context to "kind-${name}"\n`);
}

export async function exportLogs(name: string, dir: string | undefined, deps: KindDeps): Promise<void> {
  const record = await requireCluster(name, deps.env);
  const target = dir ?? (await mkdtemp(join(tmpdir(), 'kind-logs-')));
  deps.output.err(`Exporting logs for cluster "${name}" to:\n`);
  deps.output.out(`${target}\n`);
  for (const node of record.nodes) {
    const nodeDir = join(target, node.name);
    await mkdir(nodeDir, { recursive: true });
    const runnerLog = join(clusterDir(name, deps.env), 'runner.log');
    if (node.role === 'control-plane' && existsSync(runnerLog)) await copyFile(runnerLog, join(nodeDir, 'kube-apiserver.log'));
    await writeFile(join(nodeDir, 'inspect.json'), JSON.stringify(node, null, 2));
  }
  await writeFile(join(target, 'kind-version.txt'), 'kind v0.32.0 (MeshDeck test world stand-in)\n');
  await writeFile(join(target, 'cluster.json'), JSON.stringify(record, null, 2));
}
