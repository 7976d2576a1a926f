// A Node-side Bridge over the browser-mode WebSocket, for the tests that drive `meshdeck serve`'s
// server as a browser would (browser-server.test.ts). No face uses it: the renderer has its own
// browser WebSocket bridge, and the CLI talks to a core in its own process (in-process-bridge.ts).

import WebSocket from 'ws';
import { AppError, TOKEN_REFUSED_CLOSE_CODE, type Bridge, type Envelope, type ServerFrame } from '../contract';

export interface WsBridge extends Bridge {
  close(): void;
}

export async function connectWsBridge(url: string, headers: Record<string, string> = {}): Promise<WsBridge> {
  const ws = new WebSocket(url, { headers });
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let nextId = 1;

  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) => {
      reject(new AppError('UNAUTHORIZED', `The MeshDeck server refused the connection (HTTP ${response.statusCode}).`, { status: response.statusCode ?? 0 }));
    });
    ws.once('error', reject);
  });

  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.type === 'reply') {
      pending.get(frame.id)?.(frame.envelope);
      pending.delete(frame.id);
    } else {
      for (const listener of listeners) listener(frame.name, frame.payload);
    }
  });
  let closed = new AppError('TRANSPORT_CLOSED', 'The connection to MeshDeck closed.').toInfo();
  ws.on('close', (code, reason) => {
    // A wrong token is accepted and then closed with its own code (browser-server.ts).
    if (code === TOKEN_REFUSED_CLOSE_CODE) closed = new AppError('UNAUTHORIZED', reason.toString() || 'The MeshDeck server did not accept the token.').toInfo();
    for (const resolve of pending.values()) resolve({ ok: false, error: closed });
    pending.clear();
  });

  return {
    call(method, params) {
      const id = nextId++;
      if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ ok: false, error: closed });
      // Closing: answer once it has closed, when its close code (and so the reason) is known.
      if (ws.readyState === WebSocket.CLOSING) return new Promise((resolve) => ws.once('close', () => resolve({ ok: false, error: closed })));
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, method, params }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      ws.close();
    },
  };
}
