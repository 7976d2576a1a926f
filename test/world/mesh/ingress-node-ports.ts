// Which node ports lead to the ingress gateway right now, as kube-proxy on a node would decide
// from the Services and Pods in a config snapshot: every nodePort of a NodePort or LoadBalancer
// Service that selects the gateway's pods, while at least one of those pods is ready. Pure; the
// listeners that act on it live with the cluster (test/world/kind/node-port-listeners.ts).
import type { MeshSnapshot } from './mesh-config.js';
import type { GatewayIdentity } from './route-table.js';

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

export function ingressNodePorts(snapshot: MeshSnapshot, gateway: GatewayIdentity): Set<number> {
  const ports = new Set<number>();
  for (const service of snapshot.services) {
    if (service.type !== 'NodePort' && service.type !== 'LoadBalancer') continue;
    if (!selects(service.selector, gateway.labels)) continue;
    // kube-proxy rejects connections to a node port whose Service has no ready endpoint.
    const ready = snapshot.pods.some((p) => p.namespace === service.namespace && p.ready && !p.deleting && selects(service.selector, p.labels));
    if (!ready) continue;
    for (const port of service.ports) if (port.nodePort) ports.add(port.nodePort);
  }
  return ports;
}
