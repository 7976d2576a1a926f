// The process around one command: Ctrl+C and SIGTERM abort the command's signal (a second one
// exits at once), a closed stdout (`| head`) ends it quietly instead of crashing on EPIPE, and
// the app log records the command's start and outcome.

import { appDataDir, cliLogPath } from '../paths';
import { openAppLog } from './app-log';
import type { CliContext } from './cli-context';
import { processSession } from './cli-session';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from './exit-codes';
import { main, reportError } from './main';

function watchInterrupts(controller: AbortController): () => void {
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort('interrupt');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

/** EPIPE on stdout: the reader took what it wanted; stop the command without a stack trace. */
function watchStdout(controller: AbortController): { closed: () => boolean } {
  let closed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    closed = true;
    if (!controller.signal.aborted) controller.abort('closed');
  });
  return { closed: () => closed };
}

/** An error nothing caught (a stream's 'error' event, a stray rejection): logged with its causes, said in one line, exit 1. */
function watchStrayErrors(cli: CliContext): void {
  const stray = (error: unknown): void => {
    reportError(error, false, cli);
    process.exit(EXIT_FAILURE);
  };
  process.on('uncaughtException', stray);
  process.on('unhandledRejection', stray);
}

export async function runCli(argv: string[]): Promise<void> {
  const env = process.env;
  const log = openAppLog(cliLogPath(appDataDir(env)));
  const controller = new AbortController();
  const unwatch = watchInterrupts(controller);
  const stdout = watchStdout(controller);
  // stderr gone too (both piped into a closed reader): nothing left to say.
  process.stderr.on('error', () => undefined);
  const cli: CliContext = { out: process.stdout, err: process.stderr, stdin: process.stdin, env, signal: controller.signal, session: processSession(env, log, process.stderr), log };
  watchStrayErrors(cli);
  const started = Date.now();
  log.write(`start: meshdeck ${argv.join(' ')}`);
  try {
    let code = await main(argv, cli);
    if (stdout.closed() && code === EXIT_INTERRUPTED) code = EXIT_OK;
    log.write(`end: exit ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s${stdout.closed() ? ' (stdout closed)' : controller.signal.aborted ? ' (interrupted)' : ''}`);
    process.exitCode = code;
    // A stopped command may leave a call to a dead API server in flight: do not wait for it.
    if (controller.signal.aborted) setTimeout(() => process.exit(code), 1000).unref();
  } finally {
    unwatch();
  }
}
