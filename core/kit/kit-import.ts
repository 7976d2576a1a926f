// `kit.import`: verifies every part of the kit first (size and SHA-256, see kit-verify.ts), then
// puts kind, the Istio release and the Gateway API CRDs into the tool cache exactly where
// ensureKind/ensureIstio/ensureGatewayApiCrds look, and loads the images the host's Docker lacks.
// Idempotent: what is already in place is kept, so importing twice changes nothing.

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, type KitPartInfo, type KitTaskResultInfo } from '../contract';
import {
  cachedGatewayApiCrdsPath,
  cachedKindPath,
  checkRecorded,
  ensureIstio,
  ensurePrivateDir,
  GATEWAY_API_CRDS_SHA256,
  ISTIO_VERSIONS,
  istioVersionDir,
  keptArchiveOk,
  KIND_VERSION,
  kindVersionDir,
  toolDeps,
  writeVerifiedManifest,
} from '../tools';
import { withLock } from '../tools/file-lock';
import { readManifest } from '../tools/tool-manifest';
import { asDiskError } from '../tools/tool-errors';
import type { KitDeps, KitProgress } from './kit-deps';
import { toolOptions } from './kit-export';
import { describePart, kitInvalid } from './kit-manifest';
import { imagePlatform, mb } from './kit-platform';
import { partStream, verifyKit, type OpenedKit } from './kit-verify';

export async function importKit(deps: KitDeps, params: { path: string }, progress: KitProgress): Promise<KitTaskResultInfo> {
  let hashed = 0;
  const kit = await verifyKit(params.path, {
    signal: progress.signal,
    onBytes: (bytes, total) => {
      hashed += bytes;
      progress.progress(`Verifying the kit (SHA-256): ${mb(hashed)} of ${mb(total)} MB`, total > 0 ? Math.round((hashed / total) * 50) : null);
    },
  });
  checkFits(kit, deps);
  progress.log(`Verified ${kit.manifest.parts.length} parts of ${params.path} (SHA-256).`);
  await importTools(kit, deps, progress);
  const loadedImages = await importImages(kit, deps, progress);
  return { kind: 'kit-import', path: params.path, manifest: kit.manifest, loadedImages };
}

/** The kit must be for this machine and this MeshDeck's pinned tools. */
function checkFits(kit: OpenedKit, deps: KitDeps): void {
  const { manifest, file } = kit;
  const here = imagePlatform(deps.arch);
  if (manifest.platform !== here) throw kitInvalid(file, `was made for ${manifest.platform}; this machine is ${here}. Export a kit on a ${here} machine.`, { platform: manifest.platform });
  if (manifest.kindVersion !== KIND_VERSION) throw kitInvalid(file, `carries kind ${manifest.kindVersion}; this MeshDeck uses kind ${KIND_VERSION}. Export the kit with this MeshDeck version.`, { kindVersion: manifest.kindVersion });
  if (!(ISTIO_VERSIONS as readonly string[]).includes(manifest.istioVersion)) {
    throw kitInvalid(file, `carries Istio ${manifest.istioVersion}, which this MeshDeck does not know (${ISTIO_VERSIONS.join(', ')}).`, { istioVersion: manifest.istioVersion });
  }
  const crds = manifest.parts.find((part) => part.kind === 'gateway-api-crds')!;
  if (crds.sha256 !== GATEWAY_API_CRDS_SHA256) throw kitInvalid(file, `has Gateway API CRDs that are not the pinned release file (SHA-256 ${crds.sha256.slice(0, 12)}…).`, { part: crds.path });
}

