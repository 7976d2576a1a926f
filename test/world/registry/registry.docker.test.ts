// The world's registry: Debian's real docker-registry, stand-ins the real Docker engine pushes
// under mirror names and pulls back with byte progress, and the run's global setup that fills
// it with the world's catalogue (what a world node can pull).
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasDocker } from '../../support/requirements.js';
import { registrySource } from './registry-source.js';
import { startRegistry, type RunningRegistry } from './registry-server.js';
import { fillerBytes, mirrorRefOf, pushStandIns } from './stand-ins.js';
import { KIND_NODE_STAND_IN, worldImageCatalogue } from './catalogue.js';

const dockerReady = await hasDocker();
const docker = new Docker();
const run = `${process.pid}-${Date.now().toString(36)}`;

describe.runIf(dockerReady)('the world registry', () => {
  let registry: RunningRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('names mirrors with the source registry first', () => {
    expect(mirrorRefOf('127.0.0.1:5000', 'registry.istio.io/release/pilot:1.30.5')).toBe('127.0.0.1:5000/registry.istio.io/release/pilot:1.30.5');
    expect(mirrorRefOf('127.0.0.1:5000', 'curlimages/curl:8.16.0')).toBe('127.0.0.1:5000/docker.io/curlimages/curl:8.16.0');
    expect(mirrorRefOf('127.0.0.1:5000', 'busybox')).toBe('127.0.0.1:5000/docker.io/library/busybox:latest');
    expect(fillerBytes('a', 100)).toEqual(fillerBytes('a', 100));
    expect(fillerBytes('a', 100)).not.toEqual(fillerBytes('b', 100));
  });

  it('holds pushed stand-ins only under their mirror names, and Docker pulls them back with byte progress', async () => {
    const ref = `example.com/meshdeck/stand-in-${run}:1.0`;
    const pushed = await pushStandIns(docker, registry, [ref], { bytes: () => 3_000_000 });
    const mirror = pushed.get(ref)!;
    expect(mirror.mirrorRef).toBe(`${registry.host}/${ref}`);
    expect(mirror.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The host starts without it.
    expect(await docker.getImage(mirror.mirrorRef).inspect().then(() => true, () => false)).toBe(false);
    const found = await registrySource(registry.host).resolve(ref);
    expect(found?.size).toBeGreaterThan(3_000_000);
    expect(await registrySource(registry.host).resolve(`example.com/meshdeck/absent-${run}:1`)).toBeUndefined();

    const events: Array<{ status?: string; progressDetail?: { current?: number; total?: number } }> = [];
    const stream = await docker.pull(mirror.mirrorRef);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()), (e: (typeof events)[number]) => events.push(e)));
    try {
      const downloading = events.filter((e) => e.status === 'Downloading' && e.progressDetail?.total);
      expect(downloading.length).toBeGreaterThan(0);
      // The engine reports the compressed layer's total: incompressible filler keeps it over 3 MB.
      expect(Math.max(...downloading.map((e) => e.progressDetail!.total ?? 0))).toBeGreaterThan(3_000_000);
      expect(downloading.every((e) => (e.progressDetail!.current ?? 0) <= (e.progressDetail!.total ?? 0))).toBe(true);
      expect(events.some((e) => e.status?.startsWith(`Digest: ${mirror.digest}`))).toBe(true);
    } finally {
      await docker.getImage(mirror.mirrorRef).remove({ force: true });
    }
    // Pushing again keeps what is there.
    expect((await pushStandIns(docker, registry, [ref])).get(ref)?.digest).toBe(mirror.digest);
  });

  it('is what the run global setup filled: the catalogue, the mirror and the pinned node image', async () => {
    const host = process.env.MESHDECK_WORLD_REGISTRY;
    expect(host).toBeTruthy();
    expect(process.env.MESHDECK_IMAGE_MIRROR).toBe(host);
    const catalogue = await worldImageCatalogue();
    expect(catalogue).toContain('docker.io/curlimages/curl:8.16.0');
    expect(catalogue).toContain(KIND_NODE_STAND_IN);
    expect(catalogue.some((ref) => /\/pilot:/.test(ref))).toBe(true);
    for (const ref of catalogue) expect(await registrySource(host!).resolve(ref), ref).toBeDefined();
    const node = await registrySource(host!).resolve(KIND_NODE_STAND_IN);
    expect(node).toBeDefined();
    expect(process.env.MESHDECK_KIND_NODE_IMAGE).toMatch(new RegExp(`^${KIND_NODE_STAND_IN.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));
  });
});
