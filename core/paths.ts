// Where MeshDeck keeps its data (downloaded tools, kubeconfigs, settings). MESHDECK_HOME
// overrides the platform's usual place so tests and portable installs stay isolated.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.MESHDECK_HOME) return env.MESHDECK_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'MeshDeck');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'MeshDeck');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'meshdeck');
}

export function toolsDir(dataDir: string): string {
  return join(dataDir, 'tools');
}

/** The CLI's app log: each command's start and outcome, and unexpected errors with their causes. */
export function cliLogPath(dataDir: string): string {
  return join(dataDir, 'logs', 'cli.log');
}

/** The user's Downloads folder (XDG_DOWNLOAD_DIR when set), else their home: a kit's default place. */
export function downloadsDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (env.XDG_DOWNLOAD_DIR) return env.XDG_DOWNLOAD_DIR;
  const downloads = join(home, 'Downloads');
  return existsSync(downloads) ? downloads : home;
}
