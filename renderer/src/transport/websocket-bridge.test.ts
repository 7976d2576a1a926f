import { describe, expect, it } from 'vitest';
import type { CallFrame } from '../../../core/contract';
import { RESTARTED_MESSAGE, createWebSocketBridge, reconnectDelay, type SocketHandlers, type Timers } from './websocket-bridge';

class FakeSocket {
  readyState = 0;
  sent: CallFrame[] = [];
  closedByClient: { code?: number; reason?: string } | null = null;
  constructor(
    readonly url: string,
    private readonly handlers: SocketHandlers,
  ) {}
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as CallFrame);
  }
  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    this.readyState = 3;
  }
  // What the server side does:
  open(): void {
    this.readyState = 1;
    this.handlers.open();
  }
  receive(frame: unknown): void {
    this.handlers.message(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  drop(): void {
    this.readyState = 3;
    this.handlers.close(1006, '');
  }
  /** What browser-server.ts does with a token that is not its own: accept, then close with 4401. */
  refuseToken(): void {
    this.readyState = 1;
    this.handlers.open();
    this.readyState = 3;
    this.handlers.close(4401, 'This access token is not valid for this meshdeck serve; open the link it printed.');
  }
}

class ManualTimers implements Timers {
  scheduled: { callback: () => void; ms: number; cleared: boolean }[] = [];
  setTimeout(callback: () => void, ms: number): unknown {
    const entry = { callback, ms, cleared: false };
    this.scheduled.push(entry);
    return entry;
  }
  clearTimeout(handle: unknown): void {
    (handle as { cleared: boolean }).cleared = true;
  }
  runNext(): number {
    const entry = this.scheduled.shift();
    if (!entry) throw new Error('nothing scheduled');
    if (!entry.cleared) entry.callback();
    return entry.ms;
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers = new ManualTimers();
  const bridge = createWebSocketBridge({
    url: 'ws://127.0.0.1:4000/rpc?token=abc',
    createSocket: (url, handlers) => {
      const socket = new FakeSocket(url, handlers);
      sockets.push(socket);
      return socket;
    },
    timers,
    initialDelayMs: 100,
    maxDelayMs: 1000,
  });
  const last = () => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket');
    return socket;
  };
  return { bridge, sockets, timers, last };
}

describe('createWebSocketBridge', () => {
  it('connects at once to the given URL', () => {
    const { sockets, bridge } = setup();
    expect(sockets.map((socket) => socket.url)).toEqual(['ws://127.0.0.1:4000/rpc?token=abc']);
    expect(bridge.connection.state).toBe('connecting');
  });

  it('holds calls made before the socket opens and sends them as call frames on open', async () => {
    const { bridge, last } = setup();
    const reply = bridge.call('app.status', {});
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent).toEqual([{ type: 'call', id: 1, method: 'app.status', params: {} }]);
    last().receive({ type: 'reply', id: 1, envelope: { ok: true, value: { version: '1.2.3' } } });
    await expect(reply).resolves.toEqual({ ok: true, value: { version: '1.2.3' } });
  });

  it('matches replies to calls by id, whatever order they arrive in', async () => {
    const { bridge, last } = setup();
    last().open();
    const first = bridge.call('task.get', { taskId: 'a' });
    const second = bridge.call('task.get', { taskId: 'b' });
    const [frameA, frameB] = last().sent;
    expect(frameA?.id).not.toBe(frameB?.id);
    last().receive({ type: 'reply', id: frameB?.id, envelope: { ok: true, value: 'b' } });
    last().receive({ type: 'reply', id: frameA?.id, envelope: { ok: false, error: { code: 'NOT_FOUND', message: 'no task a' } } });
    await expect(first).resolves.toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no task a' } });
    await expect(second).resolves.toEqual({ ok: true, value: 'b' });
  });

  it('accepts a success envelope whose undefined value JSON dropped', async () => {
    const { bridge, last } = setup();
    last().open();
    const reply = bridge.call('task.cancel', { taskId: 'a' });
    last().receive({ type: 'reply', id: 1, envelope: { ok: true } });
    await expect(reply).resolves.toEqual({ ok: true });
  });

  it('turns a malformed reply envelope into an INTERNAL error instead of passing it on', async () => {
    const { bridge, last } = setup();
    last().open();
    const reply = bridge.call('app.status', {});
    last().receive({ type: 'reply', id: 1, envelope: { ok: false, error: 'boom' } });
    const envelope = await reply;
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.code).toBe('INTERNAL');
  });

  it('delivers event frames to every subscriber until it unsubscribes', () => {
    const { bridge, last } = setup();
    last().open();
    const heardA: unknown[] = [];
    const heardB: unknown[] = [];
    const offA = bridge.subscribe((name, payload) => heardA.push([name, payload]));
    bridge.subscribe((name, payload) => heardB.push([name, payload]));
    last().receive({ type: 'event', name: 'task:update', payload: { id: 't1' } });
    offA();
    last().receive({ type: 'event', name: 'task:update', payload: { id: 't2' } });
    expect(heardA).toEqual([['task:update', { id: 't1' }]]);
    expect(heardB).toEqual([
      ['task:update', { id: 't1' }],
      ['task:update', { id: 't2' }],
    ]);
  });

  it('keeps delivering events when one listener throws', () => {
    const { bridge, last } = setup();
    last().open();
    const heard: string[] = [];
    const originalWarn = console.warn;
    console.warn = () => {};
    try {
      bridge.subscribe(() => {
        throw new Error('listener bug');
      });
      bridge.subscribe((name) => heard.push(name));
      last().receive({ type: 'event', name: 'task:update', payload: {} });
    } finally {
      console.warn = originalWarn;
    }
    expect(heard).toEqual(['task:update']);
  });

  it('ignores frames that are not JSON or not for a pending call', () => {
    const { bridge, last } = setup();
    last().open();
    const heard: string[] = [];
    bridge.subscribe((name) => heard.push(name));
    expect(() => last().receive('not json {')).not.toThrow();
    expect(() => last().receive({ type: 'reply', id: 99, envelope: { ok: true, value: 1 } })).not.toThrow();
    expect(() => last().receive('null')).not.toThrow();
    expect(heard).toEqual([]);
  });

  it('fails pending calls with TRANSPORT_CLOSED when the socket drops', async () => {
    const { bridge, last } = setup();
    last().open();
    const sent = bridge.call('app.status', {});
    last().drop();
    const envelope = await sent;
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe('TRANSPORT_CLOSED');
      expect(envelope.error.message).toMatch(/reconnects by itself/);
    }
    expect(bridge.connection.state).toBe('reconnecting');
  });

  it('fails calls still waiting for a first connection that never opens', async () => {
    const { bridge, last } = setup();
    const waiting = bridge.call('app.status', {});
    last().drop();
    const envelope = await waiting;
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.code).toBe('TRANSPORT_CLOSED');
  });

  it('reconnects with a doubling, capped delay and resets it after a successful open', () => {
    const { sockets, timers, last, bridge } = setup();
    const states: string[] = [];
    bridge.connection.onChange((state) => states.push(state));
    const delays: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      last().drop();
      delays.push(timers.runNext());
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(sockets).toHaveLength(7);
    last().open();
    expect(bridge.connection.state).toBe('open');
    last().drop();
    expect(timers.runNext()).toBe(100);
    expect(states).toEqual(['reconnecting', 'open', 'reconnecting']);
  });

  it('uses the new socket after a reconnect and ignores late events from the old one', async () => {
    const { bridge, sockets, timers, last } = setup();
    const heard: unknown[] = [];
    bridge.subscribe((_name, payload) => heard.push(payload));
    last().open();
    const old = last();
    old.drop();
    timers.runNext();
    const fresh = last();
    expect(fresh).not.toBe(old);
    const reply = bridge.call('app.status', {});
    fresh.open();
    expect(fresh.sent).toHaveLength(1);
    old.receive({ type: 'event', name: 'task:update', payload: 'stale' });
    fresh.receive({ type: 'event', name: 'task:update', payload: 'fresh' });
    fresh.receive({ type: 'reply', id: fresh.sent[0]?.id, envelope: { ok: true, value: 'v' } });
    await expect(reply).resolves.toEqual({ ok: true, value: 'v' });
    expect(heard).toEqual(['fresh']);
    expect(sockets).toHaveLength(2);
  });

  it('stops reconnecting after dispose and fails calls made afterwards', async () => {
    const { bridge, sockets, timers, last } = setup();
    last().open();
    const pending = bridge.call('app.status', {});
    bridge.dispose();
    expect(last().closedByClient?.code).toBe(1000);
    const envelope = await pending;
    expect(envelope.ok).toBe(false);
    const later = await bridge.call('app.status', {});
    expect(later.ok).toBe(false);
    if (!later.ok) expect(later.error.code).toBe('TRANSPORT_CLOSED');
    expect(timers.scheduled).toEqual([]);
    expect(sockets).toHaveLength(1);
    expect(bridge.connection.state).toBe('closed');
  });

  it('cancels a scheduled reconnect on dispose', () => {
    const { bridge, sockets, timers, last } = setup();
    last().drop();
    bridge.dispose();
    timers.runNext();
    expect(sockets).toHaveLength(1);
  });
});

