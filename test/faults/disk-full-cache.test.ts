// Fault: the disk fills up while a download is written into the tools cache. What the user sees:
// DISK_ERROR saying the disk is full and to free space; nothing unverified appears under the
// final name, the previous verified file stays, and once there is space the next run finishes
// (from the partial file, where the disk kept one). The "disk" is /dev/full, which fails every
// write with ENOSPC, and, where this process may mount, a tmpfs smaller than the file.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/contract';
import { downloadVerified, istioAsset, type DownloadRequest } from '../../core/tools';
import { startMirror, type Mirror } from '../world/mirror/index';

const istio = istioAsset('1.30.5', 'linux', 'amd64', '')!;
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Whether this process may mount a tmpfs (root in a container that allows it). */
function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = join(tmpdir(), `meshdeck-mount-probe-${process.pid}`);
  spawnSync('mkdir', ['-p', probe]);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  spawnSync('rmdir', [probe]);
  return mounted;
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('fault: disk full while writing the cache', () => {
  let mirror: Mirror;
  let dir: string;
  let body: Buffer;

  beforeAll(async () => {
    mirror = await startMirror();
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-fault-disk-'));
    body = await mirror.body(istio.url);
  });

  afterAll(async () => {
    await mirror.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const request = (dest: string): DownloadRequest => ({
    url: mirror.url + istio.url,
    checksumUrl: mirror.url + istio.checksumUrl,
    checksumFormat: istio.checksumFormat,
    fileName: istio.fileName,
    dest,
    label: `Istio ${istio.fileName}`,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });

  function expectDiskFullAdvice(error: AppError, path: string): void {
    expect(error.code).toBe('DISK_ERROR');
    expect(error.details?.['errno']).toBe('ENOSPC');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/disk is full\. Free some space and try again/);
    expect(error.message).not.toMatch(/\n\s+at /);
  }

  it('says DISK_ERROR with advice, keeps the previous verified file, and finishes once there is space', async () => {
    const cache = join(dir, 'dev-full');
    await mkdir(cache);
    const dest = join(cache, istio.fileName);
    const previous = Buffer.from('the previous verified release\n');
    await writeFile(dest, previous);
    // Every write to the part file fails as on a full disk.
    await symlink('/dev/full', `${dest}.part`);

    const error = await caught(downloadVerified(request(dest)));
    expectDiskFullAdvice(error, dest);
    expect((await readFile(dest)).equals(previous)).toBe(true);
    expect((await readdir(cache)).sort()).toEqual([istio.fileName, `${istio.fileName}.part`]);

    // Space freed: the next run downloads, verifies and only then replaces the file.
    await rm(`${dest}.part`);
    const result = await downloadVerified(request(dest));
    expect(sha(await readFile(dest))).toBe(sha(body));
    expect(result.sha256).toBe(sha(body));
    expect(await readdir(cache)).toEqual([istio.fileName]);
  });

  it.runIf(canMountTmpfs())('on a tmpfs smaller than the file: keeps the partial file, and resumes it once the disk has room', async () => {
    const disk = join(dir, 'small-disk');
    await mkdir(disk);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', disk]).status).toBe(0);
    try {
      const dest = join(disk, istio.fileName);
      const error = await caught(downloadVerified(request(dest)));
      expectDiskFullAdvice(error, dest);
      const partial = (await stat(`${dest}.part`)).size;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(body.length);
      expect(await readdir(disk)).toEqual([`${istio.fileName}.part`]);

      expect(spawnSync('mount', ['-o', 'remount,size=1m', disk]).status).toBe(0);
      const result = await downloadVerified(request(dest));
      expect(result.resumedFrom).toBe(partial);
      expect(sha(await readFile(dest))).toBe(sha(body));
      expect(await readdir(disk)).toEqual([istio.fileName]);
    } finally {
      spawnSync('umount', [disk]);
    }
  });
});
