// The `meshdeck` command line: the same core as the desktop app, for scripts, CI and browser
// mode. Errors print their message and what to do next; stack traces only with MESHDECK_DEBUG.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '../contract';
import { appDataDir, createCore } from '../app';
import { createDoctorDeps, runDoctor } from '../doctor';
import { startBrowserServer } from '../rpc';
import { formatDoctorReport } from './format-doctor';
import { openInBrowser } from './open-url';
import { version } from '../../package.json';

const USAGE = `Usage: meshdeck <command> [options]

Commands:
  serve [--port N] [--open]   Serve the MeshDeck UI to your browser on 127.0.0.1
  doctor [--json]             Check Docker, resources, ports and tools for a local lab

Options:
  -h, --help                  Show this help
  -v, --version               Show the version`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === 'serve') return serve(rest);
  if (command === 'doctor') return doctor(rest);
  throw new AppError('INVALID_ARGUMENT', `Unknown command "${command}". Run meshdeck --help to see the commands.`);
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(args: string[], options: T, command: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', `${error instanceof Error ? error.message : String(error)}. Run meshdeck ${command} --help.`);
  }
}

async function serve(args: string[]): Promise<number> {
  const values = parse(args, { port: { type: 'string' }, open: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 'serve');
  if (values.help) {
    process.stdout.write('Usage: meshdeck serve [--port N] [--open]\n\nServes the MeshDeck UI on 127.0.0.1. The printed URL carries a one-time access token.\n');
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('INVALID_ARGUMENT', `--port must be a number from 0 to 65535 (0 picks a free port), got "${values.port}".`);
  }
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(`${staticDir}index.html`)) {
    throw new AppError('NOT_FOUND', 'The MeshDeck UI is not built yet. Run `npm run build` in the MeshDeck folder, then try again.');
  }
  const dataDir = appDataDir();
  const core = createCore({
    face: 'browser',
    dataDir,
    doctorDeps: (ports) => createDoctorDeps(process.env, ports ? { ports } : {}),
    onUnexpectedError: (where, error) => process.stderr.write(`meshdeck: unexpected error in ${where}: ${describe(error)}\n`),
  });
  const server = await startBrowserServer({ dispatcher: core.dispatcher, events: core.events, staticDir, port });
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

async function doctor(args: string[]): Promise<number> {
  const values = parse(args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 'doctor');
  if (values.help) {
    process.stdout.write('Usage: meshdeck doctor [--json]\n\nChecks Docker, resources, inotify limits, gateway ports, kind clusters and tools.\nExits non-zero when a check fails.\n');
    return 0;
  }
  const report = await runDoctor(createDoctorDeps(), new AbortController().signal);
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDoctorReport(report, process.stdout.isTTY === true)}\n`);
  return report.overall === 'fail' ? 1 : 0;
}

function describe(error: unknown): string {
  if (process.env.MESHDECK_DEBUG && error instanceof Error) return error.stack ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`meshdeck: ${error.message}\n`);
      process.exitCode = error.code === 'INVALID_ARGUMENT' ? 2 : 1;
    } else {
      process.stderr.write(`meshdeck: unexpected problem: ${describe(error)}\nSet MESHDECK_DEBUG=1 for details.\n`);
      process.exitCode = 1;
    }
  }
}
