// The release mirror through a real HTTP client: layout and checksum formats, the archive's
// contents, byte ranges (resume), and each fault knob.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMirror, type Mirror } from './index.js';
import { parseRange } from './byte-range.js';

const kindPath = '/kubernetes-sigs/kind/releases/download/v0.32.0/kind-linux-amd64';
const istioPath = '/istio/istio/releases/download/1.30.5/istio-1.30.5-linux-amd64.tar.gz';
let mirror: Mirror;

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(mirror.url + path, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
};

/** Names of the entries of a tar (ustar headers), enough to check the archive's layout. */
function tarEntries(tar: Buffer): Array<{ name: string; mode: number }> {
  const entries: Array<{ name: string; mode: number }> = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number): string => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    entries.push({ name, mode: parseInt(field(100, 8).trim() || '0', 8) });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

beforeAll(async () => {
  mirror = await startMirror();
});
afterAll(async () => {
  await mirror.stop();
});

describe('release mirror', () => {
  it('serves kind binaries with a .sha256sum (two spaces) that matches', async () => {
    const { res, body } = await get(kindPath);
    expect(res.status).toBe(200);
    expect(body.toString()).toMatch(/^#!\/usr\/bin\/env bash/);
    const sum = await get(`${kindPath}.sha256sum`);
    expect(sum.body.toString()).toBe(`${sha(body)}  kind-linux-amd64\n`);
    for (const asset of ['kind-darwin-arm64', 'kind-windows-amd64']) {
      expect((await get(`/kubernetes-sigs/kind/releases/download/v0.32.0/${asset}`)).res.status).toBe(200);
    }
  });

  it('serves Istio archives with a .sha256 (one space) and the release layout', async () => {
    const { res, body } = await get(istioPath);
    expect(res.status).toBe(200);
    expect((await get(`${istioPath}.sha256`)).body.toString()).toBe(`${sha(body)} istio-1.30.5-linux-amd64.tar.gz\n`);
    const entries = tarEntries(gunzipSync(body));
    const names = entries.map((e) => e.name);
    expect(names.every((n) => n.startsWith('istio-1.30.5/'))).toBe(true);
    for (const file of ['bin/istioctl', 'samples/bookinfo/platform/kube/bookinfo.yaml', 'samples/bookinfo/networking/virtual-service-reviews-80-20.yaml', 'samples/addons/kiali.yaml', 'manifests/profiles/demo.yaml']) {
      expect(names).toContain(`istio-1.30.5/${file}`);
    }
    expect(entries.find((e) => e.name === 'istio-1.30.5/bin/istioctl')!.mode & 0o111).toBeTruthy();
    const other = await get('/istio/istio/releases/download/1.31.1/istio-1.31.1-osx-arm64.tar.gz');
    expect(gunzipSync(other.body).toString('latin1')).toContain("MESHDECK_WORLD_ISTIO_VERSION='1.31.1'");
  });

  it('answers byte ranges with 206 and Content-Range, and 416 past the end', async () => {
    const full = await mirror.body(istioPath);
    const part = await get(istioPath, { Range: 'bytes=100-' });
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe(`bytes 100-${full.length - 1}/${full.length}`);
    expect(part.body.equals(full.subarray(100))).toBe(true);
    const past = await get(istioPath, { Range: `bytes=${full.length}-` });
    expect(past.res.status).toBe(416);
    expect(past.res.headers.get('content-range')).toBe(`bytes */${full.length}`);
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
  });

  it('cuts a connection mid-file once, and a resumed range completes the file', async () => {
    const full = await mirror.body(istioPath);
    mirror.knobs.cutAfter('istio-1.30.5-linux-amd64.tar.gz', 4096);
    const res = await fetch(mirror.url + istioPath);
    const chunks: Buffer[] = [];
    await expect(
      (async () => {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
      })(),
    ).rejects.toThrow();
    const head = Buffer.concat(chunks);
    expect(head.length).toBeGreaterThan(0);
    expect(head.length).toBeLessThan(full.length);
    const rest = await get(istioPath, { Range: `bytes=${head.length}-` });
    expect(rest.res.status).toBe(206);
    expect(sha(Buffer.concat([head, rest.body]))).toBe(sha(full));
  });

  it('corrupts a file so its checksum no longer matches, and 404s on demand', async () => {
    mirror.knobs.corrupt('kind-linux-arm64');
    const path = '/kubernetes-sigs/kind/releases/download/v0.32.0/kind-linux-arm64';
    const { body } = await get(path);
    const sum = (await get(`${path}.sha256sum`)).body.toString().split('  ')[0];
    expect(sha(body)).not.toBe(sum);
    mirror.knobs.notFound('kind-darwin-amd64');
    expect((await get('/kubernetes-sigs/kind/releases/download/v0.32.0/kind-darwin-amd64')).res.status).toBe(404);
    expect((await get('/no/such/file')).res.status).toBe(404);
    mirror.knobs.reset();
    expect(sha((await get(path)).body)).toBe(sum);
  });

  it('throttles a slow link', async () => {
    mirror.knobs.slow(1_000);
    const started = performance.now();
    const { body } = await get(kindPath);
    const ms = performance.now() - started;
    mirror.knobs.slow(undefined);
    expect(body.length).toBeGreaterThan(200);
    expect(ms).toBeGreaterThanOrEqual(Math.floor(body.length / 1_000) * 1000 - 100);
  });
});
