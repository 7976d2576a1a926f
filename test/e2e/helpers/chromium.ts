// Finds and launches the system Chromium for browser end-to-end tests (playwright-core never
// downloads a browser). In CI a missing Chromium is a failure; on a user's machine the test
// is skipped with a message that says why.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const DEFAULT_PATH = '/usr/bin/chromium';

export type ChromiumLookup = { found: true; path: string } | { found: false; reason: string };

export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const path = env.CHROMIUM_PATH || DEFAULT_PATH;
  if (existsSync(path)) return { found: true, path };
  const where = env.CHROMIUM_PATH ? `CHROMIUM_PATH=${path}` : `${DEFAULT_PATH} (set CHROMIUM_PATH to use another)`;
  return { found: false, reason: `Chromium was not found at ${where}. Install it (Debian: apt-get install chromium) to run the browser tests.` };
}

/**
 * The Chromium to use, or a reason to skip. Throws when CI=true, because there a missing
 * browser means the browser tests silently did not run.
 */
export function chromiumOrSkipReason(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const lookup = findChromium(env);
  if (!lookup.found && env.CI === 'true') throw new Error(`CI=true and the browser tests cannot run: ${lookup.reason}`);
  return lookup;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
