// Creates the dockerode client MeshDeck uses everywhere, pointed at the engine the `docker` CLI
// (and so kind) uses: DOCKER_HOST, else the current docker context (docker-cli-endpoint.ts), so
// the doctor checks the engine kind will talk to. It says in words where it points, and, when
// the context cannot be used or the default socket is missing while another engine's socket
// exists, what to do about it.

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { DEFAULT_CONTEXT, defaultDockerHost, resolveDockerCliEndpoint, type DockerCliEndpoint } from './docker-cli-endpoint';

export interface DockerEndpoint {
  /** What to show the user, e.g. unix:///var/run/docker.sock or unix:///…/colima/default/docker.sock (docker context "colima"). */
  description: string;
  client: Docker;
  /** The chosen context cannot be used (kind would fail the same way): advice for the user. */
  problem?: string;
  /** The default socket is missing but another engine's socket exists: how to point the docker CLI at it. */
  hint?: string;
}

/**
 * Options for an engine address. Sockets, plain TCP and TLS files of a context are parsed here so
 * that the env passed in is honoured; TLS from DOCKER_CERT_PATH and ssh are left to docker-modem.
 */
export function dockerOptionsFromHost(host: string, env: NodeJS.ProcessEnv, tls?: DockerCliEndpoint['tls']): Docker.DockerOptions | undefined {
  const socket = /^(?:unix|npipe):\/\/(.+)$/.exec(host);
  if (socket) return { socketPath: socket[1] };
  const tcp = /^tcp:\/\/\[?([^\]]+?)\]?:(\d+)\/?$/.exec(host);
  if (tcp && tls) {
    const read = (path: string | undefined): Buffer | undefined => (path ? readFileSync(path) : undefined);
    return { host: tcp[1], port: Number(tcp[2]), protocol: 'https', ca: read(tls.ca), cert: read(tls.cert), key: read(tls.key) };
  }
  if (tcp && !env.DOCKER_TLS_VERIFY) return { host: tcp[1], port: Number(tcp[2]), protocol: 'http' };
  const ssh = /^ssh:\/\/(?:([^@/]+)@)?([^:/]+)(?::(\d+))?\/?$/.exec(host);
  if (ssh) return { protocol: 'ssh', host: ssh[2], port: ssh[3] ? Number(ssh[3]) : 22, ...(ssh[1] ? { username: ssh[1] } : {}), sshOptions: { agent: env.SSH_AUTH_SOCK } };
  return undefined;
}

/** Sockets of engines that usually come with their own docker context (Docker Desktop, rootless Docker, Colima, OrbStack). */
export function candidateSockets(env: NodeJS.ProcessEnv, home: string): string[] {
  const sockets = [join(home, '.docker', 'run', 'docker.sock')];
  if (env.XDG_RUNTIME_DIR) sockets.push(join(env.XDG_RUNTIME_DIR, 'docker.sock'));
  sockets.push(join(home, '.colima', 'default', 'docker.sock'), join(home, '.orbstack', 'run', 'docker.sock'));
  return sockets;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** `exists` is the filesystem check for sockets (a parameter so tests can describe a machine). */
export function createDockerEndpoint(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): DockerEndpoint {
  const home = env.HOME || env.USERPROFILE || homedir();
  const resolved = resolveDockerCliEndpoint({ env, home, platform: process.platform, readFile: readText });
  const options = dockerOptionsFromHost(resolved.host, env, resolved.tls);
  // docker-modem reads DOCKER_HOST itself when given no options; only our own parse is used otherwise.
  const client = options ? new Docker(options) : new Docker();
  const description = resolved.context === DEFAULT_CONTEXT ? resolved.host : `${resolved.host} (docker context "${resolved.context}")`;
  const endpoint: DockerEndpoint = { description, client, ...(resolved.problem ? { problem: resolved.problem } : {}) };
  if (resolved.from === 'default' && resolved.host === defaultDockerHost(process.platform) && process.platform !== 'win32' && !exists('/var/run/docker.sock')) {
    const other = candidateSockets(env, home).find((path) => exists(path));
    if (other) endpoint.hint = `No engine at /var/run/docker.sock, which the docker CLI and kind use now, but one may be at ${other}: select it with \`docker context use <name>\` (see \`docker context ls\`) or set DOCKER_HOST=unix://${other}.`;
  }
  return endpoint;
}
