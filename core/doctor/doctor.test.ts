import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReportInfo } from '../contract';
import { KIND_VERSION, cachedKindPath } from '../tools';
import { createDoctorDeps } from './create-doctor-deps';
import type { DoctorDeps } from './doctor-deps';
import { runDoctor } from './run-doctor';

let dir: string;
let mirror: Server;
let mirrorUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-doctor-'));
  // A release mirror that has kind's checksum file and nothing else.
  mirror = createHttpServer((request, response) => {
    response.writeHead(request.url?.endsWith('.sha256sum') ? 200 : 404).end();
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => mirror.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function deps(overrides: Partial<DoctorDeps> = {}, env: NodeJS.ProcessEnv = {}): DoctorDeps {
  return createDoctorDeps(
    { PATH: '', MESHDECK_HOME: dir, DOCKER_HOST: 'unix:///nonexistent/meshdeck/docker.sock', ...env },
    {
      platform: 'linux',
      arch: 'x64',
      mirror: mirrorUrl,
      readTextFile: async () => '1048576\n',
      ...overrides,
    },
  );
}

const run = (d: DoctorDeps) => runDoctor(d, new AbortController().signal);
const finding = (report: DoctorReportInfo, id: string) => report.findings.find((f) => f.id === id)!;

describe('doctor without a Docker engine', () => {
  it('fails docker-engine with DOCKER_NOT_RUNNING and advice, and skips what depends on it', async () => {
    const report = await run(deps());
    expect(finding(report, 'docker-engine')).toMatchObject({
      status: 'fail',
      code: 'DOCKER_NOT_RUNNING',
      summary: expect.stringContaining('unix:///nonexistent/meshdeck/docker.sock'),
      advice: expect.stringContaining('DOCKER_HOST'),
    });
    expect(finding(report, 'docker-resources').status).toBe('skipped');
    expect(finding(report, 'kind-clusters').status).toBe('skipped');
    expect(report.overall).toBe('fail');
    expect(report.findings.map((f) => f.id)).toEqual(['docker-engine', 'docker-resources', 'inotify', 'host-ports', 'kind-clusters', 'kind', 'istioctl', 'image-disk', 'docker-hub']);
  });

  it("checks the docker context kind would use, and fails with advice when that context does not exist", async () => {
    const home = join(dir, 'context-home');
    await mkdir(join(home, '.docker'), { recursive: true });
    await writeFile(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'colima' }));
    const report = await run(deps({}, { DOCKER_HOST: '', HOME: home }));
    expect(finding(report, 'docker-engine')).toMatchObject({ status: 'fail', code: 'DOCKER_NOT_RUNNING', advice: expect.stringContaining('The docker context "colima" (from currentContext in') });
    expect(finding(report, 'docker-resources').status).toBe('skipped');
  });

  it('says the same for a TCP DOCKER_HOST where nothing listens', async () => {
    const report = await run(deps({}, { DOCKER_HOST: 'tcp://127.0.0.1:1' }));
    expect(finding(report, 'docker-engine')).toMatchObject({ status: 'fail', code: 'DOCKER_NOT_RUNNING' });
  });
});

describe('doctor checks', () => {
  it('warns about low inotify limits with the exact sysctl command', async () => {
    const low = await run(deps({ readTextFile: async (path) => (path.endsWith('max_user_watches') ? '8192' : '128') }));
    expect(finding(low, 'inotify')).toMatchObject({
      status: 'warn',
      advice: 'Raise them: `sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512`',
    });
    expect(finding(await run(deps()), 'inotify').status).toBe('ok');
    expect(finding(await run(deps({ platform: 'darwin' })), 'inotify').status).toBe('skipped');
  });

  it('finds a busy gateway port and suggests the next free one', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as AddressInfo).port;
    try {
      const report = await run(deps({ ports: [busy] }));
      const ports = finding(report, 'host-ports');
      expect(ports).toMatchObject({ status: 'warn', code: 'PORT_IN_USE' });
      expect(ports.summary).toContain(String(busy));
      expect(ports.advice).toMatch(new RegExp(`${busy} → \\d+`));
    } finally {
      blocker.close();
    }
    const free = await run(deps({ ports: [busy] }));
    expect(finding(free, 'host-ports').status).toBe('ok');
  });

  it('reports tools found on disk with their version', async () => {
    const kind = join(dir, 'kind');
    await writeFile(kind, `#!/bin/sh\necho "kind ${KIND_VERSION} go1.25.1 linux/amd64"\n`);
    await chmod(kind, 0o755);
    const report = await run(deps({}, { PATH: dir }));
    expect(finding(report, 'kind')).toMatchObject({ status: 'ok', summary: `kind ${KIND_VERSION} at ${kind}.` });
  });

  it('finds kind where the managed tools cache it', async () => {
    const home = await mkdtemp(join(tmpdir(), 'meshdeck-doctor-home-'));
    try {
      const kind = cachedKindPath(home, 'linux');
      await mkdir(dirname(kind), { recursive: true });
      await writeFile(kind, `#!/bin/sh\necho "kind ${KIND_VERSION} go1.25.1 linux/amd64"\n`, { mode: 0o755 });
      const report = await run(deps({}, { MESHDECK_HOME: home }));
      expect(finding(report, 'kind')).toMatchObject({ status: 'ok', summary: `kind ${KIND_VERSION} at ${kind}.` });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('says a missing tool will be downloaded when the mirror has it, and how to proceed when not', async () => {
    const report = await run(deps());
    expect(finding(report, 'kind')).toMatchObject({ status: 'ok', summary: expect.stringContaining('will be downloaded') });
    expect(finding(report, 'istioctl')).toMatchObject({ status: 'warn', advice: expect.stringContaining('MESHDECK_MIRROR') });
    const offline = await run(deps({ mirror: 'http://127.0.0.1:1' }));
    expect(finding(offline, 'kind')).toMatchObject({ status: 'warn', advice: expect.stringContaining('put it on PATH') });
  });

  it('refuses platforms without a kind build', async () => {
    const report = await run(deps({ arch: 'ia32' }));
    expect(finding(report, 'kind')).toMatchObject({ status: 'fail', advice: expect.stringContaining('put it on PATH') });
  });
});
