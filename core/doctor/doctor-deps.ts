// What the doctor needs from the machine, as parameters: tests hand in a Docker endpoint that
// points at nothing, a busy port, or a fake /proc, without mocking any module.

import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import type { ImagesReportInfo } from '../contract';
import type { DockerEndpoint } from '../docker';
import type { DockerStorage } from './docker-storage';
import { exec } from '../exec';

export interface ProbeOutcome {
  reachable: boolean;
  detail: string;
}

export interface DoctorDeps {
  docker: DockerEndpoint;
  platform: NodeJS.Platform;
  arch: string;
  dataDir: string;
  /** Base URL that replaces https://github.com for downloads (MESHDECK_MIRROR). */
  mirror: string;
  /** Gateway host ports the lab would publish on 127.0.0.1. */
  ports: number[];
  /** The lab's kind cluster, whose own published ports are not "in use" (default meshdeck). */
  labClusterName?: string;
  readTextFile(path: string): Promise<string>;
  isPortFree(port: number): Promise<boolean>;
  findExecutable(candidates: string[]): Promise<string | undefined>;
  readVersion(executable: string, args: string[], signal: AbortSignal): Promise<string>;
  probeUrl(url: string, signal: AbortSignal): Promise<ProbeOutcome>;
  /** Where Docker keeps images and the room left there (docker info + statfs). */
  dockerStorage(): Promise<DockerStorage>;
  /** The lab's images with host and node presence (images.list); absent where no image report is wired in. */
  labImages?(signal: AbortSignal): Promise<ImagesReportInfo>;
}

export function isPortFreeOnLoopback(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Candidates are absolute paths or bare names looked up on PATH, tried in order. */
export async function findExecutableOnDisk(candidates: string[], env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const suffixes = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const candidate of candidates) {
    const paths = candidate.includes('/') || candidate.includes('\\') ? [candidate] : dirs.flatMap((dir) => suffixes.map((suffix) => join(dir, candidate + suffix)));
    for (const path of paths) {
      try {
        await access(path, constants.X_OK);
        return path;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

export async function probeUrlWithHead(url: string, signal: AbortSignal): Promise<ProbeOutcome> {
  try {
    const response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) });
    return response.ok ? { reachable: true, detail: `HTTP ${response.status}` } : { reachable: false, detail: `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { reachable: false, detail: cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)) };
  }
}

export async function readVersionOutput(executable: string, args: string[], signal: AbortSignal): Promise<string> {
  const result = await exec(executable, args, { signal });
  return `${result.stdout}${result.stderr}`.trim();
}

export function readTextFile(path: string): Promise<string> {
  return readFile(path, 'utf8');
}
