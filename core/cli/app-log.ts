// The CLI's app log (<dataDir>/logs/cli.log, see cliLogPath): one line per command start and
// outcome, and unexpected errors with their stack and cause chain, so "report it with the app
// log" names a file that exists. Owner-only (0600), bounded: past MAX_BYTES it is rotated to
// cli.log.1. Writing it never fails a command.

import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

const MAX_BYTES = 1024 * 1024;

export interface AppLog {
  readonly path: string;
  write(line: string): void;
}

/** Appends timestamped lines to `path`, rotating it once it passes `maxBytes`. */
export function openAppLog(path: string, maxBytes = MAX_BYTES): AppLog {
  return {
    path,
    write(line) {
      try {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        if (sizeOf(path) > maxBytes) renameSync(path, `${path}.1`);
        appendFileSync(path, `${new Date().toISOString()} [${process.pid}] ${line}\n`, { mode: 0o600 });
        chmodSync(path, 0o600);
      } catch {
        // A read-only or full data folder must not turn a working command into a failing one.
      }
    },
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** An error with its stack and every `cause` under it, for the log and MESHDECK_DEBUG. */
export function describeWithCauses(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    const text = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
    parts.push(depth === 0 ? text : `caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}
