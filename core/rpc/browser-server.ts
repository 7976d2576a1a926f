// Browser mode: one HTTP server on 127.0.0.1 that serves the built renderer and carries the
// dispatcher over a WebSocket. Every request needs the per-launch token (query on first load,
// then an HttpOnly cookie), a loopback Host (DNS rebinding) and, for WebSockets, our Origin.
// A WebSocket with a wrong token is accepted and closed at once with TOKEN_REFUSED_CLOSE_CODE:
// a browser only sees a refused handshake as "closed, 1006", the same as a server that is away,
// and would retry a dead token forever (after `meshdeck serve` restarts, with a new token).

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { AppError, TOKEN_PARAM, TOKEN_REFUSED_CLOSE_CODE, WS_PATH, type CallFrame, type EventFrame, type ReplyFrame } from '../contract';
import { isAllowedHost, isAllowedOrigin, readCookie, tokenMatches } from './access-policy';
import { CallerScope } from './caller';
import type { Dispatcher } from './dispatcher';
import type { EventHub } from './event-hub';
import { resolveStaticPath, sendStaticFile } from './static-files';

const TOKEN_COOKIE = 'meshdeck_token';
const MAX_URL_LENGTH = 8 * 1024;
const MAX_FRAME_BYTES = 1024 * 1024;
// A client that stops reading must not make us buffer without bound.
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Close reasons are at most 123 bytes. */
const TOKEN_REFUSED_REASON = 'This access token is not valid for this meshdeck serve; open the link it printed.';

export interface BrowserServerOptions {
  dispatcher: Dispatcher;
  events: EventHub;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Tests pass a fixed token; normal launches get a fresh random one. */
  token?: string;
}

export interface BrowserServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

// frame-src: the Dashboards screen frames the lab's dashboards from their monitor-gateway host
// names (kiali.localhost:<port>, …). Only plain http on *.localhost, which browsers always resolve
// to loopback (RFC 6761), any port (the user picks the gateway's); never the app's own origin, never
// another host. A lab under another domain would need its hosts added here and in index.html.
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src http://*.localhost:*; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** What the HTTP and WebSocket handlers share: the options, the token, the bound port (once known) and the open sockets. */
interface ServerState {
  options: BrowserServerOptions;
  token: string;
  port: number;
  sockets: Set<WebSocket>;
}

/** The app's static files, for a request on an allowed host that carries the token (query or cookie). */
async function handleHttp(state: ServerState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if ((request.url ?? '').length > MAX_URL_LENGTH) return plain(response, 414, 'Request URL too long.');
  if (!isAllowedHost(request.headers.host, state.port)) return plain(response, 403, 'MeshDeck answers only on 127.0.0.1 and localhost.');
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'Only GET and HEAD are served here.');
  const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
  const queryToken = url.searchParams.get(TOKEN_PARAM);
  const authorized = tokenMatches(queryToken, state.token) || tokenMatches(readCookie(request.headers.cookie, TOKEN_COOKIE), state.token);
  if (!authorized) {
    return plain(response, 401, 'This MeshDeck address needs its access token: open the full link that `meshdeck serve` printed in its terminal. If it was restarted, only the new link works.');
  }
  const headers = { ...SECURITY_HEADERS };
  if (queryToken) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${state.token}; HttpOnly; SameSite=Strict; Path=/`;
  const file = await resolveStaticPath(state.options.staticDir, url.pathname);
  if (!file) return plain(response, 404, 'Not found.');
  await sendStaticFile(response, file, headers, request.method === 'HEAD');
}

/** One browser tab: its calls go to the dispatcher as one caller, every event goes to it, and what it started ends when it goes. */
function serveClient(state: ServerState, ws: WebSocket): void {
  state.sockets.add(ws);
  const send = (frame: ReplyFrame | EventFrame) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'Client is not reading; reconnect.');
      return;
    }
    ws.send(JSON.stringify(frame));
  };
  const unsubscribe = state.options.events.subscribe((name, payload) => send({ type: 'event', name, payload }));
  // This tab: what it started (log streams, shells, generator runs) ends when it goes.
  const caller = new CallerScope();
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const frame = isBinary ? undefined : parseCallFrame(data.toString());
    if (!frame) {
      ws.close(1008, 'Expected a JSON call frame.');
      return;
    }
    if ('invalid' in frame) {
      send({ type: 'reply', id: frame.id, envelope: { ok: false, error: frame.invalid.toInfo() } });
      return;
    }
    void state.options.dispatcher.dispatch(frame.method, frame.params, caller).then((envelope) => send({ type: 'reply', id: frame.id, envelope }));
  });
  ws.on('close', () => {
    unsubscribe();
    caller.gone();
    state.sockets.delete(ws);
  });
  ws.on('error', () => ws.terminate());
}

function listen(server: Server, port: number | undefined): Promise<void> {
  return new Promise<void>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new AppError('PORT_IN_USE', `Port ${port} on 127.0.0.1 is already in use. Pick another with --port, or leave it out to get a free one.`, { port: port ?? 0 })
          : error,
      );
    });
    server.listen(port ?? 0, '127.0.0.1', () => resolvePromise());
  });
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const state: ServerState = { options, token: options.token ?? randomBytes(32).toString('base64url'), port: 0, sockets: new Set() };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const server = createServer((request, response) => {
    handleHttp(state, request, response).catch(() => {
      if (!response.headersSent) plain(response, 500, 'MeshDeck could not serve this file.');
      else response.destroy();
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(request, state.port, state.token);
    if (refusal === 'token') {
      // Nothing is read from this socket: it is closed before any frame is taken.
      wss.handleUpgrade(request, socket, head, (ws) => ws.close(TOKEN_REFUSED_CLOSE_CODE, TOKEN_REFUSED_REASON));
      return;
    }
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveClient(state, ws));
  });
  await listen(server, options.port);
  state.port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${state.port}/?${TOKEN_PARAM}=${state.token}`,
    port: state.port,
    token: state.token,
    async close() {
      for (const ws of state.sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}

/** An HTTP status line to refuse with, 'token' for a request that is ours but has no valid token, or undefined. */
function refuseUpgrade(request: IncomingMessage, port: number, token: string): string | 'token' | undefined {
  if (!isAllowedHost(request.headers.host, port)) return '403 Forbidden';
  if (!isAllowedOrigin(request.headers.origin, port)) return '403 Forbidden';
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== WS_PATH) return '404 Not Found';
  const authorized = tokenMatches(url.searchParams.get(TOKEN_PARAM), token) || tokenMatches(readCookie(request.headers.cookie, TOKEN_COOKIE), token);
  return authorized ? undefined : 'token';
}

type ParsedFrame = CallFrame | { id: number; invalid: AppError };

/** Undefined means the frame is not even JSON with an id: the connection is closed. */
export function parseCallFrame(text: string): ParsedFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const frame = value as Record<string, unknown>;
  if (typeof frame.id !== 'number' || !Number.isSafeInteger(frame.id)) return undefined;
  if (frame.type !== 'call' || typeof frame.method !== 'string') {
    return { id: frame.id, invalid: new AppError('INVALID_ARGUMENT', 'A call frame needs type "call", a method name and params.') };
  }
  return { type: 'call', id: frame.id, method: frame.method, params: frame.params };
}

function plain(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${message}\n`);
}
