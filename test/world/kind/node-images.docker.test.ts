// The kind node's images through the real Docker engine: `kind load docker-image` and
// `kind load image-archive` stream into the node's `ctr`, `crictl` lists what it holds, `ctr
// images rm` forgets a name, a truncated archive fails as ctr does, and the kubelet pulls what the node lacks (after the size
// says, then the image is in the node's store) or fails with ErrImagePull/ImagePullBackOff while
// the network is cut ($MESHDECK_WORLD_STATE/offline).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasDocker } from '../../support/requirements.js';
import { repoRoot } from '../mirror/repo-paths.js';
import { ensureNodeImage } from './node-image.js';

const kindBin = join(repoRoot(), 'test', 'world', 'bin', 'kind');
const run = `${process.pid}-${Date.now().toString(36)}`;
const name = `images-${run}`;
const node = `${name}-control-plane`;
const localRepo = `meshdeck-test/load-${run}`;
const localImage = `${localRepo}:1`;
const dockerReady = await hasDocker();
const docker = new Docker();
let dir: string;
let env: NodeJS.ProcessEnv;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function exec(command: string, args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const kind = (...args: string[]): Promise<Result> => exec(kindBin, args);
const kubectl = (...args: string[]): Promise<Result> => exec('kubectl', ['--context', `kind-${name}`, ...args]);

async function nodeImages(): Promise<Array<{ id: string; repoTags: string[]; size: string }>> {
  const listed = await exec('docker', ['exec', node, 'crictl', 'images', '-o', 'json']);
  expect(listed.code).toBe(0);
  return (JSON.parse(listed.stdout) as { images: Array<{ id: string; repoTags: string[]; size: string }> }).images;
}

async function pod(podName: string, image: string): Promise<void> {
  const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: podName }, spec: { containers: [{ name: 'app', image }] } });
  const file = join(dir, `${podName}.json`);
  await writeFile(file, manifest);
  expect((await kubectl('apply', '-f', file)).code).toBe(0);
}

async function events(podName: string): Promise<string[]> {
  const listed = await kubectl('get', 'events', '--field-selector', `involvedObject.name=${podName}`, '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}');
  return listed.stdout.split('\n').filter(Boolean);
}

beforeAll(async () => {
  if (!dockerReady) return;
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-node-images-'));
  env = {
    ...process.env, MESHDECK_WORLD_STATE: join(dir, 'state'), KUBECONFIG: join(dir, 'kubeconfig'), HOME: dir,
    MESHDECK_WORLD_DELAYS: JSON.stringify({ images: { bytesPerSecond: 4000, defaultBytes: 2000 } }),
    MESHDECK_WORLD_REGISTRY: '',
  };
  await docker.getImage(await ensureNodeImage(docker)).tag({ repo: localRepo, tag: '1' });
  const created = await kind('create', 'cluster', '--name', name);
  expect(created.stderr).toContain(`Set kubectl context to "kind-${name}"`);
});

