// Writes the kit's one uncompressed tar: 512-byte ustar headers encoded by the `tar` package's
// Header, each body streamed from a file while its SHA-256 is taken, then the two zero blocks.
// All bytes go through a KitSink so a test can make the disk "fill up" at any byte.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { Header } from 'tar';

const BLOCK = 512;

/** Where the archive's bytes go: a file opened for writing (tests wrap it to fail like a full disk). */
export interface KitSink {
  write(chunk: Uint8Array): Promise<void>;
  /** fsync: the bytes are on the disk before the file is renamed into place. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export async function fileSink(path: string): Promise<KitSink> {
  const handle: FileHandle = await open(path, 'wx', 0o600);
  return {
    write: async (chunk) => {
      for (let offset = 0; offset < chunk.length; ) offset += (await handle.write(chunk, offset)).bytesWritten;
    },
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
}

export interface WrittenEntry {
  path: string;
  bytes: number;
  sha256: string;
}

export class TarWriter {
  /** Bytes written so far, headers and padding included. */
  written = 0;

  constructor(
    private readonly sink: KitSink,
    private readonly onBytes: (bodyBytes: number) => void = () => undefined,
    private readonly signal?: AbortSignal,
  ) {}

  /** Appends the file at `source` as `path`; resolves with its size and digest. */
  async addFile(path: string, source: string, mode = 0o644): Promise<WrittenEntry> {
    const size = (await stat(source)).size;
    await this.header(path, size, mode);
    const hash = createHash('sha256');
    let done = 0;
    for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      this.signal?.throwIfAborted();
      hash.update(chunk);
      await this.put(chunk);
      done += chunk.length;
      this.onBytes(chunk.length);
    }
    if (done !== size) throw new Error(`${source} changed size while it was written into the kit (${size} then ${done} bytes)`);
    await this.pad(size);
    return { path, bytes: size, sha256: hash.digest('hex') };
  }

  /** Appends a small in-memory file (the manifest). */
  async addBuffer(path: string, body: Buffer): Promise<WrittenEntry> {
    await this.header(path, body.length, 0o644);
    await this.put(body);
    await this.pad(body.length);
    return { path, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
  }

  /** The end-of-archive marker, then fsync. */
  async finish(): Promise<void> {
    await this.put(Buffer.alloc(BLOCK * 2));
    await this.sink.sync();
  }

  private async header(path: string, size: number, mode: number): Promise<void> {
    const block = Buffer.alloc(BLOCK);
    const header = new Header({ path, type: 'File', mode, size, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '' });
    // encode() returns true when the fields need a PAX header; kit paths are short on purpose.
    if (header.encode(block, 0)) throw new Error(`${path} does not fit a plain ustar header`);
    await this.put(block);
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest !== 0) await this.put(Buffer.alloc(BLOCK - rest));
  }

  private async put(chunk: Uint8Array): Promise<void> {
    await this.sink.write(chunk);
    this.written += chunk.length;
  }
}

/** Size of the archive for bodies of these sizes (headers, padding, end marker): the space an export needs. */
export function tarSize(bodySizes: number[]): number {
  return bodySizes.reduce((sum, size) => sum + BLOCK + Math.ceil(size / BLOCK) * BLOCK, 0) + BLOCK * 2;
}
