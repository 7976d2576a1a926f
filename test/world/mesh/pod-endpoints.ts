// What the mesh's pods answer on the world's pod network, for real processes and the API
// server's proxy: each proxy's merged metrics endpoint (pilot-agent's :15020/stats/prometheus,
// here Envoy's istio_* stats only) and the in-process workloads' container ports, reached from
// outside the mesh (plaintext, through the pod's inbound sidecar). Routing stays in the data plane.
import { ConnectionRefusedError, type PodHandler, type PodResponse } from '../pod-network.js';
import type { DataPlane } from './data-plane.js';
import type { MeshSnapshot } from './mesh-config.js';
import type { GatewayIdentity } from './route-table.js';
import { ConnectionError } from './workload.js';

const apiServerAddress = '172.18.0.2';

/** pilot-agent's status port: its /stats/prometheus merges Envoy's stats (and the app's, if annotated). */
export const statusPort = 15020;

/** An in-process workload's container port on the pod network (what the API server's proxy reaches). */
export function workloadEndpoint(plane: DataPlane, snapshot: () => MeshSnapshot, ip: string, port: number): PodHandler | undefined {
  const pod = snapshot().pods.find((p) => p.podIP === ip && !p.deleting);
  if (!pod || !pod.containers.some((c) => c.ports.some((p) => p.containerPort === port))) return undefined;
  return async (req, signal): Promise<PodResponse> => {
    try {
      // The API server dials from the node's network: kind's first node address.
      const answer = await plane.serveDirect(pod, port, { method: req.method, path: req.path, headers: req.headers, ...(req.body ? { body: req.body } : {}) }, apiServerAddress, signal);
      const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
      return { status: answer.status, headers: answer.headers, body };
    } catch (error) {
      // No workload behind the port (Prometheus without its process): the dial is refused.
      throw error instanceof ConnectionError ? new ConnectionRefusedError(ip, port) : error;
    }
  };
}

/** The merged metrics endpoint of the proxy in the pod at `ip` (a sidecar or the ingress gateway). */
export function statsEndpoint(plane: DataPlane, snapshot: () => MeshSnapshot, gateway: GatewayIdentity, ip: string): PodHandler | undefined {
  const pod = snapshot().pods.find((p) => p.podIP === ip && !p.deleting);
  const isGateway = pod !== undefined && Object.entries(gateway.labels).every(([k, v]) => pod.labels[k] === v);
  if (!pod || (!pod.hasSidecar && !isGateway)) return undefined;
  const key = isGateway ? plane.gatewayStatsKey(pod) : `${pod.namespace}/${pod.name}`;
  return async (req): Promise<PodResponse> => {
    const path = req.path.split('?')[0];
    if (path === '/stats/prometheus' && (req.method === 'GET' || req.method === 'HEAD')) {
      return { status: 200, headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }, body: Buffer.from(plane.metrics.of(key).exposition()) };
    }
    if (path === '/healthz/ready') return { status: 200, headers: {}, body: Buffer.alloc(0) };
    return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('404 page not found\n') };
  };
}
