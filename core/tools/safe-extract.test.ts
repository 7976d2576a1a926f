// Hostile archives, built here byte by byte with tar's own Header: every one is refused whole,
// and nothing lands outside the target folder.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header, type types } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractArchive } from './safe-extract';

interface Entry {
  path: string;
  type?: types.EntryTypeName;
  body?: string;
  linkpath?: string;
}

function tarball(entries: Entry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    const type = entry.type ?? 'File';
    const header = new Header({ path: entry.path, type, mode: type === 'Directory' ? 0o755 : 0o644, size: type === 'File' ? body.length : 0, linkpath: entry.linkpath, mtime: new Date(0), uid: 0, gid: 0 });
    header.encode();
    blocks.push(header.block!);
    if (type === 'File' && body.length > 0) blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'meshdeck-extract-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const top = 'istio-1.30.5';
const good: Entry[] = [{ path: `${top}/`, type: 'Directory' }, { path: `${top}/bin/istioctl`, body: '#!/bin/sh\n' }];

async function extractEntries(entries: Entry[]) {
  const archive = join(root, 'release.tar.gz');
  await writeFile(archive, tarball(entries));
  const into = join(root, 'cache', 'into');
  return { into, result: extractArchive({ archive, into, topFolder: top, label: 'Istio 1.30.5' }) };
}

describe('extractArchive', () => {
  it('unpacks a well-formed release under its top folder', async () => {
    const { into, result } = await extractEntries([...good, { path: `${top}/samples/link.yaml`, type: 'SymbolicLink', linkpath: '../bin/istioctl' }]);
    await result;
    expect((await stat(join(into, top, 'bin', 'istioctl'))).isFile()).toBe(true);
  });

  const hostile: Array<[string, Entry, RegExp]> = [
    ['a ../ path', { path: `${top}/../../evil`, body: 'x' }, /contains '\.\.'/],
    ['a bare ../evil', { path: '../evil', body: 'x' }, /contains '\.\.'/],
    ['an absolute path', { path: '/tmp/meshdeck-evil-absolute', body: 'x' }, /absolute path/],
    ['another top folder', { path: 'other/evil', body: 'x' }, /outside the top folder/],
    ['a symlink to an absolute path', { path: `${top}/etc`, type: 'SymbolicLink', linkpath: '/etc' }, /links to the absolute path \/etc/],
    ['a symlink out of the tree', { path: `${top}/up`, type: 'SymbolicLink', linkpath: '../../..' }, /outside istio-1\.30\.5\//],
    ['a hard link out of the tree', { path: `${top}/passwd`, type: 'Link', linkpath: '../../etc/passwd' }, /hard link/],
    ['a device', { path: `${top}/null`, type: 'CharacterDevice' }, /CharacterDevice/],
  ];

  for (const [name, entry, why] of hostile) {
    it(`refuses the whole archive for ${name}`, async () => {
      // The hostile entry comes after good ones, and a write through it follows.
      const { into, result } = await extractEntries([...good, entry, { path: `${entry.path}/passwd`, body: 'pwned' }]);
      await expect(result).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(why) });
      await expect(result).rejects.toThrow(/^MeshDeck refused the Istio 1\.30\.5 archive: /);
      await expect(stat(into)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await readdir(root)).toEqual(['cache', 'release.tar.gz']);
      expect(await readdir(join(root, 'cache'))).toEqual([]);
      await expect(stat('/tmp/meshdeck-evil-absolute')).rejects.toMatchObject({ code: 'ENOENT' });
    });
  }
});
