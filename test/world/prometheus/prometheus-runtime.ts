// Runs the addon's `prom/prometheus` container as the real Prometheus (Debian's /usr/bin/prometheus):
// its ConfigMap and service-account volumes become files in a temp folder, the container's args
// are kept with paths moved there, the upstream scrape config is rewritten as little as the host
// requires (prometheus-config.ts), and it listens on a free loopback port bound to the pod's
// :9090 in the pod network. Readiness follows its /-/ready, as the addon's readiness probe does.
// A ConfigMap change is written and reloaded (POST /-/reload), standing in for the config-reloader.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PodNetwork } from '../pod-network.js';
import type { ContainerProcess, ContainerProcessState, ContainerRuntime, ContainerStart } from '../runtime/container-runtime.js';
import type { KubeObject, Store } from '../store.js';
import { startKubernetesSd, type KubernetesSd } from './kubernetes-sd.js';
import { rewritePrometheusConfig } from './prometheus-config.js';

export interface PrometheusRuntimeOptions {
  store: Store;
  podNetwork: PodNetwork;
  apiServerUrl(): string;
  caPem: string;
  /** A bearer token the API server accepts for this service account. */
  serviceAccountToken(namespace: string, name: string): string;
  writeLog(namespace: string, pod: string, container: string, line: string): void;
  /** Default /usr/bin/prometheus (MESHDECK_PROMETHEUS overrides). */
  binary?: string;
  /** Default 1s (upstream: 15s). */
  scrapeInterval?: string;
}

type Obj = Record<string, unknown>;
interface Mount { name: string; mountPath: string }
interface Volume { name: string; configMap?: { name: string; optional?: boolean } }
interface ContainerSpec { name: string; args?: string[]; volumeMounts?: Mount[]; ports?: { containerPort: number }[] }

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const PROMETHEUS_IMAGE = /(^|\/)prom\/prometheus(:|@|$)/;

