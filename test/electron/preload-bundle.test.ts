// The Electron binary cannot run here, so the built sandboxed preload is loaded in a VM with a
// recording stand-in for Electron's contextBridge and ipcRenderer: it must need nothing but
// 'electron', expose exactly one object, and carry calls and events on the two channels only.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type Bridge } from '../../core/contract';
import { assertBuilt } from '../support/built-cli';

const bundle = fileURLToPath(new URL('../../out/preload/index.cjs', import.meta.url));

interface Recorded {
  required: string[];
  exposed: [string, unknown][];
  invoked: unknown[][];
  listeners: Map<string, ((...args: unknown[]) => void)[]>;
}

function loadPreload(): Recorded {
  const recorded: Recorded = { required: [], exposed: [], invoked: [], listeners: new Map() };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => recorded.exposed.push([key, api]) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        recorded.invoked.push(args);
        return Promise.resolve({ ok: true, value: 'pong' });
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => recorded.listeners.set(channel, [...(recorded.listeners.get(channel) ?? []), listener]),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
        recorded.listeners.set(channel, (recorded.listeners.get(channel) ?? []).filter((l) => l !== listener)),
    },
  };
  const require = (name: string) => {
    recorded.required.push(name);
    if (name !== 'electron') throw new Error(`the preload required ${name}`);
    return electron;
  };
  runInNewContext(readFileSync(bundle, 'utf8'), { require, module: { exports: {} }, exports: {} }, { filename: bundle });
  return recorded;
}

beforeAll(() => assertBuilt());

describe('the built preload', () => {
  it('needs only electron and exposes one object, window.meshdeck, with call and subscribe', () => {
    const recorded = loadPreload();
    expect(recorded.required).toEqual(['electron']);
    expect(recorded.exposed).toHaveLength(1);
    const [key, api] = recorded.exposed[0]!;
    expect(key).toBe('meshdeck');
    expect(Object.keys(api as object).sort()).toEqual(['call', 'subscribe']);
  });

  it('sends calls on the call channel and delivers events until unsubscribed', async () => {
    const recorded = loadPreload();
    const bridge = recorded.exposed[0]![1] as Bridge;
    expect(await bridge.call('app.status', {})).toEqual({ ok: true, value: 'pong' });
    expect(recorded.invoked).toEqual([[IPC_CALL_CHANNEL, 'app.status', {}]]);

    const seen: unknown[] = [];
    const unsubscribe = bridge.subscribe((name, payload) => seen.push([name, payload]));
    const emit = (...args: unknown[]) => recorded.listeners.get(IPC_EVENT_CHANNEL)?.forEach((listener) => listener(...args));
    emit({ sender: 'ipc event object' }, 'task:update', { id: 't' });
    unsubscribe();
    emit({}, 'task:update', { id: 'late' });
    expect(seen).toEqual([['task:update', { id: 't' }]]);
    expect([...recorded.listeners.keys()]).toEqual([IPC_EVENT_CHANNEL]);
  });
});
