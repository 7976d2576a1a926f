// Reads the upstream checksum files strictly (kind's `.sha256sum`: digest, two spaces, name;
// Istio's `.sha256`: digest, one space, name) and hashes files on disk. A file that does not
// match the expected shape or names another file is refused: no download goes unverified.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppError } from '../contract';
import type { ReleaseAsset } from './releases';

export type ChecksumFormat = ReleaseAsset['checksumFormat'];

const SEPARATOR: Record<ChecksumFormat, string> = { sha256sum: '  ', sha256: ' ' };

/** The lower-case hex digest for `fileName`, or INVALID_ARGUMENT when the file is not as published. */
export function parseChecksumFile(text: string, format: ChecksumFormat, fileName: string, source: string): string {
  const line = text.endsWith('\n') ? text.slice(0, -1) : text;
  const separator = SEPARATOR[format];
  const match = /^([0-9a-fA-F]{64})( +)([^\s].*)$/.exec(line);
  if (!match || match[2] !== separator || line.includes('\n')) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `The checksum file ${source} is not in the expected format (a SHA-256, ${separator.length === 2 ? 'two spaces' : 'one space'}, the file name). Check that MESHDECK_MIRROR serves the original release files.`,
      { url: source },
    );
  }
  if (match[3] !== fileName) {
    throw new AppError('INVALID_ARGUMENT', `The checksum file ${source} is for ${match[3]}, not ${fileName}. Check that MESHDECK_MIRROR serves the original release files.`, { url: source });
  }
  return match[1]!.toLowerCase();
}

export async function sha256File(path: string, onBytes?: (bytesDone: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let done = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    done += chunk.length;
    onBytes?.(done);
  }
  return hash.digest('hex');
}
