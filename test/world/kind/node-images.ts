// The cluster runner's image model for its node: the node's store (the node container's, or the
// runner's memory without Docker), where pulls come from, when the network is down, and how long
// a pull takes (MESHDECK_WORLD_DELAYS "images").
// Network: MESHDECK_WORLD_OFFLINE=1 on `kind create cluster` makes the node offline for its life;
// the file $MESHDECK_WORLD_STATE/offline cuts the network of every cluster while it exists (a
// fault test touches it mid-way and removes it to restore).
// Source: MESHDECK_WORLD_REGISTRY=HOST:PORT (the run's global setup sets it) is the world's only
// registry, anything else is "not found"; without it every name exists, sized by defaultBytes
// (0 when unset), its ID the digest of its name (no bytes exist to digest).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { NodeImagesConfig, PullSource } from '../controllers/image-pulls.js';
import { registrySource } from '../registry/registry-source.js';
import { DockerNodeStore, MemoryNodeStore } from './node-store.js';
import type { ImageDelays } from './world-delays.js';
import { stateRoot, type ClusterRecord } from './world-state.js';

export const OFFLINE_FILE = 'offline';

function anyImage(defaultBytes: number): PullSource {
  return {
    resolve: (ref) => Promise.resolve({ id: `sha256:${createHash('sha256').update(ref).digest('hex')}`, size: defaultBytes }),
  };
}

/** ms to pull: the size a rule gives (else defaultBytes, else the real size) at bytesPerSecond. */
export function pullMs(delays: ImageDelays | undefined, ref: string, bytes: number): number {
  if (!delays) return 0;
  const modelled = delays.sizes.find((rule) => rule.match.test(ref))?.bytes ?? delays.defaultBytes ?? bytes;
  return Math.round((modelled / delays.bytesPerSecond) * 1000 * delays.scale);
}

export function nodeImagesConfig(record: ClusterRecord, docker: Docker | undefined, delays: ImageDelays | undefined, env: NodeJS.ProcessEnv): NodeImagesConfig {
  const node = record.nodes.find((n) => n.role === 'control-plane') ?? record.nodes[0];
  const store = docker && record.docker && node?.containerId ? new DockerNodeStore(docker, node.containerId) : new MemoryNodeStore();
  const registry = env.MESHDECK_WORLD_REGISTRY;
  const offlineFile = join(stateRoot(env), OFFLINE_FILE);
  const offlineForLife = env.MESHDECK_WORLD_OFFLINE === '1';
  return {
    store,
    source: registry ? registrySource(registry) : anyImage(delays?.defaultBytes ?? 0),
    offline: () => offlineForLife || existsSync(offlineFile),
    pullMs: (ref, bytes) => pullMs(delays, ref, bytes),
  };
}
