// Renders the bash launcher that the mirror serves as a "binary": it runs the stand-in (its
// bundle or its TypeScript entry, test/world/bin/run-stand-in) with the Node that generated it.
// Paths are absolute so the file still works after a downloader copies it anywhere (e.g. the
// app's data dir).
import { join } from 'node:path';
import { repoRoot, type StandIn } from './repo-paths.js';

export interface LauncherOptions {
  tool: StandIn;
  /** Extra environment for the stand-in, e.g. the Istio version of the archive it ships in. */
  env?: Record<string, string>;
  root?: string;
  nodePath?: string;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function launcherScript(options: LauncherOptions): string {
  const root = options.root ?? repoRoot();
  const env = Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${shellQuote(value)} `).join('');
  return [
    '#!/usr/bin/env bash',
    `# MeshDeck test world: stand-in for ${options.tool}, not the real tool. Generated for ${root}.`,
    `${env}MESHDECK_STAND_IN_NODE=${shellQuote(options.nodePath ?? process.execPath)} exec ${shellQuote(join(root, 'test', 'world', 'bin', 'run-stand-in'))} ${options.tool} "$@"`,
    '',
  ].join('\n');
}
