// Signing in to Bookinfo as a user, the way the header rules of Istio's tasks expect: productpage
// sets `end-user` on its calls to reviews from its own session cookie, never from an incoming
// header, so the generator posts the login form once and then sends the session cookie.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError } from '../contract';

/** Posts Bookinfo's login form for `user`; resolves with the Cookie header value to send. */
export function signInToBookinfo(productPageUrl: string, user: string, signal?: AbortSignal): Promise<string> {
  const url = new URL('login', productPageUrl);
  const body = new URLSearchParams({ username: user, passwd: user }).toString();
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }, timeout: 10_000, ...(signal ? { signal } : {}) }, (res) => {
      res.resume();
      const cookies = res.headers['set-cookie'] ?? [];
      const session = cookies.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('session=') && c.length > 'session='.length);
      if (session) return resolve(session);
      reject(new AppError('COMMAND_FAILED', `Signing in to Bookinfo as ${user} at ${url.href} did not give a session (HTTP ${res.statusCode ?? '?'}). Is Bookinfo's productpage reachable through the gateway?`, { url: url.href }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => reject(new AppError('COMMAND_FAILED', `Signing in to Bookinfo as ${user} at ${url.href} failed: ${error.message}. Is the lab up?`, { url: url.href })));
    req.end(body);
  });
}
