// Where the managed tools live in the cache under the app's data dir. The one source of the
// layout: the managed-tool code writes there and the doctor looks there.
//   tools/kind/<kind version>/kind[.exe]
//   tools/istio/<istio version>/istio-<version>/{bin/istioctl, samples/, manifests/}

import { join } from 'node:path';
import { toolsDir } from '../paths';
import { KIND_VERSION } from './releases';

export function kindVersionDir(dataDir: string): string {
  return join(toolsDir(dataDir), 'kind', KIND_VERSION);
}

export function cachedKindPath(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  return join(kindVersionDir(dataDir), platform === 'win32' ? 'kind.exe' : 'kind');
}

export function istioVersionDir(dataDir: string, version: string): string {
  return join(toolsDir(dataDir), 'istio', version);
}

/** The release's one top folder, as inside the archive. */
export function istioTopFolder(version: string): string {
  return `istio-${version}`;
}

export function cachedIstioRoot(dataDir: string, version: string): string {
  return join(istioVersionDir(dataDir, version), istioTopFolder(version));
}

export function cachedIstioctlPath(dataDir: string, version: string, platform: NodeJS.Platform = process.platform): string {
  return join(cachedIstioRoot(dataDir, version), 'bin', platform === 'win32' ? 'istioctl.exe' : 'istioctl');
}
