// The test world's public entry point: startWorld() wires the store, API verbs, admission,
// controllers, log sources and the HTTPS server into one Kubernetes-like cluster, writes a
// kubeconfig, and returns a handle that tests and benchmarks use to steer it (delays, image
// failures, log rate, latency) and to stop it. Several worlds can run side by side.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateAuthority, type CertificateAndKey } from './certs.js';
import { type ControllerContext, type PodDelayRule, type WorldDelays, type WorldSettings, zeroDelays } from './controllers/context.js';
import { CrdController, crdAdmission } from './controllers/crd.js';
import { DaemonSetController } from './controllers/daemonset.js';
import { DeploymentController } from './controllers/deployment.js';
import { EndpointsController } from './controllers/endpoints.js';
import { EventRecorder } from './controllers/events.js';
import { ExecService, type ExecSessionInfo } from './exec/exec-service.js';
import { GarbageCollector } from './controllers/garbage-collector.js';
import { ImagePulls, type NodeImagesConfig } from './controllers/image-pulls.js';
import { Kubelet } from './controllers/kubelet.js';
import { NamespaceController } from './controllers/namespace.js';
import { ReplicaSetController } from './controllers/replicaset.js';
import { StatefulSetController } from './controllers/statefulset.js';
import { builtInAdmission, ServiceAllocator } from './defaults.js';
import { HttpApi } from './http-api.js';
import { writeKubeconfig } from './kubeconfig.js';
import type { LogRetention } from './log-ring.js';
import { LogService } from './logs.js';
import { ResourceApi, type UserInfo } from './resource-api.js';
import { ResourceRegistry } from './resources.js';
import { ApiServer, type RequestLogEntry } from './server.js';
import { sidecarInjection } from './sidecar-injector.js';
import { Store, type KubeObject } from './store.js';
import { seedCluster } from './seed.js';
import { WatchHub } from './watch-hub.js';
import { crdSchemaAdmission } from './validation/crd-schemas.js';
import { istioValidationWebhook } from './validation/istio-webhook.js';
import { RunningWorld } from './running-world.js';
import { PodNetwork } from './pod-network.js';
import { prometheusRuntime } from './prometheus/prometheus-runtime.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';

export { realisticDelays, zeroDelays, type PodDelayRule, type WorldDelays } from './controllers/context.js';
export type { KubeObject } from './store.js';
export type { RequestLogEntry } from './server.js';
export type { ExecSessionInfo } from './exec/exec-service.js';
export { findKubectl } from './kubectl.js';
export type { PodNetwork } from './pod-network.js';

export type SidecarInjectionMode = WorldSettings['sidecarInjection'];

export interface WorldOptions {
  /** Folder for the kubeconfig (a fresh temp folder when neither this nor kubeconfigPath is set). */
  dir?: string;
  /** Exact kubeconfig path; wins over `dir`. */
  kubeconfigPath?: string;
  /** Cluster name as kind names it (node "<name>-control-plane"). Default "meshdeck". */
  clusterName?: string;
  /** Kubeconfig context/cluster/user name. Default "kind-<clusterName>". */
  contextName?: string;
  /** Which credential the current context uses. Default client-certificate, like kind. */
  kubeconfigAuth?: 'client-certificate' | 'token';
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  token?: string;
  /** The node's Kubernetes version (API server and kubelet). Default v1.36.1, kind v0.32's node image. */
  kubernetesVersion?: string;
  istioVersion?: string;
  delays?: Partial<WorldDelays>;
  /** Delays for pods whose "namespace/name" matches a rule, over `delays` (first match wins). */
  podDelays?: PodDelayRule[];
  failingImages?: RegExp[];
  logLinesPerSecond?: number;
  /** Per-container cap on lines written with writeLog (oldest dropped first). Default 10,000 lines / 4 MiB. */
  logRetention?: Partial<LogRetention>;
  sidecarInjection?: SidecarInjectionMode;
  bookmarkIntervalMs?: number;
  /** Change events kept for watches from a resourceVersion (older ones get 410 Gone). */
  watchHistory?: number;
  /** Extra latency added to every API answer. */
  latencyMs?: number;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Scrape interval of the world's real Prometheus (upstream: 15s). Default 1s. */
  prometheusScrapeInterval?: string;
  /** The node's image store and pull source (a kind stand-in cluster); without it every image is present. */
  nodeImages?: NodeImagesConfig;
}

