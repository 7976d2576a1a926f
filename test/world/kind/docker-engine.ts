// Decides whether the stand-in uses Docker: the same client MeshDeck itself builds, pointed where
// the docker CLI that real kind runs would point (DOCKER_HOST, then the docker context), answering
// ping. MESHDECK_WORLD_DOCKER=0 forces the no-Docker path.
import type Docker from 'dockerode';
import { createDockerEndpoint } from '../../../core/docker/index.js';

export async function reachableDocker(env: NodeJS.ProcessEnv): Promise<Docker | undefined> {
  if (env.MESHDECK_WORLD_DOCKER === '0') return undefined;
  const { client, problem } = createDockerEndpoint(env);
  if (problem) return undefined;
  try {
    await client.ping();
    return client;
  } catch {
    return undefined;
  }
}
