// What a kind node's containerd holds (`crictl images -o json` in the node container, through
// dockerode's exec), and loading what it lacks: one `docker save --platform` archive under the
// lab dir, `kind load image-archive` into the nodes that lack something, the archive removed after.

import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import type Docker from 'dockerode';
import { AppError } from '../contract';
import type { KindCli } from '../kind';
import type { HostImages } from './host-images';
import { formatImageRef, parseImageRef } from './image-ref';

/** What one node holds: fully qualified names (repoTags) and digests (from repoDigests). */
export interface NodeStore {
  names: Set<string>;
  digests: Set<string>;
}

interface CrictlImages {
  images?: Array<{ repoTags?: string[] | null; repoDigests?: string[] | null }>;
}

/** `crictl images -o json` output as a store: each repoTag normalised, each repoDigest's digest. */
export function parseCrictlImages(json: string): NodeStore {
  const parsed = JSON.parse(json) as CrictlImages;
  const store: NodeStore = { names: new Set(), digests: new Set() };
  for (const image of parsed.images ?? []) {
    for (const tag of image.repoTags ?? []) store.names.add(formatImageRef(parseImageRef(tag)));
    for (const entry of image.repoDigests ?? []) {
      const at = entry.lastIndexOf('@');
      if (at >= 0) store.digests.add(entry.slice(at + 1));
    }
  }
  return store;
}

/** Whether the node has `ref`: a pinned ref by its digest, any other by its normalised name. */
export function nodeHas(store: NodeStore, ref: string): boolean {
  const parsed = parseImageRef(ref);
  return parsed.digest !== undefined ? store.digests.has(parsed.digest) : store.names.has(formatImageRef(parsed));
}

/**
 * Runs a command in a container like `docker exec`; resolves with stdout, throws with stderr on a
 * non-zero exit, and CANCELLED as soon as `signal` aborts (a destroyed exec stream closes without
 * 'end', so the output streams are ended on 'close' too, or the wait for them would never end).
 */
export async function execIn(docker: Docker, container: string, cmd: string[], signal?: AbortSignal): Promise<string> {
  const cancelled = () => new AppError('CANCELLED', `Cancelled while running \`${cmd.join(' ')}\` in ${container}.`);
  if (signal?.aborted) throw cancelled();
  const exec = await docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, ...(signal ? { abortSignal: signal } : {}) });
  const stream = await exec.start({ hijack: true, stdin: false, ...(signal ? { abortSignal: signal } : {}) });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(stream, stdout, stderr);
  let ended = false;
  const endOutput = () => {
    if (ended) return;
    ended = true;
    stdout.end();
    stderr.end();
  };
  stream.on('end', endOutput);
  stream.on('close', endOutput);
  stream.on('error', endOutput);
  const stop = () => {
    (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    endOutput();
  };
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();
  try {
    const [out, err] = await Promise.all([text(stdout), text(stderr)]);
    if (signal?.aborted) throw cancelled();
    const { ExitCode } = await exec.inspect();
    if (ExitCode !== 0) throw new AppError('COMMAND_FAILED', `\`docker exec ${container} ${cmd.join(' ')}\` failed (exit code ${ExitCode}): ${err.trim() || out.trim()}. Is the node running (\`docker ps\`)?`, { container, exitCode: ExitCode ?? -1 });
    return out;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/** The images a kind node container holds, as `crictl images -o json` inside it lists them. */
export async function nodeImages(docker: Docker, nodeName: string, signal?: AbortSignal): Promise<NodeStore> {
  return parseCrictlImages(await execIn(docker, nodeName, ['crictl', 'images', '-o', 'json'], signal));
}

export interface LoadIntoNodesOptions {
  docker: Docker;
  hostImages: Pick<HostImages, 'save'>;
  kind: Pick<KindCli, 'loadImageArchive'>;
  cluster: string;
  /** The cluster's node containers, e.g. meshdeck-control-plane. */
  nodes: readonly string[];
  refs: readonly string[];
  /** Where the archive is written (under the lab dir); removed afterwards. */
  archivePath: string;
  platform: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
  onProgress?: (detail: string) => void;
}

/** Loads into the nodes what they lack; resolves with the refs loaded (none when every node has all). */
export async function loadIntoNodes(options: LoadIntoNodesOptions): Promise<string[]> {
  const stores = await Promise.all(options.nodes.map((node) => nodeImages(options.docker, node, options.signal)));
  const lacking = options.nodes.filter((_node, i) => options.refs.some((ref) => !nodeHas(stores[i]!, ref)));
  const refs = options.refs.filter((ref) => stores.some((store) => !nodeHas(store, ref)));
  if (refs.length === 0) return [];
  options.log?.(`${lacking.join(', ')} lack ${refs.length} images: ${refs.join(', ')}`);
  try {
    options.onProgress?.(`Saving ${refs.length} images for the node (${options.platform})`);
    await options.hostImages.save(refs, options.archivePath, { platform: options.platform, ...(options.signal ? { signal: options.signal } : {}), onProgress: (bytes) => options.onProgress?.(`Saving ${refs.length} images for the node: ${(bytes / 1e6).toFixed(0)} MB`) });
    options.onProgress?.(`Loading ${refs.length} images into ${lacking.join(', ')}`);
    await options.kind.loadImageArchive({ name: options.cluster, archivePath: options.archivePath, nodes: lacking, ...(options.signal ? { signal: options.signal } : {}), ...(options.log ? { onLine: options.log } : {}) });
  } finally {
    await rm(options.archivePath, { force: true });
  }
  return refs;
}
