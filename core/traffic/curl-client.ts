// The in-mesh traffic client: the Istio release's samples/curl/curl.yaml (ServiceAccount,
// Service and Deployment "curl"), applied on demand into the namespace the user names, which is
// created without the injection label when it does not exist (a client outside the mesh, the
// one mTLS STRICT refuses); then its Ready pod, to exec curl in. Applying and waiting are
// core/kube's; this knows which objects and which pod. What MeshDeck deploys stays for the next
// run (a real pod takes a while to pull and start, and the Istio tasks keep `deploy/curl` to
// exec into) and carries CLIENT_LABEL, so `reset` and `down` remove it — never a curl someone
// else deployed.

import { join } from 'node:path';
import { AppError } from '../contract';
import type { RoutingObjectInfo } from '../contract';
import { applyObjects, deleteObject, DEPLOYMENT, getObject, hasSidecar, isPodReady, listObjects, NAMESPACE, POD, readManifest, SERVICE, SERVICE_ACCOUNT, waitForPodsReady, type KubeClients, type ManifestObject, type PodObject, type ResourceInfo } from '../kube';
import { MANAGED_BY } from '../policies';

export const CURL_FILE = join('curl', 'curl.yaml');
export const CURL_APP = 'curl';
export const CURL_CONTAINER = 'curl';
/** On what MeshDeck deployed for the client, and on a namespace it made for it. */
export const CLIENT_LABEL = { key: 'meshdeck.io/part', value: 'traffic-client' } as const;

export interface CurlClient {
  namespace: string;
  pod: string;
  container: string;
  /** Whether the pod has Istio's sidecar (in the mesh) or sends plaintext from outside it. */
  injected: boolean;
  /** MeshDeck deployed it (now or for an earlier run): it stays until `reset` or `down`. */
  managed: boolean;
}

/** The upstream objects, placed in `namespace` (the file names none). */
export async function readCurlObjects(samplesDir: string, namespace: string): Promise<ManifestObject[]> {
  const objects = await readManifest(join(samplesDir, CURL_FILE));
  return objects.map((object) => ({ ...object, metadata: { ...object.metadata, namespace } }));
}

function readyCurlPod(pods: PodObject[]): PodObject | undefined {
  return pods.find((pod) => pod.metadata?.deletionTimestamp === undefined && isPodReady(pod));
}

export interface EnsureCurlOptions {
  signal?: AbortSignal;
  /** How long without progress before the wait fails, saying why (default 120 s). */
  stallMs?: number;
  log?: (line: string) => void;
}

/** A Ready curl pod in `namespace`: the one there, or the sample applied (and the namespace made) first. */
export async function ensureCurlClient(clients: KubeClients, namespace: string, samples: () => Promise<string>, options: EnsureCurlOptions = {}): Promise<CurlClient> {
  const selector = `app=${CURL_APP}`;
  const signal = options.signal;
  let pod = readyCurlPod(await listObjects<PodObject>(clients, POD, namespace, { labelSelector: selector, ...(signal ? { signal } : {}) }));
  if (!pod) {
    const labels = { [MANAGED_BY.key]: MANAGED_BY.value, [CLIENT_LABEL.key]: CLIENT_LABEL.value };
    const objects = (await readCurlObjects(await samples(), namespace)).map((object) => ({ ...object, metadata: { ...object.metadata, labels: { ...object.metadata?.labels, ...labels } } }));
    if (!(await getObject(clients, NAMESPACE, undefined, namespace, signal))) {
      // Without istio-injection: the namespace the user asked for is outside the mesh until labelled.
      objects.unshift({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } });
      options.log?.(`Creating namespace ${namespace} (not injected: its curl pod is outside the mesh)`);
    }
    options.log?.(`Deploying the curl client (samples/curl/curl.yaml) in ${namespace}`);
    await applyObjects(clients, objects, { namespace, ...(signal ? { signal } : {}) });
    await waitForPodsReady(clients, { namespace, selector, stallMs: options.stallMs ?? 120_000, ...(signal ? { signal } : {}) });
    pod = readyCurlPod(await listObjects<PodObject>(clients, POD, namespace, { labelSelector: selector, ...(signal ? { signal } : {}) }));
  }
  const name = pod?.metadata?.name;
  if (!pod || !name) throw new AppError('NOT_FOUND', `No Ready curl pod in ${namespace} after deploying samples/curl/curl.yaml. Check it with kubectl -n ${namespace} get pods -l ${selector}.`, { namespace });
  const deployment = await getObject(clients, DEPLOYMENT, namespace, CURL_APP, signal).catch(() => undefined);
  return { namespace, pod: name, container: CURL_CONTAINER, injected: hasSidecar(pod), managed: deployment?.metadata?.labels?.[CLIENT_LABEL.key] === CLIENT_LABEL.value };
}

export interface CurlClientObject {
  resource: ResourceInfo;
  namespace?: string;
  name: string;
  resourceVersion: string;
}

/** Every object of the curl clients MeshDeck deployed (in any namespace), the namespaces it made for them last. */
export async function curlClientObjects(clients: KubeClients, signal?: AbortSignal): Promise<CurlClientObject[]> {
  const selector = { labelSelector: `${CLIENT_LABEL.key}=${CLIENT_LABEL.value}`, ...(signal ? { signal } : {}) };
  const found: CurlClientObject[] = [];
  for (const resource of [DEPLOYMENT, SERVICE, SERVICE_ACCOUNT, NAMESPACE]) {
    for (const object of await listObjects(clients, resource, undefined, selector)) {
      const namespace = object.metadata?.namespace;
      found.push({ resource, ...(namespace ? { namespace } : {}), name: object.metadata?.name ?? '', resourceVersion: object.metadata?.resourceVersion ?? '' });
    }
  }
  return found.filter((object) => object.name !== '');
}

/** Deletes them (see curlClientObjects). */
export async function removeCurlClients(clients: KubeClients, options: { log?: (line: string) => void } = {}): Promise<RoutingObjectInfo[]> {
  const removed: RoutingObjectInfo[] = [];
  for (const { resource, namespace, name, resourceVersion } of await curlClientObjects(clients)) {
    if (!(await deleteObject(clients, resource, namespace, name, resourceVersion))) continue;
    removed.push({ kind: resource.kind, name: namespace ? `${namespace}/${name}` : name });
    options.log?.(`Deleted ${resource.kind} ${namespace ? `${namespace}/` : ''}${name} (the curl client MeshDeck deployed)`);
  }
  return removed;
}
