// Test helper for Docker faults: a unix socket in front of the machine's real Docker engine
// (DOCKER_HOST points at it), which a test closes to make "Docker" stop, and starts again to
// bring it back. The real dockerd is never stopped or restarted.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

const REAL_DOCKER = '/var/run/docker.sock';

export interface DockerProxy {
  /** Ends every open connection and stops listening: to its clients, the engine has gone away. */
  close(): Promise<void>;
}

/** A unix socket that forwards every connection to the real Docker engine until closed. */
export function startDockerProxy(path: string): Promise<DockerProxy> {
  const sockets = new Set<Socket>();
  // Half-open both ways, as the engine's socket is: `docker exec -i` ends its stdin and still
  // reads the command's output and exit code after it.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = createConnection({ path: REAL_DOCKER, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) =>
    server.listen(path, () =>
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}