afterAll(async () => {
  if (!dockerReady) return;
  await kind('delete', 'cluster', '--name', name);
  await docker.getImage(localImage).remove().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(dockerReady)('kind load into the node', () => {
  it('loads a local image once, shows it in crictl, and skips it the second time', async () => {
    const { Id } = await docker.getImage(localImage).inspect();
    const first = await kind('load', 'docker-image', localImage, '--name', name);
    expect(first.stderr).toBe(`Image: "${localImage}" with ID "${Id}" not yet present on node "${node}", loading...\n`);
    expect(first.code).toBe(0);
    const loaded = (await nodeImages()).find((image) => image.repoTags.includes(`docker.io/${localImage}`));
    expect(loaded?.id).toBe(Id);
    expect(Number(loaded?.size)).toBeGreaterThan(1000);
    const table = await exec('docker', ['exec', node, 'crictl', 'images']);
    expect(table.stdout).toMatch(new RegExp(`^docker\\.io/meshdeck-test/load-${run}\\s+1\\s+${Id.slice(7, 20)}\\s+\\d`, 'm'));
    expect((await exec('docker', ['exec', node, 'crictl', 'inspecti', localImage])).code).toBe(0);
    const second = await kind('load', 'docker-image', localImage, '--name', name);
    expect(second.stderr).toBe(`Image: "${localImage}" with ID "${Id}" found to be already present on all nodes.\n`);
  });

  it('refuses what is not there: a missing local image, an unknown node, a missing archive', async () => {
    expect((await kind('load', 'docker-image', `nope-${run}:1`, '--name', name)).stderr).toBe(`ERROR: image: "nope-${run}:1" not present locally\n`);
    expect((await kind('load', 'docker-image', localImage, '--name', name, '--nodes', 'elsewhere')).stderr).toBe('ERROR: unknown node: "elsewhere"\n');
    const missing = await kind('load', 'image-archive', join(dir, 'none.tar'), '--name', name);
    expect(missing.stderr).toBe(`ERROR: stat ${join(dir, 'none.tar')}: no such file or directory\n`);
    expect(missing.code).toBe(1);
    const absent = await exec('docker', ['exec', node, 'crictl', 'inspecti', `never-${run}`]);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain(`no such image "never-${run}" present`);
  });

  it('forgets a name with ctr images rm, and only warns about a name it does not hold', async () => {
    const ref = `docker.io/${localImage}`;
    expect((await kind('load', 'docker-image', localImage, '--name', name)).code).toBe(0);
    expect((await nodeImages()).flatMap((image) => image.repoTags)).toContain(ref);
    const ctr = (...args: string[]) => exec('docker', ['exec', node, 'ctr', '--namespace=k8s.io', 'images', ...args]);
    expect(await ctr('rm', ref)).toEqual({ code: 0, stdout: `${ref}\n`, stderr: '' });
    expect((await nodeImages()).flatMap((image) => image.repoTags)).not.toContain(ref);
    expect((await exec('docker', ['exec', node, 'crictl', 'inspecti', ref])).code).toBe(1);
    // containerd logs a name it lacks and goes on: exit 0, nothing on stdout.
    const again = await ctr('remove', '--sync', ref);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^time="[^"]+" level=warning msg="[^"]+: image not found"\n$/);
    expect(again.stderr).toContain(`msg="${ref}: image not found"`);
    // kind sees it missing again and loads it.
    expect((await kind('load', 'docker-image', localImage, '--name', name)).stderr).toContain('not yet present on node');
    expect((await nodeImages()).flatMap((image) => image.repoTags)).toContain(ref);
  });

  it('imports a docker-save archive, and fails like ctr on a truncated one', async () => {
    const archive = join(dir, 'images.tar');
    const tag = `meshdeck-test/archive-${run}`;
    await docker.getImage(localImage).tag({ repo: tag, tag: 'v2' });
    try {
      await pipeline(await docker.getImage(`${tag}:v2`).get(), createWriteStream(archive));
    } finally {
      await docker.getImage(`${tag}:v2`).remove();
    }
    expect((await kind('load', 'image-archive', archive, '--name', name)).code).toBe(0);
    expect((await nodeImages()).flatMap((image) => image.repoTags)).toContain(`docker.io/${tag}:v2`);

    await truncate(archive, Math.floor((await readFile(archive)).length / 2));
    const broken = await kind('load', 'image-archive', archive, '--name', name);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`ERROR: failed to load image: command "docker exec --privileged -i ${node} ctr --namespace=k8s.io images import --all-platforms --digests --snapshotter=overlayfs -" failed with error: exit status 1`);
    expect(broken.stderr).toContain('Command Output: ctr: unexpected EOF');
  });
});

