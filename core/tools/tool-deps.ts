// What the managed tools need from the outside world, as one parameter: HTTP, child processes,
// the clock and this process's identity. Tests hand in the test world's mirror URL and fast
// sleeps; production uses the defaults below.

import { setTimeout as delay } from 'node:timers/promises';
import { exec } from '../exec';

export interface ToolDeps {
  fetch: typeof globalThis.fetch;
  exec: typeof exec;
  now: () => number;
  /** Resolves after `ms`, rejects at once when the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  pid: number;
  isProcessAlive: (pid: number) => boolean;
}

export interface RetryPolicy {
  /** Failed attempts in a row (without new bytes) before giving up. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function toolDeps(overrides: Partial<ToolDeps> = {}): ToolDeps {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    exec,
    now: () => performance.now(),
    sleep: (ms, signal) => delay(ms, undefined, { signal }),
    pid: process.pid,
    isProcessAlive,
    ...overrides,
  };
}
