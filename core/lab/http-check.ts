// One HTTP GET through the ingress gateway with a chosen Host header (Node's fetch may not set
// Host), used by the verify step and by status. Bounded in time and size; never throws.

import { request } from 'node:http';

export interface HttpCheck {
  ok: boolean;
  status: number;
  detail: string;
  body: string;
}

const MAX_BODY = 256 * 1024;

export function httpGet(port: number, path: string, host: string, signal: AbortSignal, timeoutMs = 10_000): Promise<HttpCheck> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host, 'user-agent': 'MeshDeck' }, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < MAX_BODY) body += chunk;
      });
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        resolve({ ok: status >= 200 && status < 400, status, detail: `HTTP ${status}`, body });
      });
      response.on('error', (error) => resolve({ ok: false, status: 0, detail: error.message, body: '' }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, status: 0, detail: error.code ?? error.message, body: '' }));
    req.end();
  });
}
