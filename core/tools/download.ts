// The one downloader. Streams a URL into `<dest>.part`, resuming with a Range request from the
// bytes already there and retrying with exponential backoff; verifies the file against the
// upstream checksum file; renames it into place atomically. Never runs twice at once for the
// same dest (shared promise in this process, a lock file across processes). It never executes
// or unpacks what it fetched: a file appears at `dest` only once verified.

import { ftruncateSync, writeSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { AppError } from '../contract';
import { writeFileAtomic } from './atomic-file';
import { parseChecksumFile, sha256File, type ChecksumFormat } from './checksum-file';
import { withLock } from './file-lock';
import { throttleProgress, type ToolProgress, type ToolProgressEvent } from './progress';
import { SingleFlight } from './single-flight';
import { DEFAULT_RETRY, toolDeps, type RetryPolicy, type ToolDeps } from './tool-deps';
import { asDiskError, cancelledError, diskError, throwIfCancelled } from './tool-errors';

export interface DownloadRequest {
  url: string;
  /** The upstream checksum file; or `sha256` when the digest is pinned in code (no checksum file is published). */
  checksumUrl?: string | undefined;
  checksumFormat?: ChecksumFormat | undefined;
  sha256?: string | undefined;
  /** Keep the checksum file beside `dest` (`<dest>.sha256`), as downloaded, for the offline kit. */
  keepChecksumFile?: boolean | undefined;
  /** `up --offline` and friends: refuse before any request, naming what is missing. */
  offline?: boolean | undefined;
  /** The published file name, as the checksum file names it. */
  fileName: string;
  /** Final path; the file appears there only once verified. */
  dest: string;
  /** What the user calls it, for messages: "kind v0.32.0". */
  label: string;
  signal?: AbortSignal | undefined;
  onProgress?: ToolProgress | undefined;
  deps?: Partial<ToolDeps> | undefined;
  retry?: Partial<RetryPolicy> | undefined;
}

export interface DownloadResult {
  path: string;
  sha256: string;
  bytes: number;
  /** Offset of the first resumed request (0 when every byte came in one go). */
  resumedFrom: number;
}

const PROGRESS_INTERVAL_MS = 100;
const flights = new SingleFlight<DownloadResult, ToolProgressEvent>(() => cancelledError('the download'));

export function downloadVerified(request: DownloadRequest): Promise<DownloadResult> {
  if (request.offline) return Promise.reject(offlineMissing(request.label, request.url));
  const deps = toolDeps(request.deps);
  return flights.run(
    request.dest,
    (signal, emit) =>
      withLock(`${request.dest}.lock`, deps, { signal }, () => download({ ...request, signal }, deps, { ...DEFAULT_RETRY, ...request.retry }, throttleProgress(emit, PROGRESS_INTERVAL_MS, deps.now))),
    { signal: request.signal, onEvent: request.onProgress },
  );
}

async function download(request: DownloadRequest, deps: ToolDeps, retry: RetryPolicy, progress: ToolProgress): Promise<DownloadResult> {
  const { signal } = request;
  const part = `${request.dest}.part`;
  const { expected, checksumText } = await expectedDigest(request, deps, retry);
  let fetched = await fetchToPart(request, part, deps, retry, progress);
  let actual = await verify(request, part, progress);
  if (actual !== expected && fetched.resumedFrom > 0) {
    // A resumed file can mix two versions of the upstream file: try once more from scratch.
    await rm(part, { force: true });
    fetched = await fetchToPart(request, part, deps, retry, progress);
    actual = await verify(request, part, progress);
  }
  throwIfCancelled(signal, `the download of ${request.label}`);
  if (actual !== expected) {
    await rm(part, { force: true });
    throw new AppError(
      'CHECKSUM_MISMATCH',
      `${request.fileName} from ${new URL(request.url).host} does not match its published SHA-256 (expected ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…), so MeshDeck deleted it. Try again; if it happens again, the mirror serves a damaged or altered file: set MESHDECK_MIRROR to another mirror, or unset it to use https://github.com.`,
      { url: request.url, expected, actual },
    );
  }
  try {
    await rename(part, request.dest);
  } catch (error) {
    throw asDiskError(error, request.dest);
  }
  // Kept only beside a verified file: a refused download leaves nothing in the cache.
  if (request.keepChecksumFile && checksumText !== undefined) await writeFileAtomic(checksumPathOf(request.dest), checksumText).catch((error: unknown) => Promise.reject(asDiskError(error, request.dest)));
  return { path: request.dest, sha256: actual, bytes: fetched.bytes, resumedFrom: fetched.resumedFrom };
}

/** The digest to match: pinned in code, or read from the upstream checksum file (kept beside dest when asked). */
async function expectedDigest(request: DownloadRequest, deps: ToolDeps, retry: RetryPolicy): Promise<{ expected: string; checksumText?: string }> {
  if (request.sha256 !== undefined) return { expected: request.sha256 };
  if (request.checksumUrl === undefined || request.checksumFormat === undefined) throw new Error(`downloadVerified(${request.label}) needs a checksum URL or a pinned SHA-256`);
  const text = await fetchText(request, request.checksumUrl, deps, retry);
  return { expected: parseChecksumFile(text, request.checksumFormat, request.fileName, request.checksumUrl), checksumText: text };
}

/** Where `keepChecksumFile` puts the checksum file. */
export function checksumPathOf(dest: string): string {
  return `${dest}.sha256`;
}

export function offlineMissing(label: string, url: string): AppError {
  return new AppError('OFFLINE_MISSING', `${label} is not in MeshDeck's cache and this run is offline, so it was not downloaded. Import a kit that has it (meshdeck kit import FILE), or run without --offline.`, { missing: [label], url });
}

async function verify(request: DownloadRequest, part: string, progress: ToolProgress): Promise<string> {
  const total = (await stat(part)).size;
  const event = (bytesDone: number): ToolProgressEvent => ({ phase: 'verify', file: request.fileName, bytesDone, bytesTotal: total });
  progress(event(0));
  return sha256File(part, (done) => progress(event(done)));
}

/** Thrown for failures worth another attempt: network errors, 5xx, a body cut short. */
class RetryableError extends Error {}

async function fetchText(request: DownloadRequest, url: string, deps: ToolDeps, retry: RetryPolicy): Promise<string> {
  return withRetries(request, url, deps, retry, () => false, async () => {
    const response = await deps.fetch(url, { signal: request.signal, redirect: 'follow' });
    await refuseStatus(response, request, url, 'checksum file');
    return response.text();
  });
}

async function fetchToPart(request: DownloadRequest, part: string, deps: ToolDeps, retry: RetryPolicy, progress: ToolProgress): Promise<{ bytes: number; resumedFrom: number }> {
  const state = { resumedFrom: 0, furthest: 0, grew: false };
  return withRetries(request, request.url, deps, retry, () => state.grew, async () => {
    state.grew = false;
    // Opened before the request: once the body starts, nothing may wait on the disk (see writeAll).
    const handle = await open(part, 'a', 0o600).catch((error: unknown) => Promise.reject(asDiskError(error, part)));
    try {
      const bytes = await receive(request, handle.fd, (await handle.stat()).size, deps, progress, state);
      await handle.sync();
      return { bytes, resumedFrom: state.resumedFrom };
    } finally {
      await handle.close();
    }
  });
}

/** One request: appends the body to the part file (opened for appending) and returns its size. */
async function receive(
  request: DownloadRequest,
  fd: number,
  offset: number,
  deps: ToolDeps,
  progress: ToolProgress,
  state: { resumedFrom: number; furthest: number; grew: boolean },
): Promise<number> {
  const response = await deps.fetch(request.url, { signal: request.signal, redirect: 'follow', headers: offset > 0 ? { Range: `bytes=${offset}-` } : {} });
  if (response.status === 416) {
    await response.body?.cancel();
    const total = /^bytes \*\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
    if (total !== undefined && Number(total) === offset) return offset;
    // What is on disk does not fit the file any more: start clean.
    ftruncateSync(fd, 0);
    throw new RetryableError(`the server refused to resume at byte ${offset}`);
  }
  await refuseStatus(response, request, request.url, 'file');
  let done = 0;
  let total = lengthOf(response);
  if (response.status === 206) {
    const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
    if (!range || Number(range[1]) !== offset) {
      await response.body?.cancel();
      ftruncateSync(fd, 0);
      throw new RetryableError('the server answered with another byte range');
    }
    done = offset;
    total = range[2] === '*' ? null : Number(range[2]);
    if (state.resumedFrom === 0) state.resumedFrom = offset;
  } else if (offset > 0) {
    // A 200 to a Range request ignores it: the body is the whole file, so write it from the start.
    ftruncateSync(fd, 0);
  }
  progress({ phase: 'download', file: request.fileName, bytesDone: done, bytesTotal: total });
  for await (const chunk of response.body ?? []) {
    writeAll(fd, chunk, request.dest);
    done += chunk.length;
    if (done > state.furthest) {
      state.furthest = done;
      state.grew = true;
    }
    progress({ phase: 'download', file: request.fileName, bytesDone: done, bytesTotal: total });
  }
  if (total !== null && done !== total) throw new RetryableError(`the connection ended after ${done} of ${total} bytes`);
  return done;
}

async function withRetries<T>(request: DownloadRequest, url: string, deps: ToolDeps, retry: RetryPolicy, madeProgress: () => boolean, attempt: () => Promise<T>): Promise<T> {
  const what = `the download of ${request.label}`;
  let failures = 0;
  for (;;) {
    throwIfCancelled(request.signal, what);
    let last: unknown;
    try {
      return await attempt();
    } catch (error) {
      if (request.signal?.aborted) throw cancelledError(what);
      if (error instanceof AppError) throw error;
      const disk = diskError(error, request.dest);
      if (disk) throw disk;
      last = error;
    }
    failures = madeProgress() ? 1 : failures + 1;
    if (failures >= retry.attempts) {
      throw new AppError(
        'DOWNLOAD_FAILED',
        `Could not download ${request.label} from ${url} after ${retry.attempts} tries (${describe(last)}). Check your network connection, or set MESHDECK_MIRROR to a mirror you can reach; a later run continues where this one stopped.`,
        { url, attempts: retry.attempts },
      );
    }
    try {
      await deps.sleep(Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failures - 1)), request.signal);
    } catch {
      throw cancelledError(what);
    }
  }
}

