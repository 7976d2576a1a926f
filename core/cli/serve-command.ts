// `meshdeck serve`: browser mode's wiring. The same core as every other face (createProcessCore,
// face browser) behind the token-guarded WebSocket server on 127.0.0.1, until Ctrl+C.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../contract';
import { createProcessCore } from '../app';
import { startBrowserServer } from '../rpc';
import { describeWithCauses } from './app-log';
import type { CliContext, Command } from './cli-context';
import { EXIT_INTERRUPTED } from './exit-codes';
import { help } from './lab-commands';
import { optionalIntegerFlag } from './numbers';
import { openInBrowser } from './open-url';
import { parseFlags } from './parse-flags';
import { lastServePort, rememberServePort } from './serve-port';
import { appDataDir } from '../paths';

const TOKEN_NOTE = 'The link carries an access token valid until this `meshdeck serve` stops; keep it to yourself.';

export const SERVE_USAGE = `Usage: meshdeck serve [--port N] [--open]

Serves the MeshDeck UI on 127.0.0.1 until Ctrl+C (exit 130).
${TOKEN_NOTE}

Options:
  --port N   the port, 0 to 65535 (default: the one the last serve had, if it
             is free, so an open tab finds it again; else a free one)
  --open     open the link in your default browser`;

function untilStopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

export async function serveCommand(values: { port?: string; open?: boolean }, cli: CliContext): Promise<number> {
  const chosen = optionalIntegerFlag('--port', values.port, { min: 0, max: 65535, note: '(0 picks a free port)' });
  const dataDir = appDataDir(cli.env);
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(`${staticDir}index.html`)) {
    throw new AppError('NOT_FOUND', 'The MeshDeck UI is not built yet. Run `npm run build` in the MeshDeck folder, then try again.');
  }
  const core = createProcessCore({
    face: 'browser',
    env: cli.env,
    onUnexpectedError: (where, error) => {
      cli.log.write(`unexpected error in ${where}: ${describeWithCauses(error)}`);
      cli.err.write(`meshdeck: unexpected error in ${where}${cli.env.MESHDECK_DEBUG ? `: ${describeWithCauses(error)}` : ` (details in ${cli.log.path})`}\n`);
    },
  });
  const start = (port: number) => startBrowserServer({ dispatcher: core.dispatcher, events: core.events, staticDir, port });
  const last = chosen === undefined ? lastServePort(dataDir) : undefined;
  // Without --port: last time's port when it is free (see serve-port.ts), else any free one.
  const server = await (last !== undefined ? start(last).catch(() => start(0)) : start(chosen ?? 0)).catch((error: unknown) => {
    core.dispose();
    throw error;
  });
  if (chosen === undefined) await rememberServePort(dataDir, server.port);
  cli.out.write(`MeshDeck is running at ${server.url}\n${TOKEN_NOTE} Press Ctrl+C to stop.\n`);
  if (values.open) openInBrowser(server.url);
  await untilStopped(cli.signal);
  core.dispose();
  await server.close();
  return EXIT_INTERRUPTED;
}

export const serveCommandLine: Command = {
  usage: SERVE_USAGE,
  async run(args, cli) {
    const { values } = parseFlags(args, { port: { type: 'string' }, open: { type: 'boolean' } }, 'serve');
    if (values.help) return help(cli, SERVE_USAGE);
    return serveCommand(values, cli);
  },
};