async function importTools(kit: OpenedKit, deps: KitDeps, progress: KitProgress): Promise<void> {
  const parts = kit.manifest.parts;
  const lock = (dir: string, work: () => Promise<void>): Promise<void> => withLock(`${dir}.lock`, toolDeps(deps.toolDeps), { signal: progress.signal }, work);
  const kindDir = kindVersionDir(deps.dataDir);
  const kindExe = cachedKindPath(deps.dataDir, deps.platform);
  await ensurePrivateDir(deps.dataDir, kindDir, deps.platform);
  await lock(kindDir, async () => {
    const part = parts.find((p) => p.kind === 'kind')!;
    if ((await checkRecorded(kindDir, basename(kindExe))) === 'ok' && (await recordedDigest(kindDir, basename(kindExe))) === part.sha256) return;
    progress.progress(`Putting kind ${KIND_VERSION} into the tool cache`, 55);
    await copyPart(kit, part, kindExe);
    await chmod(kindExe, 0o755);
    await writeVerifiedManifest(kindDir, { files: { [basename(kindExe)]: part.sha256 }, source: `kit ${kit.file}`, verifiedAt: new Date().toISOString() });
  });
  const version = kit.manifest.istioVersion;
  const istioDir = istioVersionDir(deps.dataDir, version);
  await ensurePrivateDir(deps.dataDir, istioDir, deps.platform);
  const archivePart = parts.find((p) => p.kind === 'istio-release' && !p.name.endsWith('.sha256'));
  const checksumPart = parts.find((p) => p.kind === 'istio-release' && p.name === `${archivePart?.name}.sha256`);
  if (!archivePart || !checksumPart) throw kitInvalid(kit.file, 'lacks the Istio release archive or its .sha256.', { missing: 'istio-release' });
  const archive = `${istioDir}/${archivePart.name}`;
  await lock(istioDir, async () => {
    if (await keptArchiveOk(archive, archivePart.name)) return;
    progress.progress(`Putting the Istio ${version} release into the tool cache`, 60);
    await copyPart(kit, archivePart, archive);
    await copyPart(kit, checksumPart, `${archive}.sha256`);
    if (!(await keptArchiveOk(archive, archivePart.name))) throw kitInvalid(kit.file, `has an Istio archive that does not match its own .sha256 (${checksumPart.path}).`, { part: archivePart.path });
  });
  // Unpacks from the archive just put in place; offline, so it can never reach for the network.
  await ensureIstio({ ...toolOptions(deps, progress, true), version });
  const crdsPart = parts.find((p) => p.kind === 'gateway-api-crds')!;
  const crds = cachedGatewayApiCrdsPath(deps.dataDir);
  await ensurePrivateDir(deps.dataDir, dirname(crds), deps.platform);
  await copyPart(kit, crdsPart, crds);
}

async function importImages(kit: OpenedKit, deps: KitDeps, progress: KitProgress): Promise<string[]> {
  const images = kit.manifest.parts.filter((part) => part.kind === 'image');
  const present = await deps.images.inspect(images.map((part) => part.name));
  const loaded: string[] = [];
  for (const [index, part] of images.entries()) {
    if (present.get(part.name)) {
      progress.log(`${part.name} is already in Docker; kept.`);
      continue;
    }
    progress.progress(`Loading ${part.name} into Docker (${index + 1} of ${images.length})`, 65 + Math.round((index / images.length) * 35));
    await deps.images.load(partStream(kit, part), { signal: progress.signal });
    loaded.push(part.name);
  }
  const after = await deps.images.inspect(images.map((part) => part.name));
  const absent = images.filter((part) => !after.get(part.name));
  if (absent.length > 0) throw new AppError('KIT_INVALID', `Docker loaded the kit's images but does not list ${absent.map(describePart).join(', ')}. The kit was made from another image; export it again.`, { missing: absent.map((p) => p.name) });
  return loaded;
}

/** Copies one part to `dest` through a temp file, hashing as it goes: the bytes used are the bytes verified. */
async function copyPart(kit: OpenedKit, part: KitPartInfo, dest: string): Promise<void> {
  const temp = `${dest}.kit-${process.pid}.tmp`;
  const hash = createHash('sha256');
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(partStream(kit, part), tee, createWriteStream(temp, { mode: 0o600 }));
    if (hash.digest('hex') !== part.sha256) throw kitInvalid(kit.file, `changed while it was imported (${describePart(part)}).`, { part: part.path });
    await rename(temp, dest);
  } catch (error) {
    await rm(temp, { force: true });
    throw asDiskError(error, dest);
  }
}

async function recordedDigest(dir: string, file: string): Promise<string | undefined> {
  return (await readManifest(dir))?.files[file];
}
