// The one change MeshDeck makes to the upstream addons: Grafana's Deployment gets
// GF_SECURITY_ALLOW_EMBEDDING=true so the app can show it in a pane. A pure function on parsed
// objects (no text surgery): the Deployment is copied, every other object is passed through.

import { AppError } from '../contract';
import type { ManifestObject } from '../kube';

export const GRAFANA_EMBEDDING_ENV = { name: 'GF_SECURITY_ALLOW_EMBEDDING', value: 'true' } as const;

interface EnvVar {
  name: string;
  value?: string;
  [key: string]: unknown;
}

interface Container {
  name: string;
  env?: EnvVar[];
  [key: string]: unknown;
}

function isGrafanaDeployment(object: ManifestObject): boolean {
  return object.kind === 'Deployment' && object.metadata.name === 'grafana';
}

function podContainers(deployment: ManifestObject): Container[] | undefined {
  const spec = deployment.spec as { template?: { spec?: { containers?: Container[] } } } | undefined;
  return spec?.template?.spec?.containers;
}

/** Returns the objects with Grafana's container allowed to be embedded; the input is not changed. */
export function allowGrafanaEmbedding(objects: readonly ManifestObject[]): ManifestObject[] {
  let found = false;
  const result = objects.map((object) => {
    if (!isGrafanaDeployment(object)) return object;
    const copy = structuredClone(object);
    const grafana = podContainers(copy)?.find((container) => container.name === 'grafana');
    if (!grafana) return copy;
    found = true;
    const env = (grafana.env ?? []).filter((variable) => variable.name !== GRAFANA_EMBEDDING_ENV.name);
    grafana.env = [...env, { ...GRAFANA_EMBEDDING_ENV }];
    return copy;
  });
  if (!found) {
    throw new AppError('INVALID_ARGUMENT', 'The Grafana addon has no Deployment "grafana" with a container "grafana", so it cannot be embedded. Use the Istio release MeshDeck pins.', {});
  }
  return result;
}
