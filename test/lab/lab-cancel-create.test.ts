// Ctrl+C while kind creates the cluster, with another lab already up: the built CLI exits 130
// and names the exact command to continue; `up` with the same flags then finds the half-made
// cluster, deletes it, creates it again and finishes; the other lab's context is in MeshDeck's
// kubeconfig throughout and still answers; `down` of one lab leaves the other's context alone.
// Against the test world's kind (slowed by MESHDECK_WORLD_DELAYS so there is time to cancel).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliPath, runCliAsync } from '../support/built-cli';
import { freePort } from '../support/ports';
import { hasDocker } from '../support/requirements';
import { startMirror, type Mirror } from '../world/mirror/index';

const dockerReady = await hasDocker();

describe.runIf(dockerReady)('cancelled while kind creates the cluster, beside another lab', () => {
  let dir: string;
  let mirror: Mirror;
  let env: NodeJS.ProcessEnv;
  const keep = `keep-${process.pid}`;
  const sig = `sig-${process.pid}`;
  const flags: Record<string, string[]> = {};
  const started: ChildProcess[] = [];

  function start(args: string[], extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    return child;
  }

  // Async: the mirror serves from this process.
  const run = (args: string[]) => runCliAsync(args, env, 45_000);

  async function contexts(): Promise<string[]> {
    const path = join(dir, 'home', 'kube', 'config');
    if (!existsSync(path)) return [];
    const doc = parse(await readFile(path, 'utf8')) as { contexts?: { name: string }[] } | null;
    return (doc?.contexts ?? []).map((c) => c.name).sort();
  }

  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-cancel-create-'));
    mirror = await startMirror();
    env = { ...process.env, MESHDECK_MIRROR: mirror.url, MESHDECK_HOME: join(dir, 'home'), MESHDECK_WORLD_STATE: join(dir, 'world'), KUBECONFIG: join(dir, 'kubeconfig') };
    for (const name of [keep, sig]) flags[name] = ['--name', name, '--http-port', String(await freePort()), '--https-port', String(await freePort())];
  });

  afterAll(async () => {
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
    for (const name of [keep, sig]) {
      if (env && existsSync(join(dir, 'world', 'kind', name))) {
        const down = await run(['down', '--yes', '--name', name]);
        if (down.status !== 0) console.warn(`cleanup: meshdeck down --name ${name} exited ${down.status}: ${down.stderr}`);
      }
    }
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 90_000);

  it('continues with the command it names, and never loses the other lab’s context', async () => {
    const first = await run(['up', ...flags[keep]!]);
    expect(first.status, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(await contexts()).toEqual([`kind-${keep}`]);

    // The control plane "boots" for 20 s: Ctrl+C lands while kind create cluster runs.
    const cancelled = start(['up', ...flags[sig]!], { MESHDECK_WORLD_DELAYS: JSON.stringify({ cluster: 20_000 }) });
    let output = '';
    cancelled.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cancelled.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(join(dir, 'world', 'kind', sig))) {
          clearInterval(poll);
          cancelled.kill('SIGINT');
        }
      }, 50);
      cancelled.once('close', (code) => {
        clearInterval(poll);
        resolve(code);
      });
    });
    expect(status, output).toBe(130);
    expect(output).toContain(`meshdeck up --name ${sig}`);
    expect(await contexts()).toEqual([`kind-${keep}`]);

    const resumed = await run(['up', ...flags[sig]!]);
    expect(resumed.status, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);
    expect(resumed.stdout).toContain('✔ Create the kind cluster');
    expect(await contexts()).toEqual([`kind-${keep}`, `kind-${sig}`].sort());

    const other = await run(['status', '--name', keep]);
    expect(other.status, other.stdout).toBe(0);

    const down = await run(['down', '--yes', '--name', sig]);
    expect(down.status, `${down.stdout}\n${down.stderr}`).toBe(0);
    expect(await contexts()).toEqual([`kind-${keep}`]);
  }, 150_000);
});
