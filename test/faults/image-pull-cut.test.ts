// Faults: the link to the registry breaks while the host pulls an image. The registry is the
// test world's real one (Debian's docker-registry), the puller is the real Docker engine, and
// between them a forwarder cuts the connection that carries a layer once 2 MB of it have passed.
// 1. Cut once: Docker retries the layer (resuming it) and MeshDeck's pull ends with the image on
//    the host, its bytes counted to the end.
// 2. The link down: the pull fails with IMAGE_PULL_FAILED naming the image, the mirror and what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerEndpoint } from '../../core/docker';
import { AppError } from '../../core/contract';
import { createHostImages, type PullProgress } from '../../core/images';
import { hasDocker } from '../support/requirements';
import { startRegistry, type RunningRegistry } from '../world/registry/registry-server';
import { pushStandIns } from '../world/registry/stand-ins';
import { startTcpLink, type TcpLink } from '../support/tcp-link';

const dockerReady = await hasDocker();
const LAYER_BYTES = 6 * 1024 * 1024;

describe.runIf(dockerReady)('faults: the registry link cut during a pull', () => {
  const docker = createDockerEndpoint(process.env).client;
  const ref = `registry.example.com/meshdeck-faults/cut-layer:${process.pid}`;
  let registry: RunningRegistry;
  let link: TcpLink;

  beforeAll(async () => {
    registry = await startRegistry();
    await pushStandIns(docker, registry, [ref], { bytes: () => LAYER_BYTES });
    const [host, port] = registry.host.split(':');
    link = await startTcpLink({ host: host!, port: Number(port) });
  }, 60_000);

  afterAll(async () => {
    await link?.close();
    await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
    await registry?.stop();
  });

  it('resumes a layer cut mid-way and ends with the image on the host, every byte counted', async () => {
    const images = createHostImages(docker);
    expect((await images.inspect([ref])).get(ref)).toBeUndefined();
    const seen: PullProgress[] = [];
    link.cutOnceAfter(2 * 1024 * 1024);
    const pulled = await images.pull([ref], { mirror: link.host, onProgress: (progress) => seen.push(progress) });
    expect(pulled).toEqual([ref]);
    expect(link.cuts()).toBe(1);
    expect((await images.inspect([ref])).get(ref)).toBeDefined();
    const last = seen.at(-1)!;
    expect(last.imagesDone).toBe(1);
    expect(last.bytesTotal).toBeGreaterThanOrEqual(LAYER_BYTES * 0.9);
    expect(last.bytesDone).toBe(last.bytesTotal);
    // Progress went past the cut before the end: the bytes were counted as they came.
    expect(seen.some((p) => p.bytesDone > 0 && p.bytesDone < p.bytesTotal)).toBe(true);
  }, 60_000);

  it('fails with the image named, the mirror and what to do when the link stays down', async () => {
    await docker.getImage(ref).remove({ force: true });
    await link.close();
    const error = await createHostImages(docker).pull([ref], { mirror: link.host }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('IMAGE_PULL_FAILED');
    expect(appError.message).toContain(ref);
    expect(appError.message).toContain(link.host);
    expect(appError.message).toMatch(/meshdeck kit import/);
    expect(appError.details?.['reason']).toBe('no-network');
  }, 60_000);
});
