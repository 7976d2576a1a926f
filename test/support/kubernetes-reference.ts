// The one place that finds the upstream Kubernetes .proto files (k8s.io/api and apimachinery)
// that the test world reads to decode and encode `application/vnd.kubernetes.protobuf` bodies:
// MESHDECK_KUBERNETES_REFERENCE, then ../shared/reference/kubernetes beside the repository.
// The repository never copies them; without them protobuf bodies get the 415 they always got.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot as findRepoRoot } from '../world/mirror/repo-paths';

// Walked up to, not counted: this module also runs inside the world's bundled stand-ins.
const repoRoot = findRepoRoot();
export const kubernetesBesideRepo = join(repoRoot, '..', 'shared', 'reference', 'kubernetes');

/** The file every loader starts from: its imports pull in meta/v1, runtime, intstr and resource. */
export const coreProto = 'k8s.io/api/core/v1/generated.proto';

function isReference(dir: string): boolean {
  return existsSync(join(dir, coreProto)) && existsSync(join(dir, 'k8s.io', 'apimachinery', 'pkg', 'runtime', 'generated.proto'));
}

/** The folder holding k8s.io/…/generated.proto on this machine; undefined when there is none. */
export function findKubernetesReference(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env['MESHDECK_KUBERNETES_REFERENCE'];
  if (chosen) {
    if (!isReference(chosen)) throw new Error(`MESHDECK_KUBERNETES_REFERENCE=${chosen} has no ${coreProto}: point it at a folder with k8s.io/api and k8s.io/apimachinery .proto files (v0.36) or unset it.`);
    return chosen;
  }
  return isReference(kubernetesBesideRepo) ? kubernetesBesideRepo : undefined;
}

/** Why protobuf bodies cannot be read, for 415 messages and skip lines. */
export function missingKubernetesReferenceAdvice(): string {
  return `the Kubernetes .proto files are not on this machine: set MESHDECK_KUBERNETES_REFERENCE to a folder with k8s.io/api and k8s.io/apimachinery (v0.36.3) or put shared/reference/kubernetes beside the repository (${kubernetesBesideRepo})`;
}
