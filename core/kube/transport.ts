// The one HTTPS connection pool MeshDeck's hot paths (apply, discovery, lists) share with a
// cluster: a keep-alive agent built once from the chosen context's TLS material and credentials.
// client-node's generated APIs open a fresh connection per call, which costs a TLS handshake
// per object; this does not. It only moves JSON; errors stay raw for kubeError() to explain.
import type { KubeConfig } from '@kubernetes/client-node';
import { Agent as HttpAgent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { KubeStatusError, type KubeStatus } from './errors';

export interface KubeRequest {
  query?: Record<string, string | undefined>;
  body?: string;
  contentType?: string;
  /** Accept header; default application/json. */
  accept?: string;
  signal?: AbortSignal;
}

export interface KubeHttp {
  readonly server: string;
  /** Sends one request; resolves with the parsed JSON answer, rejects with KubeStatusError on non-2xx. */
  request<T>(method: string, path: string, options?: KubeRequest): Promise<{ statusCode: number; body: T }>;
  /** Closes pooled connections. */
  close(): void;
}

// Exec-plugin tokens expire; re-reading credentials now and then keeps long sessions working.
const credentialsMaxAgeMs = 60_000;

interface Prepared {
  agent: HttpAgent | HttpsAgent;
  headers: OutgoingHttpHeaders;
  auth: string | undefined;
  at: number;
}

export function createKubeHttp(kubeConfig: KubeConfig, maxSockets = 16): KubeHttp {
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  const secure = !server.startsWith('http:');
  let prepared: Promise<Prepared> | undefined;
  let agent: HttpAgent | HttpsAgent | undefined;

  async function prepare(): Promise<Prepared> {
    const opts: RequestOptions = {};
    await kubeConfig.applyToHTTPSOptions(opts);
    agent ??= secure
      ? new HttpsAgent({
          keepAlive: true,
          maxSockets,
          ...(opts.ca ? { ca: opts.ca } : {}),
          ...(opts.cert ? { cert: opts.cert } : {}),
          ...(opts.key ? { key: opts.key } : {}),
          ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
          ...(opts.servername ? { servername: opts.servername } : {}),
        })
      : new HttpAgent({ keepAlive: true, maxSockets });
    return { agent, headers: { ...((opts.headers as OutgoingHttpHeaders | undefined) ?? {}) }, auth: opts.auth ?? undefined, at: Date.now() };
  }

  async function current(): Promise<Prepared> {
    const existing = prepared ? await prepared : undefined;
    if (existing && Date.now() - existing.at < credentialsMaxAgeMs) return existing;
    prepared = prepare();
    prepared.catch(() => (prepared = undefined));
    return prepared;
  }

  return {
    server,
    async request<T>(method: string, path: string, options: KubeRequest = {}) {
      const p = await current();
      const url = new URL(server.replace(/\/$/, '') + path);
      for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
      const headers: OutgoingHttpHeaders = { ...p.headers, accept: options.accept ?? 'application/json' };
      if (options.body !== undefined) {
        headers['content-type'] = options.contentType ?? 'application/json';
        headers['content-length'] = Buffer.byteLength(options.body);
      }
      return new Promise<{ statusCode: number; body: T }>((resolve, reject) => {
        const send = secure ? httpsRequest : httpRequest;
        const req = send(url, { method, agent: p.agent, headers, ...(p.auth ? { auth: p.auth } : {}), ...(options.signal ? { signal: options.signal } : {}) }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const statusCode = res.statusCode ?? 0;
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            if (statusCode >= 200 && statusCode < 300) resolve({ statusCode, body: parsed as T });
            else reject(new KubeStatusError(statusCode, parsed && typeof parsed === 'object' ? (parsed as KubeStatus) : { message: text.slice(0, 300) }, `HTTP ${statusCode}`));
          });
        });
        req.on('error', reject);
        req.end(options.body);
      });
    },
    close() {
      agent?.destroy();
    },
  };
}
