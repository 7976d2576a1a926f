// Builds the node image locally (there is no registry): a root filesystem holding only a
// static busybox (Debian's `busybox-static`), a few applet links and the node's busybox-sh
// `crictl` and `ctr` (node-tools/), `docker import`ed once and tagged by a hash of its content,
// so every later cluster reuses it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { create } from 'tar';

export const NODE_IMAGE_REPO = 'meshdeck-world/kind-node';
const LAYOUT_VERSION = '2';
const applets = [
  'sh', 'sleep', 'nc', 'cat', 'ls', 'ps', 'kill', 'env', 'echo', 'wget', 'tail', 'ip', 'hostname', 'true', 'sed', 'grep',
  'awk', 'tar', 'mkdir', 'rmdir', 'rm', 'mv', 'mktemp', 'stat', 'basename', 'cut', 'head', 'wc',
];
const toolsDir = fileURLToPath(new URL('./node-tools/', import.meta.url));
/** Where each node-tools file lands in the node: the two CLIs on PATH, their helpers beside. */
const tools: Record<string, string> = {
  'crictl.sh': 'usr/local/bin/crictl',
  'ctr.sh': 'usr/local/bin/ctr',
  'store.sh': 'usr/local/lib/meshdeck/store',
  'normalize.awk': 'usr/local/lib/meshdeck/normalize.awk',
  'normalize-line.awk': 'usr/local/lib/meshdeck/normalize-line.awk',
  'crictl-images.awk': 'usr/local/lib/meshdeck/crictl-images.awk',
  'archive-entries.awk': 'usr/local/lib/meshdeck/archive-entries.awk',
};

async function toolFiles(): Promise<Array<{ target: string; data: Buffer }>> {
  return Promise.all(Object.entries(tools).map(async ([source, target]) => ({ target, data: await readFile(join(toolsDir, source)) })));
}
const busyboxCandidates = ['/bin/busybox', '/usr/bin/busybox'];

/** True when the ELF file has no PT_INTERP segment, i.e. it needs no dynamic loader inside the image. */
function isStaticElf(data: Buffer): boolean {
  if (data.length < 64 || data.readUInt32BE(0) !== 0x7f454c46 || data[4] !== 2) return false;
  const phoff = Number(data.readBigUInt64LE(0x20));
  const phentsize = data.readUInt16LE(0x36);
  const phnum = data.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    if (data.readUInt32LE(phoff + i * phentsize) === 3) return false;
  }
  return true;
}

export async function findStaticBusybox(): Promise<{ path: string; data: Buffer } | undefined> {
  for (const path of busyboxCandidates) {
    if (!existsSync(path)) continue;
    const data = await readFile(path);
    if (isStaticElf(data)) return { path, data };
  }
  return undefined;
}

export class NodeImageError extends Error {}

async function rootfsTar(busyboxPath: string, files: Array<{ target: string; data: Buffer }>): Promise<Buffer> {
  const scratch = await mkdtemp(join(tmpdir(), 'meshdeck-node-rootfs-'));
  try {
    await mkdir(join(scratch, 'bin'), { recursive: true });
    await mkdir(join(scratch, 'tmp'), { recursive: true });
    await mkdir(join(scratch, 'etc'), { recursive: true });
    const binary = join(scratch, 'bin', 'busybox');
    await copyFile(busyboxPath, binary);
    await chmod(binary, 0o755);
    for (const applet of applets) await symlink('busybox', join(scratch, 'bin', applet));
    for (const file of files) {
      await mkdir(join(scratch, file.target, '..'), { recursive: true });
      await writeFile(join(scratch, file.target), file.data, { mode: 0o755 });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of create({ cwd: scratch, portable: true }, ['bin', 'tmp', 'etc', 'usr']) as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Returns the local image tag, importing it first when Docker does not have it yet. */
export async function ensureNodeImage(docker: Docker): Promise<string> {
  const busybox = await findStaticBusybox();
  if (!busybox) {
    throw new NodeImageError('no static busybox found at /bin/busybox: install the Debian package busybox-static (the node image is built from it)');
  }
  const files = await toolFiles();
  const hash = createHash('sha256').update(LAYOUT_VERSION).update(applets.join(',')).update(busybox.data);
  for (const file of files) hash.update(file.target).update(file.data);
  const tag = hash.digest('hex').slice(0, 12);
  const image = `${NODE_IMAGE_REPO}:${tag}`;
  const present = await docker.getImage(image).inspect().then(() => true, () => false);
  if (present) return image;
  const tar = await rootfsTar(busybox.path, files);
  const stream = await docker.importImage(Readable.from(tar), { repo: NODE_IMAGE_REPO, tag });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()));
  });
  return image;
}
