// Loads the upstream Kubernetes .proto files once (found through kubernetes-reference.ts, never
// copied into the repository) and maps an apiVersion + kind to its protobuf message type, the
// way the API server's scheme does: group "" is k8s.io.api.core, "apps" k8s.io.api.apps, and a
// dotted group its first label (authentication.k8s.io → k8s.io.api.authentication).
import { isAbsolute, join } from 'node:path';
import protobuf from 'protobufjs';
import { coreProto, findKubernetesReference } from '../../support/kubernetes-reference';

const apiFiles = [coreProto, 'k8s.io/api/apps/v1/generated.proto', 'k8s.io/api/authentication/v1/generated.proto'];
export const metaPackage = 'k8s.io.apimachinery.pkg.apis.meta.v1';
export const unknownType = 'k8s.io.apimachinery.pkg.runtime.Unknown';

let loaded: protobuf.Root | null | undefined;

/** The loaded definitions, or undefined when the reference files are not on this machine. */
export function kubernetesProtos(): protobuf.Root | undefined {
  if (loaded === undefined) {
    const dir = findKubernetesReference();
    if (!dir) {
      loaded = null;
    } else {
      const root = new protobuf.Root();
      // Imports name paths from the reference folder's top ("k8s.io/apimachinery/…").
      root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(dir, target));
      // keepCase: the .proto field names are the Go JSON names; comments feed presence rules.
      root.loadSync(apiFiles, { keepCase: true, alternateCommentMode: true });
      root.resolveAll();
      loaded = root;
    }
  }
  return loaded ?? undefined;
}

function packageOf(apiVersion: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (group === 'meta.k8s.io') return metaPackage;
  const label = group === '' ? 'core' : group.split('.')[0];
  // Only the built-in groups have .proto files: CRDs (istio.io, …) are JSON-only, as on a real server.
  if (group.includes('.') && !group.endsWith('.k8s.io')) return undefined;
  return `k8s.io.api.${label}.${version}`;
}

/** The message type of apiVersion/kind, or undefined when the loaded definitions have none. */
export function messageTypeOf(root: protobuf.Root, apiVersion: string, kind: string): protobuf.Type | undefined {
  const pkg = kind === 'Status' && apiVersion === 'v1' ? metaPackage : packageOf(apiVersion);
  if (!pkg || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  const found = root.lookup(`${pkg}.${kind}`);
  return found instanceof protobuf.Type ? found : undefined;
}
