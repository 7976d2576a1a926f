// Stand-in images in the world's registry: for each reference, an image built in the real Docker
// engine (`docker import` of a static busybox plus a filler file of deterministic,
// incompressible bytes, so sizes and byte progress are real), pushed under its mirror name
// (registry host, then the source registry as the first path component) and untagged locally,
// so the host starts without it. A reference the registry already holds is left as it is.
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { create } from 'tar';
import { findStaticBusybox } from '../kind/node-image.js';
import { mirrorPath } from './registry-source.js';

export const DEFAULT_FILLER_BYTES = 32 * 1024;

export interface PushedImage {
  /** Where it is in the registry, e.g. 127.0.0.1:5000/docker.io/library/busybox:latest. */
  mirrorRef: string;
  /** The manifest digest the registry gives it (what a @sha256: pin names). */
  digest: string;
}

/** Bytes only this reference has: SHA-256 in counter mode, seeded by the name. */
export function fillerBytes(ref: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, block = 0; offset < size; block++) {
    const chunk = createHash('sha256').update(`${ref}\n${block}`).digest();
    offset += chunk.copy(out, offset);
  }
  return out;
}

export function mirrorRefOf(registryHost: string, ref: string): string {
  const { repository, reference } = mirrorPath(ref.replace(/@sha256:[0-9a-f]+$/, ''));
  return `${registryHost}/${repository}:${reference}`;
}

async function rootfs(ref: string, bytes: number): Promise<Buffer> {
  const busybox = await findStaticBusybox();
  if (!busybox) throw new Error('no static busybox found at /bin/busybox: install the Debian package busybox-static (stand-in images are built from it)');
  const scratch = await mkdtemp(join(tmpdir(), 'meshdeck-stand-in-'));
  try {
    await mkdir(join(scratch, 'bin'));
    await copyFile(busybox.path, join(scratch, 'bin', 'busybox'));
    await chmod(join(scratch, 'bin', 'busybox'), 0o755);
    await symlink('busybox', join(scratch, 'bin', 'sh'));
    await writeFile(join(scratch, 'meshdeck-filler'), fillerBytes(ref, bytes));
    const chunks: Buffer[] = [];
    for await (const chunk of create({ cwd: scratch, portable: true }, ['bin', 'meshdeck-filler']) as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function follow(docker: Docker, stream: NodeJS.ReadableStream): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, events: Array<Record<string, unknown>>) => {
      const failed = events?.find((e) => e['error']);
      if (error || failed) reject(error ?? new Error(String(failed?.['error'])));
      else resolve(events);
    });
  });
}

async function existing(registryHost: string, ref: string): Promise<string | undefined> {
  const { repository, reference } = mirrorPath(ref.replace(/@sha256:[0-9a-f]+$/, ''));
  const accept = 'application/vnd.docker.distribution.manifest.v2+json';
  const response = await fetch(`http://${registryHost}/v2/${repository}/manifests/${reference}`, { method: 'HEAD', headers: { accept } });
  return response.ok ? (response.headers.get('docker-content-digest') ?? undefined) : undefined;
}

async function pushOne(docker: Docker, registryHost: string, ref: string, bytes: number): Promise<PushedImage> {
  const mirrorRef = mirrorRefOf(registryHost, ref);
  const already = await existing(registryHost, ref);
  if (already) return { mirrorRef, digest: already };
  const colon = mirrorRef.lastIndexOf(':');
  await follow(docker, await docker.importImage(Readable.from(await rootfs(ref, bytes)), { repo: mirrorRef.slice(0, colon), tag: mirrorRef.slice(colon + 1) }));
  const image = docker.getImage(mirrorRef);
  try {
    // The engine wants an X-Registry-Auth header even for a registry without auth.
    const events = await follow(docker, await image.push({ authconfig: { serveraddress: registryHost } }));
    const digest = events.map((e) => (e['aux'] as { Digest?: string } | undefined)?.Digest).find(Boolean);
    if (!digest) throw new Error(`pushing ${mirrorRef} reported no digest`);
    return { mirrorRef, digest };
  } finally {
    await image.remove({ force: true }).catch(() => undefined);
  }
}

export async function pushStandIns(
  docker: Docker,
  registry: { host: string },
  refs: readonly string[],
  options: { bytes?: (ref: string) => number } = {},
): Promise<Map<string, PushedImage>> {
  const pushed = new Map<string, PushedImage>();
  for (const ref of new Set(refs)) pushed.set(ref, await pushOne(docker, registry.host, ref, options.bytes?.(ref) ?? DEFAULT_FILLER_BYTES));
  return pushed;
}