describe.runIf(dockerReady)('the kubelet pulls what the node lacks', () => {
  it('runs a loaded image at once and pulls an absent one, which then joins the node store', async () => {
    await pod('loaded', localImage);
    await pod('pulled', `example.com/app-${run}:1`);
    expect((await kubectl('wait', '--for=condition=Ready', 'pod/loaded', 'pod/pulled', '--timeout=30s')).code).toBe(0);
    expect(await events('loaded')).toContain(`Pulled: Container image "${localImage}" already present on machine`);
    const pulled = await events('pulled');
    const pulling = pulled.indexOf(`Pulling: Pulling image "example.com/app-${run}:1"`);
    const done = pulled.findIndex((line) => /^Pulled: Successfully pulled image "example\.com\/app-[^"]+" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: 2000 bytes\.$/.test(line));
    // The API lists events by name, not by time: both are there, whatever their order.
    expect(pulling).toBeGreaterThanOrEqual(0);
    expect(done).toBeGreaterThanOrEqual(0);
    expect((await nodeImages()).flatMap((image) => image.repoTags)).toContain(`example.com/app-${run}:1`);
  });

  it('fails with ErrImagePull then ImagePullBackOff while the network is cut, and recovers after', async () => {
    const offline = join(dir, 'state', 'offline');
    await writeFile(offline, '');
    await pod('cut', `example.com/cut-${run}:1`);
    const backoff = await kubectl('wait', '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=ImagePullBackOff', 'pod/cut', '--timeout=30s');
    expect(backoff.code).toBe(0);
    const seen = await events('cut');
    expect(seen).toContain('Failed: Error: ErrImagePull');
    expect(seen).toContain('Failed: Error: ImagePullBackOff');
    expect(seen.some((line) => line.startsWith(`Failed: Failed to pull image "example.com/cut-${run}:1": rpc error: code = Unknown desc = failed to pull and unpack image "example.com/cut-${run}:1"`) && line.includes('dial tcp: lookup example.com: no such host'))).toBe(true);
    expect((await nodeImages()).flatMap((image) => image.repoTags)).not.toContain(`example.com/cut-${run}:1`);
    await rm(offline);
    expect((await kubectl('wait', '--for=condition=Ready', 'pod/cut', '--timeout=30s')).code).toBe(0);
  });
});

describe.runIf(dockerReady)('a node pulling from the run registry', () => {
  const registryName = `reg-${run}`;
  const registryEnv = (): NodeJS.ProcessEnv => ({ ...env, MESHDECK_WORLD_REGISTRY: process.env.MESHDECK_WORLD_REGISTRY, MESHDECK_WORLD_DELAYS: '' });

  afterAll(async () => {
    if (dockerReady) await exec(kindBin, ['delete', 'cluster', '--name', registryName]);
  });

  it('pulls a catalogue image by its short name with its real size, and cannot pull what the registry lacks', async () => {
    const saved = env;
    env = registryEnv();
    try {
      expect((await kind('create', 'cluster', '--name', registryName)).code).toBe(0);
      const on = (...args: string[]): Promise<Result> => exec('kubectl', ['--context', `kind-${registryName}`, ...args]);
      const apply = async (podName: string, image: string): Promise<void> => {
        const file = join(dir, `${podName}.json`);
        await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: podName }, spec: { containers: [{ name: 'app', image }] } }));
        expect((await on('apply', '-f', file)).code).toBe(0);
      };
      await apply('curl', 'curlimages/curl:8.16.0');
      await apply('absent', `example.com/absent-${run}:1`);
      expect((await on('wait', '--for=condition=Ready', 'pod/curl', '--timeout=30s')).code).toBe(0);
      const wanted = await on('wait', '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=ImagePullBackOff', 'pod/absent', '--timeout=30s');
      expect(wanted.code).toBe(0);
      const messages = (await on('get', 'events', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}')).stdout;
      const size = /Successfully pulled image "curlimages\/curl:8\.16\.0" in \S+ \(\S+ including waiting\)\. Image size: (\d+) bytes\./.exec(messages)?.[1];
      expect(Number(size)).toBeGreaterThan(32 * 1024);
      expect(messages).toContain(`Failed to pull image "example.com/absent-${run}:1": rpc error: code = NotFound desc = failed to pull and unpack image "example.com/absent-${run}:1"`);
      const listed = await exec('docker', ['exec', `${registryName}-control-plane`, 'crictl', 'images', '-o', 'json']);
      expect(listed.stdout).toContain('"docker.io/curlimages/curl:8.16.0"');
    } finally {
      env = saved;
    }
  });
});
