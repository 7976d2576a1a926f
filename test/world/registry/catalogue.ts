// The world's image catalogue: every image its releases can make a lab run, derived from what
// they ship, never a list kept by hand — imagesOf() over each supported Istio release's
// samples (Bookinfo, addons, curl, ...), pilot and proxyv2 under the hub istioctl installs from
// by default, and the kind node image. The registry setup pushes exactly these; a world node
// can pull nothing else.
import { imagesOf } from '../../../core/addons/images-of.js';
import { DEFAULT_NODE_IMAGE } from '../../../core/kind/index.js';
import { parseManifests } from '../../../core/kube/index.js';
import { ISTIO_VERSIONS } from '../../../core/tools/index.js';
import { resolveInstallSpec } from '../istioctl/install-spec.js';
import { istioReleaseFiles } from '../mirror/istio-release-files.js';

/** kindest/node:v1.36.1 (a stand-in cannot carry upstream's digest). */
export const KIND_NODE_STAND_IN = DEFAULT_NODE_IMAGE.replace(/@sha256:[0-9a-f]+$/, '');

export async function worldImageCatalogue(options: { istioVersions?: readonly string[]; referenceDir?: string } = {}): Promise<string[]> {
  const images = new Set<string>();
  for (const version of options.istioVersions ?? ISTIO_VERSIONS) {
    const files = await istioReleaseFiles(version, ...(options.referenceDir ? [options.referenceDir] : []));
    for (const file of files) {
      if (!file.path.startsWith('samples/') || !/\.ya?ml$/.test(file.path)) continue;
      // Templates and kustomize parts are no manifests of their own; their images show elsewhere.
      let objects;
      try {
        objects = parseManifests(file.content.toString('utf8'), file.path);
      } catch {
        continue;
      }
      for (const image of imagesOf(objects)) images.add(image);
    }
    const { hub, tag } = resolveInstallSpec([], [], version);
    images.add(`${hub}/pilot:${tag}`);
    images.add(`${hub}/proxyv2:${tag}`);
  }
  images.add(KIND_NODE_STAND_IN);
  return [...images].sort();
}
