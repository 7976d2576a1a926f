// Packs an Istio release the way upstream does: a gzipped tar with one top folder
// `istio-<ver>/`. Built with the `tar` package from a scratch folder (removed afterwards) with
// fixed mtimes and no owner names, so the same inputs give the same bytes and checksum.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { create } from 'tar';
import type { ReleaseFile } from './istio-release-files.js';

const fixedMtime = new Date('2026-07-13T00:00:00Z');

export async function packIstioArchive(version: string, files: ReleaseFile[]): Promise<Buffer> {
  const scratch = await mkdtemp(join(tmpdir(), 'meshdeck-istio-archive-'));
  try {
    const top = `istio-${version}`;
    for (const file of files) {
      const target = join(scratch, top, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
      await chmod(target, file.mode);
    }
    const chunks: Buffer[] = [];
    const stream = create({ cwd: scratch, portable: true, mtime: fixedMtime, noDirRecurse: false }, [top]);
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    return gzipSync(Buffer.concat(chunks));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
