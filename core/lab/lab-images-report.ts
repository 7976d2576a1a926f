// images.list: every image the lab needs (read from what it applies, as the plan's images step
// reads it), whether the host's Docker has it, and whether the lab's kind node has it. Changes
// nothing: the overlay the inventory needs is written to a temporary folder.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageInfo, ImagesReportInfo } from '../contract';
import { isDockerHub, labImageInventory, mirrorRef, nodeHas, type NodeStore } from '../images';
import { istioOverlay, renderIstioOverlay } from '../istio';
import type { LabConfig } from './lab-config';
import type { LabDeps } from './lab-deps';

/** The stores of the lab's kind nodes, or undefined when there is no running node to ask. */
async function nodeStores(config: LabConfig, deps: Pick<LabDeps, 'images'>, signal: AbortSignal): Promise<NodeStore[] | undefined> {
  if (config.provider !== 'kind') return undefined;
  const images = deps.images();
  const nodes = await images.nodes(config.name, signal);
  if (nodes.length === 0) return undefined;
  try {
    return await Promise.all(nodes.map((node) => images.nodeStore(node, signal)));
  } catch {
    // A stopped node cannot be asked: the report says "unknown" for the node rather than failing.
    return undefined;
  }
}

async function inventoryOf(config: LabConfig, deps: Pick<LabDeps, 'ensureIstio' | 'istioctl'>, signal: AbortSignal) {
  const release = await deps.ensureIstio(config, { signal, progress: () => undefined, log: () => undefined });
  const dir = await mkdtemp(join(tmpdir(), 'meshdeck-images-'));
  try {
    const overlayPath = join(dir, 'istio-overlay.yaml');
    await writeFile(overlayPath, renderIstioOverlay(istioOverlay({ profile: 'demo', httpNodePort: config.httpNodePort, httpsNodePort: config.httpsNodePort })));
    return await labImageInventory({ release, overlayPath, istioctl: deps.istioctl(release.istioctl), ...(config.provider === 'kind' ? { nodeImage: config.nodeImage } : {}), signal });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function labImagesReport(config: LabConfig, deps: Pick<LabDeps, 'ensureIstio' | 'istioctl' | 'images'>, signal: AbortSignal): Promise<ImagesReportInfo> {
  const needs = await inventoryOf(config, deps, signal);
  const images = deps.images();
  const [host, stores] = await Promise.all([images.host.inspect(needs.map((need) => need.ref), signal), nodeStores(config, deps, signal)]);
  const mirror = config.imageMirror;
  const infos: ImageInfo[] = needs.map((need) => {
    const found = host.get(need.ref);
    // The node runs from the node image; everything else must be in its containerd store.
    const node = stores === undefined ? null : need.source === 'node' ? true : stores.every((store) => nodeHas(store, need.ref));
    return { ref: need.ref, source: need.source, sizeBytes: found?.sizeBytes ?? null, host: found !== undefined, node, ...(mirror ? { pullFrom: mirrorRef(need.ref, mirror) } : {}) };
  });
  return {
    lab: stores === undefined ? null : config.name,
    platform: images.platform,
    mirror,
    images: infos,
    dockerHubPulls: mirror ? 0 : infos.filter((info) => !info.host && isDockerHub(info.ref)).length,
  };
}
