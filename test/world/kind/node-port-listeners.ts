// The host side of a cluster's node ports: one TCP listener per forwarded port mapping, handing
// each accepted connection to the mesh data plane while that node port leads to the ingress
// gateway, and resetting it otherwise (as kube-proxy rejects a node port no Service owns).
// It opens no connections of its own and serves no protocol itself.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface NodePortBinding {
  /** The node port inside the cluster (the mapping's containerPort). */
  containerPort: number;
  /** Where to listen on the host: the Docker bridge gateway, or loopback without Docker. */
  host: string;
  /** 0 picks a free port (Docker mode: the forwarder inside the node is told which). */
  port: number;
}

export interface NodePortListener extends NodePortBinding {
  server: Server;
}

export interface NodePortOptions {
  bindings: NodePortBinding[];
  /** True while `containerPort` is a node port of the ingress gateway. */
  isOpen(containerPort: number): boolean;
  accept(socket: Socket): void;
}

function listen(binding: NodePortBinding, options: NodePortOptions): Promise<NodePortListener> {
  const server = createServer((socket) => {
    if (options.isOpen(binding.containerPort)) options.accept(socket);
    else socket.resetAndDestroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: binding.host, port: binding.port, exclusive: true }, () => {
      server.off('error', reject);
      resolve({ ...binding, port: (server.address() as AddressInfo).port, server });
    });
  });
}

export async function listenNodePorts(options: NodePortOptions): Promise<{ listeners: NodePortListener[]; close(): Promise<void> }> {
  const listeners: NodePortListener[] = [];
  const close = async (): Promise<void> => {
    // Connections already handed over belong to the data plane, which closes them on its stop.
    await Promise.all(listeners.map((l) => new Promise((resolve) => l.server.close(resolve))));
  };
  try {
    for (const binding of options.bindings) listeners.push(await listen(binding, options));
  } catch (error) {
    await close();
    throw error;
  }
  return { listeners, close };
}
