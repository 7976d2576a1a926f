import { describe, expect, it } from 'vitest';
import type { ShellOpenRequest } from '../../../core/contract';
import { fakeCore, settle } from '../test-support/fake-core';
import type { ConnectionMonitor, ConnectionState } from '../transport/websocket-bridge';
import { KEPT_OUTPUT_CHARS, connectShellTabs, createShellTabs, type ShellView } from './shell-tabs';
import { createShellsStore } from './shells-store';

const productpage = { pod: 'productpage-v1-6bd8f5b5d9-n7xkq', container: 'productpage' };
const reviews = { pod: 'reviews-v2-69c6c9d68b-q7w2e', container: 'reviews' };

function setup() {
  let opened = 0;
  const core = fakeCore({
    'shell.open': (request: ShellOpenRequest) => ({ sessionId: `s-${++opened}`, pod: request.pod, container: request.container ?? 'app', command: 'bash' }),
    'shell.input': ({ sessionId }) => ({ sessionId }),
    'shell.resize': ({ sessionId }) => ({ sessionId }),
    'shell.close': ({ sessionId }) => ({ sessionId, closed: true }),
  });
  const store = createShellsStore();
  const tabs = createShellTabs(store);
  return { core, store, tabs, tab: (id: string) => store.getState().state.tabs.find((tab) => tab.id === id) };
}

function view(cols = 100, rows = 30): ShellView & { written: string } {
  const screen = {
    written: '',
    write(data: string) {
      screen.written += data;
    },
    size: () => ({ cols, rows }),
  };
  return screen;
}

