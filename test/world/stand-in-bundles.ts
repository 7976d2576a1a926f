// The world's kind and istioctl (and kind's detached API server) as one JavaScript file each,
// beside their TypeScript entry (so import.meta.url-relative paths still hold). The real tools
// are Go binaries that answer in milliseconds; through tsx every call paid ~0.65 s of transform
// and ~0.9 s of CPU, which the lab's many short calls (kind get clusters, istioctl version) turned
// into seconds of an `up` that the real tools never cost. test/world/bin/run-stand-in runs a
// bundle only while none of its inputs is newer; otherwise the TypeScript through tsx, as before.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from './mirror/repo-paths.js';

/** Entries, relative to the repository root. */
export const STAND_IN_ENTRIES = ['test/world/kind/main.ts', 'test/world/istioctl/main.ts', 'test/world/kind/cluster-runner.ts'] as const;

export function bundlePath(entry: string, root: string = repoRoot()): string {
  return join(root, entry.replace(/\.ts$/, '.bundle.mjs'));
}

/** The bundle of `entry` if it exists and none of its inputs changed since; undefined otherwise. */
export function freshBundle(entry: string, root: string = repoRoot()): string | undefined {
  const bundle = bundlePath(entry, root);
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = readFileSync(`${bundle}.inputs`, 'utf8').split('\n').filter(Boolean);
    return inputs.every((input) => statSync(join(root, input)).mtimeMs <= built) ? bundle : undefined;
  } catch {
    return undefined;
  }
}

/** Chunks of earlier builds, once no run that started with them can still be loading them. */
async function removeOldChunks(folder: string, current: Set<string>): Promise<void> {
  const before = Date.now() - 10 * 60_000;
  for (const name of await readdir(folder)) {
    const path = join(folder, name);
    if (!name.endsWith('.bundle.mjs') || current.has(path)) continue;
    if (statSync(path).mtimeMs < before) await rm(path, { force: true });
  }
}

/**
 * Builds every stale bundle (esbuild, npm packages left to node_modules), one build per folder,
 * split so that what a command imports lazily (client-node, dockerode) is loaded only by the
 * commands that need it, as under tsx. Chunks get content-hashed names; each entry is written
 * under a temporary name and renamed, so parallel test runs never run half a file.
 */
export async function ensureStandInBundles(root: string = repoRoot()): Promise<void> {
  const stale = STAND_IN_ENTRIES.filter((entry) => existsSync(join(root, entry)) && !freshBundle(entry, root));
  if (stale.length === 0) return;
  const { build } = await import('esbuild');
  const folders = [...new Set(stale.map((entry) => dirname(entry)))];
  await Promise.all(
    folders.map(async (folder) => {
      const entries = STAND_IN_ENTRIES.filter((entry) => dirname(entry) === folder);
      const result = await build({
        entryPoints: entries.map((entry) => join(root, entry)), outdir: join(root, folder), entryNames: '[name].bundle', chunkNames: '[name]-[hash].bundle', outExtension: { '.js': '.mjs' },
        bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', write: false, metafile: true, logLevel: 'silent', absWorkingDir: root,
      });
      const inputs = Object.keys(result.metafile.inputs).map((input) => relative(root, join(root, input)));
      const entryFiles = new Set(entries.map((entry) => bundlePath(entry, root)));
      const temp = (file: string) => `${file}.${process.pid}.tmp`;
      for (const output of result.outputFiles) await writeFile(entryFiles.has(output.path) ? temp(output.path) : output.path, output.contents);
      for (const bundle of entryFiles) {
        await writeFile(temp(`${bundle}.inputs`), `${inputs.join('\n')}\n`);
        await rename(temp(`${bundle}.inputs`), `${bundle}.inputs`);
        await rename(temp(bundle), bundle);
      }
      await removeOldChunks(join(root, folder), new Set(result.outputFiles.map((output) => output.path)));
    }),
  );
}
