// The doctor's image findings: room on the disk where Docker keeps images for what the lab will
// pull and load, and how many pulls would count against Docker Hub's anonymous limit. Both read
// the lab's image report (images.list), so they judge what this lab needs, not a guess.

import { formatBytes, type DoctorFindingInfo, type ImageInfo, type ImagesReportInfo } from '../contract';
import type { DockerStorage } from './docker-storage';

/** Docker's on-disk size of a typical Istio or Bookinfo image, for images not on the host yet. */
export const ESTIMATED_IMAGE_BYTES = 300_000_000;
/** The kind node image (kindest/node) unpacks to about 1 GB. */
export const ESTIMATED_NODE_IMAGE_BYTES = 1_000_000_000;
/** Below this, Docker, etcd and the pods' logs inside the node fail however few images are pulled. */
export const DISK_FLOOR_BYTES = 2_000_000_000;
/**
 * Docker Hub allows 100 anonymous pulls per 6 h per address. A classroom shares one address behind
 * its NAT: above 10 pulls per laptop, 10 laptops use the allowance up.
 */
export const HUB_PULLS_PER_ADDRESS = 100;
export const HUB_PULL_WARN = 10;

export type ImagesOutcome = { ok: true; report: ImagesReportInfo } | { ok: false; reason: string };

const FREE_ADVICE = '`docker system df` shows what Docker keeps; `docker image prune` removes dangling images and `docker image prune -a` every image no container uses.';

function sizeOf(image: ImageInfo): { bytes: number; estimated: boolean } {
  if (image.sizeBytes !== null) return { bytes: image.sizeBytes, estimated: false };
  return { bytes: image.source === 'node' ? ESTIMATED_NODE_IMAGE_BYTES : ESTIMATED_IMAGE_BYTES, estimated: true };
}

/**
 * Bytes still to be written under Docker's root: each image the host lacks, plus the node's own
 * copy of each image it lacks (the kind node's containerd store is a Docker volume on the same disk).
 */
export function imageBytesNeeded(images: ImageInfo[]): { bytes: number; estimated: number; pulls: number; loads: number } {
  let bytes = 0;
  let estimated = 0;
  let pulls = 0;
  let loads = 0;
  for (const image of images) {
    const size = sizeOf(image);
    const pull = !image.host;
    const load = image.source !== 'node' && image.node !== true;
    if (pull) pulls++;
    if (load) loads++;
    const copies = (pull ? 1 : 0) + (load ? 1 : 0);
    bytes += copies * size.bytes;
    if (size.estimated && copies > 0) estimated++;
  }
  return { bytes, estimated, pulls, loads };
}

export function checkImageDisk(storage: DockerStorage, images: ImagesOutcome): DoctorFindingInfo {
  const base = { id: 'image-disk', title: 'Disk space for images' } as const;
  if (!storage.measured) {
    const need = images.ok ? ` The lab's images need about ${formatBytes(imageBytesNeeded(images.report.images).bytes)} more.` : '';
    return { ...base, status: 'skipped', summary: `Free space cannot be measured from here: ${storage.reason}.${need}`, advice: `Check the engine's disk yourself: ${FREE_ADVICE}` };
  }
  const free = formatBytes(storage.freeBytes);
  const facts: Record<string, string | number> = { rootDir: storage.rootDir, freeBytes: storage.freeBytes };
  if (storage.freeBytes < DISK_FLOOR_BYTES) {
    return { ...base, status: 'fail', summary: `Only ${free} is free in ${storage.rootDir}, where Docker keeps images; a lab needs at least ${formatBytes(DISK_FLOOR_BYTES)} before any image.`, advice: `Free space first: ${FREE_ADVICE}`, facts };
  }
  if (!images.ok) return { ...base, status: 'skipped', summary: `${free} is free in ${storage.rootDir}; the lab's images could not be listed (${images.reason}).`, facts };
  const need = imageBytesNeeded(images.report.images);
  facts.neededBytes = need.bytes;
  const what = `${need.pulls} to pull, ${need.loads} to load into the node${need.estimated > 0 ? `; ${need.estimated} sized by estimate (${formatBytes(ESTIMATED_IMAGE_BYTES)} each, ${formatBytes(ESTIMATED_NODE_IMAGE_BYTES)} for the node image)` : ''}`;
  if (need.bytes === 0) return { ...base, status: 'ok', summary: `Every image the lab needs is already there; ${free} free in ${storage.rootDir}.`, facts };
  if (storage.freeBytes < need.bytes + DISK_FLOOR_BYTES) {
    return {
      ...base,
      status: 'warn',
      summary: `The lab's images need about ${formatBytes(need.bytes)} more (${what}), and ${formatBytes(DISK_FLOOR_BYTES)} to spare; ${free} is free in ${storage.rootDir}.`,
      advice: `Free at least ${formatBytes(need.bytes + DISK_FLOOR_BYTES - storage.freeBytes)}: ${FREE_ADVICE}`,
      facts,
    };
  }
  return { ...base, status: 'ok', summary: `${free} free in ${storage.rootDir}; the lab's images need about ${formatBytes(need.bytes)} more (${what}).`, facts };
}

export function checkDockerHub(images: ImagesOutcome): DoctorFindingInfo {
  const base = { id: 'docker-hub', title: 'Docker Hub pull limit' } as const;
  if (!images.ok) return { ...base, status: 'skipped', summary: `Not checked: the lab's images could not be listed (${images.reason}).` };
  const { dockerHubPulls: pulls, mirror } = images.report;
  const facts = { dockerHubPulls: pulls, mirror: mirror ?? '' };
  if (pulls === 0) {
    return { ...base, status: 'ok', summary: mirror ? `No image comes from Docker Hub: the mirror ${mirror} serves them.` : 'No image is left to pull from Docker Hub.', facts };
  }
  const counted = `${pulls} image${pulls === 1 ? '' : 's'}`;
  if (pulls <= HUB_PULL_WARN) return { ...base, status: 'ok', summary: `${counted} would be pulled from Docker Hub, within its anonymous limit.`, facts };
  const laptops = Math.floor(HUB_PULLS_PER_ADDRESS / pulls);
  return {
    ...base,
    status: 'warn',
    summary: `${counted} would be pulled from Docker Hub; a classroom behind one address shares ${HUB_PULLS_PER_ADDRESS} anonymous pulls per 6 hours, enough for ${laptops} laptop${laptops === 1 ? '' : 's'}.`,
    advice: 'Prepare a workshop kit once (`meshdeck kit export FILE`) and import it on each laptop (`meshdeck kit import FILE`), or point MESHDECK_IMAGE_MIRROR at a registry mirror (host:port).',
    facts,
  };
}
