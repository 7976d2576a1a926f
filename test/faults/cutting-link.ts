// Test helper for network faults on the way to a registry: a TCP forwarder on 127.0.0.1 in
// front of the real one that can cut a connection once a given number of bytes has flowed down
// it (a layer's download broken off mid-way), and can go away entirely (the link is down).
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface CuttingLink {
  /** 127.0.0.1:PORT: what the puller uses as its mirror. */
  host: string;
  /** Connections cut mid-way so far. */
  cuts(): number;
  /** The next connection that carries more than `bytes` towards the client is cut there. */
  cutOnceAfter(bytes: number): void;
  /** Every open connection ends and new ones are refused. */
  close(): Promise<void>;
}

export function startCuttingLink(upstream: { host: string; port: number }): Promise<CuttingLink> {
  const sockets = new Set<Socket>();
  let cutAfter: number | undefined;
  let cuts = 0;
  const server: Server = createServer((client) => {
    const remote = createConnection(upstream.port, upstream.host);
    for (const socket of [client, remote]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    let down = 0;
    client.on('data', (chunk: Buffer) => remote.write(chunk));
    remote.on('data', (chunk: Buffer) => {
      down += chunk.length;
      if (cutAfter !== undefined && down > cutAfter) {
        cutAfter = undefined;
        cuts++;
        client.destroy();
        remote.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('end', () => remote.end());
    remote.on('end', () => client.end());
    client.on('close', () => remote.destroy());
    remote.on('close', () => client.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        host: `127.0.0.1:${port}`,
        cuts: () => cuts,
        cutOnceAfter: (bytes) => {
          cutAfter = bytes;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    }),
  );
}
