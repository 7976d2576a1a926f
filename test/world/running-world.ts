// The handle startWorld returns: what a test or benchmark may read of a running world and the
// knobs it may turn (delays, failing images, log rate, latency, injection mode), plus restart
// and stop. It owns no wiring; startWorld builds the parts and hands them over.
import type { CertificateAndKey, CertificateAuthority } from './certs.js';
import type { WorldDelays, WorldSettings } from './controllers/context.js';
import type { Kubelet } from './controllers/kubelet.js';
import type { ExecService, ExecSessionInfo } from './exec/exec-service.js';
import type { SidecarInjectionMode, World } from './index.js';
import type { LogService } from './logs.js';
import type { PodNetwork } from './pod-network.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';
import type { ResourceApi, UserInfo } from './resource-api.js';
import { splitApiVersion, type ResourceRegistry } from './resources.js';
import type { ApiServer } from './server.js';
import { ApiError } from './status.js';
import type { KubeObject, Store } from './store.js';
import type { WatchHub } from './watch-hub.js';

export interface WorldParts {
  kubeconfigPath: string;
  serverUrl: string;
  contextName: string;
  clusterName: string;
  nodeName: string;
  credentials: { ca: CertificateAuthority; admin: CertificateAndKey; token: string; tokens: Map<string, UserInfo> };
  settings: WorldSettings;
  /** Shared with the HTTP layer, which reads it before every answer. */
  latency: { ms: number };
  store: Store;
  api: ResourceApi;
  registry: ResourceRegistry;
  hub: WatchHub;
  logs: LogService;
  errors: World['errors'];
  controllers: { stop(): void }[];
  kubelet: Kubelet;
  exec: ExecService;
  server: ApiServer;
  podNetwork: PodNetwork;
  runtime: ContainerRuntime;
}

export class RunningWorld implements World {
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
  readonly errors: World['errors'];
  readonly podNetwork: PodNetwork;
  private stopped = false;

  constructor(private readonly parts: WorldParts) {
    this.kubeconfigPath = parts.kubeconfigPath;
    this.serverUrl = parts.serverUrl;
    this.token = parts.credentials.token;
    this.caPem = parts.credentials.ca.certPem;
    this.clientCertificate = parts.credentials.admin;
    this.contextName = parts.contextName;
    this.clusterName = parts.clusterName;
    this.nodeName = parts.nodeName;
    this.store = parts.store;
    this.api = parts.api;
    this.podNetwork = parts.podNetwork;
    this.registry = parts.registry;
    this.hub = parts.hub;
    this.logs = parts.logs;
    this.errors = parts.errors;
  }

  get delays(): WorldDelays {
    return { ...this.parts.settings.delays };
  }

  setDelays(delays: Partial<WorldDelays>): void {
    this.parts.settings.delays = { ...this.parts.settings.delays, ...delays };
  }

  failImages(...patterns: RegExp[]): void {
    this.parts.settings.failingImages = patterns;
    this.parts.kubelet.resync();
  }

  setLogRate(linesPerSecond: number): void {
    this.logs.setRate(linesPerSecond);
  }

  openLogStreams(): number {
    return this.logs.openStreams;
  }

  async restartApiServer(whileDown?: () => void | Promise<void>): Promise<void> {
    await this.parts.server.stop();
    try {
      await whileDown?.();
    } finally {
      await this.parts.server.start();
    }
  }

  setLatency(ms: number): void {
    this.parts.latency.ms = Math.max(0, ms);
  }

  setSidecarInjection(mode: SidecarInjectionMode): void {
    this.parts.settings.sidecarInjection = mode;
  }

  setBookmarkInterval(ms: number): void {
    this.hub.bookmarkIntervalMs = ms;
  }

  writeLog(namespace: string, pod: string, container: string, line: string): void {
    this.logs.write(this.podOf(namespace, pod), container, line);
  }

  restartContainer(namespace: string, pod: string, container: string): void {
    this.parts.kubelet.restartContainer(namespace, pod, container);
  }

  issueClientCertificate(username: string, groups: string[] = []): CertificateAndKey {
    return this.parts.credentials.ca.issue({ commonName: username, organizations: groups, usage: 'client' });
  }

  addToken(token: string, user: UserInfo): void {
    this.parts.credentials.tokens.set(token, user);
  }

  compact(): void {
    this.store.compact();
  }

  apply(objects: KubeObject | KubeObject[], options: { fieldManager?: string; force?: boolean } = {}): KubeObject[] {
    const list = Array.isArray(objects) ? objects : [objects];
    return list.map((obj) => {
      const { group, version } = splitApiVersion(obj.apiVersion ?? '');
      const type = this.registry.byKind(group, obj.kind ?? '');
      if (!type) throw new ApiError(404, 'NotFound', `no matches for kind "${obj.kind ?? ''}" in version "${obj.apiVersion ?? ''}"`);
      const namespace = type.namespaced ? (obj.metadata.namespace ?? 'default') : undefined;
      return this.api.patch(type, version, namespace, obj.metadata.name ?? '', 'apply', JSON.stringify(obj), {
        fieldManager: options.fieldManager ?? 'world',
        force: options.force ?? true,
      });
    });
  }

  execSessions(): ExecSessionInfo[] {
    return this.parts.exec.sessions();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.parts.exec.closeAll();
    for (const controller of this.parts.controllers) controller.stop();
    this.parts.kubelet.stop();
    await this.parts.runtime.stop();
    await this.podNetwork.stop();
    this.hub.closeAll();
    this.logs.close();
    await this.parts.server.stop();
  }

  private podOf(namespace: string, pod: string): KubeObject {
    const obj = this.store.get('/pods', namespace, pod);
    if (!obj) throw new ApiError(404, 'NotFound', `pods "${pod}" not found`);
    return obj;
  }
}
