// `up --offline` decides before anything is created: kind, the Istio release, the Gateway API
// CRDs in the tool cache and every image the lab needs on the host's Docker. What is missing is
// named, each thing, with the fix (a kit), in one OFFLINE_MISSING error.

import { basename } from 'node:path';
import { stat } from 'node:fs/promises';
import { AppError } from '../contract';
import { cachedIstioctlPath, cachedIstioRoot, cachedKindPath, checkRecorded, gatewayApiCrdsCached, GATEWAY_API_VERSION, istioAsset, istioVersionDir, keptArchiveOk, KIND_VERSION, kindVersionDir, hostArch, hostOs } from '../tools';

export interface OfflineInputs {
  dataDir: string;
  platform: NodeJS.Platform;
  arch: string;
  istioVersion: string;
  /** The user chose their own kind (--kind): the cache need not have one. */
  ownKind?: boolean;
  /** The images the lab needs; called only when the Istio release is there to list them from. */
  inventory: () => Promise<string[]>;
  /** Which of these refs the host's Docker lacks. */
  hostLacks: (refs: string[]) => Promise<string[]>;
}

/** Each thing an offline `up` would have to download or pull, as a phrase for the user. */
export async function offlineMissing(inputs: OfflineInputs): Promise<string[]> {
  const missing: string[] = [];
  const kindExe = cachedKindPath(inputs.dataDir, inputs.platform);
  if (!inputs.ownKind && (await checkRecorded(kindVersionDir(inputs.dataDir), basename(kindExe))) !== 'ok') missing.push(`kind ${KIND_VERSION} (tool cache)`);
  const istio = await istioUsable(inputs);
  if (!istio) missing.push(`the Istio ${inputs.istioVersion} release (tool cache)`);
  if (!(await gatewayApiCrdsCached(inputs.dataDir))) missing.push(`the Gateway API ${GATEWAY_API_VERSION} CRDs (tool cache)`);
  // Without the release there is no istioctl to list Istio's images with; the kit brings both.
  if (istio) for (const ref of await inputs.hostLacks(await inputs.inventory())) missing.push(`image ${ref} (Docker)`);
  else missing.push("the lab's images (listed from the Istio release once it is there)");
  return missing;
}

export function offlineError(missing: string[]): AppError {
  return new AppError(
    'OFFLINE_MISSING',
    `An offline up needs what it would otherwise download, and this machine lacks: ${missing.join('; ')}. Import a kit made on a machine with network (meshdeck kit export FILE there, then meshdeck kit import FILE here), or run up without --offline.`,
    { missing },
  );
}

/** Unpacked and recorded, or an archive kept in the cache that can be unpacked without the network. */
async function istioUsable(inputs: OfflineInputs): Promise<boolean> {
  const dir = istioVersionDir(inputs.dataDir, inputs.istioVersion);
  const rel = `${basename(cachedIstioRoot(inputs.dataDir, inputs.istioVersion))}/bin/${basename(cachedIstioctlPath(inputs.dataDir, inputs.istioVersion, inputs.platform))}`;
  const isDir = (path: string) => stat(path).then((info) => info.isDirectory(), () => false);
  const root = cachedIstioRoot(inputs.dataDir, inputs.istioVersion);
  if ((await checkRecorded(dir, rel)) === 'ok' && (await isDir(`${root}/samples`)) && (await isDir(`${root}/manifests`))) return true;
  const os = hostOs(inputs.platform);
  const cpu = hostArch(inputs.arch);
  const asset = os && cpu ? istioAsset(inputs.istioVersion, os, cpu) : undefined;
  return asset ? keptArchiveOk(`${dir}/${asset.fileName}`, asset.fileName) : false;
}
