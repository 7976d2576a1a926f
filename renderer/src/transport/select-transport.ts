// Picks how this page talks to the core: the Electron preload's `window.meshdeck` when it
// exists, otherwise a WebSocket to `meshdeck serve`. This is the only module that knows;
// everything else gets a Bridge and uses createClient on it.

import { WS_PATH, type Bridge } from '../../../core/contract';
import { takeLaunchToken, webSocketUrl, type TokenEnvironment } from './launch-token';
import { createWebSocketBridge, type ConnectionMonitor, type SocketFactory } from './websocket-bridge';

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge; absent in browser mode. */
    meshdeck?: Bridge;
  }
}

export interface Transport {
  bridge: Bridge;
  /** Only browser mode can lose its connection and get it back. */
  connection: ConnectionMonitor | null;
}

/** The parts of `window` this module reads. */
export interface TransportWindow {
  meshdeck?: Bridge;
  location: TokenEnvironment['location'] & { protocol: string; host: string };
  history: TokenEnvironment['history'];
  readonly sessionStorage: TokenEnvironment['storage'];
}

export const domSocketFactory: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event) => handlers.message(event.data);
  socket.onclose = (event) => handlers.close(event.code, event.reason);
  return socket;
};

export function selectTransport(win: TransportWindow, createSocket: SocketFactory = domSocketFactory): Transport {
  if (win.meshdeck) return { bridge: win.meshdeck, connection: null };
  let storage: TokenEnvironment['storage'] = null;
  try {
    storage = win.sessionStorage;
  } catch {
    storage = null; // Access throws when storage is blocked for this origin.
  }
  // No token at all is fine when the server's cookie is there; if it is not, the server
  // refuses the socket and the app says the connection is lost.
  const token = takeLaunchToken({ location: win.location, history: win.history, storage });
  const bridge = createWebSocketBridge({ url: webSocketUrl(win.location, WS_PATH, token), createSocket });
  return { bridge, connection: bridge.connection };
}