// A test process that ends without stopping its worlds (a crash, process.exit) must not leave
// Prometheus servers or their folders behind: whatever is left is killed and removed at exit.
const live = new Set<ChildProcess>();
const roots = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
}
function track(child: ChildProcess): void {
  installExitHook();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

export function prometheusBinary(): string {
  return process.env['MESHDECK_PROMETHEUS'] ?? '/usr/bin/prometheus';
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function specOf(pod: KubeObject, container: string): { container: ContainerSpec; volumes: Volume[] } {
  const spec = (pod['spec'] ?? {}) as { containers?: ContainerSpec[]; volumes?: Volume[] };
  const found = (spec.containers ?? []).find((c) => c.name === container);
  if (!found) throw new Error(`pod has no container ${container}`);
  return { container: found, volumes: spec.volumes ?? [] };
}

class PrometheusProcess implements ContainerProcess {
  private current: ContainerProcessState = { phase: 'starting' };
  private child?: ChildProcess;
  private root?: string;
  private stopping = false;
  private readonly cleanups: (() => void | Promise<void>)[] = [];
  private address?: { host: string; port: number };
  private proxyUrl?: string;
  private discovery?: KubernetesSd;

  private readonly launching: Promise<void>;

  constructor(private readonly options: PrometheusRuntimeOptions, private readonly request: ContainerStart) {
    this.launching = this.launch().catch((error: unknown) => this.fail('RunContainerError', error instanceof Error ? error.message : String(error)));
  }

  state(): ContainerProcessState {
    return this.current;
  }

  private set(state: ContainerProcessState): void {
    this.current = state;
    this.request.onChange();
  }

  private fail(reason: 'RunContainerError' | 'CrashLoopBackOff', message: string, exitCode?: number): void {
    if (this.stopping || this.current.phase === 'failed') return;
    this.set({ phase: 'failed', reason, message, ...(exitCode !== undefined ? { exitCode } : {}) });
  }

  private get ref(): { namespace: string; name: string } {
    return { namespace: this.request.pod.metadata.namespace ?? 'default', name: this.request.pod.metadata.name ?? '' };
  }

  /**
   * The kubelet starts no container while a ConfigMap volume it mounts is missing: the pod stays
   * ContainerCreating (FailedMount) and the mount is retried until the ConfigMap exists. Applies
   * run side by side, so the Deployment's pod can come before the addon's ConfigMap.
   */
  private async mountableConfigMaps(container: ContainerSpec, volumes: Volume[]): Promise<void> {
    const wanted = volumes.filter((v) => v.configMap && !v.configMap.optional && (container.volumeMounts ?? []).some((m) => m.name === v.name)).map((v) => v.configMap?.name ?? '');
    const missing = () => wanted.filter((name) => !this.options.store.get('/configmaps', this.ref.namespace, name));
    if (missing().length === 0) return;
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (!this.stopping && missing().length > 0) return;
        unsubscribe();
        clearInterval(stopped);
        resolve();
      };
      const unsubscribe = this.options.store.subscribe((event) => (event.typeKey === '/configmaps' ? check() : undefined));
      // stop() does not go through the store: look now and then whether the pod went away.
      const stopped = setInterval(check, 500);
    });
  }

  /** Writes the pod's ConfigMap volumes and service-account files under the root; returns the mounted paths. */
  private async writeVolumes(root: string, container: ContainerSpec, volumes: Volume[]): Promise<string[]> {
    const mounts: string[] = [SERVICE_ACCOUNT_DIR];
    const saDir = join(root, SERVICE_ACCOUNT_DIR);
    await mkdir(saDir, { recursive: true });
    const account = String((this.request.pod['spec'] as Obj)['serviceAccountName'] ?? 'default');
    await writeFile(join(saDir, 'token'), this.options.serviceAccountToken(this.ref.namespace, account), { mode: 0o600 });
    await writeFile(join(saDir, 'ca.crt'), this.options.caPem);
    await writeFile(join(saDir, 'namespace'), this.ref.namespace);
    for (const mount of container.volumeMounts ?? []) {
      if (mount.mountPath === SERVICE_ACCOUNT_DIR) continue;
      mounts.push(mount.mountPath);
      await mkdir(join(root, mount.mountPath), { recursive: true });
      const volume = volumes.find((v) => v.name === mount.name);
      if (volume?.configMap) await this.writeConfigMap(root, mount.mountPath, volume.configMap.name, mounts);
    }
    return mounts;
  }

  private async writeConfigMap(root: string, mountPath: string, name: string, mounts: string[]): Promise<void> {
    const cm = this.options.store.get('/configmaps', this.ref.namespace, name);
    if (!cm) throw new Error(`configmap "${name}" not found`);
    for (const [key, value] of Object.entries((cm['data'] ?? {}) as Record<string, string>)) {
      const file = join(root, mountPath, key);
      const text = key === 'prometheus.yml' ? await this.rewrite(value, root, mounts) : value;
      await writeFile(file, text);
    }
  }

  private async rewrite(text: string, root: string, mounts: string[]): Promise<string> {
    if (!this.proxyUrl) {
      const proxy = await this.options.podNetwork.openNamespace(this.request.podIP);
      this.cleanups.push(() => proxy.close());
      this.proxyUrl = proxy.url;
    }
    const sdDir = join(root, 'kubernetes-sd');
    await mkdir(sdDir, { recursive: true });
    const rewritten = rewritePrometheusConfig(text, { root, mountPaths: mounts, sdDir, proxyUrl: this.proxyUrl, scrapeInterval: this.options.scrapeInterval ?? '1s' });
    await this.discovery?.stop();
    const account = String((this.request.pod['spec'] as Obj)['serviceAccountName'] ?? 'default');
    const discovery = startKubernetesSd({
      server: this.options.apiServerUrl(), caPem: this.options.caPem, token: this.options.serviceAccountToken(this.ref.namespace, account), files: rewritten.sdFiles,
      onError: (error) => this.options.writeLog(this.ref.namespace, this.ref.name, this.request.container, `kubernetes sd (world): ${String(error)}`),
    });
    this.discovery = discovery;
    // The files exist before Prometheus reads its config, so the first scrape already has targets.
    await discovery.synced;
    return rewritten.text;
  }

  /** The container's args with in-container paths moved under the root; console flags dropped (Debian ships no consoles there). */
  private args(container: ContainerSpec, root: string, mounts: string[], port: number): string[] {
    const args: string[] = [];
    for (const arg of container.args ?? []) {
      const [flag, value] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
      if (flag === '--web.listen-address' || flag.startsWith('--web.console.')) continue;
      const mounted = value !== undefined && mounts.some((m) => value === m || value.startsWith(`${m}/`));
      args.push(mounted ? `${flag}=${join(root, value)}` : arg);
    }
    args.push(`--web.listen-address=127.0.0.1:${port}`);
    return args;
  }

  private async launch(): Promise<void> {
    const binary = this.options.binary ?? prometheusBinary();
    if (!existsSync(binary)) {
      throw new Error(`exec: "${binary}": stat ${binary}: no such file or directory (the test world runs the prom/prometheus image as Debian's prometheus package: apt-get install prometheus, or set MESHDECK_PROMETHEUS)`);
    }
    const { container, volumes } = specOf(this.request.pod, this.request.container);
    await this.mountableConfigMaps(container, volumes);
    if (this.stopping) return;
    const root = await mkdtemp(join(tmpdir(), 'meshdeck-prometheus-'));
    this.root = root;
    installExitHook();
    roots.add(root);
    const mounts = await this.writeVolumes(root, container, volumes);
    for (const arg of container.args ?? []) {
      const path = /^--storage\.tsdb\.path=(.*)$/.exec(arg)?.[1];
      if (path) await mkdir(join(root, path), { recursive: true });
    }
    const port = await freePort();
    // Stopped while the files were written: nothing to start.
    if (this.stopping) return;
    const child = spawn(binary, this.args(container, root, mounts, port), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    track(child);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (process.env['WORLD_DEBUG']) console.error(`[prometheus ${this.ref.name}] ${line}`);
        this.options.writeLog(this.ref.namespace, this.ref.name, this.request.container, line);
      });
    }
    child.on('error', (error) => this.fail('RunContainerError', error.message));
    child.on('exit', (code, signal) => this.fail('CrashLoopBackOff', `back-off restarting failed container ${this.request.container}: prometheus exited with ${signal ?? `code ${code}`}`, code ?? 137));
    this.address = { host: '127.0.0.1', port };
    const webPort = container.ports?.[0]?.containerPort ?? 9090;
    this.cleanups.push(this.options.podNetwork.bindProcess(this.request.podIP, webPort, this.address));
    this.watchConfigMaps(root, container, volumes);
    await this.probeReady();
  }

  /** The readiness probe (GET /-/ready), every 100 ms until it passes: the addon probes every 5 s. */
  private async probeReady(): Promise<void> {
    while (!this.stopping && this.current.phase === 'starting') {
      try {
        const res = await fetch(`http://127.0.0.1:${this.address?.port ?? 0}/-/ready`, { signal: AbortSignal.timeout(4000) });
        await res.arrayBuffer();
        if (res.status === 200) return this.set({ phase: 'ready' });
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private watchConfigMaps(root: string, container: ContainerSpec, volumes: Volume[]): void {
    const names = new Set(volumes.filter((v) => v.configMap && (container.volumeMounts ?? []).some((m) => m.name === v.name)).map((v) => v.configMap?.name));
    const unsubscribe = this.options.store.subscribe((event) => {
      if (event.typeKey !== '/configmaps' || event.type !== 'MODIFIED' || event.object.metadata.namespace !== this.ref.namespace || !names.has(event.object.metadata.name)) return;
      void this.writeVolumes(root, container, volumes)
        .then(() => fetch(`http://127.0.0.1:${this.address?.port ?? 0}/-/reload`, { method: 'POST' }))
        .then((res) => res.arrayBuffer())
        .catch((error: unknown) => this.options.writeLog(this.ref.namespace, this.ref.name, 'prometheus-server-configmap-reload', `reload failed: ${String(error)}`));
    });
    this.cleanups.push(unsubscribe);
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // A launch still writing files or starting discovery finishes (or gives up) before anything is removed.
    await Promise.race([this.launching, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await this.discovery?.stop();
    for (const cleanup of this.cleanups.reverse()) await cleanup();
    if (this.root) {
      await rm(this.root, { recursive: true, force: true, maxRetries: 3 });
      roots.delete(this.root);
    }
  }
}

export function prometheusRuntime(options: PrometheusRuntimeOptions): ContainerRuntime {
  const running = new Set<PrometheusProcess>();
  return {
    start(request) {
      if (!PROMETHEUS_IMAGE.test(request.image)) return undefined;
      const process = new PrometheusProcess(options, request);
      running.add(process);
      const stop = process.stop.bind(process);
      process.stop = async () => {
        running.delete(process);
        await stop();
      };
      return process;
    },
    async stop() {
      await Promise.all([...running].map((p) => p.stop()));
    },
  };
}
