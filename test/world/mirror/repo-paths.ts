// Where things are on this machine: the repository root (derived from this file's location, so
// launchers can embed it), the upstream Istio reference folder beside the repo (read at run time,
// never copied into the repo), and the tsx entry points of the stand-ins.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/** `<repo>/../shared/reference/istio` when it exists; otherwise the world's own equivalents are used. */
export function referenceIstioDir(root: string = repoRoot()): string | undefined {
  const dir = process.env.MESHDECK_ISTIO_REFERENCE ?? join(root, '..', 'shared', 'reference', 'istio');
  return existsSync(join(dir, 'samples')) ? dir : undefined;
}

export type StandIn = 'kind' | 'istioctl';

export function standInEntry(tool: StandIn, root: string = repoRoot()): string {
  return join(root, 'test', 'world', tool, 'main.ts');
}

/** tsx's loader as a file URL for `node --import`: one process per command, signals go straight to it. */
export function tsxLoaderUrl(root: string = repoRoot()): string {
  return pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
}