export interface World {
  readonly kubeconfigPath: string;
  readonly serverUrl: string;
  readonly token: string;
  readonly caPem: string;
  readonly clientCertificate: CertificateAndKey;
  readonly contextName: string;
  readonly clusterName: string;
  readonly nodeName: string;
  readonly store: Store;
  readonly api: ResourceApi;
  readonly registry: ResourceRegistry;
  readonly hub: WatchHub;
  readonly logs: LogService;
  /** Controller errors other than optimistic-concurrency conflicts (should stay empty). */
  readonly errors: { controller: string; key: string; error: unknown }[];
  readonly delays: WorldDelays;
  setDelays(delays: Partial<WorldDelays>): void;
  /** Images matching any pattern fail to pull until cleared; no arguments clears them. */
  failImages(...patterns: RegExp[]): void;
  setLogRate(linesPerSecond: number): void;
  /** Pod log streams the API server is serving right now (a closed viewer must bring this to 0). */
  openLogStreams(): number;
  /** Stops the API server (dropping every connection), runs `whileDown`, and starts it again on the same port, state kept. */
  restartApiServer(whileDown?: () => void | Promise<void>): Promise<void>;
  setLatency(ms: number): void;
  setSidecarInjection(mode: SidecarInjectionMode): void;
  setBookmarkInterval(ms: number): void;
  writeLog(namespace: string, pod: string, container: string, line: string): void;
  restartContainer(namespace: string, pod: string, container: string): void;
  issueClientCertificate(username: string, groups?: string[]): CertificateAndKey;
  addToken(token: string, user: UserInfo): void;
  /** Forgets watch history, so watches from older resourceVersions get 410 Gone. */
  compact(): void;
  /** Server-side applies objects in-process (field manager "world"), for test setup. */
  apply(objects: KubeObject | KubeObject[], options?: { fieldManager?: string; force?: boolean }): KubeObject[];
  /** Open pods/exec sessions (a closed socket ends its session). */
  execSessions(): ExecSessionInfo[];
  /** Who answers at pod IPs: real processes (Prometheus) and in-process stand-ins (the mesh's :15020). */
  readonly podNetwork: PodNetwork;
  stop(): Promise<void>;
}

/** Certificates, the admin credential and the token table a world's API server trusts. */
function issueCredentials(options: WorldOptions, clusterName: string, host: string) {
  const ca = createCertificateAuthority('kubernetes');
  const serving = ca.issue({
    commonName: 'kube-apiserver',
    dnsNames: [`${clusterName}-control-plane`, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost'],
    ipAddresses: [...new Set(['127.0.0.1', '10.96.0.1', ...(host !== '0.0.0.0' && /^[\d.]+$/.test(host) ? [host] : [])])],
    usage: 'server',
  });
  const admin = ca.issue({ commonName: 'kubernetes-admin', organizations: ['kubeadm:cluster-admins'], usage: 'client' });
  const token = options.token ?? randomBytes(24).toString('hex');
  const tokens = new Map<string, UserInfo>([[token, { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] }]]);
  return { ca, serving, admin, token, tokens };
}

/** A token for a service account, as the kubelet would project one into its pods; the same one per account. */
function serviceAccountToken(tokens: Map<string, UserInfo>, namespace: string, name: string): string {
  const username = `system:serviceaccount:${namespace}:${name}`;
  for (const [token, user] of tokens) if (user.username === username) return token;
  const token = randomBytes(24).toString('hex');
  tokens.set(token, { username, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] });
  return token;
}

