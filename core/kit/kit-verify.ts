// Checks a kit before anything in it is used: the manifest is there and well-formed, every part
// it lists is in the archive, and each part's size and SHA-256 (streamed, in place) match. The
// first part that does not is named in a KIT_INVALID error; nothing has been loaded by then.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { KitManifestInfo, KitPartInfo } from '../contract';
import { describePart, kitInvalid, MANIFEST_PATH, parseKitManifest } from './kit-manifest';
import { readTarIndex, type TarEntry } from './tar-index';

const MAX_MANIFEST_BYTES = 4 << 20;

export interface OpenedKit {
  file: string;
  manifest: KitManifestInfo;
  /** Where each listed part's bytes are in the archive. */
  entries: Map<string, TarEntry>;
}

/** Reads the kit's manifest and checks that every part it lists is there with its size (no hashing). */
export async function openKit(file: string): Promise<OpenedKit> {
  const index = await readTarIndex(file);
  const entries = new Map(index.map((entry) => [entry.path, entry]));
  const head = entries.get(MANIFEST_PATH);
  if (!head) throw kitInvalid(file, `has no ${MANIFEST_PATH}: it is not a MeshDeck kit.`);
  if (head.size > MAX_MANIFEST_BYTES) throw kitInvalid(file, `has a ${MANIFEST_PATH} of ${head.size} bytes, far more than a manifest.`);
  const manifest = parseKitManifest((await readRange(file, head)).toString('utf8'), file);
  const missing = manifest.parts.filter((part) => !entries.has(part.path));
  if (missing.length > 0) {
    throw kitInvalid(file, `lacks ${missing.map(describePart).join(', ')}, which its manifest lists.`, { missing: missing.map((part) => part.path) });
  }
  for (const part of manifest.parts) {
    const size = entries.get(part.path)!.size;
    if (size !== part.bytes) throw kitInvalid(file, `has ${describePart(part)} of ${size} bytes; its manifest says ${part.bytes}. The kit was changed or damaged.`, { part: part.path });
  }
  return { file, manifest, entries };
}

/** openKit, then the SHA-256 of every part, streamed; `onBytes` gets the bytes hashed. */
export async function verifyKit(file: string, options: { signal?: AbortSignal; onBytes?: (bytes: number, totalBytes: number) => void } = {}): Promise<OpenedKit> {
  const kit = await openKit(file);
  const total = kit.manifest.parts.reduce((sum, part) => sum + part.bytes, 0);
  const onBytes = options.onBytes;
  for (const part of kit.manifest.parts) {
    const actual = await hashRange(file, kit.entries.get(part.path)!, { ...(options.signal ? { signal: options.signal } : {}), ...(onBytes ? { onBytes: (bytes: number) => onBytes(bytes, total) } : {}) });
    if (actual !== part.sha256) {
      throw kitInvalid(file, `has ${describePart(part)} whose SHA-256 does not match its manifest (expected ${part.sha256.slice(0, 12)}…, got ${actual.slice(0, 12)}…): the kit was changed or damaged.`, { part: part.path, expected: part.sha256, actual });
    }
  }
  return kit;
}

/** The bytes of one part as a stream (a part of size 0 is an empty stream). */
export function partStream(kit: OpenedKit, part: KitPartInfo): Readable {
  const entry = kit.entries.get(part.path)!;
  if (entry.size === 0) return Readable.from([]);
  return createReadStream(kit.file, { start: entry.offset, end: entry.offset + entry.size - 1, highWaterMark: 1 << 20 });
}

async function hashRange(file: string, entry: TarEntry, options: { signal?: AbortSignal; onBytes?: (bytes: number) => void }): Promise<string> {
  const hash = createHash('sha256');
  if (entry.size > 0) {
    for await (const chunk of createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      options.signal?.throwIfAborted();
      hash.update(chunk);
      options.onBytes?.(chunk.length);
    }
  }
  return hash.digest('hex');
}

async function readRange(file: string, entry: TarEntry): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const body = Buffer.alloc(entry.size);
    await handle.read(body, 0, entry.size, entry.offset);
    return body;
  } finally {
    await handle.close();
  }
}
