// The desktop window's own origin, app://meshdeck: the scheme's privileges, the app's CSP, and
// how one request to the scheme becomes one answer (a file of out/renderer with its type and the
// CSP, or a refusal). Electron-free, so it is tested without the binary; renderer-scheme.ts wires
// it into Electron. Why a scheme at all (checklist 18): with the grantFileProtocolExtraPrivileges
// fuse off, file:// is a browser's file://, and it refuses the built page's module scripts.

import type { Privileges } from 'electron';
import { contentTypeOf, resolveStaticPath } from '../../core/rpc/static-files';

export const RENDERER_SCHEME = 'app';
export const RENDERER_HOST = 'meshdeck';
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://${RENDERER_HOST}`;
/** What the window loads when it is not pointed at electron-vite's dev server. */
export const RENDERER_ENTRY_URL = `${RENDERER_ORIGIN}/index.html`;

/** For protocol.registerSchemesAsPrivileged: only what the built page needs to run. */
export const RENDERER_SCHEME_PRIVILEGES: Privileges = {
  // A real origin (app://meshdeck): relative URLs resolve and localStorage works (log settings).
  standard: true,
  // A secure context, like https: Chromium keeps its secure-only APIs and checks on.
  secure: true,
  supportFetchAPI: true,
  // The built page loads `<script type="module" crossorigin>`, a CORS-mode fetch, which Chromium
  // makes only to CORS-enabled schemes. No Access-Control-Allow-Origin is ever sent, so no other
  // origin can read these files.
  corsEnabled: true,
};

/**
 * Checklist 7: the app's Content Security Policy. Every app:// response carries it as a header,
 * the dev server's responses get it from security.ts, and renderer/index.html repeats it (as a
 * meta tag, for browser mode) with frame-src for the dashboards browser mode frames.
 */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface RendererRequest {
  method: string;
  url: string;
}

export interface RendererAnswer {
  status: 200 | 404 | 405;
  headers: Record<string, string>;
  /** The file whose bytes are the body; absent for a refusal and for HEAD. */
  file?: string;
}

const COMMON_HEADERS = { 'Content-Security-Policy': APP_CSP, 'X-Content-Type-Options': 'nosniff' };

function refusal(status: 404 | 405): RendererAnswer {
  const headers = { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' };
  return { status, headers: status === 405 ? { ...headers, Allow: 'GET, HEAD' } : headers };
}

/**
 * The URL path of an app://meshdeck request, still percent-encoded, or undefined for any other
 * scheme, host, port or credentials. The path is resolved inside the folder by resolveStaticPath,
 * which refuses `..`, encoded separators, backslashes, NUL and symlinks that lead out.
 */
export function rendererPathOf(requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  const ours = url.protocol === `${RENDERER_SCHEME}:` && url.host === RENDERER_HOST && url.username === '' && url.password === '';
  return ours ? url.pathname || '/' : undefined;
}

/** Answers one request to the scheme from the built renderer in `root` (GET and HEAD only). */
export async function rendererAnswer(root: string, request: RendererRequest): Promise<RendererAnswer> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405);
  const path = rendererPathOf(request.url);
  const file = path === undefined ? undefined : await resolveStaticPath(root, path);
  if (!file) return refusal(404);
  const headers = { ...COMMON_HEADERS, 'Content-Type': contentTypeOf(file) };
  return request.method === 'HEAD' ? { status: 200, headers } : { status: 200, headers, file };
}
