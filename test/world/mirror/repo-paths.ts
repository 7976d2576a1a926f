// Where things are on this machine: the repository root (derived from this file's location, so
// launchers can embed it) and the tsx entry points of the stand-ins. The upstream Istio reference
// files are found by test/support/istio-reference.ts.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export type StandIn = 'kind' | 'istioctl';

export function standInEntry(tool: StandIn, root: string = repoRoot()): string {
  return join(root, 'test', 'world', tool, 'main.ts');
}

/** tsx's loader as a file URL for `node --import`: one process per command, signals go straight to it. */
export function tsxLoaderUrl(root: string = repoRoot()): string {
  return pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
}
