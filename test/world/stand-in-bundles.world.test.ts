// The stand-ins' bundles: built fresh, run by test/world/bin/run-stand-in while fresh, and left
// for the TypeScript through tsx once any input is newer (an edit since the build), so a stale
// bundle never answers for changed sources.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './mirror/repo-paths';
import { bundlePath, ensureStandInBundles, freshBundle } from './stand-in-bundles';

const run = promisify(execFile);
const root = repoRoot();
const kindEntry = 'test/world/kind/main.ts';
let dir: string;
let recordingNode: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-stand-in-bundles-'));
  // A node that notes what it was asked to run, then runs it.
  recordingNode = join(dir, 'node');
  await writeFile(recordingNode, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, 'args')}"\nexec "${process.execPath}" "$@"\n`);
  await chmod(recordingNode, 0o755);
  await ensureStandInBundles();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function kindRunsFrom(): Promise<string> {
  const { stdout } = await run(join(root, 'test', 'world', 'bin', 'kind'), ['version'], { env: { ...process.env, MESHDECK_STAND_IN_NODE: recordingNode } });
  expect(stdout).toMatch(/^kind v0\.\d+\.\d+ /);
  const args = (await readFile(join(dir, 'args'), 'utf8')).split('\n');
  return args.find((arg) => arg.startsWith('/') && (arg.endsWith('.mjs') || arg.endsWith('.ts'))) ?? args.join(' ');
}

describe('stand-in bundles', () => {
  it('kind runs from its bundle while it is fresh, from its TypeScript while an input is newer, and from the bundle again once it is not', async () => {
    expect(freshBundle(kindEntry)).toBe(bundlePath(kindEntry));
    expect(await kindRunsFrom()).toBe(bundlePath(kindEntry));

    // An input edited after the build (its mtime moved past the bundle's), then put back.
    const input = join(root, 'test', 'world', 'kind', 'cli-io.ts');
    const { atime, mtime } = await stat(input);
    const later = new Date((await stat(bundlePath(kindEntry))).mtimeMs + 60_000);
    await utimes(input, later, later);
    try {
      expect(freshBundle(kindEntry)).toBeUndefined();
      expect(await kindRunsFrom()).toBe(join(root, kindEntry));
    } finally {
      await utimes(input, atime, mtime);
    }
    expect(await kindRunsFrom()).toBe(bundlePath(kindEntry));
  });
});
