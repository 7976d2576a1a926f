// Starts the built CLI's `meshdeck serve --port 0` (or a given port, to start it again where a
// page expects it) as a child process, reads the URL with its token from stdout, and stops it again. Each run gets its own MESHDECK_HOME so a test
// never touches the user's data.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/;

export interface ServeHandle {
  /** The printed URL, token included. */
  url: string;
  origin: string;
  /** Everything the server wrote so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startServe(options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; port?: number } = {}): Promise<ServeHandle> {
  const cli = join(REPO_ROOT, 'out/cli/meshdeck.js');
  if (!existsSync(cli) || !existsSync(join(REPO_ROOT, 'out/renderer/index.html'))) {
    throw new Error('MeshDeck is not built: run `npm run build` before the browser tests (npm test does).');
  }
  const home = mkdtempSync(join(tmpdir(), 'meshdeck-e2e-'));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/meshdeck.mjs'), 'serve', '--port', String(options.port ?? 0)], {
    cwd: REPO_ROOT,
    env: { ...process.env, MESHDECK_HOME: home, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const stop = async () => {
    await stopChild(child);
    rmSync(home, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`meshdeck serve printed no URL within ${options.timeoutMs ?? 30_000} ms. Output:\n${output}`)), options.timeoutMs ?? 30_000);
      const look = () => {
        const match = URL_PATTERN.exec(output);
        if (!match) return;
        clearTimeout(timer);
        resolveUrl(match[0]);
      };
      child.stdout.on('data', look);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`meshdeck serve exited (${signal ?? `code ${code}`}) before printing a URL. Output:\n${output}`));
      });
    });
    return { url, origin: new URL(url).origin, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
