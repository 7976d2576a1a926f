// Runs a command to its end and times it, wall clock from spawn to exit, for figures that
// compare whole commands (meshdeck up against a script). Kills the command's process group
// when it overruns, so a hung step cannot hold the benchmark.
import { spawn } from 'node:child_process';

export interface TimedResult {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TimedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs: number;
  /** Each output line (stdout and stderr) as it arrives, with ms since the spawn. */
  onLine?: (line: string, atMs: number) => void;
}

export function runTimed(command: string, args: string[], options: TimedOptions): Promise<TimedResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    const partial = { stdout: '', stderr: '' };
    const lines = (which: 'stdout' | 'stderr') => (chunk: string) => {
      if (which === 'stdout') stdout += chunk;
      else stderr += chunk;
      if (!options.onLine) return;
      const at = performance.now() - started;
      const parts = (partial[which] + chunk).split('\n');
      partial[which] = parts.pop() ?? '';
      for (const line of parts) options.onLine(line, at);
    };
    child.stdout.setEncoding('utf8').on('data', lines('stdout'));
    child.stderr.setEncoding('utf8').on('data', lines('stderr'));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${options.timeoutMs} ms)`;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, code, stdout, stderr });
    });
  });
}

/** The last lines of a command's output, for error messages. */
export function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
