// What a world node can pull: the images in the world's registry (MESHDECK_WORLD_REGISTRY,
// which the test run's global setup fills), each found under its mirror name (the source
// registry as the first path component, as MESHDECK_IMAGE_MIRROR lays it out). The ID is the
// manifest's config digest and the size its config plus layers, as containerd counts them.
import { fullImage, type PullSource } from '../controllers/image-pulls.js';

const ACCEPT = ['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.manifest.v1+json'].join(', ');

interface Manifest {
  config?: { digest: string; size: number };
  layers?: Array<{ size: number }>;
}

/** registry.istio.io/release/pilot:1.30.5 -> { repository: 'registry.istio.io/release/pilot', reference: '1.30.5' }. */
export function mirrorPath(ref: string): { repository: string; reference: string } {
  const full = fullImage(ref);
  const at = full.indexOf('@');
  if (at >= 0) return { repository: full.slice(0, at), reference: full.slice(at + 1) };
  const colon = full.lastIndexOf(':');
  return { repository: full.slice(0, colon), reference: full.slice(colon + 1) };
}

export function registrySource(host: string): PullSource {
  return {
    async resolve(ref) {
      const { repository, reference } = mirrorPath(ref);
      const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, { headers: { accept: ACCEPT } });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`the world's registry answered ${response.status} for ${repository}:${reference}`);
      const manifest = (await response.json()) as Manifest;
      if (!manifest.config) throw new Error(`${repository}:${reference} in the world's registry has no single-platform manifest`);
      const size = manifest.config.size + (manifest.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
      return { id: manifest.config.digest, size };
    },
  };
}
