// `kit.export`: gathers the tools (downloading what the cache lacks) and every image the lab
// needs (pulling what the host lacks), then writes the kit to `<path>.partial`, fsyncs it and
// renames it into place. A failure or a cancel removes the partial file: a kit is whole or absent.

import { statfs, rm, stat, rename } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { AppError, type KitManifestInfo, type KitPartInfo, type KitTaskResultInfo } from '../contract';
import { ensureGatewayApiCrds, ensureIstioArchive, ensureKind, hostArch, hostOs, KIND_VERSION, kindAsset, type EnsureToolOptions } from '../tools';
import { diskError } from '../tools/tool-errors';
import type { KitDeps, KitProgress } from './kit-deps';
import { imagePartPath, KIT_FORMAT, MANIFEST_PATH } from './kit-manifest';
import { imagePlatform, mb } from './kit-platform';
import { fileSink, tarSize, TarWriter } from './tar-writer';

interface PlannedPart {
  part: Omit<KitPartInfo, 'bytes' | 'sha256'>;
  /** A file on disk, or an image to `docker save` first. */
  source: { file: string; mode: number } | { image: string };
  bytes: number;
}

export function toolOptions(deps: KitDeps, progress: KitProgress, offline = false): EnsureToolOptions {
  return {
    dataDir: deps.dataDir,
    mirror: deps.mirror,
    platform: deps.platform,
    arch: deps.arch,
    offline,
    signal: progress.signal,
    log: progress.log,
    deps: deps.toolDeps,
    onProgress: (event) => progress.progress(`Downloading ${event.file}${event.bytesTotal ? `: ${mb(event.bytesDone)} of ${mb(event.bytesTotal)} MB` : ''}`, null),
  };
}

export async function exportKit(deps: KitDeps, params: { path: string; overwrite?: boolean }, progress: KitProgress): Promise<KitTaskResultInfo> {
  const { path } = params;
  if (!params.overwrite && (await exists(path))) {
    throw new AppError('CONFLICT', `${path} already exists. Choose another file, or replace it with --force (overwrite: true).`, { path });
  }
  const platform = imagePlatform(deps.arch);
  const planned = [...(await toolParts(deps, progress)), ...(await imageParts(deps, progress))];
  const needed = tarSize(planned.map((p) => p.bytes)) + Math.max(0, ...planned.map((p) => ('image' in p.source ? p.bytes : 0)));
  const free = await (deps.freeBytes ?? freeBytesOf)(dirname(path));
  if (free < needed) throw noSpace(path, needed, free);
  const manifest: KitManifestInfo = {
    format: KIT_FORMAT,
    createdAt: (deps.now?.() ?? new Date()).toISOString(),
    meshdeckVersion: deps.meshdeckVersion,
    platform,
    kindVersion: KIND_VERSION,
    istioVersion: deps.istioVersion,
    parts: [],
  };
  await writeKit(deps, path, planned, manifest, progress, needed);
  progress.log(`Wrote ${path}: ${manifest.parts.length} parts, ${mb((await stat(path)).size)} MB.`);
  return { kind: 'kit-export', path, manifest };
}

async function toolParts(deps: KitDeps, progress: KitProgress): Promise<PlannedPart[]> {
  const options = toolOptions(deps, progress);
  progress.progress(`Getting kind ${KIND_VERSION} ready`, null);
  const kind = await ensureKind(options);
  progress.progress(`Getting the Istio ${deps.istioVersion} release ready`, null);
  const istio = await ensureIstioArchive({ ...options, version: deps.istioVersion });
  progress.progress('Getting the Gateway API CRDs ready', null);
  const crds = await ensureGatewayApiCrds(options);
  const kindName = kindFileName(deps.platform, deps.arch);
  const files: Array<[PlannedPart['part'], string, number]> = [
    [{ path: `tools/${kindName}`, kind: 'kind', name: kindName }, kind, 0o755],
    [{ path: `istio/${istio.fileName}`, kind: 'istio-release', name: istio.fileName }, istio.path, 0o644],
    [{ path: `istio/${istio.fileName}.sha256`, kind: 'istio-release', name: `${istio.fileName}.sha256` }, istio.checksumPath, 0o644],
    [{ path: `gateway-api/${basename(crds)}`, kind: 'gateway-api-crds', name: basename(crds) }, crds, 0o644],
  ];
  return Promise.all(files.map(async ([part, file, mode]) => ({ part, source: { file, mode }, bytes: (await stat(file)).size })));
}

