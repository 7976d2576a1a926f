// The browser-mode launch token: `meshdeck serve` prints a URL with `?token=`. On first load
// the token moves from the address bar into sessionStorage (so it is not left in history or
// shown on a projector), and a reload of the same tab still finds it. A tab without it (opened
// by hand on the same address) still connects: the server also set an HttpOnly cookie.

import { TOKEN_PARAM } from '../../../core/contract';

const STORAGE_KEY = 'meshdeck.token';

export interface TokenEnvironment {
  location: { href: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string): void };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void } | null;
}

export function takeLaunchToken(env: TokenEnvironment): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get(TOKEN_PARAM);
  if (fromUrl) {
    try {
      env.storage?.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    url.searchParams.delete(TOKEN_PARAM);
    env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return env.storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function webSocketUrl(location: { protocol: string; host: string }, path: string, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}${path}${query}`;
}
