// The detached process that *is* a stand-in cluster: it runs a world API server for one
// cluster (started by `kind create cluster`, outliving it like a real node) and that cluster's
// mesh data plane behind its node ports, tells its parent over IPC when both serve, and stops
// cleanly on SIGTERM/SIGINT (`kind delete cluster`). It inherits `kind create cluster`'s
// environment: MESHDECK_WORLD_FAIL_IMAGES (see fail-images.ts) makes matching images fail to pull;
// MESHDECK_WORLD_DELAYS (see world-delays.ts) sets how long pods take; node-images.ts says what
// the node can pull (MESHDECK_WORLD_REGISTRY, MESHDECK_WORLD_OFFLINE).
// Usage: node --import tsx cluster-runner.ts <cluster-name>   (state dir from MESHDECK_WORLD_STATE)
import { join } from 'node:path';
import { startWorld } from '../index.js';
import { startClusterDataPlane } from './cluster-data-plane.js';
import { reachableDocker } from './docker-engine.js';
import { failImagePatterns } from './fail-images.js';
import { nodeImagesConfig } from './node-images.js';
import { clusterDelays } from './world-delays.js';
import { clusterDir, readCluster } from './world-state.js';

export interface RunnerMessage {
  ready?: { serverUrl: string; kubeconfigPath: string };
  error?: string;
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const record = await readCluster(name);
  if (!record) throw new Error(`no state for cluster "${name}"`);
  const kubeconfigPath = join(clusterDir(name), 'kubeconfig');
  const delays = clusterDelays(process.env.MESHDECK_WORLD_DELAYS);
  const docker = record.docker ? await reachableDocker(process.env) : undefined;
  const world = await startWorld({
    nodeImages: nodeImagesConfig(record, docker, delays.images, process.env),
    delays: delays.stages,
    podDelays: delays.pods,
    kubeconfigPath,
    clusterName: name,
    contextName: `kind-${name}`,
    // The node image's tag is the Kubernetes version kind would run (kindest/node:v1.36.1).
    kubernetesVersion: /:(v\d+\.\d+\.\d+)/.exec(record.requestedImage)?.[1] ?? 'v1.36.1',
    host: record.config.networking.apiServerAddress,
    port: record.config.networking.apiServerPort > 0 ? record.config.networking.apiServerPort : 0,
  });
  const failing = failImagePatterns(process.env.MESHDECK_WORLD_FAIL_IMAGES);
  if (failing.length > 0) world.failImages(...failing);
  const dataPlane = await startClusterDataPlane(record, world, docker).catch(async (error: unknown) => {
    await world.stop();
    throw error;
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void dataPlane.stop().finally(() => world.stop()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent leaves after "ready"; losing the IPC channel must not end the cluster.
  process.on('disconnect', () => undefined);
  const message: RunnerMessage = { ready: { serverUrl: world.serverUrl, kubeconfigPath: world.kubeconfigPath } };
  process.send?.(message);
  console.log(`${new Date().toISOString()} cluster "${name}" serving at ${world.serverUrl}`);
  for (const l of dataPlane.listeners) console.log(`${new Date().toISOString()} node port ${l.containerPort} → data plane via ${l.host}:${l.port}`);
}

main().catch((error: unknown) => {
  const message: RunnerMessage = { error: error instanceof Error ? error.message : String(error) };
  console.error(message.error);
  if (process.send) process.send(message, () => process.exit(1));
  else process.exit(1);
});
