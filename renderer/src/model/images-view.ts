// What the Images section shows of an image report: rows in a stable order (node image first,
// then by the part of the lab that runs them), sizes as text, and the totals line.

import { formatBytes, type ImageInfo, type ImageSource, type ImagesReportInfo } from '../../../core/contract';

export const SOURCE_LABELS: Record<ImageSource, string> = { node: 'kind node', istio: 'Istio', bookinfo: 'Bookinfo', addons: 'Addons', curl: 'curl' };
const SOURCE_ORDER: ImageSource[] = ['node', 'istio', 'bookinfo', 'addons', 'curl'];

export function sortedImages(images: ImageInfo[]): ImageInfo[] {
  return [...images].sort((a, b) => SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source) || a.ref.localeCompare(b.ref));
}

/** A reference as the table shows it: a pinned digest cut to its first 12 hex digits (the full one is the cell's title). */
export function displayRef(ref: string): string {
  return ref.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, '@sha256:$1…');
}

export function imageSize(image: ImageInfo): string {
  return image.sizeBytes === null ? 'not pulled' : formatBytes(image.sizeBytes);
}

export interface ImagesTotals {
  count: number;
  onHost: number;
  /** Null when there is no node to ask (no kind lab yet, or the user's own cluster). */
  inNode: number | null;
  /** Images the node needs loaded: all but the node image itself. */
  nodeNeeds: number;
  hostBytes: number;
  hubPulls: number;
}

export function imagesTotals(report: ImagesReportInfo): ImagesTotals {
  const nodeImages = report.images.filter((image) => image.source !== 'node');
  const asked = report.lab !== null && nodeImages.some((image) => image.node !== null);
  return {
    count: report.images.length,
    onHost: report.images.filter((image) => image.host).length,
    inNode: asked ? nodeImages.filter((image) => image.node === true).length : null,
    nodeNeeds: nodeImages.length,
    hostBytes: report.images.reduce((sum, image) => sum + (image.sizeBytes ?? 0), 0),
    hubPulls: report.dockerHubPulls,
  };
}

/** One line under the table: how complete this computer and the node are, and what Hub pulls remain. */
export function totalsLine(totals: ImagesTotals): string {
  const parts = [`${totals.onHost} of ${totals.count} on this computer (${formatBytes(totals.hostBytes)})`];
  parts.push(totals.inNode === null ? 'no lab node to ask yet' : `${totals.inNode} of ${totals.nodeNeeds} in the lab's node`);
  parts.push(totals.hubPulls === 0 ? 'no Docker Hub pulls left to make' : `${totals.hubPulls} Docker Hub pull${totals.hubPulls === 1 ? '' : 's'} left to make`);
  return parts.join(' · ');
}
