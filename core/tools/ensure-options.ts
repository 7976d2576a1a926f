// What every `ensure…` call takes: where the cache is, which mirror and host, cancel and
// progress, and the outside world as `deps`. Also the host check shared by the managed tools.

import { AppError } from '../contract';
import type { ToolProgress } from './progress';
import { hostArch, hostOs, type HostArch, type HostOs } from './releases';
import type { RetryPolicy, ToolDeps } from './tool-deps';

export interface EnsureToolOptions {
  /** The app's data dir (MESHDECK_HOME); the cache is its `tools/` folder. */
  dataDir: string;
  /** Base URL that replaces https://github.com (MESHDECK_MIRROR). */
  mirror: string;
  platform: NodeJS.Platform;
  arch: string;
  signal?: AbortSignal | undefined;
  /** No network: anything not in the cache is refused (OFFLINE_MISSING) instead of downloaded. */
  offline?: boolean | undefined;
  onProgress?: ToolProgress | undefined;
  /** Lines for the task log: warnings about a replaced cache entry or a user binary's version. */
  log?: ((line: string) => void) | undefined;
  deps?: Partial<ToolDeps> | undefined;
  retry?: Partial<RetryPolicy> | undefined;
}

export function hostOf(platform: NodeJS.Platform, arch: string, tool: string, flag: string): { os: HostOs; arch: HostArch } {
  const os = hostOs(platform);
  const hostArchitecture = hostArch(arch);
  if (!os || !hostArchitecture) {
    throw new AppError('INVALID_ARGUMENT', `There is no ${tool} build for ${platform}/${arch}. Install ${tool} yourself and pass its path with ${flag}.`, { platform, arch });
  }
  return { os, arch: hostArchitecture };
}