/** The API verbs with the admission chain a kind cluster with Istio's injector would run. */
function createResourceApi(registry: ResourceRegistry, store: Store, settings: WorldSettings): ResourceApi {
  const api = new ResourceApi(registry, store);
  const services = new ServiceAllocator(() => store.list('/services'));
  api.addAdmission(builtInAdmission());
  api.addAdmission(services.admission());
  api.addAdmission(
    sidecarInjection({
      mode: () => settings.sidecarInjection,
      istioVersion: () => settings.istioVersion,
      namespace: (name) => store.get('/namespaces', undefined, name),
      webhookInstalled: () => store.list('admissionregistration.k8s.io/mutatingwebhookconfigurations').some((w) => (w.metadata.name ?? '').startsWith('istio-sidecar-injector')),
      kubeletVersions: () => store.list('/nodes').map((n) => String((n['status'] as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo?.kubeletVersion ?? '')),
      injectorConfig: () => store.get('/configmaps', 'istio-system', 'istio-sidecar-injector'),
    }),
  );
  api.addAdmission(crdSchemaAdmission());
  api.addAdmission(istioValidationWebhook());
  api.addAdmission(crdAdmission());
  return api;
}

/** The controller manager and the kubelet, sharing one context; controller errors are collected. */
function startControllers(api: ResourceApi, store: Store, registry: ResourceRegistry, settings: WorldSettings, errors: World['errors'], runtime: ContainerRuntime, nodeImages?: NodeImagesConfig) {
  const context: ControllerContext = {
    api,
    store,
    settings,
    runtime,
    events: new EventRecorder(api),
    type(group: string, resource: string) {
      const type = registry.get(group, resource);
      if (!type) throw new Error(`unknown resource ${group}/${resource}`);
      return type;
    },
    onError(controller: string, key: string, error: unknown) {
      errors.push({ controller, key, error });
      if (errors.length > 1000) errors.shift();
      if (process.env['WORLD_DEBUG']) console.error(`[world] ${controller} ${key}:`, error);
    },
  };
  if (nodeImages) context.images = new ImagePulls(nodeImages, (error) => context.onError('image-pulls', '', error));
  const controllers = [
    new CrdController(context),
    new NamespaceController(context),
    new GarbageCollector(context),
    new DeploymentController(context),
    new ReplicaSetController(context),
    new StatefulSetController(context),
    new DaemonSetController(context),
    new EndpointsController(context),
  ];
  return { controllers, kubelet: new Kubelet(context) };
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const clusterName = options.clusterName ?? options.contextName?.replace(/^kind-/, '') ?? 'meshdeck';
  const contextName = options.contextName ?? `kind-${clusterName}`;
  const nodeName = `${clusterName}-control-plane`;
  const host = options.host ?? '127.0.0.1';
  const credentials = issueCredentials(options, clusterName, host);
  const settings: WorldSettings = {
    delays: { ...zeroDelays, ...(options.delays ?? {}) },
    podDelays: [...(options.podDelays ?? [])],
    failingImages: [...(options.failingImages ?? [])],
    nodeName,
    nodeIP: '172.18.0.2',
    sidecarInjection: options.sidecarInjection ?? 'namespace-label',
    istioVersion: options.istioVersion ?? '1.30.3',
    caPem: credentials.ca.certPem,
  };
  // kind v0.32's default node image (kindest/node:v1.36.1).
  const kubernetesVersion = options.kubernetesVersion ?? 'v1.36.1';
  const registry = new ResourceRegistry();
  const store = new Store(options.watchHistory ?? 20_000);
  const api = createResourceApi(registry, store, settings);
  const hub = new WatchHub(store, api, { bookmarkIntervalMs: options.bookmarkIntervalMs ?? 30_000 });
  const logs = new LogService(store, Date.now, { linesPerSecond: options.logLinesPerSecond ?? 0.2, ...(options.logRetention ? { retention: options.logRetention } : {}) });
  const errors: World['errors'] = [];
  seedCluster({ api, registry, nodeName, nodeIP: settings.nodeIP, kubernetesVersion, clusterName });
  let hostPort = '';
  let serverUrl = '';
  const podNetwork = new PodNetwork();
  const runtime = prometheusRuntime({
    store, podNetwork, caPem: credentials.ca.certPem, apiServerUrl: () => serverUrl, scrapeInterval: options.prometheusScrapeInterval ?? '1s',
    serviceAccountToken: (namespace, name) => serviceAccountToken(credentials.tokens, namespace, name),
    writeLog: (namespace, pod, container, line) => {
      const obj = store.get('/pods', namespace, pod);
      try {
        if (obj) logs.write(obj, container, line);
      } catch {
        // The container is not (or no longer) running as far as the API says: the line has nowhere to go.
      }
    },
  });
  const { controllers, kubelet } = startControllers(api, store, registry, settings, errors, runtime, options.nodeImages);
  const latency = { ms: options.latencyMs ?? 0 };
  const http = new HttpApi({ api, hub, logs, kubernetesVersion, serverAddress: () => hostPort, latencyMs: () => latency.ms, podNetwork });
  const exec = new ExecService(store, podNetwork);
  const server = new ApiServer({
    caPem: credentials.ca.certPem,
    certPem: credentials.serving.certPem,
    keyPem: credentials.serving.keyPem,
    tokens: credentials.tokens,
    http,
    host,
    port: options.port ?? 0,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    onUpgrade: (req, socket, head) => exec.handleUpgrade(req, socket, head),
  });
  serverUrl = await server.start();
  hostPort = server.hostPort;
  const kubeconfigPath = options.kubeconfigPath ?? join(options.dir ?? (await mkdtemp(join(tmpdir(), 'meshdeck-world-'))), 'kubeconfig');
  await writeKubeconfig(kubeconfigPath, {
    name: contextName,
    server: serverUrl,
    caPem: credentials.ca.certPem,
    client: credentials.admin,
    token: credentials.token,
    currentAuth: options.kubeconfigAuth ?? 'client-certificate',
  });
  return new RunningWorld({ kubeconfigPath, serverUrl, contextName, clusterName, nodeName, credentials, settings, latency, store, api, registry, hub, logs, errors, controllers, kubelet, exec, server, podNetwork, runtime });
}
