// Reads the kit's tar without unpacking it: walks the 512-byte headers with positioned reads
// (decoded by the `tar` package's Header) and skips over each body, so listing a kit of gigabytes
// reads only a few kilobytes. Parts are then read in place by byte range.

import { open } from 'node:fs/promises';
import { Header } from 'tar';
import { kitInvalid } from './kit-manifest';

const BLOCK = 512;

export interface TarEntry {
  path: string;
  /** Offset of the body in the file. */
  offset: number;
  size: number;
}

/** Every regular file in the archive, in order; KIT_INVALID for anything that is not a well-formed tar. */
export async function readTarIndex(file: string): Promise<TarEntry[]> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? kitInvalid(file, 'does not exist.') : error;
  });
  try {
    const total = (await handle.stat()).size;
    const entries: TarEntry[] = [];
    const block = Buffer.alloc(BLOCK);
    for (let at = 0; ; ) {
      if (at + BLOCK > total) throw kitInvalid(file, `ends after ${total} bytes, in the middle of the archive: it was cut short (an unfinished copy or download).`, { bytes: total });
      await handle.read(block, 0, BLOCK, at);
      if (block.every((byte) => byte === 0)) return entries;
      const header = new Header(block);
      if (!header.cksumValid || header.path === undefined || header.size === undefined) throw kitInvalid(file, `is not a kit archive (no valid tar header at byte ${at}).`, { offset: at });
      const size = header.size;
      if (at + BLOCK + size > total) throw kitInvalid(file, `ends inside ${header.path}: it was cut short (an unfinished copy or download).`, { part: header.path });
      if (header.type === 'File' || header.type === 'OldFile') entries.push({ path: header.path, offset: at + BLOCK, size });
      at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await handle.close();
  }
}
