// A lock file holding the owner's pid, so two MeshDeck processes never write the same cache
// entry at once. The pid is written before the lock appears (hard link of a finished temp file),
// so a lock is never empty. A lock whose process is gone is stale and taken over. Waiting polls:
// no file watch works the same on every platform and file system.

import { link, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { AppError } from '../contract';
import { asDiskError, cancelledError } from './tool-errors';
import type { ToolDeps } from './tool-deps';

const POLL_MS = 200;
/**
 * kind and kubectl lock a kubeconfig with an empty `<file>.lock` (O_EXCL) for the moment of a
 * write: an empty lock younger than this is someone's, older is left over from a killed process.
 */
const EMPTY_LOCK_STALE_MS = 10_000;
/** Locks this process holds, so its own pid in a lock file is told apart from a stale one. */
const held = new Set<string>();

export interface LockOptions {
  signal?: AbortSignal | undefined;
  /** Told once when another process holds the lock and this one waits. */
  onWait?: ((ownerPid: number) => void) | undefined;
}

export async function withLock<T>(path: string, deps: Pick<ToolDeps, 'pid' | 'isProcessAlive' | 'sleep'>, options: LockOptions, work: () => Promise<T>): Promise<T> {
  await acquire(path, deps, options);
  try {
    return await work();
  } finally {
    held.delete(path);
    await rm(path, { force: true });
  }
}

async function acquire(path: string, deps: Pick<ToolDeps, 'pid' | 'isProcessAlive' | 'sleep'>, options: LockOptions): Promise<void> {
  // Unique per attempt: two waiters of one process must not share (and remove) one temp file.
  const temp = `${path}.${deps.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  let told = false;
  for (;;) {
    if (options.signal?.aborted) throw cancelledError('while waiting for another download');
    try {
      await writeFile(temp, `${deps.pid}\n`, { mode: 0o600 });
      try {
        await link(temp, path);
        held.add(path);
        return;
      } finally {
        await rm(temp, { force: true });
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw asDiskError(error, path);
    }
    const owner = await readOwner(path);
    if (owner === 'gone') continue;
    const stale = owner === undefined ? await emptyLockIsStale(path) : owner === deps.pid ? !held.has(path) : !deps.isProcessAlive(owner);
    if (stale) {
      await rm(path, { force: true });
      continue;
    }
    if (!told && owner !== deps.pid && owner !== undefined) {
      told = true;
      options.onWait?.(owner);
    }
    try {
      await deps.sleep(POLL_MS, options.signal);
    } catch {
      throw cancelledError('while waiting for another download');
    }
  }
}

async function emptyLockIsStale(path: string): Promise<boolean> {
  const modified = await stat(path).then((s) => s.mtimeMs, () => 0);
  return Date.now() - modified > EMPTY_LOCK_STALE_MS;
}

async function readOwner(path: string): Promise<number | undefined | 'gone'> {
  try {
    const pid = Number.parseInt(await readFile(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw new AppError('INTERNAL', `Could not read the lock file ${path}: ${(error as Error).message}. Delete it if no MeshDeck is running.`, { path });
  }
}
