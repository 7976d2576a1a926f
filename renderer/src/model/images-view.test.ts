import { describe, expect, it } from 'vitest';
import type { ImageInfo, ImagesReportInfo } from '../../../core/contract';
import { defaultKitPath, kitResultView } from './kit-view';
import { displayRef, imageSize, imagesTotals, sortedImages, totalsLine } from './images-view';

const img = (ref: string, over: Partial<ImageInfo> = {}): ImageInfo => ({ ref, source: 'bookinfo', sizeBytes: 100_000_000, host: true, node: true, ...over });
const report = (images: ImageInfo[], over: Partial<ImagesReportInfo> = {}): ImagesReportInfo => ({ lab: 'meshdeck', platform: 'linux/amd64', mirror: null, images, dockerHubPulls: 0, ...over });

describe('images view', () => {
  const images = [img('docker.io/istio/examples-bookinfo-ratings-v1:1.20.3', { node: false }), img('kindest/node:v1.36.1', { source: 'node', node: null }), img('registry.istio.io/release/pilot:1.30.5', { source: 'istio', host: false, sizeBytes: null, node: false })];

  it('puts the node image first, then Istio, then Bookinfo', () => {
    expect(sortedImages(images).map((image) => image.source)).toEqual(['node', 'istio', 'bookinfo']);
    expect(imageSize(images[2]!)).toBe('not pulled');
    expect(imageSize(images[0]!)).toBe('100 MB');
  });

  it('cuts a pinned digest short for the table', () => {
    expect(displayRef(`kindest/node:v1.36.1@sha256:${'6560402a94f8'}${'0'.repeat(52)}`)).toBe('kindest/node:v1.36.1@sha256:6560402a94f8…');
    expect(displayRef('registry.istio.io/release/pilot:1.30.5')).toBe('registry.istio.io/release/pilot:1.30.5');
  });

  it('totals host and node presence (the node image does not count for the node) and Hub pulls', () => {
    const totals = imagesTotals(report(images, { dockerHubPulls: 1 }));
    expect(totals).toEqual({ count: 3, onHost: 2, inNode: 0, nodeNeeds: 2, hostBytes: 200_000_000, hubPulls: 1 });
    expect(totalsLine(totals)).toBe("2 of 3 on this computer (200 MB) · 0 of 2 in the lab's node · 1 Docker Hub pull left to make");
    const noNode = imagesTotals(report(images.map((image) => ({ ...image, node: null })), { lab: null }));
    expect(totalsLine(noNode)).toContain('no lab node to ask yet');
  });
});

describe('kit view', () => {
  it('defaults the export into the Downloads folder the core names', () => {
    expect(defaultKitPath({ downloadsDir: '/home/u/Downloads/', platform: 'linux' })).toBe('/home/u/Downloads/istio-workshop.kit');
    expect(defaultKitPath({ downloadsDir: 'C:\\Users\\u\\Downloads', platform: 'win32' })).toBe('C:\\Users\\u\\Downloads\\istio-workshop.kit');
    expect(defaultKitPath(null)).toBe('');
  });

  it('sums the parts and lists what an import loaded', () => {
    const parts = [
      { path: 'tools/kind-linux-amd64', kind: 'kind' as const, name: 'kind-linux-amd64', bytes: 10_000_000, sha256: 'a' },
      { path: 'images/0001.tar', kind: 'image' as const, name: 'registry.istio.io/release/pilot:1.30.5', bytes: 90_000_000, sha256: 'b' },
    ];
    const manifest = { format: 'meshdeck-kit/v1' as const, createdAt: '', meshdeckVersion: '0.6.0', platform: 'linux/amd64', kindVersion: 'v0.31.0', istioVersion: '1.30.5', parts };
    expect(kitResultView({ kind: 'kit-import', path: '/k.kit', manifest, loadedImages: ['registry.istio.io/release/pilot:1.30.5'] })).toEqual({
      path: '/k.kit',
      size: '100 MB',
      parts: '2 parts: 1 image, 1 tool or release file',
      versions: 'Istio 1.30.5 · kind v0.31.0 · linux/amd64',
      loadedImages: ['registry.istio.io/release/pilot:1.30.5'],
    });
  });
});