async function imageParts(deps: KitDeps, progress: KitProgress): Promise<PlannedPart[]> {
  progress.progress('Listing the images the lab needs', null);
  const refs = await deps.images.inventory(progress.signal);
  let found = await deps.images.inspect(refs);
  const missing = refs.filter((ref) => !found.get(ref));
  if (missing.length > 0) {
    progress.log(`Pulling ${missing.length} image${missing.length === 1 ? '' : 's'} the host lacks: ${missing.join(', ')}`);
    await deps.images.pull(missing, { signal: progress.signal, onProgress: (detail, percent) => progress.progress(detail, percent) });
    found = await deps.images.inspect(refs);
  }
  return refs.map((ref, index) => ({ part: { path: imagePartPath(index), kind: 'image', name: ref }, source: { image: ref }, bytes: found.get(ref)?.sizeBytes ?? 0 }));
}

async function writeKit(deps: KitDeps, path: string, planned: PlannedPart[], manifest: KitManifestInfo, progress: KitProgress, needed: number): Promise<void> {
  const partial = `${path}.partial`;
  const saved = `${path}.partial-image`;
  await rm(partial, { force: true });
  const total = planned.reduce((sum, p) => sum + p.bytes, 0);
  let done = 0;
  let current = '';
  const sink = await (deps.openSink ?? fileSink)(partial).catch((error: unknown) => Promise.reject(diskError(error, partial) ?? error));
  const writer = new TarWriter(
    sink,
    (bytes) => {
      done += bytes;
      progress.progress(`Writing ${current}: ${mb(done)} of ${mb(total)} MB`, total > 0 ? Math.min(99, Math.round((done / total) * 100)) : null);
    },
    progress.signal,
  );
  let closed = false;
  try {
    for (const { part, source } of planned) {
      current = part.name;
      let file = 'file' in source ? source.file : saved;
      if ('image' in source) {
        progress.progress(`Saving ${source.image} from Docker (${imagePlatform(deps.arch)})`, total > 0 ? Math.round((done / total) * 100) : null);
        await deps.images.save(source.image, saved, { signal: progress.signal });
        file = saved;
      }
      const written = await writer.addFile(part.path, file, 'file' in source ? source.mode : 0o644);
      if ('image' in source) await rm(saved, { force: true });
      manifest.parts.push({ ...part, bytes: written.bytes, sha256: written.sha256 });
    }
    await writer.addBuffer(MANIFEST_PATH, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await writer.finish();
    closed = true;
    await sink.close();
    await rename(partial, path);
  } catch (error) {
    if (!closed) await sink.close().catch(() => undefined);
    await rm(partial, { force: true });
    await rm(saved, { force: true });
    if (progress.signal.aborted) throw new AppError('CANCELLED', `Cancelled the kit export. ${partial} was removed; nothing was written to ${path}.`);
    const disk = diskError(error, partial);
    if (disk?.details?.errno === 'ENOSPC') throw noSpace(path, needed, undefined, writer.written);
    throw disk ?? error;
  }
}

function noSpace(path: string, needed: number, free: number | undefined, written?: number): AppError {
  const at = written !== undefined ? ` The disk filled up after ${mb(written)} MB; the unfinished file was removed.` : '';
  const have = free !== undefined ? `, and ${mb(free)} MB are free` : '';
  return new AppError('DISK_ERROR', `The kit needs about ${mb(needed)} MB on the disk of ${dirname(path)}${have}.${at} Free some space or export to another disk, then try again.`, { path, errno: 'ENOSPC', neededBytes: needed, ...(free !== undefined ? { freeBytes: free } : {}) });
}

async function freeBytesOf(dir: string): Promise<number> {
  const info = await statfs(dir);
  return info.bavail * info.bsize;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** tools/kind-<os>-<arch>: the name kind's release gives this host's binary. */
export function kindFileName(platform: NodeJS.Platform, arch: string): string {
  const os = hostOs(platform);
  const cpu = hostArch(arch);
  const asset = os && cpu ? kindAsset(os, cpu) : undefined;
  if (!asset) throw new AppError('INVALID_ARGUMENT', `kind ${KIND_VERSION} has no build for ${platform}/${arch}.`, { platform, arch });
  return asset.fileName;
}
