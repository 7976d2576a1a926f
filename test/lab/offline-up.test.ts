// `up --offline` against the test world: on an empty MESHDECK_HOME it stops at preflight with
// OFFLINE_MISSING naming each missing tool and the kit, before any download or cluster.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabHarness, stepStates, type LabHarness } from '../support/lab-harness';
import { startMirror, type Mirror } from '../world/mirror/index';
import { freePort } from '../support/ports';

let dir: string;
let mirror: Mirror;
let harness: LabHarness;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-offline-'));
  mirror = await startMirror({ istioVersions: ['1.30.5'] });
  const userKubeconfig = join(dir, 'user-kubeconfig');
  await writeFile(userKubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
  const env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_HOME: join(dir, 'home') };
  harness = createLabHarness({ dataDir: join(dir, 'home'), mirrorUrl: mirror.url, env, userKubeconfig });
});
afterAll(async () => {
  await mirror.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('up --offline', () => {
  it('refuses on an empty home before anything is downloaded or created, naming each missing thing and the kit', async () => {
    const ended = await harness.finished(harness.lab.upWith({ name: `offline-${process.pid}`, httpPort: await freePort(), httpsPort: await freePort(), offline: true }));
    expect(ended.state).toBe('failed');
    expect(ended.error).toMatchObject({ code: 'OFFLINE_MISSING', details: { missing: ['kind v0.32.0 (tool cache)', 'the Istio 1.30.5 release (tool cache)', 'the Gateway API v1.5.1 CRDs (tool cache)', "the lab's images (listed from the Istio release once it is there)"] } });
    expect(ended.error?.message).toContain('meshdeck kit import FILE');
    expect(stepStates(ended)).toMatchObject({ preflight: 'failed' });
    expect(mirror.requests).toEqual([]);
    expect(await readdir(join(dir, 'world')).catch(() => [])).toEqual([]);
  });
});
