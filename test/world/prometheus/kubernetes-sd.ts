// Stands in for the Kubernetes SD that Debian's prometheus lacks: list/watch of pods, services,
// endpoints and nodes over the world's API server, with the Prometheus pod's own service-account
// credentials (client-node informers, as Prometheus's client-go informers would), written as
// file_sd JSON files that the real Prometheus watches. Files are replaced atomically (rename), so
// Prometheus never reads half a file.
import { CoreV1Api, KubeConfig, makeInformer, type Informer, type KubernetesListObject, type KubernetesObject, type ObjectCache } from '@kubernetes/client-node';
import { rename, writeFile } from 'node:fs/promises';
import { groupsFor, type ClusterObjects, type Role } from './kubernetes-sd-targets.js';

export interface SdFile {
  path: string;
  role: Role;
  namespaces?: string[];
}

export interface KubernetesSdOptions {
  server: string;
  caPem: string;
  token: string;
  files: SdFile[];
  onError?: (error: unknown) => void;
}

type Watched = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;

function serviceAccountConfig(options: KubernetesSdOptions): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'in-cluster', server: options.server, caData: Buffer.from(options.caPem).toString('base64') }],
    users: [{ name: 'prometheus', token: options.token }],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'prometheus' }],
    currentContext: 'in-cluster',
  });
  return kc;
}

export interface KubernetesSd {
  /** Resolves once every informer listed and the files were first written. */
  synced: Promise<void>;
  stop(): Promise<void>;
}

export function startKubernetesSd(options: KubernetesSdOptions): KubernetesSd {
  const kc = serviceAccountConfig(options);
  const core = kc.makeApiClient(CoreV1Api);
  const roles = new Set(options.files.map((f) => f.role));
  const want = (resource: keyof ClusterObjects): boolean =>
    (resource === 'pods' && (roles.has('pod') || roles.has('endpoints'))) || (resource === 'services' && (roles.has('service') || roles.has('endpoints'))) || (resource === 'endpoints' && roles.has('endpoints')) || (resource === 'nodes' && roles.has('node'));
  const listers: Record<keyof ClusterObjects, [string, () => Promise<unknown>]> = {
    pods: ['/api/v1/pods', () => core.listPodForAllNamespaces()],
    services: ['/api/v1/services', () => core.listServiceForAllNamespaces()],
    endpoints: ['/api/v1/endpoints', () => core.listEndpointsForAllNamespaces()],
    nodes: ['/api/v1/nodes', () => core.listNode()],
  };
  const informers = new Map<keyof ClusterObjects, Watched>();
  for (const [resource, [path, list]] of Object.entries(listers) as [keyof ClusterObjects, [string, () => Promise<unknown>]][]) {
    if (want(resource)) informers.set(resource, makeInformer(kc, path, list as () => Promise<KubernetesListObject<KubernetesObject>>) as Watched);
  }
  let stopped = false;
  let pending: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const snapshot = (): ClusterObjects => {
    const of = (r: keyof ClusterObjects) => (informers.get(r)?.list() ?? []) as unknown as Record<string, unknown>[];
    return { pods: of('pods'), services: of('services'), endpoints: of('endpoints'), nodes: of('nodes') };
  };
  const write = (): Promise<void> => {
    const objects = snapshot();
    writing = writing.then(async () => {
      for (const file of options.files) {
        await writeFile(`${file.path}.tmp`, JSON.stringify(groupsFor(file.role, objects, file.namespaces)));
        await rename(`${file.path}.tmp`, file.path);
      }
    }).catch((error: unknown) => options.onError?.(error));
    return writing;
  };
  // Changes come in bursts (a rollout touches pods and endpoints together): write once per burst.
  const schedule = (): void => {
    if (stopped || pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      void write();
    }, 50);
  };
  for (const informer of informers.values()) {
    for (const event of ['add', 'update', 'delete'] as const) informer.on(event, schedule);
    informer.on('error', (error: unknown) => {
      options.onError?.(error);
      // client-node informers stop on error; Prometheus's client-go would re-list, so does this.
      setTimeout(() => !stopped && void informer.start().catch(options.onError), 200);
    });
  }
  const synced = Promise.all([...informers.values()].map((i) => i.start())).then(() => write());
  return {
    synced,
    async stop() {
      stopped = true;
      if (pending) clearTimeout(pending);
      await Promise.all([...informers.values()].map((i) => i.stop()));
      await writing;
    },
  };
}
