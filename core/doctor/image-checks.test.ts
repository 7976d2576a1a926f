import { describe, expect, it } from 'vitest';
import type { ImageInfo, ImagesReportInfo } from '../contract';
import { createDoctorDeps } from './create-doctor-deps';
import { DISK_FLOOR_BYTES, ESTIMATED_IMAGE_BYTES, ESTIMATED_NODE_IMAGE_BYTES, checkDockerHub, checkImageDisk, imageBytesNeeded } from './image-checks';
import { runDoctor } from './run-doctor';

const GB = 1_000_000_000;
const image = (ref: string, over: Partial<ImageInfo> = {}): ImageInfo => ({ ref, source: 'bookinfo', sizeBytes: 200_000_000, host: true, node: true, ...over });
const report = (images: ImageInfo[], over: Partial<ImagesReportInfo> = {}): ImagesReportInfo => ({ lab: 'meshdeck', platform: 'linux/amd64', mirror: null, images, dockerHubPulls: 0, ...over });
const storage = (freeBytes: number) => ({ measured: true as const, rootDir: '/var/lib/docker', freeBytes });

describe('image bytes needed', () => {
  it('counts a host pull and a node copy for each image missing in both, and estimates unknown sizes', () => {
    const need = imageBytesNeeded([
      image('docker.io/istio/examples-bookinfo-reviews-v1:1.20.3', { host: false, node: false, sizeBytes: null }),
      image('registry.istio.io/release/pilot:1.30.5', { source: 'istio', host: true, node: false }),
      image('kindest/node:v1.36.1', { source: 'node', host: false, node: null, sizeBytes: null }),
      image('docker.io/curlimages/curl:8.16.0', { source: 'curl' }),
    ]);
    expect(need).toEqual({ bytes: 2 * ESTIMATED_IMAGE_BYTES + 200_000_000 + ESTIMATED_NODE_IMAGE_BYTES, estimated: 2, pulls: 2, loads: 2 });
  });
});

describe('image-disk finding', () => {
  const missing = report([image('docker.io/istio/proxyv2:1.30.5', { host: false, node: false, sizeBytes: 1 * GB })]);

  it('is ok with room for the images and the floor, and names the free space and the need', () => {
    const finding = checkImageDisk(storage(10 * GB), { ok: true, report: missing });
    expect(finding).toMatchObject({ status: 'ok', summary: '10.0 GB free in /var/lib/docker; the lab\'s images need about 2.00 GB more (1 to pull, 1 to load into the node).' });
  });

  it('warns below the need plus the floor, with how much to free and the commands', () => {
    const finding = checkImageDisk(storage(3 * GB), { ok: true, report: missing });
    expect(finding.status).toBe('warn');
    expect(finding.summary).toContain('need about 2.00 GB more');
    expect(finding.advice).toMatch(/^Free at least 1\.00 GB: `docker system df`.*`docker image prune`/);
  });

  it('fails below the hard floor even when the image list is unknown', () => {
    const finding = checkImageDisk(storage(DISK_FLOOR_BYTES - 1), { ok: false, reason: 'no lab' });
    expect(finding).toMatchObject({ status: 'fail', advice: expect.stringContaining('docker image prune') });
  });

  it('is ok when nothing is left to pull or load', () => {
    expect(checkImageDisk(storage(3 * GB), { ok: true, report: report([image('a')]) })).toMatchObject({ status: 'ok', summary: expect.stringContaining('already there') });
  });

  it('says when the engine keeps its disk elsewhere, with the need it could not compare', () => {
    const finding = checkImageDisk({ measured: false, reason: 'the engine (Docker Desktop) keeps /var/lib/docker in its own VM or host' }, { ok: true, report: missing });
    expect(finding).toMatchObject({ status: 'skipped', advice: expect.stringContaining('docker system df') });
    expect(finding.summary).toBe('Free space cannot be measured from here: the engine (Docker Desktop) keeps /var/lib/docker in its own VM or host. The lab\'s images need about 2.00 GB more.');
  });
});

describe('docker-hub finding', () => {
  it('warns above 10 Hub pulls, saying how many laptops one address serves, and suggests a kit or a mirror', () => {
    const finding = checkDockerHub({ ok: true, report: report([], { dockerHubPulls: 14 }) });
    expect(finding.status).toBe('warn');
    expect(finding.summary).toBe('14 images would be pulled from Docker Hub; a classroom behind one address shares 100 anonymous pulls per 6 hours, enough for 7 laptops.');
    expect(finding.advice).toContain('`meshdeck kit import FILE`');
    expect(finding.advice).toContain('MESHDECK_IMAGE_MIRROR');
  });

  it('is ok at 10 or fewer, and says when a mirror serves them all', () => {
    expect(checkDockerHub({ ok: true, report: report([], { dockerHubPulls: 10 }) }).status).toBe('ok');
    expect(checkDockerHub({ ok: true, report: report([], { mirror: '127.0.0.1:5000' }) })).toMatchObject({ status: 'ok', summary: expect.stringContaining('127.0.0.1:5000') });
    expect(checkDockerHub({ ok: false, reason: 'x' }).status).toBe('skipped');
  });
});

describe('the doctor with its image deps injected', () => {
  it('runs both image findings from the lab report and the storage, and carries a failed list as skipped', async () => {
    const base = { PATH: '', DOCKER_HOST: 'unix:///nonexistent/meshdeck/docker.sock' };
    const deps = createDoctorDeps(base, { platform: 'linux', readTextFile: async () => '1048576\n', mirror: 'http://127.0.0.1:1', dockerStorage: async () => storage(50 * GB), labImages: async () => report([], { dockerHubPulls: 20 }) });
    const done = await runDoctor(deps, new AbortController().signal);
    expect(done.findings.find((f) => f.id === 'docker-hub')).toMatchObject({ status: 'warn' });
    expect(done.findings.find((f) => f.id === 'image-disk')).toMatchObject({ status: 'ok' });
    const failing = await runDoctor({ ...deps, labImages: async () => Promise.reject(new Error('istioctl is not downloaded yet')) }, new AbortController().signal);
    expect(failing.findings.find((f) => f.id === 'docker-hub')).toMatchObject({ status: 'skipped', summary: expect.stringContaining('istioctl is not downloaded yet') });
  });
});
