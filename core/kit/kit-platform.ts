// The image platform of this host as Docker names it (linux/amd64, linux/arm64): what a kit's
// images are saved for, and what an import requires of the kit.

import { AppError } from '../contract';
import { hostArch } from '../tools';

export function imagePlatform(arch: string): string {
  const docker = hostArch(arch);
  if (docker !== 'amd64' && docker !== 'arm64') {
    throw new AppError('INVALID_ARGUMENT', `kind node images exist for amd64 and arm64 machines only, not ${arch}. Make the kit on one of those.`, { arch });
  }
  return `linux/${docker}`;
}

export function mb(bytes: number): string {
  return (bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: bytes < 1e7 ? 1 : 0 });
}
