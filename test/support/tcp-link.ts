// A TCP link on 127.0.0.1 in front of a real server (a registry), for network faults and
// benchmarks: it can pace what flows towards each client to `bytesPerSecond` per connection
// (one download on a busy link), cut a connection once a given number of bytes has passed down it
// (a layer's download broken off mid-way), and go away entirely (the link is down).
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpLink {
  /** 127.0.0.1:PORT: what the puller uses as its mirror. */
  host: string;
  /** Connections cut mid-way so far. */
  cuts(): number;
  /** The next connection that carries more than `bytes` towards the client is cut there. */
  cutOnceAfter(bytes: number): void;
  /** Every open connection ends and new ones are refused. */
  close(): Promise<void>;
}

export function startTcpLink(upstream: { host: string; port: number }, options: { bytesPerSecond?: number } = {}): Promise<TcpLink> {
  const sockets = new Set<Socket>();
  let cutAfter: number | undefined;
  let cuts = 0;
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const remote = createConnection({ host: upstream.host, port: upstream.port, allowHalfOpen: true });
    for (const socket of [client, remote]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    let down = 0;
    client.pipe(remote);
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
      if (options.bytesPerSecond) {
        remote.pause();
        setTimeout(() => remote.resume(), (chunk.length / options.bytesPerSecond) * 1000);
      }
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