describe('a token the server no longer takes (meshdeck serve was restarted)', () => {
  it('stops retrying, says to open the new link, and fails every call with it from then on', async () => {
    const { bridge, sockets, timers, last } = setup();
    const states: string[] = [];
    bridge.connection.onChange((state) => states.push(state));
    last().open();
    // serve stops: an ordinary drop, retried as ever…
    last().drop();
    const waiting = bridge.call('app.status', {});
    timers.runNext();
    // …and the serve that answers now has another token.
    last().refuseToken();
    expect(await waiting).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: 'MeshDeck was restarted: open the new link from the terminal.' } });
    expect(bridge.connection.state).toBe('refused');
    // The refusing socket does open (a browser could not read a refused handshake), then closes.
    expect(states).toEqual(['open', 'reconnecting', 'open', 'refused']);
    expect(timers.scheduled).toEqual([]);
    expect(await bridge.call('task.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: RESTARTED_MESSAGE } });
    expect(sockets).toHaveLength(2);
    expect(sockets.every((socket) => socket.sent.length <= 1)).toBe(true);
  });

  it('is told apart from an ordinary close with another code', () => {
    const { bridge, timers, last } = setup();
    last().open();
    last().drop();
    expect(bridge.connection.state).toBe('reconnecting');
    expect(timers.scheduled).toHaveLength(1);
  });

  it('stays refused after dispose', () => {
    const { bridge, last } = setup();
    last().refuseToken();
    bridge.dispose();
    expect(bridge.connection.state).toBe('refused');
  });
});

describe('reconnectDelay', () => {
  it('doubles from the initial delay and never exceeds the maximum', () => {
    expect([0, 1, 2, 3, 10, 60].map((attempt) => reconnectDelay(attempt, 250, 5000))).toEqual([250, 500, 1000, 2000, 5000, 5000]);
  });
});
