// The kit end to end without Docker: export against the test world's release mirror (a lab
// whose image list is empty, so only the tools travel), then verification, tampering, missing
// parts, a disk that fills up mid-write, and import into an empty MESHDECK_HOME with no network.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { list } from 'tar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMirror, type Mirror } from '../../test/world/mirror/index';
import { cachedGatewayApiCrdsPath, cachedKindPath, downloadVerified, ensureIstio, ensureKind, GATEWAY_API_CRDS_SHA256, gatewayApiCrdsUrl } from '../tools';
import type { KitDeps, KitImages, KitProgress } from './kit-deps';
import { exportKit } from './kit-export';
import { importKit } from './kit-import';
import { MANIFEST_PATH } from './kit-manifest';
import { openKit, verifyKit } from './kit-verify';
import { offlineMissing } from './offline-check';
import { TarWriter, type KitSink } from './tar-writer';

let mirror: Mirror;
let work: string;
let kit: string;
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

// A lab that runs no images: only the tools travel, and nothing here needs Docker.
const noImages: KitImages = {
  inventory: () => Promise.resolve([]),
  inspect: (refs) => Promise.resolve(new Map(refs.map((ref) => [ref, undefined]))),
  pull: () => Promise.reject(new Error('no image to pull')),
  save: () => Promise.reject(new Error('no image to save')),
  load: () => Promise.reject(new Error('no image to load')),
};

function deps(dataDir: string, overrides: Partial<KitDeps> = {}): KitDeps {
  return { dataDir, mirror: mirror.url, platform: 'linux', arch: 'x64', istioVersion: '1.30.5', meshdeckVersion: '0.0.0-test', images: noImages, toolDeps: {}, ...overrides };
}

function progress(steps: string[] = []): KitProgress {
  return { signal: new AbortController().signal, progress: (detail) => steps.push(detail), log: () => undefined };
}

async function copyKit(name: string, change?: (bytes: Buffer) => void): Promise<string> {
  const bytes = await readFile(kit);
  change?.(bytes);
  const path = join(work, name);
  await writeFile(path, bytes);
  return path;
}

beforeAll(async () => {
  mirror = await startMirror({ istioVersions: ['1.30.5'] });
  work = await mkdtemp(join(tmpdir(), 'meshdeck-kit-'));
  kit = join(work, 'lab.kit');
  await exportKit(deps(join(work, 'source-home')), { path: kit }, progress());
}, 120_000);
afterAll(async () => {
  await mirror.stop();
  await rm(work, { recursive: true, force: true });
});
beforeEach(() => {
  mirror.requests.length = 0;
});

