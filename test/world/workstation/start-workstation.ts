// What `npm run world -- --dir DIR` runs: the release mirror, optionally a standalone API server
// ("bring your own cluster"), and DIR/env.sh pointing a shell at them; stop() deletes every kind
// stand-in cluster created under DIR meanwhile (through kind's own delete path), then stops
// the rest. Clusters themselves are started by the kind stand-in, never here.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startWorld, type World, type WorldOptions } from '../index.js';
import { deleteCluster } from '../kind/delete-cluster.js';
import { reachableDocker } from '../kind/docker-engine.js';
import type { Output } from '../kind/cli-io.js';
import { listClusters } from '../kind/world-state.js';
import { findKubectl } from '../kubectl.js';
import { startMirror, type Mirror } from '../mirror/index.js';
import { repoRoot } from '../mirror/repo-paths.js';
import { envScript } from './env-script.js';

export interface WorkstationOptions {
  dir: string;
  mirrorPort?: number;
  /** Options for the standalone API server; undefined starts none. */
  apiServer?: WorldOptions;
  output: Output;
}

export interface Workstation {
  envPath: string;
  env: NodeJS.ProcessEnv;
  mirror: Mirror;
  apiServer?: World;
  stop(): Promise<void>;
}

/** Deletes every kind stand-in cluster under the state dir, as `kind delete clusters --all` would. */
export async function deleteAllClusters(env: NodeJS.ProcessEnv, output: Output): Promise<string[]> {
  const names = await listClusters(env);
  if (names.length === 0) return [];
  const docker = await reachableDocker(env);
  for (const name of names) await deleteCluster(name, undefined, { env, output, docker });
  return names;
}

async function kubectlFolder(output: Output): Promise<string | undefined> {
  try {
    const kubectl = await findKubectl();
    const onPath = (process.env.PATH ?? '').split(':').includes(dirname(kubectl));
    return onPath ? undefined : dirname(kubectl);
  } catch (error) {
    output.err(`warning: no kubectl found (${error instanceof Error ? error.message : String(error)}); install one to use the clusters\n`);
    return undefined;
  }
}

export async function startWorkstation(options: WorkstationOptions): Promise<Workstation> {
  const { dir, output } = options;
  const root = repoRoot();
  const paths = {
    home: join(dir, 'meshdeck-home'),
    state: join(dir, 'state'),
    kubeconfig: join(dir, 'kubeconfig'),
    apiServerKubeconfig: join(dir, 'api-server', 'kubeconfig'),
  };
  const env: NodeJS.ProcessEnv = { ...process.env, MESHDECK_WORLD_STATE: paths.state, KUBECONFIG: paths.kubeconfig };
  await mkdir(dir, { recursive: true });
  // Clusters left by a run that was killed hard would hold ports and containers: clear them first.
  await deleteAllClusters(env, output);
  await rm(paths.home, { recursive: true, force: true });
  await mkdir(paths.home, { recursive: true });
  await mkdir(paths.state, { recursive: true });

  const mirror = await startMirror({ port: options.mirrorPort ?? 0 });
  let apiServer: World | undefined;
  try {
    if (options.apiServer) apiServer = await startWorld({ ...options.apiServer, kubeconfigPath: paths.apiServerKubeconfig });
    const envPath = join(dir, 'env.sh');
    await writeFile(envPath, envScript({
      dir, mirrorUrl: mirror.url, meshdeckHome: paths.home, worldState: paths.state, kubeconfig: paths.kubeconfig,
      standInBin: join(root, 'test', 'world', 'bin'), nodeBin: dirname(process.execPath), kubectlBin: await kubectlFolder(output),
      meshdeckEntry: join(root, 'bin', 'meshdeck.mjs'), ...(apiServer ? { apiServerKubeconfig: apiServer.kubeconfigPath } : {}),
    }));
    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> => (stopped ??= (async () => {
      await deleteAllClusters(env, output);
      await apiServer?.stop();
      await mirror.stop();
    })());
    return { envPath, env: { ...env, MESHDECK_MIRROR: mirror.url, MESHDECK_HOME: paths.home }, mirror, ...(apiServer ? { apiServer } : {}), stop };
  } catch (error) {
    await apiServer?.stop();
    await mirror.stop();
    throw error;
  }
}
