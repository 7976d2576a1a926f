// `kind load docker-image IMAGE...` and `kind load image-archive FILE...` as kind v0.32 does them
// (pkg/cmd/kind/load): check the images exist locally, list the cluster's nodes, keep the
// --nodes asked for, skip nodes whose `crictl inspecti` already shows the same image ID, `docker
// save` into a temp tar, and stream the archive into each chosen node with
// `docker exec --privileged -i <node> ctr --namespace=k8s.io images import ... -`.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { KindError } from './cli-io.js';
import type { KindDeps } from './create-cluster.js';
import { execInNode } from './node-exec.js';
import { readCluster, type NodeRecord } from './world-state.js';

const IMPORT = ['ctr', '--namespace=k8s.io', 'images', 'import', '--all-platforms', '--digests', '--snapshotter=overlayfs', '-'];

async function selectedNodes(name: string, nodes: string[] | undefined, deps: KindDeps): Promise<NodeRecord[]> {
  const record = await readCluster(name, deps.env);
  if (!record || record.nodes.length === 0) throw new KindError(`no nodes found for cluster "${name}"`);
  for (const node of nodes ?? []) {
    if (!record.nodes.some((n) => n.name === node)) throw new KindError(`unknown node: "${node}"`);
  }
  return record.nodes.filter((node) => !nodes || nodes.length === 0 || nodes.includes(node.name));
}

/** Without a Docker engine kind's `docker exec` cannot run at all. */
function requireDocker(deps: KindDeps, node: NodeRecord): { docker: Docker; containerId: string } {
  if (deps.docker && node.containerId) return { docker: deps.docker, containerId: node.containerId };
  throw new KindError(`failed to load image: command "docker exec --privileged -i ${node.name} ${IMPORT.join(' ')}" failed with error: exec: "docker": executable file not found in $PATH`);
}

async function loadArchive(file: string, node: NodeRecord, deps: KindDeps): Promise<void> {
  const { docker, containerId } = requireDocker(deps, node);
  const result = await execInNode(docker, containerId, IMPORT, createReadStream(file));
  if (result.exitCode !== 0) {
    throw new KindError(
      `failed to load image: command "docker exec --privileged -i ${node.name} ${IMPORT.join(' ')}" failed with error: exit status ${result.exitCode}`,
      `Command Output: ${result.stderr.trim()}`,
    );
  }
}

/** Every node at once; the first failure is the command's (errors.UntilErrorConcurrent). */
async function loadEverywhere(file: string, targets: NodeRecord[], deps: KindDeps): Promise<void> {
  const results = await Promise.allSettled(targets.map((node) => loadArchive(file, node, deps)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function loadImageArchives(name: string, files: string[], nodes: string[] | undefined, deps: KindDeps): Promise<void> {
  if (files.length === 0) throw new KindError('requires at least 1 arg(s), only received 0');
  const targets = await selectedNodes(name, nodes, deps);
  for (const file of files) {
    await stat(file).catch(() => {
      throw new KindError(`stat ${file}: no such file or directory`);
    });
  }
  for (const file of files) await loadEverywhere(file, targets, deps);
}

/** The image ID the node has under this name (kind's nodeutils.ImageID), or undefined. */
async function nodeImageId(docker: Docker, node: NodeRecord, image: string): Promise<string | undefined> {
  if (!node.containerId) return undefined;
  const result = await execInNode(docker, node.containerId, ['crictl', 'inspecti', '--output=json', image]);
  if (result.exitCode !== 0) return undefined;
  return (JSON.parse(result.stdout) as { status?: { id?: string } }).status?.id;
}

export async function loadDockerImages(name: string, images: string[], nodes: string[] | undefined, deps: KindDeps): Promise<void> {
  if (images.length === 0) throw new KindError('a list of image names is required');
  const names = [...new Set(images)];
  const ids: string[] = [];
  for (const image of names) {
    const info = deps.docker ? await deps.docker.getImage(image).inspect().catch(() => undefined) : undefined;
    if (!info) throw new KindError(`image: "${image}" not present locally`);
    ids.push(info.Id);
  }
  const candidates = await selectedNodes(name, nodes, deps);
  const docker = deps.docker!;
  const selected = new Map<string, NodeRecord>();
  for (const [i, image] of names.entries()) {
    let missing = false;
    for (const node of candidates) {
      if ((await nodeImageId(docker, node, image)) === ids[i]) continue;
      missing = true;
      selected.set(node.name, node);
      deps.output.err(`Image: "${image}" with ID "${ids[i]}" not yet present on node "${node.name}", loading...\n`);
    }
    if (!missing) deps.output.err(`Image: "${image}" with ID "${ids[i]}" found to be already present on all nodes.\n`);
  }
  if (selected.size === 0) return;
  const dir = await mkdtemp(join(tmpdir(), 'images-tar'));
  try {
    const file = join(dir, 'images.tar');
    // dockerode has GET /images/get?names=… (docker save) but its typings miss it.
    const save = (docker as unknown as { getImages(opts: { names: string[] }): Promise<NodeJS.ReadableStream> }).getImages({ names });
    await pipeline(await save, createWriteStream(file));
    await loadEverywhere(file, [...selected.values()], deps);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