describe('the sessions behind the shell tabs', () => {
  it('opens a session when its tab is first shown, at that terminal’s size, and not again when shown again', async () => {
    const { core, tabs, tab } = setup();
    expect(tabs.open(productpage, 'default')).toBe(true);
    expect(core.of('shell.open')).toEqual([]);
    const detach = tabs.attach(core.client, 'shell-1', view(120, 40));
    await settle();
    expect(core.of('shell.open')).toEqual([{ namespace: 'default', ...productpage, cols: 120, rows: 40 }]);
    expect(tab('shell-1')).toMatchObject({ phase: 'open', command: 'bash' });
    detach();
    tabs.attach(core.client, 'shell-1', view(80, 24));
    await settle();
    expect(core.of('shell.open')).toHaveLength(1);
    expect(core.of('shell.resize')).toEqual([{ sessionId: 's-1', cols: 80, rows: 24 }]);
  });

  it('keeps each tab’s own output, and a terminal shown again starts with it', async () => {
    const { core, tabs } = setup();
    tabs.open(productpage, 'default');
    const first = view();
    const detachFirst = tabs.attach(core.client, 'shell-1', first);
    tabs.open(reviews, 'default');
    const second = view();
    tabs.attach(core.client, 'shell-2', second);
    await settle();
    core.emit('shell:output', { sessionId: 's-1', data: 'root@productpage:/# ' });
    core.emit('shell:output', { sessionId: 's-2', data: 'root@reviews:/# ' });
    expect(first.written).toBe('root@productpage:/# ');
    expect(second.written).toBe('root@reviews:/# ');
    // Leaving the screen only detaches: nothing is closed on the core's side.
    detachFirst();
    core.emit('shell:output', { sessionId: 's-1', data: 'while away' });
    expect(core.of('shell.close')).toEqual([]);
    const back = view();
    tabs.attach(core.client, 'shell-1', back);
    expect(back.written).toBe('root@productpage:/# while away');
  });

  it('sends keys to the tab’s session and tells the store when a command runs and when the prompt is back', async () => {
    const { core, tabs, tab, store } = setup();
    tabs.open(productpage, null);
    tabs.attach(core.client, 'shell-1', view());
    await settle();
    core.emit('shell:output', { sessionId: 's-1', data: 'root@productpage:/# ' });
    tabs.input('shell-1', 'sleep 30');
    expect(tab('shell-1')?.running).toBe(false);
    tabs.input('shell-1', '\r');
    await settle();
    expect(core.of('shell.input')).toEqual([
      { sessionId: 's-1', data: 'sleep 30' },
      { sessionId: 's-1', data: '\r' },
    ]);
    expect(tab('shell-1')?.running).toBe(true);
    // Closing now asks first, and closes nothing until confirmed.
    tabs.requestClose('shell-1');
    expect(store.getState().state.confirming).toBe('shell-1');
    expect(core.of('shell.close')).toEqual([]);
    core.emit('shell:output', { sessionId: 's-1', data: '\r\nroot@productpage:/# ' });
    expect(tab('shell-1')?.running).toBe(false);
  });

  it('closes at once when nothing runs, ending the session on the core’s side', async () => {
    const { core, tabs, store } = setup();
    tabs.open(productpage, null);
    tabs.attach(core.client, 'shell-1', view());
    await settle();
    tabs.requestClose('shell-1');
    await settle();
    expect(core.of('shell.close')).toEqual([{ sessionId: 's-1' }]);
    expect(store.getState().state).toMatchObject({ tabs: [], confirming: null });
  });

  it('writes how a shell ended, and opens a new session in the same tab on Start again', async () => {
    const { core, tabs, tab } = setup();
    tabs.open(productpage, null);
    const screen = view();
    tabs.attach(core.client, 'shell-1', screen);
    await settle();
    core.emit('shell:output', { sessionId: 's-1', exit: { code: 127 } });
    expect(tab('shell-1')).toMatchObject({ phase: 'ended', exit: { code: 127 } });
    expect(screen.written).toContain('shell exited with code 127');
    tabs.restart('shell-1');
    const fresh = view();
    tabs.attach(core.client, 'shell-1', fresh);
    await settle();
    expect(core.of('shell.open')).toHaveLength(2);
    expect(tab('shell-1')).toMatchObject({ phase: 'open', generation: 2 });
    expect(fresh.written).toBe('');
  });

  it('keeps a bounded amount of output', async () => {
    const { core, tabs } = setup();
    tabs.open(productpage, null);
    tabs.attach(core.client, 'shell-1', view());
    await settle();
    const chunk = 'y'.repeat(64 * 1024);
    for (let index = 0; index < 20; index++) core.emit('shell:output', { sessionId: 's-1', data: chunk });
    const back = view();
    tabs.attach(core.client, 'shell-1', back);
    expect(back.written.length).toBeLessThanOrEqual(KEPT_OUTPUT_CHARS);
    expect(back.written.length).toBeGreaterThan(KEPT_OUTPUT_CHARS / 2);
  });

  it('ends the live tabs when the connection drops or the server refuses the page, and says why in the terminal', async () => {
    const { core, tabs, tab } = setup();
    const listeners = new Set<(state: ConnectionState) => void>();
    const connection: ConnectionMonitor = { state: 'open', onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)) };
    const connected = connectShellTabs(tabs, connection);
    tabs.open(productpage, null);
    const screen = view();
    tabs.attach(core.client, 'shell-1', screen);
    await settle();
    for (const listener of listeners) listener('reconnecting');
    expect(tab('shell-1')).toMatchObject({ phase: 'ended', exit: { code: null } });
    expect(screen.written).toContain('connection lost: MeshDeck stopped answering');
    // Output for the old session no longer reaches the tab.
    core.emit('shell:output', { sessionId: 's-1', data: 'late' });
    expect(screen.written).not.toContain('late');
    connected.disconnect();
    expect(listeners.size).toBe(0);
  });

  it('says to open the new link when the server refused the page', async () => {
    const { core, tabs, tab } = setup();
    const listeners = new Set<(state: ConnectionState) => void>();
    connectShellTabs(tabs, { state: 'open', onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)) });
    tabs.open(productpage, null);
    const screen = view();
    tabs.attach(core.client, 'shell-1', screen);
    await settle();
    for (const listener of listeners) listener('refused');
    expect(tab('shell-1')?.exit?.message).toBe('MeshDeck was restarted: open the new link from the terminal');
    expect(screen.written).toContain('MeshDeck was restarted');
  });
});
