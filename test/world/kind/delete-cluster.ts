// `kind delete cluster`: stop the cluster's API server process, remove its node containers,
// take `kind-<name>` out of the kubeconfig files it was written to (and the one --kubeconfig /
// KUBECONFIG names now), and forget its state. Deleting a missing cluster is not an error.
import type Docker from 'dockerode';
import type { Output } from './cli-io.js';
import { kubeconfigCandidates, removeFromKubeconfig } from './kubeconfig-file.js';
import { removeClusterContainers } from './node-containers.js';
import { stopRunner } from './runner-process.js';
import { readCluster, removeClusterState } from './world-state.js';

export interface DeleteDeps {
  env: NodeJS.ProcessEnv;
  output: Output;
  docker: Docker | undefined;
  quiet?: boolean;
}

/** Removes everything of the cluster; returns the node names that were deleted. */
export async function deleteClusterResources(name: string, deps: DeleteDeps, kubeconfig: string | undefined): Promise<string[]> {
  const record = await readCluster(name, deps.env);
  if (record?.runnerPid) await stopRunner(record.runnerPid);
  const removed = deps.docker ? await removeClusterContainers(deps.docker, name) : [];
  const files = new Set([...(record?.kubeconfigPaths ?? []), ...kubeconfigCandidates(kubeconfig, deps.env)]);
  for (const file of files) await removeFromKubeconfig(file, `kind-${name}`);
  await removeClusterState(name, deps.env);
  if (removed.length > 0) return removed;
  return record && !record.docker ? record.nodes.map((node) => node.name) : [];
}

export async function deleteCluster(name: string, kubeconfig: string | undefined, deps: DeleteDeps): Promise<void> {
  deps.output.err(`Deleting cluster "${name}" ...\n`);
  const deleted = await deleteClusterResources(name, deps, kubeconfig);
  if (deleted.length > 0) deps.output.err(`Deleted nodes: [${deleted.map((n) => `"${n}"`).join(' ')}]\n`);
}
