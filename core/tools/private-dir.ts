// The cache holds executables, so nobody else may write into it: folders are created 0700, and
// one that group or others can write is tightened when it is ours and refused when it is not.
// Checks the data dir and every folder below it down to the target. Modes do not apply on Windows.

import { lstat, mkdir, chmod, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { AppError } from '../contract';
import { asDiskError } from './tool-errors';

export async function ensurePrivateDir(dataDir: string, target: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const rel = relative(dataDir, target);
  if (rel.startsWith('..') || rel.startsWith(sep)) throw new AppError('INTERNAL', `${target} is not inside the data dir ${dataDir}.`);
  try {
    await mkdir(target, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw asDiskError(error, target);
  }
  if (platform === 'win32') return;
  const dirs = [dataDir];
  for (const part of rel.split(sep).filter(Boolean)) dirs.push(join(dirs.at(-1)!, part));
  for (const [index, dir] of dirs.entries()) {
    // The data dir itself may be a symlink the user set up; below it, a symlink could redirect the cache.
    const info = index === 0 ? await stat(dir) : await lstat(dir);
    if (!info.isDirectory()) {
      throw new AppError('INVALID_ARGUMENT', `${dir} is not a plain folder, so MeshDeck will not keep executables there. Remove it and try again.`, { path: dir });
    }
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) {
      throw new AppError('INVALID_ARGUMENT', `${dir} belongs to another user (uid ${info.uid}), so MeshDeck will not keep executables there. Set MESHDECK_HOME to a folder of your own.`, { path: dir, owner: info.uid });
    }
    if ((info.mode & 0o022) !== 0) await chmod(dir, 0o700);
  }
}
