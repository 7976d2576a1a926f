// Integration: the doctor against the real Docker engine of this machine (CI starts dockerd).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, statfs, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasDocker } from '../../test/support/requirements';
import { contextDirName, KIND_CLUSTER_LABEL, KIND_ROLE_LABEL } from '../docker';
import { createDoctorDeps } from './create-doctor-deps';
import { measureDockerStorage } from './docker-storage';
import { runDoctor } from './run-doctor';

const docker = new Docker();
const run = `${process.pid}-${Date.now()}`;
const image = `meshdeck-test/empty:${run}`;
const cluster = `doctor-test-${run}`;
let containerId: string | undefined;
let dir: string;
const dockerReady = await hasDocker();

/** An image with a single empty file, made locally: there is no registry to pull from. */
async function importEmptyImage(): Promise<void> {
  await writeFile(join(dir, 'empty'), '');
  const tar = spawn('tar', ['-c', '-C', dir, 'empty']);
  await new Promise<void>((resolve, reject) => {
    void docker.importImage(tar.stdout as unknown as string, { repo: image.split(':')[0], tag: run }, (error, stream) => {
      if (error || !stream) return reject(error);
      stream.on('end', resolve).on('error', reject).resume();
    });
  });
}

describe.runIf(dockerReady)('doctor with the real Docker engine', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-doctor-docker-'));
    await importEmptyImage();
    const container = await docker.createContainer({
      Image: image,
      Cmd: ['/empty'],
      name: `${cluster}-control-plane`,
      Labels: { [KIND_CLUSTER_LABEL]: cluster, [KIND_ROLE_LABEL]: 'control-plane' },
    });
    containerId = container.id;
  });

  afterAll(async () => {
    if (containerId) await docker.getContainer(containerId).remove({ force: true });
    await docker.getImage(image).remove({ force: true }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the engine version, CPUs and memory that Docker itself reports', async () => {
    const [info, version] = await Promise.all([docker.info(), docker.version()]);
    const report = await runDoctor(createDoctorDeps({ ...process.env, MESHDECK_HOME: dir }), new AbortController().signal);
    const engine = report.findings.find((f) => f.id === 'docker-engine')!;
    expect(engine.status).toBe('ok');
    expect(engine.summary).toContain(version.Version);
    const resources = report.findings.find((f) => f.id === 'docker-resources')!;
    expect(resources.facts).toEqual({ cpus: info.NCPU, memoryBytes: info.MemTotal });
    expect(resources.status).toBe(info.MemTotal < 6 * 1024 ** 3 || info.NCPU < 2 ? 'warn' : 'ok');
  });

  it("reaches the engine of the docker context kind would use, not DOCKER_HOST's default", async () => {
    // A context whose endpoint is a symlink to this machine's engine socket, selected in config.json.
    const home = join(dir, 'home');
    const socket = join(dir, 'engine.sock');
    await symlink('/var/run/docker.sock', socket);
    const meta = join(home, '.docker', 'contexts', 'meta', contextDirName('lab-engine'));
    await mkdir(meta, { recursive: true });
    await writeFile(join(meta, 'meta.json'), JSON.stringify({ Name: 'lab-engine', Metadata: {}, Endpoints: { docker: { Host: `unix://${socket}`, SkipTLSVerify: false } } }));
    await writeFile(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'lab-engine' }));
    const { DOCKER_HOST: _ignored, ...env } = process.env;
    const report = await runDoctor(createDoctorDeps({ ...env, HOME: home, MESHDECK_HOME: dir }), new AbortController().signal);
    const engine = report.findings.find((f) => f.id === 'docker-engine')!;
    expect(engine.status).toBe('ok');
    expect(engine.facts?.endpoint).toBe(`unix://${socket} (docker context "lab-engine")`);
  });

  it('finds kind node containers by their label', async () => {
    const report = await runDoctor(createDoctorDeps({ ...process.env, MESHDECK_HOME: dir }), new AbortController().signal);
    const clusters = report.findings.find((f) => f.id === 'kind-clusters')!;
    expect(clusters.status).toBe('ok');
    expect(clusters.summary).toContain(`${cluster} (1 node, stopped)`);
  });
});

describe.runIf(dockerReady)('docker storage with the real engine', () => {
  it('measures the free space of DockerRootDir as statfs sees it', async () => {
    const info = (await docker.info()) as { DockerRootDir: string };
    const storage = await measureDockerStorage(createDoctorDeps(process.env).docker);
    const stats = await statfs(info.DockerRootDir);
    expect(storage).toMatchObject({ measured: true, rootDir: info.DockerRootDir });
    // The same filesystem: within what other writers on this machine change between the two reads.
    if (storage.measured) expect(Math.abs(storage.freeBytes - stats.bavail * stats.bsize)).toBeLessThan(1_000_000_000);
  });

  it('refuses to measure an engine on another host (its Name is not this hostname)', async () => {
    const storage = await measureDockerStorage(createDoctorDeps(process.env).docker, 'some-other-host');
    expect(storage).toMatchObject({ measured: false, reason: expect.stringContaining('its own VM or host') });
  });
});
