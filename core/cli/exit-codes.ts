// Exit codes as kubectl and shells read them: 0 done, 1 failed, 2 the command line was wrong,
// 130 stopped by Ctrl+C (or SIGTERM). Every command maps its outcome through here.

import { AppError } from '../contract';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** A refusal of what was typed is usage (2); a stop is 130; anything else failed (1). */
export function exitCodeOf(error: unknown): number {
  if (!(error instanceof AppError)) return EXIT_FAILURE;
  if (error.code === 'CANCELLED') return EXIT_INTERRUPTED;
  if (error.code === 'INVALID_ARGUMENT') return EXIT_USAGE;
  return EXIT_FAILURE;
}

/** The CANCELLED error a command throws when Ctrl+C stopped it. */
export function interrupted(what = 'Stopped'): AppError {
  return new AppError('CANCELLED', `${what} (Ctrl+C).`);
}

/** Settles with `work`, or rejects with CANCELLED as soon as `signal` aborts (for calls that have nothing to cancel). */
export function unlessInterrupted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(interrupted());
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => reject(interrupted());
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}
