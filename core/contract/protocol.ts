// The wire shapes shared by both transports: the result envelope, the Electron IPC channel
// names (exactly two), and the WebSocket frames of browser mode.

import type { AppErrorInfo } from './errors';

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorInfo };

export const IPC_CALL_CHANNEL = 'meshdeck:call';
export const IPC_EVENT_CHANNEL = 'meshdeck:event';

/** Path of the browser-mode WebSocket endpoint; the launch token travels as `?token=`. */
export const WS_PATH = '/rpc';
export const TOKEN_PARAM = 'token';
/**
 * The WebSocket close code for "this token is not (or no longer) valid here": the server accepts
 * the upgrade and closes with it, because a browser cannot read a refused handshake's HTTP status.
 * The page stops reconnecting on it (after `meshdeck serve` restarts, only the new link works).
 */
export const TOKEN_REFUSED_CLOSE_CODE = 4401;

export interface CallFrame {
  type: 'call';
  id: number;
  method: string;
  params: unknown;
}

export interface ReplyFrame {
  type: 'reply';
  id: number;
  envelope: Envelope<unknown>;
}

export interface EventFrame {
  type: 'event';
  name: string;
  payload: unknown;
}

export type ServerFrame = ReplyFrame | EventFrame;

/** The minimal surface a transport offers the renderer: the preload exposes exactly this. */
export interface Bridge {
  call(method: string, params: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}
