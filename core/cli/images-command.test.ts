// The `meshdeck images` table and its closing lines.
import { describe, expect, it } from 'vitest';
import type { ImagesReportInfo } from '../contract';
import { formatImages } from './images-command';

const report = (over: Partial<ImagesReportInfo>): ImagesReportInfo => ({
  lab: 'meshdeck',
  platform: 'linux/amd64',
  mirror: null,
  images: [
    { ref: 'kindest/node:v1.36.1', source: 'node', sizeBytes: 1_050_000_000, host: true, node: true },
    { ref: 'registry.istio.io/release/pilot:1.30.5', source: 'istio', sizeBytes: 75_400_000, host: true, node: false },
    { ref: 'docker.io/curlimages/curl:8.16.0', source: 'curl', sizeBytes: null, host: false, node: false },
  ],
  dockerHubPulls: 1,
  ...over,
});

describe('formatImages', () => {
  it('shows IMAGE, SOURCE, SIZE, HOST, NODE and what up would pull', () => {
    const text = formatImages(report({}));
    expect(text.split('\n')[0]).toMatch(/^IMAGE\s+SOURCE\s+SIZE\s+HOST\s+NODE$/);
    expect(text).toMatch(/kindest\/node:v1\.36\.1\s+node\s+1\.1 GB\s+yes\s+yes/);
    expect(text).toMatch(/pilot:1\.30\.5\s+istio\s+75 MB\s+yes\s+no/);
    expect(text).toMatch(/curl:8\.16\.0\s+curl\s+-\s+no\s+no/);
    expect(text).toContain('The host lacks 1 of 3 images (1 from Docker Hub');
    expect(text).toContain('meshdeck kit import FILE');
  });

  it('says when no node can be asked and when nothing is to pull', () => {
    const text = formatImages(report({ lab: null, mirror: '127.0.0.1:5000', dockerHubPulls: 0, images: [{ ref: 'busybox', source: 'curl', sizeBytes: 4_000_000, host: true, node: null }] }));
    expect(text).toMatch(/busybox\s+curl\s+4 MB\s+yes\s+-/);
    expect(text).toContain('No kind node to ask');
    expect(text).toContain('through the mirror 127.0.0.1:5000');
    expect(text).toContain('needs no pull');
  });
});
