// The Gateway API CRDs of the pinned release (DESIGN "Today's Istio"): experimental-install.yaml,
// whose SHA-256 is pinned here because the release publishes no checksum file. Kept in the tool
// cache at tools/gateway-api/<version>/ (one home: the offline kit and the doctor look there).

import { dirname, join } from 'node:path';
import { sha256File } from './checksum-file';
import { downloadVerified } from './download';
import type { EnsureToolOptions } from './ensure-options';
import { ensurePrivateDir } from './private-dir';
import { DEFAULT_MIRROR } from './releases';
import { toolsDir } from '../paths';

export const GATEWAY_API_VERSION = 'v1.5.1';
export const GATEWAY_API_CRDS_FILE = 'experimental-install.yaml';
/** sha256 of upstream's experimental-install.yaml of v1.5.1, byte for byte. */
export const GATEWAY_API_CRDS_SHA256 = '63d55b6df5d2fc58e80bb2f89bd3ff0fe03b4d8f19da1466c4b10507e9db5227';

export function gatewayApiCrdsUrl(mirror: string = DEFAULT_MIRROR): string {
  return `${mirror.replace(/\/+$/, '')}/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/${GATEWAY_API_CRDS_FILE}`;
}

export function cachedGatewayApiCrdsPath(dataDir: string): string {
  return join(toolsDir(dataDir), 'gateway-api', GATEWAY_API_VERSION, GATEWAY_API_CRDS_FILE);
}

/** Whether the cache holds the pinned CRDs file unchanged. */
export async function gatewayApiCrdsCached(dataDir: string): Promise<boolean> {
  return sha256File(cachedGatewayApiCrdsPath(dataDir)).then((digest) => digest === GATEWAY_API_CRDS_SHA256, () => false);
}

/** The CRDs file in the cache: reused when it still has the pinned digest, else downloaded (refused offline). */
export async function ensureGatewayApiCrds(options: EnsureToolOptions): Promise<string> {
  const dest = cachedGatewayApiCrdsPath(options.dataDir);
  if (await gatewayApiCrdsCached(options.dataDir)) return dest;
  await ensurePrivateDir(options.dataDir, dirname(dest), options.platform);
  await downloadVerified({
    url: gatewayApiCrdsUrl(options.mirror),
    sha256: GATEWAY_API_CRDS_SHA256,
    fileName: GATEWAY_API_CRDS_FILE,
    dest,
    label: `the Gateway API ${GATEWAY_API_VERSION} CRDs`,
    offline: options.offline,
    signal: options.signal,
    onProgress: options.onProgress,
    deps: options.deps,
    retry: options.retry,
  });
  return dest;
}
