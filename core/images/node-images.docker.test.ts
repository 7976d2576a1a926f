// Loading the lab's images into a kind node through the real Docker engine and the test world's
// kind (real `kind load image-archive` surface, the node's crictl and ctr): only what the node
// lacks is saved and loaded, the archive is removed after, and a node that has everything gets nothing.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../exec';
import { kindCli } from '../kind';
import { hasDocker } from '../../test/support/requirements';
import { ensureNodeImage } from '../../test/world/kind/node-image';
import { repoRoot } from '../../test/world/mirror/repo-paths';
import { createLabImages } from './lab-images';
import { execIn, nodeHas } from './node-images';

const kindBin = join(repoRoot(), 'test', 'world', 'bin', 'kind');
const dockerReady = await hasDocker();
const run = `${process.pid}-${Date.now().toString(36)}`;
const cluster = `imgload-${run}`;
const repo = `meshdeck-test/node-load-${run}`;
const refs = [`docker.io/${repo}:a`, `docker.io/${repo}:b`, `docker.io/${repo}:c`];
const docker = new Docker();
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!dockerReady) return;
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-node-load-'));
  env = { ...process.env, MESHDECK_WORLD_STATE: join(dir, 'state'), KUBECONFIG: join(dir, 'kubeconfig'), HOME: dir, MESHDECK_WORLD_REGISTRY: '' };
  const base = await ensureNodeImage(docker);
  for (const tag of ['a', 'b', 'c']) await docker.getImage(base).tag({ repo, tag });
  await exec(kindBin, ['create', 'cluster', '--name', cluster], { env });
});

afterAll(async () => {
  if (!dockerReady) return;
  await exec(kindBin, ['delete', 'cluster', '--name', cluster], { env }).catch(() => undefined);
  for (const ref of refs) await docker.getImage(ref).remove().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(dockerReady)('loadIntoNodes', () => {
  it('loads only what the node lacks, then nothing', async () => {
    const images = createLabImages(docker, process.arch);
    const kind = kindCli({ kindPath: kindBin, exec, env });
    const nodes = await images.nodes(cluster);
    expect(nodes).toEqual([`${cluster}-control-plane`]);
    const archivePath = join(dir, 'images-for-node.tar');
    const lines: string[] = [];

    const first = await images.load({ kind, cluster, nodes, refs: refs.slice(0, 2), archivePath, log: (line) => lines.push(line) });
    expect(first).toEqual(refs.slice(0, 2));
    expect(existsSync(archivePath)).toBe(false);
    let store = await images.nodeStore(nodes[0]!);
    expect(refs.map((ref) => nodeHas(store, ref))).toEqual([true, true, false]);

    // One of three missing: only that one is loaded.
    const second = await images.load({ kind, cluster, nodes, refs, archivePath, log: (line) => lines.push(line) });
    expect(second).toEqual([refs[2]]);
    store = await images.nodeStore(nodes[0]!);
    expect(refs.every((ref) => nodeHas(store, ref))).toBe(true);

    expect(await images.load({ kind, cluster, nodes, refs, archivePath })).toEqual([]);
    expect(lines.join('\n')).toContain(`lack 1 images: ${refs[2]}`);
  });

  it('a command in the node ends with CANCELLED when its signal aborts mid-way, and at once when it had', async () => {
    const node = `${cluster}-control-plane`;
    const controller = new AbortController();
    const running = execIn(docker, node, ['sleep', '300'], controller.signal);
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(execIn(docker, node, ['true'], controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await execIn(docker, node, ['echo', 'still there'])).toBe('still there\n');
  });
});