describe('kit export', () => {
  it('writes one tar that tar itself lists: the parts, then the manifest with their sizes and digests', async () => {
    const names: string[] = [];
    await list({ file: kit, onReadEntry: (entry) => names.push(entry.path) });
    expect(names).toEqual(['tools/kind-linux-amd64', 'istio/istio-1.30.5-linux-amd64.tar.gz', 'istio/istio-1.30.5-linux-amd64.tar.gz.sha256', 'gateway-api/experimental-install.yaml', MANIFEST_PATH]);
    const { manifest } = await openKit(kit);
    expect(manifest).toMatchObject({ format: 'meshdeck-kit/v1', platform: 'linux/amd64', kindVersion: 'v0.32.0', istioVersion: '1.30.5' });
    const istio = manifest.parts.find((p) => p.name === 'istio-1.30.5-linux-amd64.tar.gz')!;
    const served = await mirror.body('/istio/istio/releases/download/1.30.5/istio-1.30.5-linux-amd64.tar.gz');
    expect(istio).toEqual({ path: 'istio/istio-1.30.5-linux-amd64.tar.gz', kind: 'istio-release', name: istio.name, bytes: served.length, sha256: sha(served) });
    // The checksum file exactly as the release publishes it, and the CRDs with the digest pinned in code.
    const checksum = manifest.parts.find((p) => p.name.endsWith('.sha256'))!;
    expect(checksum.sha256).toBe(sha(await mirror.body('/istio/istio/releases/download/1.30.5/istio-1.30.5-linux-amd64.tar.gz.sha256')));
    expect(manifest.parts.find((p) => p.kind === 'gateway-api-crds')!.sha256).toBe(GATEWAY_API_CRDS_SHA256);
  });

  it('refuses to replace a file unless asked, and reuses the cache for a second export', async () => {
    await expect(exportKit(deps(join(work, 'source-home')), { path: kit }, progress())).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('--force') });
    const again = join(work, 'again.kit');
    await writeFile(again, 'old');
    await exportKit(deps(join(work, 'source-home')), { path: again, overwrite: true }, progress());
    expect(mirror.requests).toEqual([]);
    expect((await verifyKit(again)).manifest.parts).toHaveLength(4);
  });

  it('removes the partial file when the disk fills up, and says how much space the kit needs', async () => {
    const path = join(work, 'full.kit');
    let limit = 200_000;
    const fullDisk = async (file: string): Promise<KitSink> => {
      const handle = await open(file, 'wx');
      return {
        write: async (chunk) => {
          limit -= chunk.length;
          if (limit < 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
          await handle.write(chunk);
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    };
    const error = await exportKit(deps(join(work, 'source-home'), { openSink: fullDisk }), { path }, progress()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DISK_ERROR', message: expect.stringMatching(/needs about [\d.,]+ MB .*filled up after 0\.\d MB; the unfinished file was removed/), details: { errno: 'ENOSPC' } });
    expect((error as { details: { neededBytes: number } }).details.neededBytes).toBeGreaterThan((await stat(kit)).size - 10_000);
    expect((await readdir(work)).filter((name) => name.startsWith('full.kit'))).toEqual([]);
  });

  it('refuses up front when the disk has less space than the kit needs', async () => {
    const path = join(work, 'small.kit');
    await expect(exportKit(deps(join(work, 'source-home'), { freeBytes: () => Promise.resolve(1000) }), { path }, progress())).rejects.toMatchObject({ code: 'DISK_ERROR', message: expect.stringMatching(/needs about [\d.,]+ MB .*, and 0 MB are free/) });
    expect((await readdir(work)).filter((name) => name.startsWith('small.kit'))).toEqual([]);
  });
});

describe('kit verification', () => {
  it('names the part whose one byte changed', async () => {
    const { entries } = await openKit(kit);
    const crds = entries.get('gateway-api/experimental-install.yaml')!;
    const tampered = await copyKit('tampered.kit', (bytes) => void (bytes[crds.offset + 1000]! ^= 0x01));
    await expect(verifyKit(tampered)).rejects.toMatchObject({ code: 'KIT_INVALID', message: expect.stringMatching(/Gateway API CRDs .* at gateway-api\/experimental-install\.yaml whose SHA-256 does not match/), details: { part: 'gateway-api/experimental-install.yaml' } });
  });

  it('names a part the manifest lists but the archive lacks', async () => {
    const { manifest, entries } = await openKit(kit);
    const path = join(work, 'missing.kit');
    const handle = await open(path, 'w');
    const writer = new TarWriter({ write: async (chunk) => void (await handle.write(chunk)), sync: () => handle.sync(), close: () => handle.close() });
    const bytes = readFileSync(kit);
    for (const part of manifest.parts.filter((p) => p.kind !== 'kind')) {
      const entry = entries.get(part.path)!;
      await writer.addBuffer(part.path, bytes.subarray(entry.offset, entry.offset + entry.size));
    }
    await writer.addBuffer(MANIFEST_PATH, Buffer.from(JSON.stringify(manifest)));
    await writer.finish();
    await handle.close();
    await expect(openKit(path)).rejects.toMatchObject({ code: 'KIT_INVALID', message: expect.stringContaining('lacks kind (kind-linux-amd64) at tools/kind-linux-amd64, which its manifest lists'), details: { missing: ['tools/kind-linux-amd64'] } });
  });

  it('says a cut-short kit was cut short, and a file that is no kit is none', async () => {
    const cut = await copyKit('cut.kit');
    await writeFile(cut, (await readFile(kit)).subarray(0, 100_000));
    await expect(openKit(cut)).rejects.toMatchObject({ code: 'KIT_INVALID', message: expect.stringContaining('cut short') });
    const junk = join(work, 'junk.kit');
    await writeFile(junk, Buffer.alloc(4096, 0x41));
    await expect(openKit(junk)).rejects.toMatchObject({ code: 'KIT_INVALID', message: expect.stringContaining('no valid tar header') });
  });
});

describe('kit import', () => {
  it('fills an empty MESHDECK_HOME so that kind and Istio are reused with no network, and twice is fine', async () => {
    const home = join(work, 'offline-home');
    const offlineDeps = deps(home, { mirror: 'http://127.0.0.1:9', toolDeps: { fetch: () => Promise.reject(new Error('no network in this test')) } });
    const before = await offlineMissing({ dataDir: home, platform: 'linux', arch: 'x64', istioVersion: '1.30.5', inventory: () => Promise.resolve([]), hostLacks: () => Promise.resolve([]) });
    expect(before).toEqual(['kind v0.32.0 (tool cache)', 'the Istio 1.30.5 release (tool cache)', 'the Gateway API v1.5.1 CRDs (tool cache)', "the lab's images (listed from the Istio release once it is there)"]);
    const steps: string[] = [];
    const result = await importKit(offlineDeps, { path: kit }, progress(steps));
    expect(result).toMatchObject({ kind: 'kit-import', loadedImages: [] });
    expect(steps.some((s) => /^Verifying the kit \(SHA-256\): [\d.]+ of [\d.]+ MB$/.test(s))).toBe(true);
    const options = { dataDir: home, mirror: 'http://127.0.0.1:9', platform: 'linux' as const, arch: 'x64', offline: true };
    expect(await ensureKind(options)).toBe(cachedKindPath(home, 'linux'));
    expect((await ensureIstio({ ...options, version: '1.30.5' })).samplesDir).toMatch(/istio-1\.30\.5\/samples$/);
    expect(sha(await readFile(cachedGatewayApiCrdsPath(home)))).toBe(GATEWAY_API_CRDS_SHA256);
    expect(await offlineMissing({ dataDir: home, platform: 'linux', arch: 'x64', istioVersion: '1.30.5', inventory: () => Promise.resolve([]), hostLacks: () => Promise.resolve([]) })).toEqual([]);
    await importKit(offlineDeps, { path: kit }, progress());
    expect(mirror.requests).toEqual([]);
  });

  it('loads nothing from a tampered kit', async () => {
    const home = join(work, 'tamper-home');
    const { entries } = await openKit(kit);
    const tampered = await copyKit('tampered-import.kit', (bytes) => void (bytes[entries.get('tools/kind-linux-amd64')!.offset + 10]! ^= 0x20));
    await expect(importKit(deps(home), { path: tampered }, progress())).rejects.toMatchObject({ code: 'KIT_INVALID', details: { part: 'tools/kind-linux-amd64' } });
    expect(await readdir(home).catch(() => [])).toEqual([]);
  });
});

describe('offline downloads', () => {
  it('refuses before any request, naming what is missing and the kit', async () => {
    const dest = join(work, 'crds.yaml');
    await expect(downloadVerified({ url: gatewayApiCrdsUrl(mirror.url), sha256: GATEWAY_API_CRDS_SHA256, fileName: 'experimental-install.yaml', dest, label: 'the Gateway API v1.5.1 CRDs', offline: true })).rejects.toMatchObject({
      code: 'OFFLINE_MISSING',
      message: expect.stringContaining('meshdeck kit import FILE'),
    });
    expect(mirror.requests).toEqual([]);
  });
});
