import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../../core/contract';
import { selectTransport, type TransportWindow } from './select-transport';
import type { SocketFactory } from './websocket-bridge';

function browserWindow(href: string): { win: TransportWindow; replaced: string[] } {
  const url = new URL(href);
  const replaced: string[] = [];
  const stored = new Map<string, string>();
  const win: TransportWindow = {
    location: { href, protocol: url.protocol, host: url.host },
    history: { state: null, replaceState: (_data, _unused, next) => void (next !== undefined && replaced.push(next)) },
    sessionStorage: { getItem: (key) => stored.get(key) ?? null, setItem: (key, value) => void stored.set(key, value) },
  };
  return { win, replaced };
}

function recordingFactory(): { factory: SocketFactory; urls: string[] } {
  const urls: string[] = [];
  const factory: SocketFactory = (url) => {
    urls.push(url);
    return { readyState: 0, send() {}, close() {} };
  };
  return { factory, urls };
}

describe('selectTransport', () => {
  it('uses the preload bridge when there is one, and opens no socket', () => {
    const preload: Bridge = { call: async () => ({ ok: true, value: null }), subscribe: () => () => {} };
    const { win } = browserWindow('http://127.0.0.1:4000/?token=abc');
    const { factory, urls } = recordingFactory();
    const transport = selectTransport({ ...win, meshdeck: preload }, factory);
    expect(transport.bridge).toBe(preload);
    expect(transport.connection).toBeNull();
    expect(urls).toEqual([]);
  });

  it('otherwise connects to the WebSocket path on the same host with the launch token', () => {
    const { win, replaced } = browserWindow('http://127.0.0.1:4000/?token=abc#/logs');
    const { factory, urls } = recordingFactory();
    const transport = selectTransport(win, factory);
    expect(urls).toEqual(['ws://127.0.0.1:4000/rpc?token=abc']);
    expect(replaced).toEqual(['/#/logs']);
    expect(transport.connection?.state).toBe('connecting');
  });
});
