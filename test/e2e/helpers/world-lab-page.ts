// A browser page on `meshdeck serve` over a world lab, for the feature screens' end-to-end tests
// (Traffic, Logs): the lab, the server, Chromium and one page, and one stop for all of them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWorldLab, type WorldLab } from '../../support/world-lab';
import { launchChromium } from './chromium';
import { REPO_ROOT, startServe, type ServeHandle } from './serve';

export const OUTPUT_DIR = join(REPO_ROOT, 'test-results/e2e');

export interface WorldLabPage {
  lab: WorldLab;
  server: ServeHandle;
  browser: Browser;
  page: Page;
  stop(): Promise<void>;
}

export async function openWorldLabPage(chromiumPath: string, options: { seed?: number; viewport: { width: number; height: number }; env?: NodeJS.ProcessEnv }): Promise<WorldLabPage> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const lab = await startWorldLab(options.seed !== undefined ? { seed: options.seed } : {});
  const server = await startServe({ env: { ...options.env, MESHDECK_HOME: lab.home, KUBECONFIG: lab.world.kubeconfigPath } });
  const browser = await launchChromium(chromiumPath);
  const page = await (await browser.newContext({ viewport: options.viewport, colorScheme: 'dark', acceptDownloads: true })).newPage();
  return {
    lab,
    server,
    browser,
    page,
    async stop() {
      await browser.close();
      await server.stop();
      await lab.stop();
    },
  };
}
