// The world's pod network: who answers HTTP at a pod IP and port. Real processes the kubelet
// runs for a pod (Prometheus) are bound here to their loopback address; in-process stand-ins
// (the mesh's sidecars on :15020, Bookinfo) answer through resolvers. Real processes reach pod
// IPs, which are not routable on the host, through a per-pod HTTP forward proxy (their "network
// namespace": `localhost` there is the pod itself). It routes nothing by mesh rules.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PodRequest {
  method: string;
  /** Path and query, as sent on the wire. */
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Buffer;
}

export interface PodResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export type PodHandler = (req: PodRequest, signal: AbortSignal) => Promise<PodResponse>;
export type PodResolver = (ip: string, port: number) => PodHandler | undefined;

/** A request a process inside a pod sends (curl in the curl pod): to a URL, from the pod's IP. */
export interface OutboundRequest {
  method: string;
  url: string;
  /** Lower-case names; `host` included. */
  headers: Record<string, string>;
  body?: Buffer;
}

/** What the sending process sees: an HTTP answer, or the socket-level failure it would get. */
export type OutboundResult =
  | { kind: 'response'; status: number; headers: Record<string, string | string[]>; body: Buffer }
  /** DNS found no such name. */
  | { kind: 'unresolved' }
  /** The TCP connect was refused (nothing listens, a Service without ready endpoints). */
  | { kind: 'refused' }
  /** The peer reset the connection before answering (a STRICT sidecar refusing plaintext). */
  | { kind: 'reset' }
  /** Nothing answers the SYN (a Service IP on a port it does not serve): the connect times out. */
  | { kind: 'unanswered' };

/** Sends for pods it knows (the mesh data plane: their sidecars or kube-proxy); undefined for others. */
export type OutboundSender = (sourceIP: string, req: OutboundRequest, signal: AbortSignal) => Promise<OutboundResult> | undefined;

export interface LoopbackAddress {
  host: string;
  port: number;
}

/** Nothing listens at that pod IP and port (or no such pod): what a TCP connect would say. */
export class ConnectionRefusedError extends Error {
  override readonly name = 'ConnectionRefusedError';
  constructor(readonly ip: string, readonly port: number) {
    super(`dial tcp ${ip}:${port}: connect: connection refused`);
  }
}

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authorization', 'content-length']);

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** An HTTP client for a real process bound to a pod port. */
function processHandler(address: LoopbackAddress): PodHandler {
  return (req, signal) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (!hopByHop.has(k)) headers[k] = v;
      if (req.body) headers['content-length'] = String(req.body.length);
      const out = httpRequest({ host: address.host, port: address.port, method: req.method, path: req.path, headers, signal }, (res) => {
        readAll(res).then((body) => {
          const responseHeaders: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !hopByHop.has(k)) responseHeaders[k] = v;
          resolve({ status: res.statusCode ?? 502, headers: responseHeaders, body });
        }, reject);
      });
      out.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ECONNREFUSED' ? new ConnectionRefusedError(address.host, address.port) : error));
      out.end(req.body);
    });
}

export class PodNetwork {
  private readonly processes = new Map<string, LoopbackAddress>();
  private readonly resolvers = new Set<PodResolver>();
  private readonly senders = new Set<OutboundSender>();
  private readonly proxies = new Set<Server>();

  /** A real process now listens for `ip:port` at `address`; returns the unbind function. */
  bindProcess(ip: string, port: number, address: LoopbackAddress): () => void {
    const key = `${ip}:${port}`;
    this.processes.set(key, address);
    return () => {
      if (this.processes.get(key) === address) this.processes.delete(key);
    };
  }

  /** The real process bound at `ip:port`, if any (the data plane forwards to it instead of a stand-in). */
  process(ip: string, port: number): PodHandler | undefined {
    const address = this.processes.get(`${ip}:${port}`);
    return address ? processHandler(address) : undefined;
  }

  addResolver(resolver: PodResolver): () => void {
    this.resolvers.add(resolver);
    return () => this.resolvers.delete(resolver);
  }

  addSender(sender: OutboundSender): () => void {
    this.senders.add(sender);
    return () => this.senders.delete(sender);
  }

  /**
   * A request from a process in the pod at `sourceIP`. The mesh's sender routes it (sidecar or
   * kube-proxy); without one only pod IPs are reachable (no cluster DNS, no Services).
   */
  async send(sourceIP: string, req: OutboundRequest, signal: AbortSignal): Promise<OutboundResult> {
    for (const sender of this.senders) {
      const sent = sender(sourceIP, req, signal);
      if (sent) return sent;
    }
    const url = new URL(req.url);
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(url.hostname)) return { kind: 'unresolved' };
    try {
      const answer = await this.request(url.hostname, Number(url.port || 80), { method: req.method, path: `${url.pathname}${url.search}`, headers: req.headers, ...(req.body ? { body: req.body } : {}) }, signal);
      return { kind: 'response', ...answer };
    } catch (error) {
      if (error instanceof ConnectionRefusedError) return { kind: 'refused' };
      throw error;
    }
  }

  handler(ip: string, port: number): PodHandler | undefined {
    const process = this.process(ip, port);
    if (process) return process;
    for (const resolve of this.resolvers) {
      const handler = resolve(ip, port);
      if (handler) return handler;
    }
    return undefined;
  }

  /** Sends one request to `ip:port`; rejects with ConnectionRefusedError when nothing answers there. */
  async request(ip: string, port: number, req: PodRequest, signal: AbortSignal): Promise<PodResponse> {
    const handler = this.handler(ip, port);
    if (!handler) throw new ConnectionRefusedError(ip, port);
    try {
      return await handler(req, signal);
    } catch (error) {
      // A bound process that stopped listening: the caller dialled the pod, not our loopback port.
      throw error instanceof ConnectionRefusedError ? new ConnectionRefusedError(ip, port) : error;
    }
  }

  /**
   * An HTTP forward proxy on loopback standing for pod `podIP`'s network namespace, for a real
   * process that must reach other pods (Prometheus's `proxy_url`). Absolute-form requests only;
   * an unreachable target answers 502 with the dial error, as a forward proxy would.
   */
  async openNamespace(podIP: string): Promise<{ url: string; close(): Promise<void> }> {
    const server = createServer((req, res) => {
      const target = /^http:\/\/([^/:]+):(\d+)(\/.*)?$/.exec(req.url ?? '');
      if (!target) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('the pod network proxy takes absolute http:// URLs only\n');
      const ip = target[1] === 'localhost' || target[1] === '127.0.0.1' ? podIP : (target[1] ?? '');
      const controller = new AbortController();
      res.on('close', () => controller.abort(new Error('client went away')));
      readAll(req)
        .then((body) => this.request(ip, Number(target[2]), { method: req.method ?? 'GET', path: target[3] ?? '/', headers: headerRecord(req), ...(body.length > 0 ? { body } : {}) }, controller.signal))
        .then((answer) => {
          res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
          res.end(answer.body);
        })
        .catch((error: unknown) => {
          if (res.headersSent) return void res.destroy();
          res.writeHead(502, { 'content-type': 'text/plain' }).end(`${error instanceof Error ? error.message : String(error)}\n`);
        });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.proxies.add(server);
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: async () => {
        this.proxies.delete(server);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.proxies].map((s) => new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    })));
    this.proxies.clear();
    this.processes.clear();
    this.resolvers.clear();
    this.senders.clear();
  }
}
