// `npm start`: launches the desktop app, or browser mode when this machine has no Electron
// binary (e.g. ELECTRON_SKIP_BINARY_DOWNLOAD was set, or the download was blocked).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url);

if (!existsSync(new URL('out/main/index.js', root)) || !existsSync(new URL('out/cli/meshdeck.js', root))) {
  console.error('MeshDeck is not built yet: run `npm ci` (or `npm run build`) first.');
  process.exit(1);
}

// Electron 45 fetches its binary on first use. Honour ELECTRON_SKIP_BINARY_DOWNLOAD by only
// looking for a binary that is already there; otherwise let the package fetch it.
function electronBinary() {
  const pathFile = new URL('node_modules/electron/path.txt', root);
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    if (!existsSync(pathFile)) return undefined;
    const binary = new URL(`node_modules/electron/dist/${readFileSync(pathFile, 'utf8').trim()}`, root);
    return existsSync(binary) ? fileURLToPath(binary) : undefined;
  }
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const [command, args] = binary
  ? [binary, ['.']]
  : [process.execPath, ['bin/meshdeck.mjs', 'serve', '--open', ...process.argv.slice(2)]];
if (!binary) console.log('No Electron binary on this machine: starting MeshDeck in browser mode instead.');

const child = spawn(command, args, { cwd: fileURLToPath(root), stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
