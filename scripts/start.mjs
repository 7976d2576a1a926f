// `npm start`: launches the desktop app, or browser mode when this machine has no Electron
// binary (e.g. ELECTRON_SKIP_BINARY_DOWNLOAD was set, or the download was blocked).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url);

if (!existsSync(new URL('out/main/index.js', root)) || !existsSync(new URL('out/cli/meshdeck.js', root))) {
  console.error('MeshDeck is not built yet: run `npm ci` (or `npm run build`) first.');
  process.exit(1);
}

function electronBinary() {
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

const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
