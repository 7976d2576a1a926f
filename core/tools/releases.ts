// Pinned tool versions and the release asset names and URLs of the real kind and Istio
// releases (see shared FACTS). Pure: the downloader and the doctor build on it.

export const KIND_VERSION = 'v0.32.0';
export const DEFAULT_ISTIO_VERSION = '1.30.5';
export const ISTIO_VERSIONS = ['1.30.5', '1.31.1'] as const;
export const DEFAULT_MIRROR = 'https://github.com';

export type HostOs = 'linux' | 'darwin' | 'windows';
export type HostArch = 'amd64' | 'arm64' | 'armv7';

export interface ReleaseAsset {
  /** The file as published. */
  fileName: string;
  url: string;
  checksumUrl: string;
  /** kind's .sha256sum uses two spaces between digest and name, Istio's .sha256 one. */
  checksumFormat: 'sha256sum' | 'sha256';
}

export function hostOs(platform: NodeJS.Platform): HostOs | undefined {
  if (platform === 'linux') return 'linux';
  if (platform === 'darwin') return 'darwin';
  if (platform === 'win32') return 'windows';
  return undefined;
}

export function hostArch(arch: string): HostArch | undefined {
  if (arch === 'x64') return 'amd64';
  if (arch === 'arm64') return 'arm64';
  if (arch === 'arm') return 'armv7';
  return undefined;
}

function mirrorBase(mirror: string): string {
  return mirror.replace(/\/+$/, '');
}

export function kindAsset(os: HostOs, arch: HostArch, mirror: string = DEFAULT_MIRROR): ReleaseAsset | undefined {
  if (arch === 'armv7' || (os === 'windows' && arch !== 'amd64')) return undefined;
  const fileName = `kind-${os}-${arch}`;
  const url = `${mirrorBase(mirror)}/kubernetes-sigs/kind/releases/download/${KIND_VERSION}/${fileName}`;
  return { fileName, url, checksumUrl: `${url}.sha256sum`, checksumFormat: 'sha256sum' };
}

export function istioAsset(version: string, os: HostOs, arch: HostArch, mirror: string = DEFAULT_MIRROR): ReleaseAsset | undefined {
  const platform = istioPlatform(os, arch);
  if (!platform) return undefined;
  const extension = os === 'windows' ? 'zip' : 'tar.gz';
  const fileName = `istio-${version}-${platform}.${extension}`;
  const url = `${mirrorBase(mirror)}/istio/istio/releases/download/${version}/${fileName}`;
  return { fileName, url, checksumUrl: `${url}.sha256`, checksumFormat: 'sha256' };
}

function istioPlatform(os: HostOs, arch: HostArch): string | undefined {
  if (os === 'linux') return `linux-${arch}`;
  if (os === 'darwin') return arch === 'armv7' ? undefined : `osx-${arch}`;
  return arch === 'amd64' ? 'win-amd64' : undefined;
}
