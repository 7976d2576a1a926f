// HostImages against the real Docker engine and a real registry (Debian's docker-registry with
// stand-ins pushed under their mirror names): pulls through the mirror with byte progress, then
// the real name tagged on; nothing pulled the second time; a digest-pinned ref found by digest;
// what the registry lacks is IMAGE_PULL_FAILED naming it; offline names what is missing; a
// cancelled pull says so; save writes one docker-save archive with the real names.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { list } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { hasDocker, hasRegistry } from '../../test/support/requirements';
import { startRegistry, type RunningRegistry } from '../../test/world/registry/registry-server';
import { pushStandIns } from '../../test/world/registry/stand-ins';
import { createHostImages, type PullProgress } from './host-images';

const ready = (await hasDocker()) && hasRegistry();
const run = `${process.pid}-${Date.now().toString(36)}`;
const big = `registry.example.test/meshdeck/pull-a-${run}:1`;
const small = `meshdeck-test/pull-b-${run}:1`;
const pinnedName = `docker.io/meshdeck-test/pin-${run}:1`;
const docker = new Docker();
let registry: RunningRegistry;
let dir: string;
let pinned: string;

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  if (!ready) return;
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-host-images-'));
  registry = await startRegistry();
  const pushed = await pushStandIns(docker, registry, [big, small, pinnedName], { bytes: (ref) => (ref === big ? 3_000_000 : 200_000) });
  pinned = `${pinnedName}@${pushed.get(pinnedName)!.digest}`;
});

afterAll(async () => {
  if (!ready) return;
  for (const ref of [big, small, pinnedName, `${registry.host}/${big}`, `${registry.host}/docker.io/${small}`, `${registry.host}/${pinnedName}`]) await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(ready)('HostImages on the real engine', () => {
  it('pulls what the host lacks through the mirror, with byte progress, under the real names; then nothing', async () => {
    const host = createHostImages(docker);
    expect([...(await host.inspect([big, small])).values()]).toEqual([undefined, undefined]);
    const seen: PullProgress[] = [];
    const lines: string[] = [];
    const pulled = await host.pull([big, small], { mirror: registry.host, onProgress: (p) => seen.push(p), log: (line) => lines.push(line) });
    expect(pulled).toEqual([big, small]);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ imagesDone: 2, imagesTotal: 2 });
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect(last.bytesTotal).toBeGreaterThan(3_000_000);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.bytesDone).toBeGreaterThanOrEqual(seen[i - 1]!.bytesDone);
    expect(lines).toContain(`Pulling ${big} from ${registry.host}/${big}`);
    const found = await host.inspect([big, small]);
    expect(found.get(big)!.sizeBytes).toBeGreaterThan(3_000_000);
    expect((await docker.getImage(`docker.io/${small}`).inspect()).RepoTags).toContain(small);
    expect(await host.pull([big, small], { mirror: registry.host })).toEqual([]);
  });

  it('finds a digest-pinned image by its digest after a mirror pull', async () => {
    const host = createHostImages(docker);
    expect(await host.pull([pinned], { mirror: registry.host })).toEqual([pinned]);
    const found = (await host.inspect([pinned])).get(pinned);
    expect(found?.localName).toBe(pinnedName.replace(/^docker\.io\//, ''));
    expect(await host.pull([pinned], { mirror: registry.host })).toEqual([]);
  });

  it('names the image the mirror lacks, and offline every missing one', async () => {
    const host = createHostImages(docker);
    const missing = `quay.io/meshdeck/absent-${run}:9`;
    const failure = await caught(host.pull([small, missing], { mirror: registry.host }));
    expect(failure.code).toBe('IMAGE_PULL_FAILED');
    expect(failure.message).toContain(`Could not pull ${missing} through the mirror as ${registry.host}/${missing}`);
    expect(failure.details).toMatchObject({ image: missing, reason: 'not-found' });
    const offline = await caught(host.pull([small, missing, `docker.io/meshdeck/absent2-${run}:1`], { offline: true }));
    expect(offline.code).toBe('OFFLINE_MISSING');
    expect(offline.details?.images).toEqual([missing, `docker.io/meshdeck/absent2-${run}:1`]);
    const closed = await caught(host.pull([missing], { mirror: '127.0.0.1:9' }));
    expect(closed.details).toMatchObject({ reason: 'no-network' });
  });

  it('stops a pull when cancelled', async () => {
    const host = createHostImages(docker);
    await docker.getImage(big).remove({ force: true });
    await docker.getImage(`${registry.host}/${big}`).remove({ force: true }).catch(() => undefined);
    const controller = new AbortController();
    const error = await caught(host.pull([big], { mirror: registry.host, signal: controller.signal, onProgress: () => controller.abort() }));
    expect(error.code).toBe('CANCELLED');
  });

  it('saves images into one archive named as the manifests name them, and leaves no partial file', async () => {
    const host = createHostImages(docker);
    await host.pull([small, pinned], { mirror: registry.host });
    const file = join(dir, 'images.tar');
    let written = 0;
    await host.save([small, pinned], file, { platform: 'linux/amd64', onProgress: (bytes) => (written = bytes) });
    const entries: string[] = [];
    let manifest = '';
    await list({ file, onReadEntry: (entry) => {
      entries.push(entry.path);
      if (entry.path === 'manifest.json') entry.on('data', (chunk: Buffer) => (manifest += chunk.toString()));
    } });
    expect(entries).toContain('manifest.json');
    const tags = (JSON.parse(manifest) as Array<{ RepoTags: string[] }>).flatMap((image) => image.RepoTags ?? []);
    expect(tags).toEqual(expect.arrayContaining([small, pinnedName.replace(/^docker\.io\//, '')]));
    expect(written).toBeGreaterThan(200_000);
    expect((await readdir(dir)).filter((name) => name.includes('partial'))).toEqual([]);
    const absent = await caught(host.save([`docker.io/meshdeck/absent3-${run}:1`], join(dir, 'x.tar'), { platform: 'linux/amd64' }));
    expect(absent.code).toBe('NOT_FOUND');
  });
});
