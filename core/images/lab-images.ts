// What the lab's plan uses of core/images, over one Docker client: the host's images, the kind
// nodes (their containers, their stores) and the load of what they lack, for one platform.

import type Docker from 'dockerode';
import { KIND_CLUSTER_LABEL } from '../docker';
import type { KindCli } from '../kind';
import { createHostImages, type HostImages } from './host-images';
import { loadIntoNodes, nodeImages, type LoadIntoNodesOptions, type NodeStore } from './node-images';

export interface LabImages {
  /** linux/amd64 or linux/arm64: what is saved and loaded into the nodes. */
  platform: string;
  host: HostImages;
  /** The node containers of a kind cluster (running or not), e.g. meshdeck-control-plane. */
  nodes(cluster: string, signal?: AbortSignal): Promise<string[]>;
  nodeStore(node: string, signal?: AbortSignal): Promise<NodeStore>;
  load(options: Omit<LoadIntoNodesOptions, 'docker' | 'hostImages' | 'platform'> & { kind: Pick<KindCli, 'loadImageArchive'> }): Promise<string[]>;
}

/** The platform of images for this machine's Docker (kind nodes run on the engine's architecture). */
export function imagePlatform(arch: string): string {
  return `linux/${arch === 'x64' ? 'amd64' : arch === 'arm' ? 'arm/v7' : arch}`;
}

export function createLabImages(docker: Docker, arch: string): LabImages {
  const host = createHostImages(docker);
  const platform = imagePlatform(arch);
  return {
    platform,
    host,
    nodes: async (cluster, signal) => {
      const containers = await docker.listContainers({ all: true, filters: { label: [`${KIND_CLUSTER_LABEL}=${cluster}`] }, ...(signal ? { abortSignal: signal } : {}) });
      return containers.map((container) => (container.Names[0] ?? '').replace(/^\//, '')).filter(Boolean).sort();
    },
    nodeStore: (node, signal) => nodeImages(docker, node, signal),
    load: (options) => loadIntoNodes({ ...options, docker, hostImages: host, platform }),
  };
}
