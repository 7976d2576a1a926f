// Starts a command in a world container the way a container runtime would: a command that is
// not installed fails to start (with a TTY the runtime's message shows on the terminal and the
// exit code is 126, without one the kubelet reports an InternalError; both forms come from
// containerd), a shell without -c is interactive, `cat` without files copies stdin, anything
// else runs once and exits with its status.
import { randomBytes } from 'node:crypto';
import type { ContainerView } from './container-view.js';
import { runCurl } from './curl.js';
import { InteractiveShell } from './interactive-shell.js';
import type { ExecOutcome } from './protocol.js';
import { commandName, runCommand, type ShellState } from './shell-commands.js';
import { runScript } from './shell-script.js';

export interface ProcessIO {
  stdout(text: string): void;
  stderr(text: string): void;
  exit(outcome: ExecOutcome): void;
}

export interface WorldProcess {
  input(data: Buffer): void;
  /** The client closed stdin. */
  endInput(): void;
  resize(cols: number, rows: number): void;
  /** The connection went away: stop without reporting. */
  kill(): void;
}

const oneShotBuiltins = new Set(['exit', 'true', 'false']);

function notFoundMessage(argv0: string): string {
  const why = argv0.includes('/') ? `stat ${argv0}: no such file or directory` : 'executable file not found in $PATH';
  return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv0}": ${why}: unknown`;
}

/** curl is the one command that waits on the network: it ends when its transfer does. */
function startCurl(args: string[], view: ContainerView, tty: boolean, io: { err(text: string): void; out(text: string): void }, life: { finish(status: number): void; done(): boolean; kill(): void }, idle: WorldProcess): WorldProcess {
  const controller = new AbortController();
  queueMicrotask(() => {
    if (life.done()) return;
    runCurl(args, view, io, controller.signal, tty).then(
      (status) => life.finish(status),
      (error: unknown) => {
        if (life.done()) return;
        io.err(`curl: (55) ${error instanceof Error ? error.message : String(error)}\n`);
        life.finish(55);
      },
    );
  });
  return { ...idle, kill: () => {
    life.kill();
    controller.abort(new Error('killed'));
  } };
}

export function startProcess(command: string[], view: ContainerView, options: { tty: boolean }, io: ProcessIO): WorldProcess {
  const size = { cols: 0, rows: 0 };
  let done = false;
  const finish = (outcome: ExecOutcome): void => {
    if (done) return;
    done = true;
    io.exit(outcome);
  };
  const idle: WorldProcess = {
    input: () => undefined,
    endInput: () => undefined,
    resize: (cols, rows) => Object.assign(size, { cols, rows }),
    kill: () => (done = true),
  };

  const argv0 = command[0] ?? '';
  const name = commandName(argv0, view) ?? (oneShotBuiltins.has(argv0) ? argv0 : undefined);
  if (!name) {
    const message = notFoundMessage(argv0);
    if (options.tty) {
      io.stdout(`${message}\n`);
      finish({ exitCode: 126, command });
    } else {
      finish({ runtimeError: `failed to exec in container: failed to start exec "${randomBytes(32).toString('hex')}": ${message}` });
    }
    return idle;
  }

  const shellName = name === 'bash' ? 'bash' : 'sh';
  const state: ShellState = {
    view,
    shell: shellName,
    tty: options.tty,
    cwd: '/',
    env: new Map([...view.env, ...(options.tty ? ([['TERM', 'xterm']] as const) : [])]),
    status: 0,
    size: () => ({ ...size }),
  };
  const shellIO = { out: (text: string) => io.stdout(text), err: (text: string) => io.stderr(text) };
  const args = command.slice(1);
  const decoder = new TextDecoder('utf-8');

  if ((name === 'sh' || name === 'bash') && !args.includes('-c')) {
    const shell = new InteractiveShell(state, shellIO, { tty: options.tty, prompt: options.tty || args.includes('-i'), onExit: (code) => finish({ exitCode: code, command }) });
    shell.start();
    return {
      input: (data) => shell.input(decoder.decode(data, { stream: true })),
      endInput: () => shell.end(),
      resize: (cols, rows) => Object.assign(size, { cols, rows }),
      kill: () => (done = true),
    };
  }

  if (name === 'cat' && args.length === 0) {
    return {
      input: (data) => {
        if (!done) io.stdout(decoder.decode(data, { stream: true }));
      },
      endInput: () => finish({ exitCode: 0, command }),
      resize: (cols, rows) => Object.assign(size, { cols, rows }),
      kill: () => (done = true),
    };
  }

  if (name === 'curl') return startCurl(args, view, options.tty, shellIO, { finish: (status) => finish({ exitCode: status, command }), done: () => done, kill: () => (done = true) }, idle);

  // Runs after the caller has wired the session, like a process that starts a moment later.
  queueMicrotask(() => {
    if (done) return;
    const result = runCommand([name, ...args], state, shellIO, runScript);
    finish({ exitCode: result.status, command });
  });
  return idle;
}
