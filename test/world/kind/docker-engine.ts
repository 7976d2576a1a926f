// Decides whether the stand-in uses Docker: the same client MeshDeck itself builds (DOCKER_HOST,
// then the usual sockets), answering ping. MESHDECK_WORLD_DOCKER=0 forces the no-Docker path.
import type Docker from 'dockerode';
import { createDockerEndpoint } from '../../../core/docker/index.js';

export async function reachableDocker(env: NodeJS.ProcessEnv): Promise<Docker | undefined> {
  if (env.MESHDECK_WORLD_DOCKER === '0') return undefined;
  const { client } = createDockerEndpoint(env);
  try {
    await client.ping();
    return client;
  } catch {
    return undefined;
  }
}
