// The kit's view of Docker, built on core/images: the lab's inventory (from the Istio release's
// istioctl and samples, the same reading `up` does), presence and pulls through HostImages, one
// `docker save` per image, and `docker load` (dockerode loadImage) with its JSON stream checked.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { AppError } from '../contract';
import { exec } from '../exec';
import { createHostImages, labImageInventory } from '../images';
import { istioctlCli, istioOverlay, renderIstioOverlay } from '../istio';
import { DEFAULT_NODE_IMAGE } from '../kind';
import { ensureIstio, type EnsureToolOptions } from '../tools';
import type { KitImages } from './kit-deps';
import { imagePlatform } from './kit-platform';

// The node ports only place the gateway; they do not change which images Istio runs.
const OVERLAY = { profile: 'demo', httpNodePort: 30080, httpsNodePort: 30443 };

export interface KitImagesOptions {
  docker: Docker;
  env: NodeJS.ProcessEnv;
  arch: string;
  /** How to reach the Istio release the inventory is read from (downloaded for an export). */
  tools: () => EnsureToolOptions & { version: string };
}

export function kitImages(options: KitImagesOptions): KitImages {
  const host = createHostImages(options.docker);
  const platform = imagePlatform(options.arch);
  return {
    inventory: (signal) => labInventory(options, signal),
    inspect: async (refs) => new Map([...(await host.inspect(refs)).entries()].map(([ref, image]) => [ref, image ? { sizeBytes: image.sizeBytes } : undefined])),
    pull: async (refs, { signal, onProgress }) => {
      const mirror = options.env.MESHDECK_IMAGE_MIRROR || null;
      await host.pull(refs, {
        mirror,
        signal,
        onProgress: (p) => onProgress?.(`Pulling ${p.current ?? 'images'}: ${(p.bytesDone / 1e6).toFixed(1)} of ${(p.bytesTotal / 1e6).toFixed(1)} MB · ${p.imagesDone} of ${p.imagesTotal} images`, p.bytesTotal > 0 ? Math.round((p.bytesDone / p.bytesTotal) * 100) : null),
      });
    },
    save: (ref, file, { signal }) => host.save([ref], file, { platform, signal }),
    load: (archive, { signal }) => loadImage(options.docker, archive, signal),
  };
}

async function labInventory(options: KitImagesOptions, signal: AbortSignal): Promise<string[]> {
  const release = await ensureIstio({ ...options.tools(), signal });
  const dir = await mkdtemp(join(tmpdir(), 'meshdeck-kit-'));
  try {
    const overlayPath = join(dir, 'istio-overlay.yaml');
    await writeFile(overlayPath, renderIstioOverlay(istioOverlay(OVERLAY)));
    const istioctl = istioctlCli({ istioctlPath: release.istioctl, exec, env: options.env });
    const needs = await labImageInventory({ release, overlayPath, istioctl, nodeImage: options.env.MESHDECK_KIND_NODE_IMAGE || DEFAULT_NODE_IMAGE, signal });
    return needs.map((need) => need.ref);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `docker load` of one archive; the engine reports failures inside its JSON stream, not by status. */
export async function loadImage(docker: Docker, archive: NodeJS.ReadableStream, signal: AbortSignal): Promise<void> {
  const response = (await docker.loadImage(archive, { abortSignal: signal } as object)) as NodeJS.ReadableStream;
  let text = '';
  for await (const chunk of response as AsyncIterable<Buffer>) text += chunk.toString('utf8');
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
    if (event.error || event.errorDetail) {
      throw new AppError('KIT_INVALID', `Docker refused an image of the kit: ${event.errorDetail?.message ?? event.error}. Export the kit again.`, { docker: event.error ?? event.errorDetail?.message ?? null });
    }
  }
}
