import { describe, expect, it } from 'vitest';
import { takeLaunchToken, webSocketUrl, type TokenEnvironment } from './launch-token';

function environment(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  const env: TokenEnvironment = {
    location: { href },
    history: {
      state: { keep: true },
      replaceState(_data, _unused, url) {
        if (url !== undefined) replaced.push(url);
      },
    },
    storage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
    },
  };
  return { env, storage, replaced };
}

describe('takeLaunchToken', () => {
  it('takes the token from the URL, stores it and removes it from the address bar', () => {
    const { env, storage, replaced } = environment('http://127.0.0.1:5000/?token=s3cr3t&lang=en#/setup');
    expect(takeLaunchToken(env)).toBe('s3cr3t');
    expect([...storage.values()]).toEqual(['s3cr3t']);
    expect(replaced).toEqual(['/?lang=en#/setup']);
  });

  it('finds the stored token on a reload without touching the address bar', () => {
    const first = environment('http://127.0.0.1:5000/?token=s3cr3t');
    takeLaunchToken(first.env);
    const reload = environment('http://127.0.0.1:5000/', Object.fromEntries(first.storage));
    expect(takeLaunchToken(reload.env)).toBe('s3cr3t');
    expect(reload.replaced).toEqual([]);
  });

  it('prefers a new token in the URL over a stored one (a new serve launch)', () => {
    const { env } = environment('http://127.0.0.1:5000/?token=new', { 'meshdeck.token': 'old' });
    expect(takeLaunchToken(env)).toBe('new');
    expect(takeLaunchToken({ ...env, location: { href: 'http://127.0.0.1:5000/' } })).toBe('new');
  });

  it('returns null when there is no token anywhere', () => {
    expect(takeLaunchToken(environment('http://127.0.0.1:5000/').env)).toBeNull();
    expect(takeLaunchToken({ ...environment('http://127.0.0.1:5000/').env, storage: null })).toBeNull();
  });

  it('still returns the URL token when storage refuses to store it', () => {
    const { env } = environment('http://127.0.0.1:5000/?token=t');
    env.storage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(takeLaunchToken(env)).toBe('t');
  });
});

describe('webSocketUrl', () => {
  it('uses ws for http and wss for https, on the same host, with the token encoded', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:5000' }, '/rpc', 'a b&c')).toBe('ws://127.0.0.1:5000/rpc?token=a%20b%26c');
    expect(webSocketUrl({ protocol: 'https:', host: 'example.test' }, '/rpc', 'x')).toBe('wss://example.test/rpc?token=x');
  });

  it('leaves the query out without a token, so the session cookie decides', () => {
    expect(webSocketUrl({ protocol: 'http:', host: 'localhost:5000' }, '/rpc', null)).toBe('ws://localhost:5000/rpc');
  });
});
