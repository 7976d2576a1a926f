// Where the built-in lesson packs are: <resources>/workshops in a packaged app (electron-builder's
// extraResources), else resources/workshops of the package root found by walking up from this
// module (the repo when run from it, the installed package for the CLI).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function isMeshdeckRoot(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'meshdeck';
  } catch {
    return false;
  }
}

export function builtInPacksDir(from: string = dirname(fileURLToPath(import.meta.url)), resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath): string {
  if (resourcesPath && existsSync(join(resourcesPath, 'workshops'))) return join(resourcesPath, 'workshops');
  for (let dir = from; ; dir = dirname(dir)) {
    if (isMeshdeckRoot(dir)) return join(dir, 'resources', 'workshops');
    if (dirname(dir) === dir) return join(from, 'workshops');
  }
}
