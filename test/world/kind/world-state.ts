// The stand-in's state on disk, under $MESHDECK_WORLD_STATE (tests give each run its own):
//   kind/<cluster>/cluster.json  what `kind create cluster` made (config, nodes, runner pid, API URL)
//   kind/<cluster>/kubeconfig    the world API server's own kubeconfig (context kind-<cluster>)
//   kind/<cluster>/runner.log    the detached API server process's output
// It is the stand-in's equivalent of kind asking Docker which node containers exist.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ClusterConfig } from './kind-config.js';

export interface NodeRecord {
  name: string;
  role: string;
  /** Docker container id, when a Docker engine was reachable. */
  containerId?: string;
}

export interface ClusterRecord {
  name: string;
  createdAt: string;
  config: ClusterConfig;
  /** The node image the user asked for (kind's), not the tiny local one the container runs. */
  requestedImage: string;
  nodes: NodeRecord[];
  docker: boolean;
  runnerPid?: number;
  serverUrl?: string;
  /** Files the kind-<name> entries were merged into, so delete can take them out again. */
  kubeconfigPaths: string[];
}

export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.MESHDECK_WORLD_STATE ?? join(tmpdir(), `meshdeck-world-${userInfo().username}`);
}

export function clusterDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateRoot(env), 'kind', name);
}

export async function readCluster(name: string, env: NodeJS.ProcessEnv = process.env): Promise<ClusterRecord | undefined> {
  const file = join(clusterDir(name, env), 'cluster.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as ClusterRecord;
}

export async function writeCluster(record: ClusterRecord, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dir = clusterDir(record.name, env);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'cluster.json'), JSON.stringify(record, null, 2));
}

export async function removeClusterState(name: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await rm(clusterDir(name, env), { recursive: true, force: true });
}

export async function listClusters(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const dir = join(stateRoot(env), 'kind');
  if (!existsSync(dir)) return [];
  const names = await readdir(dir);
  return names.filter((name) => existsSync(join(dir, name, 'cluster.json'))).sort();
}
