// Where the Docker engine keeps images and how much room is left there. Only measurable when the
// engine runs on this machine: Docker Desktop, Colima and remote engines keep their store in a VM
// or on another host, whose disk this process cannot see.

import { statfs } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { DockerEndpoint } from '../docker';

export type DockerStorage = { measured: true; rootDir: string; freeBytes: number } | { measured: false; reason: string };

export async function measureDockerStorage(endpoint: DockerEndpoint, localHostname: string = hostname()): Promise<DockerStorage> {
  if (endpoint.problem) return { measured: false, reason: 'the Docker engine cannot be reached' };
  let info: { DockerRootDir?: string; Name?: string; OperatingSystem?: string };
  try {
    info = (await endpoint.client.info()) as typeof info;
  } catch {
    return { measured: false, reason: 'the Docker engine cannot be reached' };
  }
  const rootDir = info.DockerRootDir;
  if (!rootDir) return { measured: false, reason: 'the engine does not say where it keeps images (no DockerRootDir in docker info)' };
  // The engine's Name is its host's hostname: a VM or another machine answers with its own.
  const local = endpoint.description.startsWith('unix://') && info.Name === localHostname;
  if (!local) return { measured: false, reason: `the engine (${info.OperatingSystem ?? info.Name ?? 'unknown'}) keeps ${rootDir} in its own VM or host` };
  try {
    const stats = await statfs(rootDir);
    return { measured: true, rootDir, freeBytes: stats.bavail * stats.bsize };
  } catch (error) {
    return { measured: false, reason: `${rootDir} cannot be read here (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
}
