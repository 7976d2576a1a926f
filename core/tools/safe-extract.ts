// Unpacks a verified release archive with the `tar` package into a fresh folder, refusing the
// whole archive when any entry could land outside it or outside the one expected top folder:
// absolute paths, `..`, links that point out, devices and FIFOs. On refusal or failure the
// folder is removed, so nothing half-extracted or hostile stays behind.

import { mkdir, rm } from 'node:fs/promises';
import { posix } from 'node:path';
import { extract, type ReadEntry } from 'tar';
import { AppError } from '../contract';
import type { ToolProgress } from './progress';
import { asDiskError } from './tool-errors';

export interface ExtractRequest {
  archive: string;
  /** A new folder; the archive's top folder ends up inside it. */
  into: string;
  /** The one top folder every entry must be under, e.g. `istio-1.30.5`. */
  topFolder: string;
  /** For messages: "Istio 1.30.5". */
  label: string;
  onProgress?: ToolProgress | undefined;
}

const ALLOWED_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);

export async function extractArchive(request: ExtractRequest): Promise<void> {
  const refused: string[] = [];
  let bytesDone = 0;
  const file = posix.basename(request.archive.replaceAll('\\', '/'));
  try {
    await mkdir(request.into, { recursive: true, mode: 0o700 });
    await extract({
      file: request.archive,
      cwd: request.into,
      strict: true,
      // Running as root would otherwise give files the archive's owners.
      preserveOwner: false,
      filter: (path, entry) => {
        const problem = entryProblem(path, entry as ReadEntry, request.topFolder);
        if (problem) {
          refused.push(problem);
          return false;
        }
        bytesDone += (entry as ReadEntry).size ?? 0;
        request.onProgress?.({ phase: 'extract', file, bytesDone, bytesTotal: null });
        return refused.length === 0;
      },
    });
  } catch (error) {
    await rm(request.into, { recursive: true, force: true });
    if (error instanceof AppError) throw error;
    const disk = asDiskError(error, request.into);
    if (disk instanceof AppError) throw disk;
    throw new AppError('INVALID_ARGUMENT', `The ${request.label} archive could not be unpacked (${(error as Error).message}). Delete ${request.archive} and try again.`, { path: request.archive });
  }
  if (refused.length > 0) {
    await rm(request.into, { recursive: true, force: true });
    throw new AppError(
      'INVALID_ARGUMENT',
      `MeshDeck refused the ${request.label} archive: ${refused.slice(0, 3).join('; ')}. A release archive never contains such entries; check that MESHDECK_MIRROR serves the original release files.`,
      { path: request.archive, refused: refused.slice(0, 20) },
    );
  }
}

/** Why an entry may not be unpacked, or undefined when it is safe. */
export function entryProblem(path: string, entry: Pick<ReadEntry, 'type' | 'linkpath'>, topFolder: string): string | undefined {
  if (!ALLOWED_TYPES.has(entry.type)) return `${path} is a ${entry.type}`;
  const inside = insideTop(path, topFolder);
  if (!inside.ok) return `${path} ${inside.why}`;
  if (entry.type === 'SymbolicLink') {
    const target = entry.linkpath ?? '';
    if (isAbsolute(target)) return `${path} links to the absolute path ${target}`;
    const resolved = posix.normalize(posix.join(posix.dirname(inside.normalized), target));
    if (!insideTop(resolved, topFolder).ok) return `${path} links to ${target}, outside ${topFolder}/`;
  }
  if (entry.type === 'Link') {
    const target = entry.linkpath ?? '';
    const linked = insideTop(target, topFolder);
    if (!linked.ok) return `${path} is a hard link to ${target}, outside ${topFolder}/`;
  }
  return undefined;
}

function insideTop(path: string, topFolder: string): { ok: true; normalized: string } | { ok: false; why: string } {
  if (isAbsolute(path)) return { ok: false, why: 'is an absolute path' };
  if (path.includes('\\')) return { ok: false, why: 'contains a backslash' };
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) return { ok: false, why: "contains '..'" };
  if (parts[0] !== topFolder) return { ok: false, why: `is outside the top folder ${topFolder}/` };
  return { ok: true, normalized: parts.join('/') };
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[a-zA-Z]:/.test(path);
}
