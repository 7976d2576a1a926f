// `meshdeck serve`: browser mode's wiring. The same core as every other face (createProcessCore,
// face browser) behind the token-guarded WebSocket server on 127.0.0.1, until Ctrl+C.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../contract';
import { createProcessCore } from '../app';
import { startBrowserServer } from '../rpc';
import { describeError } from './cli-session';
import { openInBrowser } from './open-url';

export const SERVE_USAGE = 'Usage: meshdeck serve [--port N] [--open]\n\nServes the MeshDeck UI on 127.0.0.1. The printed URL carries a one-time access token.\n';

export async function serveCommand(values: { port?: string; open?: boolean }): Promise<number> {
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('INVALID_ARGUMENT', `--port must be a number from 0 to 65535 (0 picks a free port), got "${values.port}".`);
  }
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(`${staticDir}index.html`)) {
    throw new AppError('NOT_FOUND', 'The MeshDeck UI is not built yet. Run `npm run build` in the MeshDeck folder, then try again.');
  }
  const core = createProcessCore({
    face: 'browser',
    onUnexpectedError: (where, error) => process.stderr.write(`meshdeck: unexpected error in ${where}: ${describeError(error)}\n`),
  });
  const server = await startBrowserServer({ dispatcher: core.dispatcher, events: core.events, staticDir, port }).catch((error: unknown) => {
    core.dispose();
    throw error;
  });
  process.stdout.write(`MeshDeck is running at ${server.url}\nThe link carries a one-time access token; keep it to yourself. Press Ctrl+C to stop.\n`);
  if (values.open) openInBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  core.dispose();
  await server.close();
  return 0;
}
