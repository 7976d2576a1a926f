// Where things are on this machine: the repository root (derived from this file's location, so
// launchers can embed it) and tsx's loader. The upstream Istio reference
// files are found by test/support/istio-reference.ts.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The folder with the repository's package.json above this module: found by walking up, since
 * this module also runs from the stand-ins' bundles (test/world/stand-in-bundles.ts), elsewhere.
 */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export type StandIn = 'kind' | 'istioctl';

/** tsx's loader as a file URL for `node --import`: one process per command, signals go straight to it. */
export function tsxLoaderUrl(root: string = repoRoot()): string {
  return pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
}
