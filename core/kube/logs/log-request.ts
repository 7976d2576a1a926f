// One streaming GET of a pod's log subresource, built from the chosen context's TLS material and
// credentials. client-node's Log would do the same, but it drops `tailLines=0`, hides the API's
// Status message behind a generic one and never reports a connection that broke mid-stream;
// following needs all three. Each request has its own socket, so aborting it ends the API
// server's stream at once; the shared keep-alive pool is left for short calls.
import type { KubeConfig } from '@kubernetes/client-node';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { KubeStatusError, type KubeStatus } from '../errors';

export interface LogQuery {
  container: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
}

export interface LogResponseHandlers {
  onText(text: string): void;
  /** Once, unless aborted: `complete` when the server ended the response itself. */
  onEnd(complete: boolean, error?: unknown): void;
}

export interface LogResponse {
  /** The server's clock when it answered (its Date header), in ms, when it sent one. */
  serverTime: number | undefined;
  abort(): void;
}

/** Query string as the API expects it; timestamps are always asked for (resuming needs them). */
export function logQueryString(query: LogQuery): URLSearchParams {
  const q = new URLSearchParams({ container: query.container, timestamps: 'true' });
  if (query.follow) q.set('follow', 'true');
  if (query.previous) q.set('previous', 'true');
  if (query.tailLines !== undefined) q.set('tailLines', String(query.tailLines));
  if (query.sinceTime !== undefined) q.set('sinceTime', query.sinceTime);
  else if (query.sinceSeconds !== undefined) q.set('sinceSeconds', String(query.sinceSeconds));
  return q;
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function statusError(statusCode: number, text: string): KubeStatusError {
  let status: KubeStatus | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') status = parsed as KubeStatus;
  } catch {
    status = text ? { message: text.slice(0, 300) } : undefined;
  }
  return new KubeStatusError(statusCode, status, `HTTP ${statusCode}`);
}

/** Resolves once the API answered 200 (then streams to `handlers`); rejects with its Status otherwise. */
export async function openLogRequest(kubeConfig: KubeConfig, namespace: string, pod: string, query: LogQuery, handlers: LogResponseHandlers, signal?: AbortSignal): Promise<LogResponse> {
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  const url = new URL(`${server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`);
  url.search = logQueryString(query).toString();
  const options: RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const plain = url.protocol === 'http:';
  // The agent client-node builds is for TLS; a plain-HTTP server (a local proxy) needs none.
  if (plain) delete options.agent;
  const send = plain ? httpRequest : httpsRequest;
  return new Promise<LogResponse>((resolve, reject) => {
    let aborted = false;
    let settled = false;
    // The signal also cuts a request that is still waiting for its answer.
    const req = send(url, { ...options, method: 'GET', headers: { ...(options.headers ?? {}), accept: '*/*' }, ...(signal ? { signal } : {}) }, (res) => {
      const statusCode = res.statusCode ?? 0;
      if (statusCode !== 200) {
        settled = true;
        void readAll(res).then((text) => reject(statusError(statusCode, text)));
        return;
      }
      settled = true;
      let ended = false;
      const end = (complete: boolean, error?: unknown): void => {
        if (ended || aborted) return;
        ended = true;
        handlers.onEnd(complete, error);
      };
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        if (!aborted) handlers.onText(text);
      });
      res.on('error', (error) => end(false, error));
      res.on('end', () => end(res.complete));
      res.on('close', () => end(res.complete));
      const date = res.headers.date ? Date.parse(res.headers.date) : Number.NaN;
      resolve({
        serverTime: Number.isNaN(date) ? undefined : date,
        abort: () => {
          aborted = true;
          req.destroy();
        },
      });
    });
    req.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
    req.end();
  });
}
