// The browser-mode Bridge: one WebSocket to `meshdeck serve`, carrying CallFrames out and
// ReplyFrames/EventFrames back. It reconnects with backoff when the socket drops and fails
// every pending call with a TRANSPORT_CLOSED envelope instead of leaving it hanging.
// It owns no UI and knows nothing about methods; the socket factory and timers are
// parameters so that tests can drive it without a network.

import type { AppErrorInfo, Bridge, CallFrame, Envelope, ServerFrame } from '../../../core/contract';

/** What the bridge needs from a socket once it is created. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Socket events, handed to the factory so it can wire them to whatever socket it makes. */
export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(code: number, reason: string): void;
}

/** Handlers fire only after the factory returns, as with the DOM WebSocket. */
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionMonitor {
  readonly state: ConnectionState;
  /** Called on every change; returns an unsubscribe function. */
  onChange(listener: (state: ConnectionState) => void): () => void;
}

export interface WebSocketBridgeOptions {
  url: string;
  createSocket: SocketFactory;
  timers?: Timers;
  /** First retry delay; doubles on each failed attempt up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface WebSocketBridge extends Bridge {
  readonly connection: ConnectionMonitor;
  /** Closes the socket for good: pending and later calls fail with TRANSPORT_CLOSED. */
  dispose(): void;
}

const OPEN = 1;

const LOST_MESSAGE =
  'MeshDeck stopped answering. This page reconnects by itself when it is back; if meshdeck serve was restarted, open the new link it printed.';

interface PendingCall {
  frame: CallFrame;
  sent: boolean;
  resolve(envelope: Envelope<unknown>): void;
}

export function reconnectDelay(attempt: number, initialDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt));
}

export function createWebSocketBridge(options: WebSocketBridgeOptions): WebSocketBridge {
  const timers: Timers = options.timers ?? {
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  };
  const initialDelayMs = options.initialDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 5_000;

  const pending = new Map<number, PendingCall>();
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let failedAttempts = 0;
  let retryTimer: unknown = null;
  let disposed = false;

  function setState(next: ConnectionState): void {
    if (state === next) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  }

  function failure(code: AppErrorInfo['code'], message: string): Envelope<unknown> {
    return { ok: false, error: { code, message } };
  }

  function transportClosed(message: string): Envelope<unknown> {
    return failure('TRANSPORT_CLOSED', message);
  }

  function send(call: PendingCall): void {
    if (!socket || socket.readyState !== OPEN) return;
    socket.send(JSON.stringify(call.frame));
    call.sent = true;
  }

  function failAll(message: string): void {
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.resolve(transportClosed(message));
  }

  function handleMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return; // A frame we cannot read is dropped; the server only sends JSON.
    }
    if (frame === null || typeof frame !== 'object') return;
    if (frame.type === 'reply' && typeof frame.id === 'number') {
      const call = pending.get(frame.id);
      if (!call) return;
      pending.delete(frame.id);
      call.resolve(isEnvelope(frame.envelope) ? frame.envelope : failure('INTERNAL', 'MeshDeck sent a reply this page cannot read. Reload the page.'));
    } else if (frame.type === 'event' && typeof frame.name === 'string') {
      for (const listener of [...eventListeners]) {
        try {
          listener(frame.name, frame.payload);
        } catch (error) {
          // One broken listener must not stop the others from hearing the event.
          console.warn('MeshDeck event listener failed', error);
        }
      }
    }
  }

  function connect(): void {
    retryTimer = null;
    if (disposed) return;
    // Handlers check that they belong to the current socket: a late event from an old
    // socket must not touch the state of its replacement.
    const current: SocketLike = options.createSocket(options.url, {
      open() {
        if (socket !== current) return;
        failedAttempts = 0;
        setState('open');
        for (const call of pending.values()) if (!call.sent) send(call);
      },
      message(data) {
        if (socket === current) handleMessage(data);
      },
      close() {
        if (socket !== current) return;
        socket = null;
        failAll(LOST_MESSAGE);
        if (disposed) return;
        setState('reconnecting');
        retryTimer = timers.setTimeout(connect, reconnectDelay(failedAttempts, initialDelayMs, maxDelayMs));
        failedAttempts += 1;
      },
    });
    socket = current;
  }

  connect();

  return {
    connection: {
      get state() {
        return state;
      },
      onChange(listener) {
        stateListeners.add(listener);
        return () => stateListeners.delete(listener);
      },
    },
    call(method, params) {
      if (disposed) return Promise.resolve(transportClosed('The connection to MeshDeck is closed. Reload the page.'));
      return new Promise((resolve) => {
        const call: PendingCall = { frame: { type: 'call', id: nextId++, method, params }, sent: false, resolve };
        pending.set(call.frame.id, call);
        // While (re)connecting the call waits for the socket to open, or fails when it closes.
        send(call);
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => {
        eventListeners.delete(listener);
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      retryTimer = null;
      const current = socket;
      socket = null;
      current?.close(1000, 'closed by the page');
      failAll('The connection to MeshDeck is closed. Reload the page.');
      setState('closed');
    },
  };
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (value === null || typeof value !== 'object') return false;
  const envelope = value as { ok?: unknown; error?: unknown };
  // JSON drops `value: undefined`, so a successful envelope may carry no value at all.
  if (envelope.ok === true) return true;
  if (envelope.ok !== false || envelope.error === null || typeof envelope.error !== 'object') return false;
  const error = envelope.error as { code?: unknown; message?: unknown };
  return typeof error.code === 'string' && typeof error.message === 'string';
}
