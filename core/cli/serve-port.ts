// Which port `meshdeck serve` binds when --port is not given: the one it had last time, when it
// is free, else any free one. A tab left open from the last run then reaches the new serve and
// is told it was restarted (its token is refused with 4401) instead of retrying a port nobody
// listens on. Kept in <dataDir>/serve.json; a missing or unreadable file means "any free port".

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../tools';

function memoryPath(dataDir: string): string {
  return join(dataDir, 'serve.json');
}

/** The port the last serve bound, or undefined. */
export function lastServePort(dataDir: string): number | undefined {
  try {
    const { port } = JSON.parse(readFileSync(memoryPath(dataDir), 'utf8')) as { port?: unknown };
    return typeof port === 'number' && Number.isInteger(port) && port >= 1024 && port <= 65535 ? port : undefined;
  } catch {
    return undefined;
  }
}

export async function rememberServePort(dataDir: string, port: number): Promise<void> {
  await writeJsonAtomic(memoryPath(dataDir), { port }).catch(() => undefined);
}
