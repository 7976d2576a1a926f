// A link of a given speed in front of a registry, for benchmarks of image pulls: a TCP forwarder
// on 127.0.0.1 that paces what flows towards each client to `bytesPerSecond` per connection
// (what one HTTP download gets from a CDN on a busy link), so the host's pulls take the time the
// test world's node pulls are given for the same bytes.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface ThrottledLink {
  host: string;
  close(): Promise<void>;
}

export function startThrottledLink(upstream: { host: string; port: number }, bytesPerSecond: number): Promise<ThrottledLink> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const remote = createConnection({ host: upstream.host, port: upstream.port, allowHalfOpen: true });
    for (const socket of [client, remote]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(remote);
    remote.on('data', (chunk: Buffer) => {
      remote.pause();
      client.write(chunk);
      setTimeout(() => remote.resume(), (chunk.length / bytesPerSecond) * 1000);
    });
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
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    }),
  );
}
