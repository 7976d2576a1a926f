// Makes a verified Istio release ready: istioctl, samples/ and manifests/ of the same version,
// unpacked from the checksum-verified archive into tools/istio/<ver>/istio-<ver>/ (via a temp
// folder renamed into place), with istioctl re-checked against its recorded digest before each
// use. A user-chosen istioctl replaces only the binary; the YAML still comes from the release.

import { mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../contract';
import { parseChecksumFile, sha256File } from './checksum-file';
import { checksumPathOf, downloadVerified } from './download';
import { hostOf, type EnsureToolOptions } from './ensure-options';
import { withLock } from './file-lock';
import { ensurePrivateDir } from './private-dir';
import { throttleProgress, type ToolProgressEvent } from './progress';
import { DEFAULT_ISTIO_VERSION, ISTIO_VERSIONS, istioAsset } from './releases';
import { extractArchive } from './safe-extract';
import { SingleFlight } from './single-flight';
import { toolDeps } from './tool-deps';
import { asDiskError, cancelledError } from './tool-errors';
import { checkRecorded, removeManifest, writeManifest } from './tool-manifest';
import { cachedIstioRoot, cachedIstioctlPath, istioTopFolder, istioVersionDir } from './tool-paths';
import { checkUserBinary } from './user-binary';

export interface EnsureIstioOptions extends EnsureToolOptions {
  /** One of ISTIO_VERSIONS; DEFAULT_ISTIO_VERSION when left out. */
  version?: string | undefined;
  /** An istioctl the user chose (`--istioctl PATH`): used as is after a version check. */
  istioctlPath?: string | undefined;
}

export interface IstioRelease {
  version: string;
  istioctl: string;
  /** The release's top folder `istio-<ver>/`. */
  root: string;
  samplesDir: string;
  manifestsDir: string;
}

const flights = new SingleFlight<IstioRelease, ToolProgressEvent>(() => cancelledError('getting Istio ready'));

export async function ensureIstio(options: EnsureIstioOptions): Promise<IstioRelease> {
  const version = options.version ?? DEFAULT_ISTIO_VERSION;
  if (!(ISTIO_VERSIONS as readonly string[]).includes(version)) {
    throw new AppError('INVALID_ARGUMENT', `MeshDeck does not know Istio ${version}. Pick one of ${ISTIO_VERSIONS.join(', ')}.`, { version });
  }
  if (!options.istioctlPath) return managedRelease(options, version);
  // Checked first, so a wrong --istioctl fails before anything is downloaded.
  const binary = await checkUserBinary({ tool: 'istioctl', path: options.istioctlPath, expected: version, deps: toolDeps(options.deps), signal: options.signal });
  if (binary.warning) options.log?.(binary.warning);
  return { ...(await managedRelease(options, version)), istioctl: binary.path };
}

async function managedRelease(options: EnsureIstioOptions, version: string): Promise<IstioRelease> {
  const deps = toolDeps(options.deps);
  const label = `Istio ${version}`;
  const host = hostOf(options.platform, options.arch, label, '--istioctl');
  const asset = istioAsset(version, host.os, host.arch, options.mirror);
  if (!asset || asset.fileName.endsWith('.zip')) {
    throw new AppError('INVALID_ARGUMENT', `MeshDeck cannot use the ${label} release for ${options.platform}/${options.arch} yet. Run MeshDeck on Linux or macOS, or point it at an existing cluster with --context.`, { version });
  }
  const dir = istioVersionDir(options.dataDir, version);
  const top = istioTopFolder(version);
  const root = cachedIstioRoot(options.dataDir, version);
  const istioctl = cachedIstioctlPath(options.dataDir, version, options.platform);
  const istioctlRel = `${top}/bin/${istioctl.split(/[\\/]/).pop()!}`;
  const release: IstioRelease = { version, istioctl, root, samplesDir: join(root, 'samples'), manifestsDir: join(root, 'manifests') };
  await ensurePrivateDir(options.dataDir, dir, options.platform);
  return flights.run(
    dir,
    (signal, emit) =>
      withLock(`${dir}.lock`, deps, { signal, onWait: (pid) => options.log?.(`Waiting for another MeshDeck (pid ${pid}) that is getting ${label} ready.`) }, async () => {
        const state = await checkRecorded(dir, istioctlRel);
        if (state === 'ok' && (await isDir(release.samplesDir)) && (await isDir(release.manifestsDir))) return release;
        if (state === 'changed') options.log?.(`The cached istioctl at ${istioctl} no longer matches the SHA-256 recorded when MeshDeck verified it. The release was removed; downloading a fresh copy.`);
        await removeManifest(dir);
        await rm(root, { recursive: true, force: true });
        for (const entry of await readdir(dir)) if (entry.startsWith('.extract-')) await rm(join(dir, entry), { recursive: true, force: true });
        const archive = join(dir, asset.fileName);
        // A kept archive (an earlier download, or a kit import) is unpacked again without the network.
        if (!(await keptArchiveOk(archive, asset.fileName))) {
          await downloadVerified({ ...asset, dest: archive, label, keepChecksumFile: true, offline: options.offline, signal, onProgress: emit, deps, retry: options.retry });
        }
        const temp = await mkdtemp(join(dir, '.extract-'));
        try {
          await extractArchive({ archive, into: temp, topFolder: top, label, onProgress: throttleProgress(emit, 100, deps.now) });
          const extracted = join(temp, ...istioctlRel.split('/'));
          if (!(await isFile(extracted)) || !(await isDir(join(temp, top, 'samples'))) || !(await isDir(join(temp, top, 'manifests')))) {
            throw new AppError('INVALID_ARGUMENT', `The ${label} archive has no ${istioctlRel}, samples/ or manifests/. Check that MESHDECK_MIRROR serves the original release files.`, { url: asset.url });
          }
          // The record goes first: a crash before the rename leaves no release, never an unrecorded one.
          await writeManifest(dir, { files: { [istioctlRel]: await sha256File(extracted) }, source: asset.url, verifiedAt: new Date().toISOString() });
          await rename(join(temp, top), root).catch((error: unknown) => Promise.reject(asDiskError(error, root)));
        } finally {
          await rm(temp, { recursive: true, force: true });
        }
        // The archive stays in the cache (with its checksum file) so `meshdeck kit export` can carry it.
        return release;
      }),
    { signal: options.signal, onEvent: options.onProgress },
  );
}

export interface IstioArchive {
  /** The release archive exactly as downloaded, and its upstream `.sha256` beside it. */
  path: string;
  checksumPath: string;
  fileName: string;
}

/** The release archive for this host in the cache (downloaded when missing, unless offline): what a kit carries. */
export async function ensureIstioArchive(options: EnsureIstioOptions): Promise<IstioArchive> {
  const version = options.version ?? DEFAULT_ISTIO_VERSION;
  const label = `Istio ${version}`;
  const deps = toolDeps(options.deps);
  const host = hostOf(options.platform, options.arch, label, '--istioctl');
  const asset = istioAsset(version, host.os, host.arch, options.mirror);
  if (!asset) throw new AppError('INVALID_ARGUMENT', `There is no ${label} release for ${options.platform}/${options.arch}.`, { version });
  const dir = istioVersionDir(options.dataDir, version);
  const archive = join(dir, asset.fileName);
  await ensurePrivateDir(options.dataDir, dir, options.platform);
  await withLock(`${dir}.lock`, deps, { signal: options.signal }, async () => {
    if (await keptArchiveOk(archive, asset.fileName)) return;
    await downloadVerified({ ...asset, dest: archive, label, keepChecksumFile: true, offline: options.offline, signal: options.signal, onProgress: options.onProgress, deps, retry: options.retry });
  });
  return { path: archive, checksumPath: checksumPathOf(archive), fileName: asset.fileName };
}

/** The archive kept in the cache matches the checksum file kept beside it; a mismatched pair is removed. */
export async function keptArchiveOk(archive: string, fileName: string): Promise<boolean> {
  const text = await readFile(checksumPathOf(archive), 'utf8').catch(() => undefined);
  if (text === undefined || !(await isFile(archive))) return false;
  try {
    if (parseChecksumFile(text, 'sha256', fileName, checksumPathOf(archive)) === (await sha256File(archive))) return true;
  } catch {
    // A checksum file in another shape is as good as none.
  }
  await rm(archive, { force: true });
  await rm(checksumPathOf(archive), { force: true });
  return false;
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isDirectory(), () => false);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isFile(), () => false);
}
