// Which Docker engine the `docker` CLI — and so kind, which runs it — talks to, resolved the way
// docker/cli v28 does (resolveContextName in cli/command/cli.go): DOCKER_HOST (the "default"
// context), else DOCKER_CONTEXT, else `currentContext` in <DOCKER_CONFIG or ~/.docker>/config.json;
// a named context's endpoint is in contexts/meta/<sha256(name)>/meta.json (cli/context/store),
// its TLS files in contexts/tls/<sha256(name)>/docker/. Colima, OrbStack, Docker Desktop and
// rootless Docker all select their engine this way. Pure: files are read through a parameter.

import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const DEFAULT_CONTEXT = 'default';

export interface DockerCliEndpoint {
  /** The engine address, e.g. unix:///var/run/docker.sock, unix:///Users/a/.colima/default/docker.sock, tcp://h:2376. */
  host: string;
  /** The docker context in use ("default" for DOCKER_HOST or the built-in default). */
  context: string;
  /** What chose it. */
  from: 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config' | 'default';
  /** For a named context with TLS material: ca.pem, cert.pem, key.pem (whichever exist). */
  tls?: { ca?: string; cert?: string; key?: string };
  skipTLSVerify?: boolean;
  /** Set when the chosen context cannot be used: what the docker CLI (and kind) would fail with. */
  problem?: string;
}

export interface DockerCliInputs {
  env: NodeJS.ProcessEnv;
  /** The user's home directory (config.Dir falls back to <home>/.docker). */
  home: string;
  platform: NodeJS.Platform;
  /** A file's text, or undefined when it does not exist or cannot be read. */
  readFile: (path: string) => string | undefined;
}

/** client.DefaultDockerHost of the Docker client library. */
export function defaultDockerHost(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

/** config.Dir(): DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  return env.DOCKER_CONFIG || join(home, '.docker');
}

/** contextdirOf in cli/context/store/store.go: the SHA-256 of the name, hex. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function chosenContext(inputs: DockerCliInputs, configDir: string): { name: string; from: DockerCliEndpoint['from'] } {
  const { env } = inputs;
  if (env.DOCKER_HOST) return { name: DEFAULT_CONTEXT, from: 'DOCKER_HOST' };
  if (env.DOCKER_CONTEXT) return { name: env.DOCKER_CONTEXT, from: 'DOCKER_CONTEXT' };
  // A config.json that does not parse only earns a warning from the CLI, which then uses the default.
  const config = parseJson(inputs.readFile(join(configDir, 'config.json'))) as { currentContext?: unknown } | undefined;
  if (typeof config?.currentContext === 'string' && config.currentContext) return { name: config.currentContext, from: 'config' };
  return { name: DEFAULT_CONTEXT, from: 'default' };
}

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

export function resolveDockerCliEndpoint(inputs: DockerCliInputs): DockerCliEndpoint {
  const configDir = dockerConfigDir(inputs.env, inputs.home);
  const { name, from } = chosenContext(inputs, configDir);
  const fallback = inputs.env.DOCKER_HOST || defaultDockerHost(inputs.platform);
  if (name === DEFAULT_CONTEXT) return { host: fallback, context: name, from };
  const id = contextDirName(name);
  const metaPath = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const text = inputs.readFile(metaPath);
  const source = from === 'config' ? `currentContext in ${join(configDir, 'config.json')}` : 'DOCKER_CONTEXT';
  if (text === undefined) {
    return { host: fallback, context: name, from, problem: `The docker context "${name}" (from ${source}) does not exist: ${metaPath} is missing. Run \`docker context ls\`, then \`docker context use <name>\` (or fix ${source}).` };
  }
  const docker = (parseJson(text) as ContextMeta | undefined)?.Endpoints?.docker;
  if (!docker?.Host) {
    return { host: fallback, context: name, from, problem: `The docker context "${name}" (from ${source}) has no Docker endpoint in ${metaPath}. Run \`docker context inspect ${name}\` and recreate it.` };
  }
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const tls: NonNullable<DockerCliEndpoint['tls']> = {};
  for (const file of ['ca', 'cert', 'key'] as const) {
    const path = join(tlsDir, `${file}.pem`);
    if (inputs.readFile(path) !== undefined) tls[file] = path;
  }
  return {
    host: docker.Host,
    context: name,
    from,
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
    ...(docker.SkipTLSVerify ? { skipTLSVerify: true } : {}),
  };
}
