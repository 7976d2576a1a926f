// One interactive shell in a container: opens it at the terminal's size, hands the core's
// output to the terminal in order, sends keystrokes and size changes, and closes it on the
// core's side when the pane goes away. Keystrokes typed before the shell is ready are kept
// (a few) and sent once it is. Opening, routing by session id and closing are the stream
// session's (stream-session.ts).

import type { AppErrorInfo, Client, ShellOpenRequest, ShellOutputInfo, ShellSessionInfo } from '../../../core/contract';
import { openStreamSession } from './stream-session';

export interface ShellEvents {
  opened?(session: ShellSessionInfo): void;
  output?(data: string): void;
  exited?(exit: NonNullable<ShellOutputInfo['exit']>): void;
  failed?(error: AppErrorInfo): void;
}

export interface ShellHandle {
  input(data: string): void;
  resize(cols: number, rows: number): void;
  close(): Promise<void>;
}

type ShellClient = Pick<Client, 'call' | 'on'>;

const EARLY_LIMIT = 256;
/** Keystrokes typed before the session is there: enough for a fast typist, not a paste of a file. */
const EARLY_INPUT_LIMIT = 4_096;
/** shell.input takes at most 65,536 characters; a big paste goes out in pieces. */
const INPUT_PIECE = 16_384;

export function openShellSession(client: ShellClient, request: ShellOpenRequest, events: ShellEvents = {}): ShellHandle {
  let sessionId: string | null = null;
  // What the user did before the session was there (an object: TypeScript does not see closures assign).
  const pending: { input: string; size: { cols: number; rows: number } | null } = { input: '', size: null };
  // Input goes out one call after another, so keystrokes never overtake each other.
  let sending: Promise<unknown> = Promise.resolve();

  const stream = openStreamSession(client, {
    event: 'shell:output',
    open: () => client.call('shell.open', request),
    close: (info: ShellSessionInfo) => client.call('shell.close', { sessionId: info.sessionId }),
    idOf: (info) => info.sessionId,
    eventId: (output) => output.sessionId,
    earlyLimit: EARLY_LIMIT,
    opened: (info) => {
      sessionId = info.sessionId;
      events.opened?.(info);
    },
    received,
    caughtUp: sendPending,
    failed: (error) => events.failed?.(error),
  });

  function received(output: ShellOutputInfo): void {
    if (output.data) events.output?.(output.data);
    if (output.exit) {
      stream.end();
      events.exited?.(output.exit);
    }
  }

  function sendPending(): void {
    const { size, input } = pending;
    if (size && (size.cols !== request.cols || size.rows !== request.rows)) {
      client.call('shell.resize', { sessionId: sessionId!, ...size }).catch(() => undefined);
    }
    if (input) send(input);
    pending.input = '';
  }

  function send(data: string): void {
    const id = sessionId!;
    for (let start = 0; start < data.length; ) {
      let end = Math.min(data.length, start + INPUT_PIECE);
      // Never split a surrogate pair between two pieces.
      if (end < data.length && /[\uD800-\uDBFF]/.test(data.charAt(end - 1))) end--;
      const piece = data.slice(start, end);
      start = end;
      sending = sending.then(() => client.call('shell.input', { sessionId: id, data: piece })).catch(() => undefined);
    }
  }

  return {
    input(data) {
      if (stream.isOver() || data === '') return;
      if (!sessionId) {
        pending.input = (pending.input + data).slice(-EARLY_INPUT_LIMIT);
        return;
      }
      send(data);
    },
    resize(cols, rows) {
      if (stream.isOver()) return;
      if (!sessionId) {
        pending.size = { cols, rows };
        return;
      }
      client.call('shell.resize', { sessionId, cols, rows }).catch(() => undefined);
    },
    close: () => stream.close(),
  };
}
