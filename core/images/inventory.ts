// Every image a lab runs, read from what the lab applies, never from a list: the kind node image,
// Istio's images from `istioctl manifest generate -f <the lab's overlay>` plus the sidecar image
// (sidecars are injected, so no manifest names it: the injector's ConfigMap values say which),
// Bookinfo, the addons and the curl client from the release's samples.

import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_ADDONS, imagesOf, readAddonObjects, type AddonName } from '../addons';
import { readBookinfo } from '../bookinfo';
import type { ImageSource } from '../contract';
import type { IstioctlCli } from '../istio';
import { readManifest, type KubeObject } from '../kube';
import { normalizeImageRef } from './image-ref';

export interface ImageNeed {
  /** As the manifests name it, e.g. registry.istio.io/release/pilot:1.30.5 or curlimages/curl:8.16.0. */
  ref: string;
  source: ImageSource;
}

export interface InventoryInputs {
  release: { samplesDir: string };
  /** The overlay the lab installs Istio with (written under the lab dir). */
  overlayPath: string;
  istioctl: Pick<IstioctlCli, 'manifestGenerate'>;
  /** The node image kind runs; absent on the user's own cluster (no kind node). */
  nodeImage?: string;
  addons?: readonly AddonName[];
  signal?: AbortSignal;
}

/** The Helm values the injector renders sidecars from (a JSON string in its ConfigMap). */
interface InjectorValues {
  global?: { hub?: string; tag?: unknown; variant?: string; proxy?: { image?: string } };
}

// The image a rendered manifest leaves for the injector to fill in (gateway Deployments).
const INJECTED = 'auto';

/**
 * The sidecar image as Istio's injector computes it (pkg/kube/inject ProxyImage and
 * imagefetcher.ImageName): global.proxy.image (default proxyv2) under global.hub at global.tag,
 * "-<variant>" appended for a non-default variant; an image with a "/" is a full reference.
 */
export function proxyImageOf(values: InjectorValues): string | undefined {
  const global = values.global ?? {};
  const image = global.proxy?.image || 'proxyv2';
  if (image.includes('/')) return image;
  if (!global.hub || global.tag === undefined || global.tag === '') return undefined;
  const variant = global.variant && global.variant !== 'default' ? `-${global.variant}` : '';
  return `${global.hub}/${image}:${String(global.tag)}${variant}`;
}

/** Istio's images from `istioctl manifest generate` output: every pod template's, then each injector's sidecar image. */
export function istioImagesOf(manifestYaml: string): string[] {
  const objects = parseAllDocuments(manifestYaml)
    .map((document) => document.toJS() as unknown)
    .filter((object): object is KubeObject => typeof object === 'object' && object !== null && 'kind' in object);
  const images = imagesOf(objects).filter((image) => image !== INJECTED);
  for (const object of objects) {
    // One per revision: istio-sidecar-injector, istio-sidecar-injector-<revision>.
    if (object.kind !== 'ConfigMap' || !/^istio-sidecar-injector(-.+)?$/.test(object.metadata?.name ?? '')) continue;
    const text = (object as { data?: { values?: string } }).data?.values;
    if (!text) continue;
    const proxy = proxyImageOf(JSON.parse(text) as InjectorValues);
    if (proxy && !images.includes(proxy)) images.push(proxy);
  }
  return images;
}

/** Adds each image once (by its normalised form), keeping the first source that named it. */
function collect(into: ImageNeed[], seen: Set<string>, refs: readonly string[], source: ImageSource): void {
  for (const ref of refs) {
    const key = normalizeImageRef(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    into.push({ ref, source });
  }
}

/** What the lab needs, node image first (cluster creation waits for it), then Istio, Bookinfo, addons, curl. */
export async function labImageInventory(inputs: InventoryInputs): Promise<ImageNeed[]> {
  const { samplesDir } = inputs.release;
  const [istio, bookinfo, addons, curl] = await Promise.all([
    inputs.istioctl.manifestGenerate(inputs.overlayPath, inputs.signal ? { signal: inputs.signal } : {}).then(istioImagesOf),
    readBookinfo(join(samplesDir, 'bookinfo')).then((objects) => imagesOf(objects.app)),
    readAddonObjects(join(samplesDir, 'addons'), { addons: inputs.addons ?? DEFAULT_ADDONS }).then(imagesOf),
    readManifest(join(samplesDir, 'curl', 'curl.yaml')).then(imagesOf),
  ]);
  const needs: ImageNeed[] = [];
  const seen = new Set<string>();
  if (inputs.nodeImage) collect(needs, seen, [inputs.nodeImage], 'node');
  collect(needs, seen, istio, 'istio');
  collect(needs, seen, bookinfo, 'bookinfo');
  collect(needs, seen, addons, 'addons');
  collect(needs, seen, curl, 'curl');
  return needs;
}
