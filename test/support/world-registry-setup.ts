// Vitest global setup of the world and e2e projects: ONE real registry for the run, holding a
// stand-in for every image of the world's catalogue (catalogue.ts), so a lab `up` pulls for real.
// Exported to the workers (and the kind clusters and apps they start): MESHDECK_IMAGE_MIRROR and
// MESHDECK_WORLD_REGISTRY (the registry's host), MESHDECK_KIND_NODE_IMAGE (kindest/node:v1.36.1
// pinned to the stand-in's digest). Without Docker or the registry package nothing is set and
// the tests that need them say so themselves (requirements.ts).
import Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { KIND_NODE_STAND_IN, worldImageCatalogue } from '../world/registry/catalogue';
import { REGISTRY_BINARY, startRegistry } from '../world/registry/registry-server';
import { pushStandIns } from '../world/registry/stand-ins';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const docker = new Docker();
  const reachable = await docker.ping().then(() => true, () => false);
  if (!reachable || !existsSync(REGISTRY_BINARY)) {
    // In CI a missing peer is a failure, never a quiet skip (requirements.ts).
    if (process.env.CI === 'true') throw new Error(`World registry not started: ${reachable ? `no ${REGISTRY_BINARY}` : 'no Docker engine answers'}. CI must provide it (see .ci/run).`);
    console.warn(`World registry not started: ${reachable ? `no ${REGISTRY_BINARY} (apt-get install docker-registry)` : 'no Docker engine answers'}.`);
    return undefined;
  }
  const registry = await startRegistry();
  try {
    const pushed = await pushStandIns(docker, registry, await worldImageCatalogue());
    process.env.MESHDECK_IMAGE_MIRROR = registry.host;
    process.env.MESHDECK_WORLD_REGISTRY = registry.host;
    process.env.MESHDECK_KIND_NODE_IMAGE = `${KIND_NODE_STAND_IN}@${pushed.get(KIND_NODE_STAND_IN)!.digest}`;
  } catch (error) {
    await registry.stop();
    throw error;
  }
  return () => registry.stop();
}
