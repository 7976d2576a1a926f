// The test world's mesh data plane: an HTTP listener standing for the Istio ingress gateway,
// routing by the Gateways, VirtualServices and DestinationRules in the world's API server
// (watched, never polled) to in-process Bookinfo and addon workloads (and to real processes bound
// in the pod network). This file owns the socket and the wiring; routing, workloads, metrics
// endpoints and logs live in their own modules.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import type { PodNetwork } from '../pod-network.js';
import { watchMeshConfig, type MeshConfigWatch } from './config-informers.js';
import { createDataPlane, defaultGateway, type AccessLogHook, type DataPlane, type DataPlaneStats } from './data-plane.js';
import type { MeshSnapshot } from './mesh-config.js';
import type { GatewayIdentity } from './route-table.js';
import { statsEndpoint, statusPort, workloadEndpoint } from './pod-endpoints.js';
import type { WorkloadCatalog } from './workload.js';
import { seededRandom, type RandomSource } from './weighted-pick.js';

export type { AccessLogHook, DataPlaneStats } from './data-plane.js';
export type { MeshSnapshot } from './mesh-config.js';
export { seededRandom, type RandomSource } from './weighted-pick.js';
export { defaultGateway } from './data-plane.js';

export interface MeshDataPlaneOptions {
  /** Where the world's API server is; or pass `kubeConfig`. */
  kubeconfigPath?: string;
  kubeConfig?: KubeConfig;
  context?: string;
  /** Loopback only, unless a test deliberately says otherwise. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Routing randomness (weights, fault percentages, endpoint choice); defaults to Math.random. */
  random?: RandomSource;
  /** Shorthand for `random: seededRandom(seed)`. */
  seed?: number;
  /** Called with each Envoy access-log line, for the `istio-proxy` container of the pod that printed it. */
  onAccessLog?: AccessLogHook;
  gateway?: GatewayIdentity;
  catalog?: WorkloadCatalog;
  /**
   * The world's pod network: the proxies' merged metrics endpoints (:15020/stats/prometheus)
   * answer there, and pods whose port a real process serves (Prometheus) are forwarded to it.
   * Required: without it the gateway answers 503 for the Prometheus pane and nothing is scraped.
   */
  podNetwork: PodNetwork;
}

export interface MeshDataPlane {
  url: string;
  host: string;
  port: number;
  stats(): DataPlaneStats;
  snapshot(): MeshSnapshot;
  /** Resolves once the config the data plane routes by satisfies `predicate` (event-driven). */
  until(predicate: (snapshot: MeshSnapshot) => boolean, signal?: AbortSignal): Promise<MeshSnapshot>;
  /** Calls made as if from a pod, for tests of mesh-internal routing. */
  plane: DataPlane;
  /**
   * Serves HTTP on a connection accepted elsewhere (a node-port listener), exactly as on the
   * data plane's own socket; `stop()` closes it with the rest.
   */
  accept(socket: Socket): void;
  stop(): Promise<void>;
}

const maxBody = 10 * 1024 * 1024;
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'proxy-connection']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function serve(plane: DataPlane, listenerPort: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
  });
  const body = await readBody(req);
  const headers = headerRecord(req);
  const response = await plane.handleIngress({
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    authority: headers['host'] ?? '',
    scheme: 'http',
    headers,
    body: body.length > 0 ? body : undefined,
    remoteAddress: `${req.socket.remoteAddress ?? '127.0.0.1'}:${req.socket.remotePort ?? 0}`,
    listenerPort,
  }, controller.signal);
  if (controller.signal.aborted) return;
  const payload = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  for (const [name, value] of Object.entries(response.headers)) {
    if (!hopByHop.has(name.toLowerCase())) res.setHeader(name, value);
  }
  res.setHeader('content-length', payload.length);
  res.writeHead(response.status);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

export async function startMeshDataPlane(options: MeshDataPlaneOptions): Promise<MeshDataPlane> {
  let kc = options.kubeConfig;
  if (!kc) {
    if (!options.kubeconfigPath) throw new Error('startMeshDataPlane needs kubeconfigPath or kubeConfig');
    kc = new KubeConfig();
    kc.loadFromFile(options.kubeconfigPath);
  }
  if (options.context) kc.setCurrentContext(options.context);
  const config: MeshConfigWatch = watchMeshConfig(kc, (error) => {
    if (process.env['MESH_DEBUG']) console.error('[mesh] watch error', error);
  });
  const random = options.random ?? (options.seed !== undefined ? seededRandom(options.seed) : Math.random);
  const network = options.podNetwork;
  const plane = createDataPlane({
    snapshot: config.snapshot, random, onAccessLog: options.onAccessLog, gateway: options.gateway, catalog: options.catalog,
    processAt: (ip: string, port: number) => network.process(ip, port),
  });
  const unresolve = network.addResolver((ip, port) => (port === statusPort ? statsEndpoint(plane, config.snapshot, options.gateway ?? defaultGateway, ip) : workloadEndpoint(plane, config.snapshot, ip, port)));
  // Processes in mesh pods (curl in the curl pod) send through their sidecar, or kube-proxy without one.
  const unsend = network.addSender((ip, req, signal) => {
    const pod = config.snapshot().pods.find((p) => p.podIP === ip && !p.deleting);
    return pod ? plane.sendFromPod(pod, req, signal) : undefined;
  });
  const host = options.host ?? '127.0.0.1';
  let listenerPort = 0;
  const server = createServer((req, res) => {
    serve(plane, listenerPort, req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const message = error instanceof Error ? error.message : String(error);
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`mesh data plane error: ${message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  listenerPort = (server.address() as AddressInfo).port;
  try {
    await config.synced;
  } catch (error) {
    server.close();
    unresolve();
    unsend();
    await config.stop();
    throw error;
  }
  return {
    url: `http://${host}:${listenerPort}`,
    host,
    port: listenerPort,
    stats: plane.stats,
    snapshot: config.snapshot,
    until: config.until,
    plane,
    accept(socket) {
      server.emit('connection', socket);
    },
    async stop() {
      unresolve();
      unsend();
      await config.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