async function refuseStatus(response: Response, request: DownloadRequest, url: string, what: string): Promise<void> {
  if (response.ok) return;
  await response.body?.cancel();
  if (response.status === 404 || response.status === 410) {
    throw new AppError('NOT_FOUND', `${request.label} has no ${what} at ${url} (HTTP ${response.status}). Check MESHDECK_MIRROR, or unset it to use https://github.com.`, { url, status: response.status });
  }
  if (response.status >= 500 || response.status === 408 || response.status === 429) throw new RetryableError(`HTTP ${response.status}`);
  throw new AppError('NOT_FOUND', `${url} answered HTTP ${response.status} for ${request.label}. Check MESHDECK_MIRROR and any proxy in between.`, { url, status: response.status });
}

/**
 * Written synchronously (a chunk is at most a few dozen KiB) so the read loop never yields to
 * the network: a fetch body drops its queued chunks when the connection breaks, and every byte
 * kept on disk is one a resume need not fetch again.
 */
function writeAll(fd: number, chunk: Uint8Array, path: string): void {
  try {
    for (let offset = 0; offset < chunk.length; ) offset += writeSync(fd, chunk, offset);
  } catch (error) {
    throw asDiskError(error, path);
  }
}

function lengthOf(response: Response): number | null {
  const length = response.headers.get('content-length');
  return length !== null && /^\d+$/.test(length) ? Number(length) : null;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
