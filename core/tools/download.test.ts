// The downloader against the test world's release mirror (and, for a server that ignores
// Range, a tiny one of its own): resume, restart, retries, 404, corruption.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMirror, type Mirror } from '../../test/world/mirror/index';
import { downloadVerified, type DownloadRequest } from './download';
import type { ToolProgressEvent } from './progress';
import { istioAsset, kindAsset } from './releases';

let mirror: Mirror;
let dir: string;
const kind = kindAsset('linux', 'amd64', '')!;
const istio = istioAsset('1.30.5', 'linux', 'amd64', '')!;
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

beforeAll(async () => {
  mirror = await startMirror();
});
afterAll(async () => {
  await mirror.stop();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-download-'));
  mirror.knobs.reset();
  mirror.requests.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function request(asset: typeof kind, overrides: Partial<DownloadRequest> = {}): DownloadRequest {
  return {
    url: mirror.url + asset.url,
    checksumUrl: mirror.url + asset.checksumUrl,
    checksumFormat: asset.checksumFormat,
    fileName: asset.fileName,
    dest: join(dir, asset.fileName),
    label: asset.fileName,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  };
}

const gets = (path: string) => mirror.requests.filter((r) => r.method === 'GET' && r.path === path);

describe('downloadVerified', () => {
  it('downloads, verifies and renames into place, reporting download and verify progress', async () => {
    const events: ToolProgressEvent[] = [];
    const result = await downloadVerified(request(istio, { onProgress: (event) => events.push(event) }));
    const body = await mirror.body(istio.url);
    expect(result).toMatchObject({ sha256: sha(body), bytes: body.length, resumedFrom: 0 });
    expect((await readFile(result.path)).equals(body)).toBe(true);
    expect(await readdir(dir)).toEqual([istio.fileName]);
    expect(events[0]).toEqual({ phase: 'download', file: istio.fileName, bytesDone: 0, bytesTotal: body.length });
    expect(events).toContainEqual({ phase: 'download', file: istio.fileName, bytesDone: body.length, bytesTotal: body.length });
    expect(events.at(-1)).toEqual({ phase: 'verify', file: istio.fileName, bytesDone: body.length, bytesTotal: body.length });
  });

  it('resumes a cut connection with a Range request from the bytes on disk', async () => {
    // Cut halfway: the archive is the upstream release's size or, without the reference files, a few kB.
    const body = await mirror.body(istio.url);
    const cut = Math.floor(body.length / 2);
    mirror.knobs.cutAfter(istio.fileName, cut, 1);
    const result = await downloadVerified(request(istio));
    const [first, second] = gets(istio.url);
    expect(gets(istio.url)).toHaveLength(2);
    expect(first).toMatchObject({ range: undefined, status: 200 });
    expect(second).toMatchObject({ range: `bytes=${result.resumedFrom}-`, status: 206 });
    expect(result.resumedFrom).toBeGreaterThan(0);
    expect(result.resumedFrom).toBeLessThanOrEqual(cut);
    expect(sha(await readFile(result.path))).toBe(sha(body));
  });

  it('starts clean when the part on disk is longer than the file (416)', async () => {
    await writeFile(join(dir, `${kind.fileName}.part`), Buffer.alloc(5000, 1));
    const result = await downloadVerified(request(kind));
    expect(gets(kind.url).map((r) => r.status)).toEqual([416, 200]);
    expect((await readFile(result.path)).equals(await mirror.body(kind.url))).toBe(true);
  });

  it('refuses a corrupted file with CHECKSUM_MISMATCH and leaves nothing behind', async () => {
    mirror.knobs.corrupt(kind.fileName);
    const error = await downloadVerified(request(kind)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH', message: expect.stringContaining('MESHDECK_MIRROR') });
    expect(await readdir(dir)).toEqual([]);
  });

  it('says which file is missing on a 404 and does not retry it', async () => {
    mirror.knobs.notFound(kind.fileName);
    await expect(downloadVerified(request(kind, { label: 'kind v0.32.0' }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/^kind v0\.32\.0 has no file at http:\/\/127\.0\.0\.1:\d+\/kubernetes-sigs\/.*kind-linux-amd64 \(HTTP 404\)\. Check MESHDECK_MIRROR/),
    });
    expect(gets(kind.url)).toHaveLength(1);
  });

  it('gives up after the bounded retries when the mirror cannot be reached', async () => {
    const sleeps: number[] = [];
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const offline = request(kind, {
      url: `http://127.0.0.1:${port}${kind.url}`,
      checksumUrl: `http://127.0.0.1:${port}${kind.checksumUrl}`,
      retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 1000 },
      deps: { sleep: async (ms) => void sleeps.push(ms) },
    });
    await expect(downloadVerified(offline)).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED', message: expect.stringMatching(/after 4 tries \(ECONNREFUSED\)/) });
    expect(sleeps).toEqual([1, 2, 4]);
  });

  it('restarts from byte 0 when a server answers a Range request with the whole file (200)', async () => {
    const body = await mirror.body(kind.url);
    const ranges: Array<string | undefined> = [];
    const server: Server = createServer((req, res) => {
      if (req.url?.endsWith('.sha256sum')) return void res.end(`${sha(body)}  ${kind.fileName}\n`);
      ranges.push(req.headers.range);
      res.writeHead(200, { 'Content-Length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await writeFile(join(dir, `${kind.fileName}.part`), body.subarray(0, 100));
      const result = await downloadVerified(request(kind, { url: base + kind.url, checksumUrl: base + kind.checksumUrl }));
      expect(ranges).toEqual(['bytes=100-']);
      expect((await readFile(result.path)).equals(body)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
