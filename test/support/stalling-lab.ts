// A kind-stand-in lab whose images matching `failImages` never pull (MESHDECK_WORLD_FAIL_IMAGES),
// with a 10 s stall window (short enough to be quick, long enough that the healthy steps running beside the stalled one — addons, gateways — never sit 10 s without a change on loaded CI cores, which 4 s did), for the tests of how a stalled step reports itself. Registers its own
// beforeAll/afterAll: the world and the mirror go, and the lab is deleted, when the suite ends.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startMirror, type Mirror } from '../world/mirror/index';
import { createLabHarness, type LabHarness } from './lab-harness';

export interface StallingLab {
  /** The lab's name (kind cluster name). */
  name: string;
  /** The suite's temporary folder (world state, MeshDeck's home). */
  dir: () => string;
  harness: () => LabHarness;
}

export function stallingLab(prefix: string, failImages: string): StallingLab {
  let dir = '';
  let mirror: Mirror | undefined;
  let harness: LabHarness | undefined;
  const name = `${prefix}-${process.pid}`;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `meshdeck-lab-${prefix}-`));
    mirror = await startMirror();
    const env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home'), MESHDECK_WORLD_FAIL_IMAGES: failImages };
    const userKubeconfig = join(dir, 'user-kubeconfig');
    await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    harness = createLabHarness({ dataDir: join(dir, 'home'), mirrorUrl: mirror.url, env, userKubeconfig, stallMs: 10_000 });
  });
  afterAll(async () => {
    if (harness) {
      const down = await harness.finished(harness.lab.down({ name }));
      expect(down.state).toBe('succeeded');
    }
    await mirror?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    name,
    dir: () => dir,
    harness: () => {
      if (!harness) throw new Error('stallingLab: used before its beforeAll ran');
      return harness;
    },
  };
}
