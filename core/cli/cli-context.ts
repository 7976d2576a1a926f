// What a command runs with: its output streams, stdin for a [y/N], the environment, the signal
// Ctrl+C (or SIGTERM, or a reader that went away) aborts, and how it gets a client of a core.
// runCli builds it from the process; tests build one with a fake core and captured streams.

import type { Client } from '../contract';
import type { AppLog } from './app-log';

export type OutStream = NodeJS.WritableStream & { isTTY?: boolean };
export type InStream = NodeJS.ReadableStream & { isTTY?: boolean };

export interface SessionOptions {
  /** The lab that traffic, logs and shift calls work on (`--context`); default: the remembered lab. */
  context?: string;
}

/** Runs `work` with a client of a fresh core for this command; the core is gone when it settles. */
export type Session = <T>(options: SessionOptions, work: (client: Client) => Promise<T>) => Promise<T>;

export interface CliContext {
  out: OutStream;
  err: OutStream;
  stdin: InStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl+C or SIGTERM (reason "interrupt") and when stdout's reader went away (reason "closed"). */
  signal: AbortSignal;
  session: Session;
  log: AppLog;
}

/** A `meshdeck` subcommand: its help text and how it runs (resolving with the exit code). */
export interface Command {
  usage: string;
  run(args: string[], cli: CliContext): Promise<number>;
}

/** Whether the command was stopped because its output went away (`| head`), not by the user. */
export function outputClosed(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason === 'closed';
}
