// Wires renderer-protocol.ts into Electron: app:// registered as a privileged scheme before the
// app is ready, and the app session's handler answering each request from out/renderer. Thin on
// purpose: every decision (which file, which type, which headers) is in renderer-protocol.ts.

import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { RENDERER_SCHEME, RENDERER_SCHEME_PRIVILEGES, rendererAnswer } from './renderer-protocol';

/** Electron allows this once, before the app's 'ready' event. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: RENDERER_SCHEME, privileges: RENDERER_SCHEME_PRIVILEGES }]);
}

/**
 * Serves the built renderer in `root` on the app's own session only: dashboard panes have their
 * own sessions, where app:// answers nothing.
 */
export function serveRenderer(appSession: Session, root: string): void {
  appSession.protocol.handle(RENDERER_SCHEME, async (request) => {
    const answer = await rendererAnswer(root, { method: request.method, url: request.url });
    const body = answer.file ? new Uint8Array(await readFile(answer.file)) : null;
    return new Response(body, { status: answer.status, headers: answer.headers });
  });
}
