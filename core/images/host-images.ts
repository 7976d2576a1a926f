// The host's Docker images, through dockerode: which of the lab's images it has (and their
// size), pulls of the missing ones (at most three at a time, byte progress from the Engine API's
// stream, cancelled by aborting the HTTP request; through a mirror, then tagged with the name the
// manifests use), and `docker save --platform` of a set of them into one archive.

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type Docker from 'dockerode';
import { AppError } from '../contract';
import { formatImageRef, mirrorRef, normalizeImageRef, parseImageRef, repositoryOf } from './image-ref';
import { dockerErrorMessage, pullFailure, PullTracker, type PullEvent } from './pull-progress';

export interface HostImage {
  id: string;
  sizeBytes: number;
  /** The name Docker knows it by locally (for a digest-pinned ref, a tag of the same image). */
  localName: string;
}

export interface PullProgress {
  /** Bytes downloaded so far, of the layers whose size Docker has told so far. */
  bytesDone: number;
  bytesTotal: number;
  /** Of all the refs asked for, those the host has now. */
  imagesDone: number;
  imagesTotal: number;
  /** The image whose event came last. */
  current: string;
}

export interface PullOptions {
  /** MESHDECK_IMAGE_MIRROR: HOST[:PORT][/PREFIX]; absent or null pulls from each image's own registry. */
  mirror?: string | null;
  /** Refuse every pull: OFFLINE_MISSING lists what the host lacks. */
  offline?: boolean;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: PullProgress) => void;
  log?: (line: string) => void;
}

export interface SaveOptions {
  /** linux/amd64 or linux/arm64: the one platform saved from a multi-platform image. */
  platform: string;
  signal?: AbortSignal;
  onProgress?: (bytesWritten: number) => void;
}

export interface HostImages {
  inspect(refs: readonly string[], signal?: AbortSignal): Promise<Map<string, HostImage | undefined>>;
  /** Pulls what the host lacks; resolves with the refs it pulled. */
  pull(refs: readonly string[], options?: PullOptions): Promise<string[]>;
  /** Writes one docker-save archive of `refs` to `file`, complete or not at all. */
  save(refs: readonly string[], file: string, options: SaveOptions): Promise<void>;
}

export const DEFAULT_PULL_CONCURRENCY = 3;

type ImageSummary = Pick<Docker.ImageInfo, 'Id' | 'RepoTags' | 'RepoDigests' | 'Size'>;

/** Finds `ref` among the host's images: by digest (from any repository, a mirror's too) when pinned, else by its normalised name. */
export function findHostImage(ref: string, images: readonly ImageSummary[]): HostImage | undefined {
  const wanted = parseImageRef(ref);
  const tagsOf = (image: ImageSummary) => (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
  if (wanted.digest !== undefined) {
    const image = images.find((candidate) => (candidate.RepoDigests ?? []).some((entry) => entry.endsWith(`@${wanted.digest}`)));
    if (!image) return undefined;
    const repository = `${wanted.domain}/${wanted.path}`;
    // Pulled from its own repository, Docker finds it by the ref itself; pulled through a mirror, by a tag of the same image.
    const direct = (image.RepoDigests ?? []).some((entry) => repositoryOf(entry) === repository);
    const named = direct ? ref : (tagsOf(image).find((tag) => repositoryOf(tag) === repository) ?? tagsOf(image)[0] ?? image.Id);
    return { id: image.Id, sizeBytes: image.Size, localName: named };
  }
  const full = formatImageRef(wanted);
  const image = images.find((candidate) => tagsOf(candidate).some((tag) => normalizeImageRef(tag) === full));
  return image ? { id: image.Id, sizeBytes: image.Size, localName: ref } : undefined;
}

/** Runs `work` over `items`, at most `limit` at a time; the first failure aborts the rest. */
async function eachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

function cancelled(what: string): AppError {
  return new AppError('CANCELLED', `Cancelled while ${what}. Run it again to continue where it stopped.`);
}

/** One pull: the Engine API stream read line by line into the tracker; then the real name tagged on. */
async function pullOne(docker: Docker, ref: string, from: string, tracker: PullTracker, signal: AbortSignal | undefined, onEvent: () => void): Promise<void> {
  const source = parseImageRef(from);
  let failed: string | undefined;
  try {
    const stream = await docker.createImage({ fromImage: `${source.domain}/${source.path}`, tag: source.digest ?? source.tag ?? 'latest', ...(signal ? { abortSignal: signal } : {}) });
    for await (const line of createInterface({ input: stream as NodeJS.ReadableStream & AsyncIterable<string>, crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      failed ??= tracker.take(JSON.parse(line) as PullEvent);
      onEvent();
    }
  } catch (error) {
    if (signal?.aborted) throw cancelled(`pulling ${ref}`);
    throw pullFailure(ref, from, dockerErrorMessage(error));
  }
  if (signal?.aborted) throw cancelled(`pulling ${ref}`);
  if (failed !== undefined) throw pullFailure(ref, from, failed);
  tracker.finish();
  if (from !== ref) {
    const real = parseImageRef(ref);
    await docker.getImage(from).tag({ repo: `${real.domain}/${real.path}`, tag: real.tag ?? 'latest' });
  }
}

/** `docker save` of the found refs into `file`: written beside it, renamed when complete. */
async function saveArchive(docker: Docker, found: Map<string, HostImage | undefined>, refs: readonly string[], file: string, options: SaveOptions): Promise<void> {
  const absent = refs.filter((ref) => !found.get(ref));
  if (absent.length > 0) throw new AppError('NOT_FOUND', `The host's Docker lacks ${absent.join(', ')}, so it cannot be saved. Pull it first (\`meshdeck up\` pulls the lab's images).`, { images: absent });
  const names = [...new Set(refs.map((ref) => found.get(ref)!.localName))];
  const [os, architecture, variant] = options.platform.split('/');
  // GET /images/get = `docker save`; `platform` (API 1.48+, JSON) picks one platform of a multi-platform image, older engines ignore it.
  const platform = JSON.stringify({ os, architecture, ...(variant ? { variant } : {}) });
  const partial = `${file}.partial-${process.pid}`;
  let written = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      options.onProgress?.(written);
      done(null, chunk);
    },
  });
  try {
    const stream = await getImages(docker, { names, platform, ...(options.signal ? { abortSignal: options.signal } : {}) });
    const out = createWriteStream(partial, { mode: 0o600 });
    await (options.signal ? pipeline(stream, count, out, { signal: options.signal }) : pipeline(stream, count, out));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    if (options.signal?.aborted) throw cancelled(`saving ${names.length} images`);
    if (error instanceof AppError) throw error;
    throw new AppError('DISK_ERROR', `Could not save ${names.join(', ')} to ${file}: ${dockerErrorMessage(error)}. Check the free disk space and that Docker runs.`, { file });
  }
}

