// The built `meshdeck serve --port 0` as a child process, as a user starts it: when it was
// spawned (epoch ms, to compare with a page's clock), its pid (for CPU and memory), the URL it
// printed, and a stop that waits for it to be gone.
import { spawn } from 'node:child_process';
import { assertBuilt, cliPath } from '../test/support/built-cli';

export interface ServeProcess {
  url: string;
  pid: number;
  /** Date.now() just before the spawn. */
  spawnedAt: number;
  output(): string;
  stop(): Promise<void>;
}

const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/;

export async function startServeProcess(env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  assertBuilt();
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = URL_PATTERN.exec(output);
      if (match) resolve(match[0]);
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => reject(new Error(`meshdeck serve exited (${code ?? 'signal'}) before printing its URL:\n${output}`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    spawnedAt,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
