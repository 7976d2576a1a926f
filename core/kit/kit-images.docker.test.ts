// The kit's images through the real Docker engine: two small images made here with `docker
// import`, exported into a kit (one `docker save` each), removed from Docker, then imported into
// an empty MESHDECK_HOME. A kit with one byte changed in an image, or missing one, loads nothing.
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerEndpoint } from '../docker';
import { startMirror, type Mirror } from '../../test/world/mirror/index';
import type { KitDeps, KitProgress } from './kit-deps';
import { exportKit } from './kit-export';
import { importKit } from './kit-import';
import { kitImages } from './kit-images';
import { MANIFEST_PATH } from './kit-manifest';
import { openKit } from './kit-verify';
import { TarWriter } from './tar-writer';
import { Header } from 'tar';

const docker = createDockerEndpoint(process.env).client;
const run = randomBytes(4).toString('hex');
const refs = [`meshdeck-test/kit-a-${run}:1`, `meshdeck-test/kit-b-${run}:1`];
let mirror: Mirror;
let work: string;
let kit: string;

/** A one-file image of `bytes` random bytes (a tar made with tar's Header, imported by Docker). */
async function importImage(ref: string, bytes: number): Promise<void> {
  const body = randomBytes(bytes);
  const header = Buffer.alloc(512);
  new Header({ path: 'payload', type: 'File', mode: 0o644, size: body.length, mtime: new Date(0) }).encode(header, 0);
  const tar = Buffer.concat([header, body, Buffer.alloc((512 - (body.length % 512)) % 512), Buffer.alloc(1024)]);
  const [repo, tag] = ref.split(':');
  const stream = await docker.importImage(Readable.from([tar]) as unknown as string, { repo, tag });
  for await (const chunk of stream as AsyncIterable<Buffer>) void chunk;
}

const present = async (ref: string): Promise<boolean> => docker.getImage(ref).inspect().then(() => true, () => false);
const removeImages = async (): Promise<void> => void (await Promise.all(refs.map((ref) => docker.getImage(ref).remove({ force: true }).catch(() => undefined))));

function deps(dataDir: string): KitDeps {
  const images = kitImages({ docker, env: {}, arch: process.arch, tools: () => ({ dataDir, mirror: mirror.url, platform: 'linux', arch: process.arch, version: '1.30.5' }) });
  return { dataDir, mirror: mirror.url, platform: 'linux', arch: process.arch, istioVersion: '1.30.5', meshdeckVersion: '0.0.0-test', images: { ...images, inventory: () => Promise.resolve(refs) } };
}

function progress(): KitProgress {
  return { signal: new AbortController().signal, progress: () => undefined, log: () => undefined };
}

beforeAll(async () => {
  mirror = await startMirror({ istioVersions: ['1.30.5'] });
  work = await mkdtemp(join(tmpdir(), 'meshdeck-kit-docker-'));
  kit = join(work, 'lab.kit');
  await importImage(refs[0]!, 40_000);
  await importImage(refs[1]!, 60_000);
  await exportKit(deps(join(work, 'source')), { path: kit }, progress());
  await removeImages();
}, 120_000);
afterAll(async () => {
  await removeImages();
  await mirror?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('kit images through Docker', () => {
  it('carries one docker-save archive per image, named in the manifest', async () => {
    const { manifest } = await openKit(kit);
    const images = manifest.parts.filter((part) => part.kind === 'image');
    expect(images.map((part) => [part.path, part.name])).toEqual([['images/0001.tar', refs[0]], ['images/0002.tar', refs[1]]]);
    expect(images.every((part) => part.bytes > 40_000)).toBe(true);
  });

  it('refuses a kit with one byte changed in an image before loading any image', async () => {
    const { entries } = await openKit(kit);
    const bytes = await readFile(kit);
    bytes[entries.get('images/0002.tar')!.offset + 3000]! ^= 0x01;
    const tampered = join(work, 'tampered.kit');
    await writeFile(tampered, bytes);
    await expect(importKit(deps(join(work, 'tampered-home')), { path: tampered }, progress())).rejects.toMatchObject({ code: 'KIT_INVALID', message: expect.stringContaining(`image ${refs[1]} at images/0002.tar`) });
    expect(await present(refs[0]!)).toBe(false);
    expect(await present(refs[1]!)).toBe(false);
  });

  it('says which image a kit lacks', async () => {
    const { manifest, entries } = await openKit(kit);
    const bytes = await readFile(kit);
    const path = join(work, 'missing.kit');
    const handle = await open(path, 'w');
    const writer = new TarWriter({ write: async (chunk) => void (await handle.write(chunk)), sync: () => handle.sync(), close: () => handle.close() });
    for (const part of manifest.parts.filter((p) => p.path !== 'images/0001.tar')) {
      const entry = entries.get(part.path)!;
      await writer.addBuffer(part.path, bytes.subarray(entry.offset, entry.offset + entry.size));
    }
    await writer.addBuffer(MANIFEST_PATH, Buffer.from(JSON.stringify(manifest)));
    await writer.finish();
    await handle.close();
    await expect(importKit(deps(join(work, 'missing-home')), { path }, progress())).rejects.toMatchObject({ code: 'KIT_INVALID', message: expect.stringContaining(`lacks image ${refs[0]} at images/0001.tar`) });
    expect(await present(refs[1]!)).toBe(false);
  });

  it('loads the images into Docker on import, and a second import keeps them', async () => {
    const home = join(work, 'empty-home');
    const first = await importKit(deps(home), { path: kit }, progress());
    expect(first.kind === 'kit-import' && first.loadedImages).toEqual(refs);
    expect(await present(refs[0]!)).toBe(true);
    expect(await present(refs[1]!)).toBe(true);
    const second = await importKit(deps(home), { path: kit }, progress());
    expect(second.kind === 'kit-import' && second.loadedImages).toEqual([]);
  });
});
