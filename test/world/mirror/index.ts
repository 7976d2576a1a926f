// Public entry of the release mirror: `startMirror()` serves kind and Istio release assets laid
// out like GitHub release downloads on 127.0.0.1, so the app's downloader can be pointed at it
// with a mirror base URL. Returns the base URL, the knobs and the request log.
import { ReleaseCatalog, type CatalogOptions } from './release-catalog.js';
import { MirrorServer, type MirrorRequest } from './mirror-server.js';
import type { MirrorKnobs } from './mirror-knobs.js';
import { ensureStandInBundles } from '../stand-in-bundles.js';

export interface MirrorOptions extends CatalogOptions {
  /** A fixed port; 0 (default) picks a free one. */
  port?: number;
}

export interface Mirror {
  /** Base URL that replaces https://github.com, e.g. http://127.0.0.1:41234 */
  url: string;
  knobs: MirrorKnobs;
  requests: MirrorRequest[];
  /** Every served path, checksum files included. */
  paths(): string[];
  /** The true bytes of a path (before any knob), for assertions. */
  body(path: string): Promise<Buffer>;
  stop(): Promise<void>;
}

export async function startMirror(options: MirrorOptions = {}): Promise<Mirror> {
  // The launchers it serves run the stand-ins' bundles when they are fresh.
  await ensureStandInBundles();
  const catalog = new ReleaseCatalog(options);
  const server = new MirrorServer(catalog);
  const url = await server.start(options.port ?? 0);
  return {
    url,
    knobs: server.knobs,
    requests: server.requests,
    paths: () => catalog.paths(),
    body: (path) => catalog.body(path),
    stop: () => server.stop(),
  };
}

export type { MirrorKnobs, MirrorRequest };
export { launcherScript } from './launcher-script.js';
export { repoRoot } from './repo-paths.js';
