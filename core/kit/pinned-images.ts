// Digest-pinned images (kindest/node:v1.36.1@sha256:…) after a kit import: Docker's classic image
// store drops repo digests on `docker load`, so the host cannot find such an image by its digest
// any more. The import records, per pinned reference, the image ID it loaded (checked against the
// kit's manifest); core/images' HostImages (pins) then finds the reference while that ID is there.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../tools';

export function pinnedImagesPath(dataDir: string): string {
  return join(dataDir, 'images', 'pinned-by-kit.json');
}

export async function readPinnedImages(dataDir: string): Promise<Record<string, string>> {
  try {
    const value = JSON.parse(await readFile(pinnedImagesPath(dataDir), 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

export async function recordPinnedImages(dataDir: string, pinned: Record<string, string>): Promise<void> {
  if (Object.keys(pinned).length === 0) return;
  await writeJsonAtomic(pinnedImagesPath(dataDir), { ...(await readPinnedImages(dataDir)), ...pinned });
}
