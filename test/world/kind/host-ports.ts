// Without a Docker engine nobody publishes the node's ports, but a taken host port must still
// fail `kind create cluster` the way Docker makes it fail: try to bind each one, then let go.
import { createServer } from 'node:net';
import type { PortMapping } from './kind-config.js';

function probe(address: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** The Docker-style message for the first mapping whose host port is taken, if any. */
export async function takenHostPort(mappings: PortMapping[]): Promise<string | undefined> {
  for (const mapping of mappings) {
    if (mapping.hostPort <= 0 || mapping.protocol !== 'TCP') continue;
    const problem = await probe(mapping.listenAddress, mapping.hostPort);
    if (problem === 'EADDRINUSE') {
      return `failed to set up container networking: driver failed programming external connectivity: failed to bind host port for ${mapping.listenAddress}:${mapping.hostPort}:${mapping.containerPort}/tcp: address already in use`;
    }
    if (problem) return `failed to bind host port for ${mapping.listenAddress}:${mapping.hostPort}: ${problem}`;
  }
  return undefined;
}
