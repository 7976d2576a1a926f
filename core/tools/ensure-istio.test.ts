// ensureIstio against the test world's release mirror, each test with its own MESHDECK_HOME.
import { appendFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMirror, type Mirror } from '../../test/world/mirror/index';
import { exec } from '../exec';
import { ensureIstio, type EnsureIstioOptions } from './ensure-istio';
import type { ToolPhase } from './progress';
import { istioAsset } from './releases';
import { cachedIstioctlPath, istioVersionDir } from './tool-paths';

let mirror: Mirror;
let home: string;
const asset = istioAsset('1.30.5', 'linux', 'amd64', '')!;
const archiveGets = () => mirror.requests.filter((r) => r.method === 'GET' && r.path === asset.url);

beforeAll(async () => {
  mirror = await startMirror();
});
afterAll(async () => {
  await mirror.stop();
});
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'meshdeck-home-'));
  mirror.knobs.reset();
  mirror.requests.length = 0;
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function options(overrides: Partial<EnsureIstioOptions> = {}): EnsureIstioOptions {
  return { dataDir: home, mirror: mirror.url, platform: 'linux', arch: 'x64', retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...overrides };
}

describe('ensureIstio', () => {
  it('downloads, verifies and unpacks the release: istioctl, samples and manifests of the same version', async () => {
    const phases = new Set<ToolPhase>();
    const release = await ensureIstio(options({ onProgress: (event) => phases.add(event.phase) }));
    const root = join(home, 'tools', 'istio', '1.30.5', 'istio-1.30.5');
    expect(release).toEqual({
      version: '1.30.5',
      root,
      istioctl: join(root, 'bin', 'istioctl'),
      samplesDir: join(root, 'samples'),
      manifestsDir: join(root, 'manifests'),
    });
    expect(release.istioctl).toBe(cachedIstioctlPath(home, '1.30.5', 'linux'));
    expect([...phases]).toEqual(['download', 'verify', 'extract']);
    expect((await stat(join(release.samplesDir, 'bookinfo', 'platform', 'kube', 'bookinfo.yaml'))).isFile()).toBe(true);
    expect((await stat(release.manifestsDir)).isDirectory()).toBe(true);
    // The temp folder is gone; the release, its record, and the archive with its checksum file stay
    // (a kit carries the archive as downloaded, and a damaged release is unpacked again without the network).
    expect(await readdir(istioVersionDir(home, '1.30.5'))).toEqual(['istio-1.30.5', 'istio-1.30.5-linux-amd64.tar.gz', 'istio-1.30.5-linux-amd64.tar.gz.sha256', 'meshdeck-verified.json']);
    expect((await exec(release.istioctl, ['version', '--remote=false'])).stdout).toBe('client version: 1.30.5\n');

    await ensureIstio(options());
    expect(archiveGets()).toHaveLength(1);
  });

  it('gets another known version side by side, and refuses an unknown one', async () => {
    const release = await ensureIstio(options({ version: '1.31.1' }));
    expect(release.root).toBe(join(home, 'tools', 'istio', '1.31.1', 'istio-1.31.1'));
    await expect(ensureIstio(options({ version: '1.2.3' }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('1.30.5, 1.31.1') });
  });

  it('resumes a cut archive download', async () => {
    // Cut halfway: the archive is the upstream release's size or, without the reference files, a few kB.
    mirror.knobs.cutAfter(asset.fileName, Math.floor((await mirror.body(asset.url)).length / 2), 1);
    await ensureIstio(options());
    expect(archiveGets().map((r) => [r.status, r.range])).toEqual([[200, undefined], [206, expect.stringMatching(/^bytes=[1-9]\d*-$/)]]);
  });

  it('refuses a corrupted archive and leaves nothing in the cache', async () => {
    mirror.knobs.corrupt(asset.fileName);
    await expect(ensureIstio(options())).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(await readdir(istioVersionDir(home, '1.30.5'))).toEqual([]);
  });

  it('detects a tampered istioctl and replaces the release', async () => {
    const release = await ensureIstio(options());
    await appendFile(release.istioctl, '\n# changed\n');
    const log: string[] = [];
    await ensureIstio(options({ log: (line) => log.push(line) }));
    expect(log).toEqual([expect.stringContaining('no longer matches the SHA-256 recorded')]);
    // Unpacked again from the kept archive (checked against its checksum file): no second download.
    expect(archiveGets()).toHaveLength(1);
    expect((await exec(release.istioctl, ['version', '--remote=false'])).stdout).toBe('client version: 1.30.5\n');
  });

  it('uses a user-chosen istioctl of the right version, and refuses another version before downloading', async () => {
    const fake = join(home, 'istioctl');
    await writeFile(fake, '#!/bin/sh\necho "client version: 1.30.5"\n', { mode: 0o755 });
    const release = await ensureIstio(options({ istioctlPath: fake }));
    expect(release.istioctl).toBe(fake);
    expect((await stat(release.samplesDir)).isDirectory()).toBe(true);

    mirror.requests.length = 0;
    await writeFile(fake, '#!/bin/sh\necho "client version: 1.29.0"\n', { mode: 0o755 });
    await expect(ensureIstio(options({ version: '1.31.1', istioctlPath: fake }))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('is istioctl 1.29.0, but MeshDeck needs 1.31.1'),
    });
    expect(mirror.requests).toHaveLength(0);
  });
});
