// Where the CLI face is wired: one core per command (createProcessCore, face cli) and a client
// over the in-process bridge, so a command calls the contract like the UI does. Closing the
// session ends what the command opened (streams, runs) and disposes the core. Refusals of the
// command's arguments come back in flag terms (flag-names.ts).

import { createClient, type Client } from '../contract';
import { createProcessCore } from '../app';
import { connectInProcess } from '../rpc';
import { inFlagTerms } from './flag-names';

export interface CliSessionOptions {
  env?: NodeJS.ProcessEnv;
  /** The lab that traffic and logs calls work on (`--context`); default: the remembered lab. */
  context?: string;
}

/** Runs `work` with a client of a fresh core; the core is gone when it settles. */
export async function withCore<T>(options: CliSessionOptions, work: (client: Client) => Promise<T>): Promise<T> {
  const core = createProcessCore({
    face: 'cli',
    ...(options.env ? { env: options.env } : {}),
    ...(options.context ? { labSelector: { context: options.context } } : {}),
    onUnexpectedError: (where, error) => process.stderr.write(`meshdeck: unexpected error in ${where}: ${describeError(error)}\n`),
  });
  const bridge = connectInProcess(core);
  const client = createClient(bridge);
  const flagged: Client = {
    call: (method, params) => client.call(method, params).catch((error: unknown) => Promise.reject(inFlagTerms(error))),
    on: (name, listener) => client.on(name, listener),
  };
  try {
    return await work(flagged);
  } finally {
    bridge.close();
    core.dispose();
  }
}

/** An error for a terminal: the stack only with MESHDECK_DEBUG. */
export function describeError(error: unknown): string {
  if (process.env.MESHDECK_DEBUG && error instanceof Error) return error.stack ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
