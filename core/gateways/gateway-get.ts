// One GET of a dashboard URL the way a browser on this machine would reach it: to 127.0.0.1 on the
// URL's port, with the URL's host as the Host header (the monitor gateway routes by it), without
// relying on name resolution of *.localhost. Returns status, headers and a capped body; never throws.

import { request } from 'node:http';

export interface GatewayAnswer {
  /** 0 when nothing answered. */
  status: number;
  /** Lower-case names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Why nothing answered (ECONNREFUSED, a timeout), when nothing did. */
  error?: string;
}

const MAX_BODY = 512 * 1024;

export function getThroughGateway(url: string, signal: AbortSignal, timeoutMs = 8_000): Promise<GatewayAnswer> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(target.port || 80),
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: { host: target.host, 'user-agent': 'MeshDeck', accept: 'text/html,application/json' },
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < MAX_BODY) body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        response.on('error', (error) => resolve({ status: 0, headers: {}, body: '', error: error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, headers: {}, body: '', error: error.name === 'TimeoutError' || error.name === 'AbortError' ? 'no answer in time' : (error.code ?? error.message) }));
    req.end();
  });
}
