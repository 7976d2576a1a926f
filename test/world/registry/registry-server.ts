// A real Docker registry for the test world: Debian's /usr/bin/docker-registry (distribution)
// on 127.0.0.1:<free port>, filesystem storage in a temp dir, stopped by stop() or when this
// process exits. The Docker engine pushes and pulls to it over plain HTTP (127.0.0.0/8 is an
// insecure registry by default).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/ports.js';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export interface RunningRegistry {
  /** 127.0.0.1:PORT, what MESHDECK_IMAGE_MIRROR and image names use. */
  host: string;
  url: string;
  stop(): Promise<void>;
}

function config(root: string, host: string): string {
  return ['version: 0.1', 'log:', '  level: warn', 'storage:', '  filesystem:', `    rootdirectory: ${root}`, '  delete:', '    enabled: true', 'http:', `  addr: ${host}`, ''].join('\n');
}

async function answering(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with code ${child.exitCode}: ${log().trim()}`);
    const ok = await fetch(`${url}/v2/`).then((r) => r.ok, () => false);
    if (ok) return;
    // No event says the listener is up: a short poll is how its readiness shows.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startRegistry(options: { binary?: string } = {}): Promise<RunningRegistry> {
  const binary = options.binary ?? REGISTRY_BINARY;
  if (!existsSync(binary)) throw new Error(`no registry at ${binary}: install the Debian package docker-registry`);
  const dir = await mkdtemp(join(tmpdir(), 'meshdeck-registry-'));
  const host = `127.0.0.1:${await freePort()}`;
  const file = join(dir, 'config.yml');
  await writeFile(file, config(join(dir, 'storage'), host));
  const child = spawn(binary, ['serve', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const onExit = (): void => void child.kill('SIGKILL');
  process.on('exit', onExit);
  const url = `http://${host}`;
  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await answering(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, url, stop };
}
