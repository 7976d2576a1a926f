// Reads the telemetry addons from the Istio release's samples/addons folder (the path comes
// from core/tools) and returns the objects to apply, Grafana made embeddable. Loki only when
// asked. It never ships or edits upstream YAML; applying the objects is core/kube's job.

import { join } from 'node:path';
import { readManifest, type ManifestObject } from '../kube';
import { allowGrafanaEmbedding } from './grafana-embedding';

export const ADDON_NAMES = ['prometheus', 'grafana', 'kiali', 'jaeger', 'loki'] as const;
export type AddonName = (typeof ADDON_NAMES)[number];
export const DEFAULT_ADDONS: readonly AddonName[] = ['prometheus', 'grafana', 'kiali', 'jaeger'];

export interface Addon {
  name: AddonName;
  file: string;
  objects: ManifestObject[];
}

export interface ReadAddonsOptions {
  /** Which addons; default Prometheus, Grafana, Kiali and Jaeger. */
  addons?: readonly AddonName[];
}

/** Each addon's objects in file order, with Grafana's Deployment allowed to be embedded. */
export async function readAddons(addonsDir: string, options: ReadAddonsOptions = {}): Promise<Addon[]> {
  const names = options.addons ?? DEFAULT_ADDONS;
  return Promise.all(
    names.map(async (name) => {
      const file = join(addonsDir, `${name}.yaml`);
      const objects = await readManifest(file);
      return { name, file, objects: name === 'grafana' ? allowGrafanaEmbedding(objects) : objects };
    }),
  );
}

/** All objects of the chosen addons, one list in addon order. */
export async function readAddonObjects(addonsDir: string, options: ReadAddonsOptions = {}): Promise<ManifestObject[]> {
  return (await readAddons(addonsDir, options)).flatMap((addon) => addon.objects);
}
