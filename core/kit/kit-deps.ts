// What the kit's tasks need from outside: the tool cache's options (data dir, mirror, host), the
// host's Docker images (inventory, presence, pull, save, load: core/images wires the real ones),
// and where the archive's bytes go (a test injects a sink that fills up).

import type { ToolDeps } from '../tools';
import type { KitSink } from './tar-writer';

export interface KitProgress {
  signal: AbortSignal;
  /** What is going on and how far, as a task step. */
  progress(detail: string, percent: number | null): void;
  log(line: string): void;
}

export interface KitImages {
  /** Every image the lab needs, from what it applies (core/images labImageInventory). */
  inventory(signal: AbortSignal): Promise<string[]>;
  /** Presence on the host's Docker, with the size Docker reports. */
  inspect(refs: string[]): Promise<Map<string, { sizeBytes: number } | undefined>>;
  /** Pulls refs onto the host (a mirror if one is set); onBytes gets the bytes done so far. */
  pull(refs: string[], options: { signal: AbortSignal; onProgress?: (detail: string, percent: number | null) => void }): Promise<void>;
  /** `docker save --platform linux/<arch>` of one image into `file`. */
  save(ref: string, file: string, options: { signal: AbortSignal }): Promise<void>;
  /** `docker load` of one saved image. */
  load(archive: NodeJS.ReadableStream, options: { signal: AbortSignal }): Promise<void>;
}

export interface KitDeps {
  dataDir: string;
  /** MESHDECK_MIRROR: where missing tools are downloaded from. */
  mirror: string;
  platform: NodeJS.Platform;
  arch: string;
  istioVersion: string;
  meshdeckVersion: string;
  images: KitImages;
  toolDeps?: Partial<ToolDeps>;
  /** Opens the archive being written; default a new file (tests inject one that fails). */
  openSink?: (path: string) => Promise<KitSink>;
  /** Free bytes on the disk holding `dir` (statfs); tests may pretend. */
  freeBytes?: (dir: string) => Promise<number>;
  now?: () => Date;
}
