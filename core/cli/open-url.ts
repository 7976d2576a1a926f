// Opens a URL in the user's default browser with the platform's own opener, detached, so the
// CLI does not wait for the browser. Only http(s) URLs that MeshDeck built are passed here.

import { spawn } from 'node:child_process';

export function openInBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  if (!/^https?:\/\//.test(url)) return;
  const [command, args] = platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['explorer.exe', [url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}
