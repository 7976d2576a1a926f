// The AppErrors the managed tools raise that are shared by several modules: cancellation and
// file-system failures (disk full, no permission), each with a message that says what to do.

import { AppError } from '../contract';

export function cancelledError(what: string): AppError {
  return new AppError('CANCELLED', `Cancelled ${what}. What was already downloaded is kept; the next run continues from there.`);
}

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelledError(what);
}

const DISK_ADVICE: Record<string, string> = {
  ENOSPC: 'the disk is full. Free some space and try again',
  EDQUOT: 'your disk quota is used up. Free some space and try again',
  EROFS: 'the file system is read-only. Set MESHDECK_HOME to a writable folder',
  EACCES: 'permission denied. Check the folder\'s permissions or set MESHDECK_HOME to a folder you own',
  EPERM: 'the operation is not permitted. Check the folder\'s permissions or set MESHDECK_HOME to a folder you own',
  EIO: 'the disk reported an I/O error. Check the disk and try again',
};

/** An AppError for a file-system failure, or undefined when `error` is not one. */
export function diskError(error: unknown, path: string): AppError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !(code in DISK_ADVICE)) return undefined;
  return new AppError('DISK_ERROR', `Could not write ${path}: ${DISK_ADVICE[code]}.`, { path, errno: code });
}

/** Re-throws file-system failures as AppErrors; anything else unchanged. */
export function asDiskError(error: unknown, path: string): unknown {
  return diskError(error, path) ?? error;
}
