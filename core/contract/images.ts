// Images and the offline kit (issue [6/8], DESIGN "Images and the offline kit"): what the lab
// needs, where each image is (the host's Docker, the kind node), and the kit's tasks. Pure types
// and argument schemas; the work is in core/images and core/kit.

import type { TaskRefInfo } from './dto';
import { boolean, object, optional, string } from './schema';

/** Which part of the lab runs the image (the manifests it was read from). */
export type ImageSource = 'node' | 'istio' | 'bookinfo' | 'addons' | 'curl';

export interface ImageInfo {
  /** The reference as the manifests name it, e.g. registry.istio.io/release/pilot:1.30.5. */
  ref: string;
  source: ImageSource;
  /** Bytes on the host once pulled (Docker's Size), or null while the host lacks it. */
  sizeBytes: number | null;
  /** The host's Docker has it under this exact reference. */
  host: boolean;
  /** The lab's kind node has it (`crictl images` in the node); null when there is no kind node to ask. */
  node: boolean | null;
  /** Where a pull would fetch it from when a mirror rewrites its registry (absent: from `ref` itself). */
  pullFrom?: string;
}

export interface ImagesReportInfo {
  /** The kind cluster asked, or null when the lab has no node (not created yet, or the user's own cluster). */
  lab: string | null;
  /** linux/amd64 or linux/arm64: the platform saved and loaded. */
  platform: string;
  /** MESHDECK_IMAGE_MIRROR or the setting, e.g. 127.0.0.1:5000; null when none. */
  mirror: string | null;
  images: ImageInfo[];
  /** How many images the host would still pull from Docker Hub (the anonymous limit is 100 per 6 h per address). */
  dockerHubPulls: number;
}

/** One part of a kit, as its manifest lists it. */
export interface KitPartInfo {
  /** Path inside the kit archive, e.g. tools/kind-linux-amd64, images/0003.tar. */
  path: string;
  kind: 'kind' | 'istio-release' | 'gateway-api-crds' | 'image';
  /** For images: the reference; for tools: the file name as downloaded. */
  name: string;
  bytes: number;
  sha256: string;
  /** Images: Docker's image ID (config digest), which survives save and load when a repo digest does not. */
  imageId?: string;
}

export interface KitManifestInfo {
  format: 'meshdeck-kit/v1';
  createdAt: string;
  meshdeckVersion: string;
  platform: string;
  kindVersion: string;
  istioVersion: string;
  parts: KitPartInfo[];
}

// A file on this machine: any path on one line (the core resolves it against its working folder).
const filePath = string({ pattern: /^[^\0\r\n]+$/, maxLength: 4096, hint: 'a path to a file, e.g. ./istio-workshop.kit' });
const clusterName = string({ pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, hint: 'a DNS-1123 name (lowercase letters, digits and -)' });
const contextName = string({ pattern: /^[^\s]{1,253}$/, hint: 'a kube context name' });

export const IMAGE_METHOD_PARAMS = {
  /** Every image the lab needs (from the manifests it applies), with host and node presence. */
  'images.list': object({ name: optional(clusterName), context: optional(contextName), istioVersion: optional(string({ pattern: /^\d+\.\d+\.\d+$/, hint: 'an Istio version such as 1.30.5' })) }),
  /** Writes a kit to `path` (a task: progress in bytes; nothing half-written is left if it fails). */
  'kit.export': object({ path: filePath, overwrite: optional(boolean()) }),
  /** Verifies every part of the kit at `path`, then loads images into Docker and tools into the cache (a task). */
  'kit.import': object({ path: filePath }),
} as const;

export interface ImageMethodResults {
  'images.list': ImagesReportInfo;
  'kit.export': TaskRefInfo;
  'kit.import': TaskRefInfo;
}

/** What a finished kit task returns (TaskInfo.result). */
export type KitTaskResultInfo = { kind: 'kit-export'; path: string; manifest: KitManifestInfo } | { kind: 'kit-import'; path: string; manifest: KitManifestInfo; loadedImages: string[] };
