// Records the SHA-256 of each executable MeshDeck verified, in `meshdeck-verified.json` in the
// tool's version folder, and checks a cached executable against that record before every use,
// so a file changed after verification (tampering, a torn copy) is never run.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from './atomic-file';
import { sha256File } from './checksum-file';

const MANIFEST_FILE = 'meshdeck-verified.json';

export interface VerifiedManifest {
  /** Digest per executable, by path relative to the version folder (`/` separators). */
  files: Record<string, string>;
  /** The verified download the executables came from. */
  source: string;
  verifiedAt: string;
}

export type RecordState = 'ok' | 'missing' | 'changed';

export async function writeManifest(dir: string, manifest: VerifiedManifest): Promise<void> {
  await writeJsonAtomic(join(dir, MANIFEST_FILE), manifest);
}

export async function removeManifest(dir: string): Promise<void> {
  await rm(join(dir, MANIFEST_FILE), { force: true });
}

export async function readManifest(dir: string): Promise<VerifiedManifest | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Partial<VerifiedManifest>;
    return parsed && typeof parsed.files === 'object' && parsed.files !== null ? (parsed as VerifiedManifest) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `relPath` (under `dir`) still has the digest recorded when it was verified. */
export async function checkRecorded(dir: string, relPath: string): Promise<RecordState> {
  const recorded = (await readManifest(dir))?.files[relPath];
  if (typeof recorded !== 'string') return 'missing';
  try {
    return (await sha256File(join(dir, ...relPath.split('/')))) === recorded ? 'ok' : 'changed';
  } catch {
    return 'missing';
  }
}
