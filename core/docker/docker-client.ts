// Creates the dockerode client MeshDeck uses everywhere, and says in words where it points.
// DOCKER_HOST wins; without it we look for the sockets of the common engines (Docker Engine,
// Docker Desktop, rootless Docker, Colima) because GUI apps do not inherit shell settings.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';

export interface DockerEndpoint {
  /** What to show the user, e.g. unix:///var/run/docker.sock or tcp://127.0.0.1:2375. */
  description: string;
  client: Docker;
}

/**
 * Options for a DOCKER_HOST value. Sockets and plain TCP are parsed here so that the env passed
 * in is honoured; TLS and ssh are left to docker-modem, which reads the process environment.
 */
export function dockerOptionsFromHost(host: string, env: NodeJS.ProcessEnv): Docker.DockerOptions | undefined {
  const socket = /^(?:unix|npipe):\/\/(.+)$/.exec(host);
  if (socket) return { socketPath: socket[1] };
  const tcp = /^tcp:\/\/\[?([^\]]+?)\]?:(\d+)\/?$/.exec(host);
  if (tcp && !env.DOCKER_TLS_VERIFY) return { host: tcp[1], port: Number(tcp[2]), protocol: 'http' };
  return undefined;
}

export function candidateSockets(env: NodeJS.ProcessEnv, home: string): string[] {
  const sockets = ['/var/run/docker.sock', join(home, '.docker', 'run', 'docker.sock')];
  if (env.XDG_RUNTIME_DIR) sockets.push(join(env.XDG_RUNTIME_DIR, 'docker.sock'));
  sockets.push(join(home, '.colima', 'default', 'docker.sock'));
  return sockets;
}

export function createDockerEndpoint(env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  if (env.DOCKER_HOST) return { description: env.DOCKER_HOST, client: new Docker(dockerOptionsFromHost(env.DOCKER_HOST, env)) };
  if (process.platform === 'win32') {
    return { description: 'npipe:////./pipe/docker_engine', client: new Docker({ socketPath: '//./pipe/docker_engine' }) };
  }
  const socketPath = candidateSockets(env, homedir()).find((path) => existsSync(path)) ?? '/var/run/docker.sock';
  return { description: `unix://${socketPath}`, client: new Docker({ socketPath }) };
}
