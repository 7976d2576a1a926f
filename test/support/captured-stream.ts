// A stream a test hands to a command as stdout or stderr: what was written, and a wait for a
// pattern to appear in it.
import { PassThrough } from 'node:stream';

export interface Captured {
  stream: PassThrough & { isTTY?: boolean };
  text(): string;
  until(pattern: RegExp): Promise<void>;
}

export function capture(isTTY = false): Captured {
  const stream: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (isTTY) stream.isTTY = true;
  let text = '';
  const waiters = new Set<() => void>();
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const waiter of [...waiters]) waiter();
  });
  return {
    stream,
    text: () => text,
    until: (pattern) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (!pattern.test(text)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
  };
}
