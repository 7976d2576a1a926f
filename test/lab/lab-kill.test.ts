// Killed mid-plan, then run again: the built CLI (`meshdeck up`) is SIGKILLed while Istio is
// being installed — no chance to cancel or clean up — and a second `up` with the same flags
// reuses the cluster, finishes the plan and serves Bookinfo. Then `down` and `status` as a
// user would. Everything lives in temp dirs (MESHDECK_HOME, MESHDECK_WORLD_STATE, KUBECONFIG).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from '../../core/lab/http-check';
import { assertBuilt, cliPath } from '../support/built-cli';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';
import { freePort } from '../support/ports';

const dockerReady = await hasDocker();


interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Live processes (not zombies) in a process group, from /proc. */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return members;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

async function waitForIstioctl(pgid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !groupMembers(pgid).some((pid) => commandLine(pid).includes('istioctl'))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.runIf(dockerReady)('meshdeck up killed mid-plan, then run again', () => {
  let dir: string;
  let mirror: Mirror;
  let env: NodeJS.ProcessEnv;
  let flags: string[];
  let httpPort: number;
  const name = `kill-${process.pid}`;
  const started: ChildProcess[] = [];

  /** The built CLI, as its own process group (so what it leaves behind can be found). */
  function start(args: string[]): ChildProcess {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    started.push(child);
    return child;
  }

  // Async, not spawnSync: the mirror serves from this process.
  function run(args: string[], timeoutMs = 40_000): Promise<Run> {
    const child = start(args);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    return new Promise((resolve) => {
      child.once('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });
  }

  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-lab-kill-'));
    mirror = await startMirror();
    env = { ...process.env, MESHDECK_MIRROR: mirror.url, MESHDECK_HOME: join(dir, 'home'), MESHDECK_WORLD_STATE: join(dir, 'world'), KUBECONFIG: join(dir, 'kubeconfig') };
    httpPort = await freePort();
    flags = ['--name', name, '--http-port', String(httpPort), '--https-port', String(await freePort())];
  });

  afterAll(async () => {
    // What the killed CLI left running (a `kind create` or `istioctl` child) goes first.
    for (const child of started) {
      if (child.pid === undefined) continue;
      for (const pid of groupMembers(child.pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    // Then the cluster, even when the test failed before `down`.
    if (env && existsSync(join(dir, 'world', 'kind', name))) {
      const down = await run(['down', '--yes', '--name', name]);
      if (down.status !== 0) console.warn(`cleanup: meshdeck down exited ${down.status}: ${down.stderr}`);
    }
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('reuses the cluster, finishes, serves Bookinfo; down then removes it', async () => {
    const first = start(['up', ...flags]);
    let output = '';
    let istioRunning = false;
    const killed = await new Promise<boolean>((resolve) => {
      first.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/^… Install Istio/m.test(output) && !istioRunning) {
          istioRunning = true;
          // Kill while istioctl is at work when it gets that far within a few seconds.
          void waitForIstioctl(first.pid!, 3000).then(() => {
            first.kill('SIGKILL');
            resolve(first.exitCode === null);
          });
        }
      });
      first.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      first.once('close', () => resolve(false));
    });
    expect(killed, `the first up ended before Istio was installing:\n${output}`).toBe(true);
    expect(output).toMatch(/^✔ Create the kind cluster/m);

    const second = await run(['up', ...flags]);
    expect(second.status, `${second.stdout}\n${second.stderr}`).toBe(0);
    expect(second.stdout).toMatch(/^✔ Create the kind cluster\s+already there/m);
    expect(second.stdout).toMatch(/^✔ Deploy Bookinfo/m);
    const page = await httpGet(httpPort, '/productpage', 'anything.example', AbortSignal.timeout(10_000));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Simple Bookstore App');

    const down = await run(['down', '--yes', '--name', name]);
    expect(down.status, `${down.stdout}\n${down.stderr}`).toBe(0);
    const status = await run(['status', '--name', name]);
    expect(status.status, status.stdout).toBe(1);
  }, 60_000);
});
