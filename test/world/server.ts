// The HTTPS listener: TLS with the world's CA, authentication (bearer token or a client
// certificate signed by the CA; anonymous requests get 401 except health and version), then
// hands the request to HttpApi. It binds 127.0.0.1 on a free port and can drop every
// connection on stop, because watches and log follows never end on their own.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { refuseUpgrade } from './exec/upgrade-refusal.js';
import type { HttpApi } from './http-api.js';
import type { UserInfo } from './resource-api.js';
import { pathNotFound, unauthorized } from './status.js';

export interface ApiServerOptions {
  caPem: string;
  certPem: string;
  keyPem: string;
  tokens: Map<string, UserInfo>;
  http: HttpApi;
  host?: string;
  port?: number;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Authenticated upgrade requests (pods/exec over WebSocket); without it they get 404. */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer, user: UserInfo) => void;
}

export interface RequestLogEntry {
  method: string;
  url: string;
  status: number;
  user: string;
  ms: number;
  userAgent: string;
}

const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

export class ApiServer {
  private server: Server | undefined;
  private address: AddressInfo | undefined;
  /** Upgraded (exec) connections: closeAllConnections() does not see them. */
  private readonly upgraded = new Set<Duplex>();

  constructor(private readonly options: ApiServerOptions) {}

  get url(): string {
    if (!this.address) throw new Error('the API server is not listening');
    return `https://${this.address.address}:${this.address.port}`;
  }

  get hostPort(): string {
    return this.address ? `${this.address.address}:${this.address.port}` : '';
  }

  async start(): Promise<string> {
    const server = createServer(
      {
        ca: this.options.caPem,
        cert: this.options.certPem,
        key: this.options.keyPem,
        // Client certificates are optional: token users have none. Unverified ones are ignored.
        requestCert: true,
        rejectUnauthorized: false,
        keepAliveTimeout: 60_000,
      },
      (req, res) => void this.serve(req, res),
    );
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    server.headersTimeout = 60_000;
    server.requestTimeout = 0; // watches and log follows are long-lived by design
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // A restart binds the port it had, so clients with the old URL reconnect.
      server.listen(this.address?.port ?? this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.address = server.address() as AddressInfo;
    return this.url;
  }

  private authenticate(req: IncomingMessage): UserInfo | undefined | 'invalid' {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(.+)$/i.exec(header);
      const user = m ? this.options.tokens.get(m[1]?.trim() ?? '') : undefined;
      return user ?? 'invalid';
    }
    const socket = req.socket as TLSSocket;
    if (socket.authorized) {
      const cert = socket.getPeerCertificate();
      const subject = cert.subject as unknown as Record<string, string | string[] | undefined> | undefined;
      const cn = subject?.['CN'];
      const o = subject?.['O'];
      const username = Array.isArray(cn) ? (cn[0] ?? '') : (cn ?? '');
      if (username) {
        const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
        return { username, groups: [...groups, 'system:authenticated'] };
      }
    }
    return undefined;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const user = this.authenticate(req);
    if (this.options.onRequest) {
      const log = this.options.onRequest;
      res.once('finish', () =>
        log({
          method: req.method ?? '',
          url: req.url ?? '',
          status: res.statusCode,
          user: user && user !== 'invalid' ? user.username : 'anonymous',
          ms: performance.now() - started,
          userAgent: req.headers['user-agent'] ?? '',
        }),
      );
    }
    if (user === 'invalid' || (!user && !publicPaths.has(path))) {
      const body = JSON.stringify(unauthorized().toStatus());
      res.writeHead(401, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('ok');
      return;
    }
    await this.options.http.handle(req, res, user ?? { username: 'system:anonymous', groups: ['system:unauthenticated'] });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.upgraded.add(socket);
    socket.once('close', () => this.upgraded.delete(socket));
    const user = this.authenticate(req);
    if (!user || user === 'invalid') refuseUpgrade(socket, unauthorized());
    else if (this.options.onUpgrade) this.options.onUpgrade(req, socket, head, user);
    else refuseUpgrade(socket, pathNotFound());
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of this.upgraded) socket.destroy();
    });
  }
}
