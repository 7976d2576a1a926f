// One interactive shell in a container: opens it at the terminal's size, hands the core's
// output to the terminal in order, sends keystrokes and size changes, and closes it on the
// core's side when the pane goes away. Keystrokes typed before the shell is ready are kept
// (a few) and sent once it is.

import type { AppErrorInfo, Client, ShellOpenRequest, ShellOutputInfo, ShellSessionInfo } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';

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
  let session: ShellSessionInfo | null = null;
  let closed = false;
  let exited = false;
  let early: ShellOutputInfo[] = [];
  // What the user did before the session was there (an object: TypeScript does not see closures assign).
  const pending: { input: string; size: { cols: number; rows: number } | null } = { input: '', size: null };
  // Input goes out one call after another, so keystrokes never overtake each other.
  let sending: Promise<unknown> = Promise.resolve();

  const unsubscribe = client.on('shell:output', (output) => {
    if (closed || exited) return;
    if (!session) {
      early.push(output);
      if (early.length > EARLY_LIMIT) early = early.slice(-EARLY_LIMIT);
      return;
    }
    if (output.sessionId === session.sessionId) receive(output);
  });

  function receive(output: ShellOutputInfo): void {
    if (output.data) events.output?.(output.data);
    if (output.exit) {
      exited = true;
      unsubscribe();
      events.exited?.(output.exit);
    }
  }

  function send(data: string): void {
    const sessionId = session!.sessionId;
    for (let start = 0; start < data.length; ) {
      let end = Math.min(data.length, start + INPUT_PIECE);
      // Never split a surrogate pair between two pieces.
      if (end < data.length && /[\uD800-\uDBFF]/.test(data.charAt(end - 1))) end--;
      const piece = data.slice(start, end);
      start = end;
      sending = sending.then(() => client.call('shell.input', { sessionId, data: piece })).catch(() => undefined);
    }
  }

  void (async () => {
    let opened: ShellSessionInfo;
    try {
      opened = await client.call('shell.open', request);
    } catch (error) {
      unsubscribe();
      if (!closed) events.failed?.(toErrorInfo(error));
      return;
    }
    if (closed) {
      await client.call('shell.close', { sessionId: opened.sessionId }).catch(() => undefined);
      return;
    }
    session = opened;
    events.opened?.(opened);
    const waiting = early.filter((output) => output.sessionId === opened.sessionId);
    early = [];
    for (const output of waiting) if (!exited) receive(output);
    if (exited) return;
    const { size, input } = pending;
    if (size && (size.cols !== request.cols || size.rows !== request.rows)) {
      client.call('shell.resize', { sessionId: opened.sessionId, ...size }).catch(() => undefined);
    }
    if (input) send(input);
    pending.input = '';
  })();

  return {
    input(data) {
      if (closed || exited || data === '') return;
      if (!session) {
        pending.input = (pending.input + data).slice(-EARLY_INPUT_LIMIT);
        return;
      }
      send(data);
    },
    resize(cols, rows) {
      if (closed || exited) return;
      if (!session) {
        pending.size = { cols, rows };
        return;
      }
      client.call('shell.resize', { sessionId: session.sessionId, cols, rows }).catch(() => undefined);
    },
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (session && !exited) await client.call('shell.close', { sessionId: session.sessionId }).catch(() => undefined);
    },
  };
}
