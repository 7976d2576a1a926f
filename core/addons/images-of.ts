// Every container image that a set of objects will run, for the offline kit and image
// pre-pulling. Derived from the manifests actually applied, never a hard-coded list. Pure.

import type { KubeObject } from '../kube';

interface PodSpec {
  containers?: Array<{ image?: string }>;
  initContainers?: Array<{ image?: string }>;
}

function podSpecOf(object: KubeObject): PodSpec | undefined {
  const spec = object.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  switch (object.kind) {
    case 'Pod':
      return spec as PodSpec;
    case 'CronJob':
      return (spec.jobTemplate as { spec?: { template?: { spec?: PodSpec } } } | undefined)?.spec?.template?.spec;
    default:
      // Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, ReplicationController.
      return (spec.template as { spec?: PodSpec } | undefined)?.spec;
  }
}

/** Images of all containers and init containers, each once, in order of appearance. */
export function imagesOf(objects: readonly KubeObject[]): string[] {
  const images = new Set<string>();
  for (const object of objects) {
    const pod = podSpecOf(object);
    for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      if (container.image) images.add(container.image);
    }
  }
  return [...images];
}
