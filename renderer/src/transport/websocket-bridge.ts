// The browser-mode Bridge: one WebSocket to `meshdeck serve`, carrying CallFrames out and
// ReplyFrames/EventFrames back. It reconnects with backoff when the socket drops and fails
// every pending call with a TRANSPORT_CLOSED envelope instead of leaving it hanging. When the
// server closes with TOKEN_REFUSED_CLOSE_CODE (its token is not this serve's: serve was
// restarted) it stops for good: retrying a dead token would never succeed.
// It owns no UI and knows nothing about methods; the socket factory and timers are
// parameters so that tests can drive it without a network.

import { TOKEN_REFUSED_CLOSE_CODE, type AppErrorInfo, type Bridge, type CallFrame, type Envelope, type ServerFrame } from '../../../core/contract';

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

/** `refused`: the server no longer takes this page's token; only the new link works. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'refused' | 'closed';

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

/** What a page whose token the server refuses says, everywhere it says it. */
export const RESTARTED_MESSAGE = 'MeshDeck was restarted: open the new link from the terminal.';

interface PendingCall {
  frame: CallFrame;
  sent: boolean;
  resolve(envelope: Envelope<unknown>): void;
}

export function reconnectDelay(attempt: number, initialDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt));
}

const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

function failure(code: AppErrorInfo['code'], message: string): Envelope<unknown> {
  return { ok: false, error: { code, message } };
}

function transportClosed(message: string): Envelope<unknown> {
  return failure('TRANSPORT_CLOSED', message);
}

/** The connection state and who listens to it; `set` tells the listeners of each change. */
function createConnectionState(): { monitor: ConnectionMonitor; set(next: ConnectionState): void } {
  const listeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  return {
    monitor: {
      get state() {
        return state;
      },
      onChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    set(next) {
      if (state === next) return;
      state = next;
      for (const listener of [...listeners]) listener(next);
    },
  };
}

/** A frame from the server, or null for text that is not one (the server only sends JSON objects). */
function readServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data) as ServerFrame | null;
    return frame !== null && typeof frame === 'object' ? frame : null;
  } catch {
    return null;
  }
}

type EventListener = (name: string, payload: unknown) => void;

function tellEvent(listeners: ReadonlySet<EventListener>, name: string, payload: unknown): void {
  for (const listener of [...listeners]) {
    try {
      listener(name, payload);
    } catch (error) {
      // One broken listener must not stop the others from hearing the event.
      console.warn('MeshDeck event listener failed', error);
    }
  }
}

const CLOSED_MESSAGE = 'The connection to MeshDeck is closed. Reload the page.';

type PendingCalls = ReturnType<typeof createPendingCalls>;

/** Calls waiting for their reply, by id; each is answered exactly once. */
function createPendingCalls() {
  const calls = new Map<number, PendingCall>();
  let nextId = 1;
  return {
    add(method: CallFrame['method'], params: CallFrame['params'], resolve: PendingCall['resolve']): PendingCall {
      const call: PendingCall = { frame: { type: 'call', id: nextId++, method, params }, sent: false, resolve };
      calls.set(call.frame.id, call);
      return call;
    },
    answer(id: number, envelope: unknown): void {
      const call = calls.get(id);
      if (!call) return;
      calls.delete(id);
      call.resolve(isEnvelope(envelope) ? envelope : failure('INTERNAL', 'MeshDeck sent a reply this page cannot read. Reload the page.'));
    },
    unsent(): PendingCall[] {
      return [...calls.values()].filter((call) => !call.sent);
    },
    failAll(envelope: Envelope<unknown>): void {
      const failing = [...calls.values()];
      calls.clear();
      for (const call of failing) call.resolve(envelope);
    },
  };
}

/** Hands a server frame on: a reply to its call, an event to every listener. A frame we cannot read is dropped. */
function takeFrame(data: unknown, pending: PendingCalls, listeners: ReadonlySet<EventListener>): void {
  const frame = readServerFrame(data);
  if (frame?.type === 'reply' && typeof frame.id === 'number') pending.answer(frame.id, frame.envelope);
  else if (frame?.type === 'event' && typeof frame.name === 'string') tellEvent(listeners, frame.name, frame.payload);
}

/** The next reconnect, each one later than the one before (see `reconnectDelay`) until one opens. */
function createRetry(timers: Timers, initialDelayMs: number, maxDelayMs: number) {
  let failedAttempts = 0;
  let timer: unknown = null;
  return {
    schedule(connect: () => void): void {
      timer = timers.setTimeout(() => {
        timer = null;
        connect();
      }, reconnectDelay(failedAttempts, initialDelayMs, maxDelayMs));
      failedAttempts += 1;
    },
    opened(): void {
      failedAttempts = 0;
    },
    cancel(): void {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}

export function createWebSocketBridge(options: WebSocketBridgeOptions): WebSocketBridge {
  const retry = createRetry(options.timers ?? globalTimers, options.initialDelayMs ?? 250, options.maxDelayMs ?? 5_000);
  const pending = createPendingCalls();
  const eventListeners = new Set<EventListener>();
  const connection = createConnectionState();
  let socket: SocketLike | null = null;
  let disposed = false;
  // Set once the server refused the token: every call fails with it from then on.
  let refused: Envelope<unknown> | null = null;

  function send(call: PendingCall): void {
    if (!socket || socket.readyState !== OPEN) return;
    socket.send(JSON.stringify(call.frame));
    call.sent = true;
  }

  function connect(): void {
    if (disposed) return;
    // Handlers check that they belong to the current socket: a late event from an old
    // socket must not touch the state of its replacement.
    const current: SocketLike = options.createSocket(options.url, {
      open() {
        if (socket !== current) return;
        retry.opened();
        connection.set('open');
        for (const call of pending.unsent()) send(call);
      },
      message(data) {
        if (socket === current) takeFrame(data, pending, eventListeners);
      },
      close(code) {
        if (socket !== current) return;
        socket = null;
        if (code === TOKEN_REFUSED_CLOSE_CODE) {
          refused = failure('UNAUTHORIZED', RESTARTED_MESSAGE);
          pending.failAll(refused);
          connection.set('refused');
          return;
        }
        pending.failAll(transportClosed(LOST_MESSAGE));
        if (disposed) return;
        connection.set('reconnecting');
        retry.schedule(connect);
      },
    });
    socket = current;
  }

  connect();

  return {
    connection: connection.monitor,
    call(method, params) {
      if (refused) return Promise.resolve(refused);
      if (disposed) return Promise.resolve(transportClosed(CLOSED_MESSAGE));
      // While (re)connecting the call waits for the socket to open, or fails when it closes.
      return new Promise((resolve) => send(pending.add(method, params, resolve)));
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
      retry.cancel();
      const current = socket;
      socket = null;
      current?.close(1000, 'closed by the page');
      pending.failAll(transportClosed(CLOSED_MESSAGE));
      if (!refused) connection.set('closed');
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
