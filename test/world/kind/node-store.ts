// A node's image store as the kubelet and `kind load` see it. With Docker it is the node
// container's own store, read with its `crictl images -o json` and written by its `ctr` (imports)
// or the store helper (the kubelet's pulls); without Docker it lives in the cluster runner's
// memory, which is the world state then.
import type Docker from 'dockerode';
import type { NodeImage, NodeImageStore } from '../controllers/image-pulls.js';
import { execInNode } from './node-exec.js';

interface CrictlImages {
  images?: Array<{ id: string; repoTags?: string[]; size?: string }>;
}

/** Parses `crictl images -o json` into one entry per tag. */
export function parseCrictlImages(json: string): NodeImage[] {
  const parsed = JSON.parse(json) as CrictlImages;
  return (parsed.images ?? []).flatMap((image) => (image.repoTags ?? []).filter(Boolean).map((ref) => ({ ref, id: image.id, size: Number(image.size ?? 0) })));
}

export class DockerNodeStore implements NodeImageStore {
  constructor(
    private readonly docker: Docker,
    private readonly containerId: string,
  ) {}

  async list(): Promise<NodeImage[]> {
    const result = await execInNode(this.docker, this.containerId, ['crictl', 'images', '-o', 'json']);
    if (result.exitCode !== 0) throw new Error(`crictl images failed in the node (exit ${result.exitCode}): ${result.stderr.trim()}`);
    return parseCrictlImages(result.stdout);
  }

  async add(image: NodeImage): Promise<void> {
    const result = await execInNode(this.docker, this.containerId, ['sh', '/usr/local/lib/meshdeck/store', 'add', image.ref, image.id, String(image.size)]);
    if (result.exitCode !== 0) throw new Error(`the node's image store refused ${image.ref}: ${result.stderr.trim()}`);
  }
}

export class MemoryNodeStore implements NodeImageStore {
  private readonly images = new Map<string, NodeImage>();

  list(): Promise<NodeImage[]> {
    return Promise.resolve([...this.images.values()]);
  }

  add(image: NodeImage): Promise<void> {
    this.images.set(image.ref, image);
    return Promise.resolve();
  }
}
