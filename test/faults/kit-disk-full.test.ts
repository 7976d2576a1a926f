// Fault: the disk fills up while a kit is written, and a kit export is cancelled midway. What the
// user sees: DISK_ERROR saying how much space the kit needs; CANCELLED; and in both cases nothing
// half-written: no kit at the path, no .partial file, no saved image left behind. The "full disk"
// is /dev/full, whose writes fail with the kernel's own ENOSPC: the kit's writer switches to it
// after a set number of bytes (a tmpfs is not available to every runner; /dev/full is).
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Header } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerEndpoint } from '../../core/docker';
import { exportKit, openKit, type KitDeps, type KitProgress } from '../../core/kit';
import { kitImages } from '../../core/kit/kit-images';
import type { KitSink } from '../../core/kit/tar-writer';
import { startMirror, type Mirror } from '../world/mirror/index';

const docker = createDockerEndpoint(process.env).client;
const run = randomBytes(4).toString('hex');
const refs = [`meshdeck-test/kit-full-a-${run}:1`, `meshdeck-test/kit-full-b-${run}:1`];
let mirror: Mirror;
let work: string;

async function importImage(ref: string, bytes: number): Promise<void> {
  const body = randomBytes(bytes);
  const header = Buffer.alloc(512);
  new Header({ path: 'payload', type: 'File', mode: 0o644, size: body.length, mtime: new Date(0) }).encode(header, 0);
  const tar = Buffer.concat([header, body, Buffer.alloc((512 - (body.length % 512)) % 512), Buffer.alloc(1024)]);
  const [repo, tag] = ref.split(':');
  for await (const chunk of (await docker.importImage(Readable.from([tar]) as unknown as string, { repo, tag })) as AsyncIterable<Buffer>) void chunk;
}

function deps(overrides: Partial<KitDeps> = {}, onSave?: (ref: string) => void): KitDeps {
  const dataDir = join(work, 'home');
  const images = kitImages({ docker, env: {}, arch: process.arch, tools: () => ({ dataDir, mirror: mirror.url, platform: 'linux', arch: process.arch, version: '1.30.5' }) });
  return {
    dataDir,
    mirror: mirror.url,
    platform: 'linux',
    arch: process.arch,
    istioVersion: '1.30.5',
    meshdeckVersion: '0.0.0-test',
    images: { ...images, inventory: () => Promise.resolve(refs), save: (ref, file, options) => (onSave?.(ref), images.save(ref, file, options)) },
    ...overrides,
  };
}

/** A sink that writes `room` bytes to the file, then every write goes to /dev/full (ENOSPC from the kernel). */
function fillsUpAfter(room: number): (path: string) => Promise<KitSink> {
  return async (path) => {
    const file = await open(path, 'wx', 0o600);
    const full = await open('/dev/full', 'w');
    let left = room;
    return {
      write: async (chunk) => {
        const fits = Math.max(0, Math.min(left, chunk.length));
        if (fits > 0) await file.write(chunk, 0, fits);
        left -= fits;
        if (fits < chunk.length) await full.write(chunk, fits);
      },
      sync: () => file.sync(),
      close: async () => {
        await full.close();
        await file.close();
      },
    };
  };
}

const progress = (controller = new AbortController()): KitProgress => ({ signal: controller.signal, progress: () => undefined, log: () => undefined });
const leftovers = async (): Promise<string[]> => (await readdir(work)).filter((name) => name !== 'home' && name !== 'whole.kit');

beforeAll(async () => {
  mirror = await startMirror({ istioVersions: ['1.30.5'] });
  work = await mkdtemp(join(tmpdir(), 'meshdeck-kit-fault-'));
  await importImage(refs[0]!, 30_000);
  await importImage(refs[1]!, 300_000);
  await exportKit(deps(), { path: join(work, 'whole.kit') }, progress());
}, 120_000);
afterAll(async () => {
  await Promise.all(refs.map((ref) => docker.getImage(ref).remove({ force: true }).catch(() => undefined)));
  await mirror?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('kit export on a disk that fills up', () => {
  it('fails with DISK_ERROR naming the space needed while an image is written, and leaves nothing behind', async () => {
    const whole = await openKit(join(work, 'whole.kit'));
    const room = whole.entries.get('images/0002.tar')!.offset + 100_000;
    const path = join(work, 'lab.kit');
    const error = await exportKit(deps({ openSink: fillsUpAfter(room) }), { path }, progress()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DISK_ERROR', details: { errno: 'ENOSPC' }, message: expect.stringMatching(/^The kit needs about [\d.,]+ MB on the disk of .*The disk filled up after [\d.,]+ MB; the unfinished file was removed\. Free some space/) });
    expect((error as { details: { neededBytes: number } }).details.neededBytes).toBeGreaterThanOrEqual(whole.entries.get('images/0002.tar')!.offset);
    expect(await leftovers()).toEqual([]);
    // With room again, the same export completes.
    await exportKit(deps(), { path }, progress());
    expect((await openKit(path)).manifest.parts.map((p) => p.name)).toEqual(whole.manifest.parts.map((p) => p.name));
    await rm(path);
  });

  it('is cancelled while Docker saves the second image: CANCELLED, nothing half-written', async () => {
    const controller = new AbortController();
    const path = join(work, 'cancelled.kit');
    const error = await exportKit(deps({}, (ref) => ref === refs[1] && controller.abort()), { path }, progress(controller)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELLED', message: expect.stringContaining('was removed; nothing was written to') });
    expect(await leftovers()).toEqual([]);
  });
});
