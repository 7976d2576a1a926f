// Without a Docker engine nobody publishes the node's ports, but a taken host port must still
// fail `kind create cluster` the way Docker 28 makes it fail: try to bind each one, then let go,
// and word a conflict as the daemon does (see takenHostPort).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { PortMapping } from './kind-config.js';

function probe(address: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

// The first address the kind network (172.18.0.0/16) gives a node container.
const NODE_ADDRESS = '172.18.0.2';

/** types.PortBinding.String(): HostIP:HostPort:IP:Port/proto, IPv6 addresses in brackets. */
function binding(mapping: PortMapping): string {
  const ip = (address: string): string => (address.includes(':') ? `[${address}]` : address);
  return `${ip(mapping.listenAddress)}:${mapping.hostPort}:${NODE_ADDRESS}:${mapping.containerPort}/tcp`;
}

/**
 * The daemon's message for the first mapping whose host port is taken, if any: Docker 28 wraps
 * bindTCPOrUDP's error (libnetwork/drivers/bridge/port_mapping_linux.go) in the endpoint's
 * "driver failed programming external connectivity" (libnetwork/endpoint.go) and the start's
 * "failed to set up container networking" (daemon/start_linux.go).
 */
export async function takenHostPort(mappings: PortMapping[], nodeName: string): Promise<string | undefined> {
  for (const mapping of mappings) {
    if (mapping.hostPort <= 0 || mapping.protocol !== 'TCP') continue;
    const problem = await probe(mapping.listenAddress, mapping.hostPort);
    if (!problem) continue;
    const why = problem === 'EADDRINUSE' ? 'address already in use' : problem === 'EADDRNOTAVAIL' ? 'cannot assign requested address' : problem;
    const endpoint = randomBytes(32).toString('hex');
    return `failed to set up container networking: driver failed programming external connectivity on endpoint ${nodeName} (${endpoint}): failed to bind host port for ${binding(mapping)}: ${why}`;
  }
  return undefined;
}
