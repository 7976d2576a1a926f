// The [y/N] question before something is deleted. Off a terminal it refuses (the caller says to
// add --yes); Ctrl+C at the question is a stop (CANCELLED, exit 130), end of input is a "no".

import { createInterface } from 'node:readline/promises';
import { AppError } from '../contract';
import type { CliContext } from './cli-context';
import { interrupted } from './exit-codes';

export async function confirm(cli: CliContext, question: string, refusal: string): Promise<boolean> {
  if (!cli.stdin.isTTY) throw new AppError('INVALID_ARGUMENT', refusal);
  if (cli.signal.aborted) throw interrupted();
  // The question goes where the command's messages go (stderr under --json keeps stdout JSON).
  const prompt = createInterface({ input: cli.stdin, output: cli.err, terminal: cli.stdin.isTTY === true && cli.err.isTTY === true });
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  cli.signal.addEventListener('abort', onAbort, { once: true });
  // On a terminal in raw mode Ctrl+C reaches readline, not the process: the same stop.
  prompt.on('SIGINT', onAbort);
  const closed = new Promise<string>((resolve) => prompt.once('close', () => resolve('')));
  try {
    const asked = prompt.question(question, { signal: stop.signal });
    // Ctrl+D closes the prompt: a "no", and the question's own rejection is not unhandled.
    asked.catch(() => undefined);
    const answer = await Promise.race([asked, closed]);
    return /^y(es)?$/i.test(answer.trim());
  } catch (error) {
    if (stop.signal.aborted) throw interrupted('Nothing was changed');
    throw error;
  } finally {
    cli.signal.removeEventListener('abort', onAbort);
    prompt.close();
  }
}
