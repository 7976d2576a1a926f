// Makes a verified kind ready to run: the cached copy when it still has the digest recorded at
// verification, otherwise a fresh verified download (a changed copy is removed and replaced);
// or the user's own binary after a version check. Returns the path to execute.

import { chmod, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { AppError } from '../contract';
import { downloadVerified } from './download';
import { hostOf, type EnsureToolOptions } from './ensure-options';
import { withLock } from './file-lock';
import { ensurePrivateDir } from './private-dir';
import type { ToolProgressEvent } from './progress';
import { KIND_VERSION, kindAsset } from './releases';
import { SingleFlight } from './single-flight';
import { toolDeps } from './tool-deps';
import { cancelledError } from './tool-errors';
import { checkRecorded, removeManifest, writeManifest } from './tool-manifest';
import { cachedKindPath, kindVersionDir } from './tool-paths';
import { checkUserBinary } from './user-binary';

export interface EnsureKindOptions extends EnsureToolOptions {
  /** A kind the user chose (`--kind PATH`): used as is after a version check. */
  kindPath?: string | undefined;
}

const flights = new SingleFlight<string, ToolProgressEvent>(() => cancelledError(`getting kind ${KIND_VERSION} ready`));

export async function ensureKind(options: EnsureKindOptions): Promise<string> {
  const deps = toolDeps(options.deps);
  if (options.kindPath) {
    const binary = await checkUserBinary({ tool: 'kind', path: options.kindPath, expected: KIND_VERSION, deps, signal: options.signal });
    if (binary.warning) options.log?.(binary.warning);
    return binary.path;
  }
  const host = hostOf(options.platform, options.arch, `kind ${KIND_VERSION}`, '--kind');
  const asset = kindAsset(host.os, host.arch, options.mirror);
  if (!asset) throw new AppError('INVALID_ARGUMENT', `kind ${KIND_VERSION} has no build for ${options.platform}/${options.arch}. Install kind yourself and pass its path with --kind.`);
  const dir = kindVersionDir(options.dataDir);
  const exe = cachedKindPath(options.dataDir, options.platform);
  const name = basename(exe);
  await ensurePrivateDir(options.dataDir, dir, options.platform);
  return flights.run(
    dir,
    (signal, emit) =>
      withLock(`${dir}.lock`, deps, { signal, onWait: (pid) => options.log?.(`Waiting for another MeshDeck (pid ${pid}) that is getting kind ${KIND_VERSION} ready.`) }, async () => {
        const state = await checkRecorded(dir, name);
        if (state === 'ok') return exe;
        if (state === 'changed') options.log?.(`The cached kind at ${exe} no longer matches the SHA-256 recorded when MeshDeck verified it. It was removed; downloading a fresh copy.`);
        await rm(exe, { force: true });
        await removeManifest(dir);
        const result = await downloadVerified({ ...asset, dest: exe, label: `kind ${KIND_VERSION}`, offline: options.offline, signal, onProgress: emit, deps, retry: options.retry });
        await chmod(exe, 0o755);
        await writeManifest(dirname(exe), { files: { [name]: result.sha256 }, source: asset.url, verifiedAt: new Date().toISOString() });
        return exe;
      }),
    { signal: options.signal, onEvent: options.onProgress },
  );
}
