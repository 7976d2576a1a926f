// The raw shape of a Kubernetes object as MeshDeck moves it (plain JSON, no client-node model
// classes, so nothing is dropped or renamed on the way), and how to name one in a message.

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** "Deployment bookinfo/reviews-v1" or "Namespace bookinfo". */
export function describeObject(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind ?? 'object'} ${ns ? `${ns}/` : ''}${obj.metadata?.name ?? '(unnamed)'}`;
}
