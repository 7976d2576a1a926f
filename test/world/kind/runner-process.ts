// Starts and stops the detached cluster runner. Start: spawn it detached with an IPC channel,
// wait for its "ready" (or error, or early exit), then let go so it outlives `kind`. Stop:
// SIGTERM, wait for the process to be gone, SIGKILL if it lingers.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsxLoaderUrl } from '../mirror/repo-paths.js';
import { freshBundle } from '../stand-in-bundles.js';
import type { RunnerMessage } from './cluster-runner.js';
import { clusterDir } from './world-state.js';

const runnerEntry = fileURLToPath(new URL('./cluster-runner.ts', import.meta.url));

export async function startRunner(name: string, env: NodeJS.ProcessEnv): Promise<{ pid: number; serverUrl: string; kubeconfigPath: string }> {
  const log = openSync(join(clusterDir(name, env), 'runner.log'), 'a');
  try {
    const bundle = freshBundle('test/world/kind/cluster-runner.ts');
    const child = spawn(process.execPath, [...(bundle ? [bundle] : ['--import', tsxLoaderUrl(), runnerEntry]), name], {
      detached: true,
      stdio: ['ignore', log, log, 'ipc'],
      env,
    });
    const ready = await new Promise<NonNullable<RunnerMessage['ready']>>((resolve, reject) => {
      child.once('message', (message: RunnerMessage) => (message.ready ? resolve(message.ready) : reject(new Error(message.error ?? 'the API server did not start'))));
      child.once('exit', (code) => {
        // The log goes with the cluster's state when create cleans up: keep its last words.
        const logPath = join(clusterDir(name, env), 'runner.log');
        const tail = existsSync(logPath) ? readFileSync(logPath, 'utf8').trim().split('\n').slice(-12).join('\n') : '';
        reject(new Error(`the API server exited with code ${code}${tail ? `: ${tail}` : ` (see ${logPath})`}`));
      });
      child.once('error', reject);
    });
    child.removeAllListeners();
    child.disconnect();
    child.unref();
    return { pid: child.pid!, ...ready };
  } finally {
    closeSync(log);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A recycled pid belongs to someone else: only signal our runner.
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  if (!readFileSync(cmdline, 'utf8').includes('cluster-runner')) return false;
  // A zombie (no reaper in some containers) has exited already.
  const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
  return state !== 'Z';
}

export async function stopRunner(pid: number, graceMs = 5000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    // No event tells us another process has exited: a short poll is the portable way.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
