// The one shape of a Kubernetes object MeshDeck moves as plain JSON (no client-node model
// classes, so nothing is dropped or renamed on the way): apiVersion, kind, the metadata fields
// MeshDeck reads and a spec of any shape (diffs and resets compare specs of any kind). Each kind
// narrows its spec in its file under resources/; a client-node or @kubernetes-models type
// (V1Service, IVirtualService, IGateway…) is a KubeObject as it is, without a cast.

export interface KubeMetadata {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
  uid?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Who wrote the object's fields; MeshDeck reads only the manager names. */
  managedFields?: readonly { manager?: string }[];
  ownerReferences?: readonly { kind?: string; name?: string; uid?: string; controller?: boolean }[];
  /** Set once deletion started; only its presence matters (a Date in client-node's models, a string on the wire). */
  deletionTimestamp?: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeMetadata;
  spec?: unknown;
}

/** "Deployment bookinfo/reviews-v1" or "Namespace bookinfo". */
export function describeObject(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind ?? 'object'} ${ns ? `${ns}/` : ''}${obj.metadata?.name ?? '(unnamed)'}`;
}
