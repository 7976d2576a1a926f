// A kind cluster's ingress path, run inside its cluster runner (the process of its world, so
// access-log lines land in the pods' istio-proxy logs): the mesh data plane, plus the node-port
// listeners that reach it. With Docker, the node container owns the published host ports and
// relays each node port to a listener on the bridge gateway; without Docker the listeners take
// the host ports themselves, on loopback only. HTTP only: a 443 mapping carries plain HTTP.
import type { Socket } from 'node:net';
import type Docker from 'dockerode';
import type { World } from '../index.js';
import { defaultGateway, startMeshDataPlane, type MeshDataPlane } from '../mesh/index.js';
import { ingressNodePorts } from '../mesh/ingress-node-ports.js';
import { worldAccessLog } from '../mesh/world-access-log.js';
import type { PortMapping } from './kind-config.js';
import { hostGatewayAddress, startForwarders } from './node-forwarders.js';
import { listenNodePorts, type NodePortBinding, type NodePortListener } from './node-port-listeners.js';
import type { ClusterRecord } from './world-state.js';

export interface ClusterDataPlane {
  mesh: MeshDataPlane;
  listeners: NodePortListener[];
  stop(): Promise<void>;
}

function tcp(mappings: PortMapping[]): PortMapping[] {
  return mappings.filter((m) => m.protocol.toUpperCase() === 'TCP');
}

/** Without Docker the stand-in never opens a port beyond this machine, whatever the config asks. */
function loopback(listenAddress: string): string {
  return listenAddress === '::1' || listenAddress.startsWith('127.') ? listenAddress : '127.0.0.1';
}

export async function startClusterDataPlane(record: ClusterRecord, world: World, docker: Docker | undefined): Promise<ClusterDataPlane> {
  if (record.docker && !docker) throw new Error(`cluster "${record.name}" has node containers, but no Docker engine answers`);
  const mesh = await startMeshDataPlane({ kubeconfigPath: world.kubeconfigPath, host: '127.0.0.1', port: 0, onAccessLog: worldAccessLog(world), podNetwork: world.podNetwork });
  const options = {
    isOpen: (containerPort: number) => ingressNodePorts(mesh.snapshot(), defaultGateway).has(containerPort),
    accept: (socket: Socket) => mesh.accept(socket),
  };
  const opened: Array<{ close(): Promise<void> }> = [];
  const listeners: NodePortListener[] = [];
  const stop = async (): Promise<void> => {
    await mesh.stop();
    await Promise.all(opened.map((o) => o.close()));
  };
  try {
    for (const [i, node] of record.nodes.entries()) {
      const mappings = tcp(record.config.nodes[i]?.extraPortMappings ?? []);
      if (mappings.length === 0) continue;
      if (docker && record.docker) {
        if (!node.containerId) throw new Error(`node ${node.name} has no container`);
        const host = await hostGatewayAddress(docker, node.containerId);
        // One relay per node port, however many host addresses Docker publishes it on.
        const ports = [...new Set(mappings.map((m) => m.containerPort))];
        const bindings: NodePortBinding[] = ports.map((containerPort) => ({ containerPort, host, port: 0 }));
        const set = await listenNodePorts({ bindings, ...options });
        opened.push(set);
        listeners.push(...set.listeners);
        await startForwarders(docker, node.containerId, set.listeners.map((l) => ({ containerPort: l.containerPort, hostPort: l.port })));
      } else {
        const bindings = mappings.map((m) => ({ containerPort: m.containerPort, host: loopback(m.listenAddress), port: m.hostPort }));
        const set = await listenNodePorts({ bindings, ...options });
        opened.push(set);
        listeners.push(...set.listeners);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { mesh, listeners, stop };
}
