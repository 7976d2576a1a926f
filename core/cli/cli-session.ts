// Where the CLI face is wired: one core per command (createProcessCore, face cli) and a client
// over the in-process bridge, so a command calls the contract like the UI does. Closing the
// session ends what the command opened (streams, runs) and disposes the core. Refusals of the
// command's arguments come back in flag terms (flag-names.ts); unexpected errors inside the core
// go to the app log (and, with MESHDECK_DEBUG=1, to stderr with their causes).

import { createClient, type Client } from '../contract';
import { createProcessCore, type Core } from '../app';
import { connectInProcess } from '../rpc';
import { cliLogPath, appDataDir } from '../paths';
import { describeWithCauses, openAppLog, type AppLog } from './app-log';
import type { OutStream, Session, SessionOptions } from './cli-context';
import { checkLabSelector, inFlagTerms } from './flag-names';

/** A client whose refusals are said in flags, and whose calls check nothing else. */
export function flaggedClient(client: Client): Client {
  return {
    call: (method, params) => client.call(method, params).catch((error: unknown) => Promise.reject(inFlagTerms(error, params))),
    on: (name, listener) => client.on(name, listener),
  };
}

/** Sessions over cores that `build` makes, one per command, each closed when its work settles. */
export function sessionOf(build: (options: SessionOptions) => Core): Session {
  return async (options, work) => {
    // --context '' must be refused by the contract, not read as "no context".
    if (options.context !== undefined) checkLabSelector({ context: options.context });
    const core = build(options);
    const bridge = connectInProcess(core);
    try {
      return await work(flaggedClient(createClient(bridge)));
    } finally {
      bridge.close();
      core.dispose();
    }
  };
}

/** Sessions over real cores built from `env`, as `meshdeck` runs them. */
export function processSession(env: NodeJS.ProcessEnv, log: AppLog, err: OutStream): Session {
  return sessionOf((options) =>
    createProcessCore({
      face: 'cli',
      env,
      ...(options.context !== undefined ? { labSelector: { context: options.context } } : {}),
      onUnexpectedError: unexpectedErrorReporter(env, log, err),
    }),
  );
}

/** Where a core's unexpected errors go: the app log with their causes, and stderr with MESHDECK_DEBUG=1. */
export function unexpectedErrorReporter(env: NodeJS.ProcessEnv, log: AppLog, err: OutStream): (where: string, error: unknown) => void {
  return (where, error) => {
    log.write(`unexpected error in ${where}: ${describeWithCauses(error)}`);
    if (env.MESHDECK_DEBUG) err.write(`meshdeck: unexpected error in ${where}: ${describeWithCauses(error)}\n`);
  };
}

/** The session a command gets when nobody handed it one: a real core for `env`, logging to its app log. */
export function defaultSession(env: NodeJS.ProcessEnv, err: OutStream = process.stderr): Session {
  return processSession(env, openAppLog(cliLogPath(appDataDir(env))), err);
}
