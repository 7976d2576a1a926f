// The one way MeshDeck runs child processes: an argument array (never a shell), output lines
// streamed to a logger, the child killed when the signal aborts, and COMMAND_FAILED carrying
// the command, exit code and the tail of stderr when it fails.

import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../contract';

export interface ExecOptions {
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Bytes written to the child's stdin, then closed. */
  input?: string;
}

/** exec's shape, for modules that take the child-process runner as a parameter. */
export type ExecFunction = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;
export type LineSink = (line: string, stream: 'stdout' | 'stderr') => void;

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const STDERR_TAIL_LINES = 20;
const MAX_CAPTURE_BYTES = 4 * 1024 * 1024;

export function exec(command: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const commandLine = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new AppError('CANCELLED', `Cancelled before running ${commandLine}.`));
      return;
    }
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: widenPath(options.env ?? process.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    const stderrTail: string[] = [];
    const collect = (stream: 'stdout' | 'stderr') => (line: string) => {
      if (stream === 'stdout' && stdout.length < MAX_CAPTURE_BYTES) stdout += `${line}\n`;
      if (stream === 'stderr') {
        if (stderr.length < MAX_CAPTURE_BYTES) stderr += `${line}\n`;
        stderrTail.push(line);
        if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
      }
      options.onLine?.(line, stream);
    };
    const stdoutDone = new Promise((done) => createInterface({ input: child.stdout }).on('line', collect('stdout')).on('close', done));
    const stderrDone = new Promise((done) => createInterface({ input: child.stderr }).on('line', collect('stderr')).on('close', done));
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');

    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(
        error.code === 'ENOENT'
          ? new AppError('COMMAND_FAILED', `${command} was not found. Install it or give MeshDeck its full path.`, { command: commandLine, exitCode: -1, stderr: '' })
          : new AppError('COMMAND_FAILED', `Could not start ${command}: ${error.message}.`, { command: commandLine, exitCode: -1, stderr: '' }),
      );
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      void Promise.all([stdoutDone, stderrDone]).then(() => {
        if (options.signal?.aborted) {
          reject(new AppError('CANCELLED', `Cancelled while running ${commandLine}.`));
        } else if (code === 0) {
          resolve({ stdout, stderr, exitCode: 0 });
        } else {
          const tail = stderrTail.join('\n');
          const exitCode = code ?? -1;
          reject(
            new AppError('COMMAND_FAILED', `${commandLine} failed (${signal ? `killed by ${signal}` : `exit code ${exitCode}`})${tail ? `: ${stderrTail.at(-1)}` : ''}`, {
              command: commandLine,
              exitCode,
              stderr: tail,
            }),
          );
        }
      });
    });
  });
}

/** GUI apps on macOS start with a minimal PATH; add where Docker and Homebrew put binaries. */
export function widenPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  if (platform !== 'darwin') return env;
  const extra = ['/usr/local/bin', '/opt/homebrew/bin', '/Applications/Docker.app/Contents/Resources/bin'];
  const parts = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of extra) if (!parts.includes(dir)) parts.push(dir);
  return { ...env, PATH: parts.join(delimiter) };
}
