// Fault: two `meshdeck up` at once (two terminals, or the app and a terminal) on the same data
// dir. What the user sees: one runs the plan; the other says "Another meshdeck up is running
// (pid N); waiting for it to finish", then finds everything done and reuses it. Both succeed, and
// nothing is corrupted: one cluster, a kubeconfig with its context once, a valid lab record, current.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appKubeconfigPath } from '../../core/lab';
import { assertBuilt, cliPath } from '../support/built-cli';
import { freePort } from '../support/ports';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';

const dockerReady = await hasDocker();

interface Run {
  pid: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

describe.runIf(dockerReady)('fault: two meshdeck up at once', () => {
  let dir: string;
  let mirror: Mirror;
  let env: NodeJS.ProcessEnv;
  let flags: string[];
  const name = `twice-${process.pid}`;
  const started: ChildProcess[] = [];
  /** What each process has printed so far, so a run that hangs fails showing where it stopped. */
  const printed = new Map<number, { args: string[]; stdout: string; stderr: string }>();

  // Async: the mirror serves from this process.
  function run(args: string[]): Promise<Run> {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    const output = { args, stdout: '', stderr: '' };
    printed.set(child.pid!, output);
    child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    return new Promise((resolve) => child.once('close', (status) => resolve({ pid: child.pid!, status, stdout: output.stdout, stderr: output.stderr })));
  }

  /** `work`, or after `ms` a failure quoting every process still running (a bare test timeout shows nothing). */
  async function within<T>(ms: number, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const running = started.filter((child) => child.exitCode === null && child.signalCode === null);
        const report = running.map((child) => {
          const output = printed.get(child.pid!)!;
          return `pid ${child.pid} meshdeck ${output.args.join(' ')}\n--- stdout\n${output.stdout}\n--- stderr\n${output.stderr}`;
        });
        reject(new Error(`still running after ${ms / 1000} s:\n${report.join('\n')}`));
      }, ms);
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-fault-twice-'));
    mirror = await startMirror();
    env = { ...process.env, MESHDECK_MIRROR: mirror.url, MESHDECK_HOME: join(dir, 'home'), MESHDECK_WORLD_STATE: join(dir, 'world'), KUBECONFIG: join(dir, 'kubeconfig') };
    flags = ['--name', name, '--http-port', String(await freePort()), '--https-port', String(await freePort())];
  });

  afterAll(async () => {
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
    if (env && existsSync(join(dir, 'world', 'kind', name))) {
      const down = await run(['down', '--yes', '--name', name]);
      if (down.status !== 0) console.warn(`cleanup: meshdeck down exited ${down.status}: ${down.stderr}`);
    }
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('the second waits for the first, then reuses its work; one cluster, kubeconfig and lab record intact', async () => {
    const [a, b] = await within(100_000, Promise.all([run(['up', ...flags]), run(['up', ...flags])]));
    expect(a.status, `${a.stdout}\n${a.stderr}`).toBe(0);
    expect(b.status, `${b.stdout}\n${b.stderr}`).toBe(0);

    const waited = [a, b].filter((r) => /Another meshdeck up is running \(pid \d+\); waiting for it to finish/.test(r.stdout));
    expect(waited).toHaveLength(1);
    const [second] = waited;
    const first = second === a ? b : a;
    expect(second!.stdout).toContain(`(pid ${first.pid})`);
    expect(first.stdout).toMatch(/^✔ Create the kind cluster\s+Cluster/m);
    expect(second!.stdout).toMatch(/^✔ Create the kind cluster\s+already there/m);

    // No corruption: one cluster, its context once in a kubeconfig that parses, a lab record that parses and is current.
    expect(readdirSync(join(dir, 'world', 'kind'))).toEqual([name]);
    const status = await run(['status', '--name', name, '--json']);
    expect(status.status, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as { exists: boolean; context: string };
    expect(report.exists).toBe(true);
    const record = JSON.parse(await readFile(join(dir, 'home', 'labs', name, 'lab.json'), 'utf8')) as { name: string };
    expect(record.name).toBe(name);
    expect(JSON.parse(await readFile(join(dir, 'home', 'labs', 'current.json'), 'utf8'))).toEqual({ name });
    expect(existsSync(join(dir, 'home', 'lab-up.lock'))).toBe(false);
    const labKubeconfig = parse(await readFile(appKubeconfigPath(join(dir, 'home')), 'utf8')) as { contexts: { name: string }[] };
    expect(labKubeconfig.contexts.filter((c) => c.name === report.context)).toHaveLength(1);
    // The user's kubeconfig is not written without --merge-kubeconfig.
    expect(existsSync(join(dir, 'kubeconfig'))).toBe(false);
  }, 120_000);
});