export function createHostImages(docker: Docker): HostImages {
  const inspect: HostImages['inspect'] = async (refs, signal) => {
    const images = (await docker.listImages({ ...(signal ? { abortSignal: signal } : {}) })) as ImageSummary[];
    return new Map(refs.map((ref) => [ref, findHostImage(ref, images)]));
  };

  const pull: HostImages['pull'] = async (refs, options = {}) => {
    const present = await inspect(refs, options.signal);
    const missing = [...new Set(refs.filter((ref) => !present.get(ref)))];
    if (missing.length === 0) return [];
    if (options.offline) {
      throw new AppError('OFFLINE_MISSING', `Offline, and the host's Docker lacks ${missing.length} of the lab's images: ${missing.join(', ')}. Import a kit that has them (\`meshdeck kit import <file>\`) or go online.`, { images: missing });
    }
    const trackers = new Map(missing.map((ref) => [ref, new PullTracker()]));
    let imagesDone = refs.length - missing.length;
    const report = (current: string) => {
      let bytesDone = 0;
      let bytesTotal = 0;
      for (const tracker of trackers.values()) {
        const bytes = tracker.bytes();
        bytesDone += bytes.done;
        bytesTotal += bytes.total;
      }
      options.onProgress?.({ bytesDone, bytesTotal, imagesDone, imagesTotal: refs.length, current });
    };
    // The first failure stops the other pulls: its error is the one that says what to do.
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    await eachBounded(missing, options.concurrency ?? DEFAULT_PULL_CONCURRENCY, async (ref) => {
      if (signal.aborted) throw cancelled(`pulling ${ref}`);
      const from = options.mirror ? mirrorRef(ref, options.mirror) : ref;
      options.log?.(`Pulling ${ref}${from === ref ? '' : ` from ${from}`}`);
      await pullOne(docker, ref, from, trackers.get(ref)!, signal, () => report(ref)).catch((error: unknown) => {
        stop.abort();
        throw error;
      });
      imagesDone += 1;
      report(ref);
      options.log?.(`Pulled ${ref}`);
    });
    return missing;
  };

  const save: HostImages['save'] = async (refs, file, options) => saveArchive(docker, await inspect(refs, options.signal), refs, file, options);

  return { inspect, pull, save };
}

/** dockerode's getImages (GET /images/get), which its types leave out. */
function getImages(docker: Docker, options: { names: string[]; platform: string; abortSignal?: AbortSignal }): Promise<NodeJS.ReadableStream> {
  return (docker as unknown as { getImages(options: object): Promise<NodeJS.ReadableStream> }).getImages(options);
}
