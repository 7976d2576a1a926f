// What the workshop kit cards show: the default file for an export (in the user's Downloads),
// and a finished kit task's result in a few words.

import { formatBytes, type AppStatusInfo, type KitTaskResultInfo } from '../../../core/contract';

export const KIT_FILE_NAME = 'istio-workshop.kit';

/** The export's default path: the kit file in the folder the core named as the user's Downloads. */
export function defaultKitPath(status: Pick<AppStatusInfo, 'downloadsDir' | 'platform'> | null): string {
  if (!status) return '';
  const separator = status.platform === 'win32' ? '\\' : '/';
  return `${status.downloadsDir.replace(/[\\/]+$/, '')}${separator}${KIT_FILE_NAME}`;
}

export interface KitResultView {
  path: string;
  /** The parts' bytes together, about the file's size (the archive adds its headers). */
  size: string;
  parts: string;
  versions: string;
  loadedImages: string[] | null;
}

export function kitResultView(result: KitTaskResultInfo): KitResultView {
  const { manifest } = result;
  const images = manifest.parts.filter((part) => part.kind === 'image').length;
  const tools = manifest.parts.length - images;
  return {
    path: result.path,
    size: formatBytes(manifest.parts.reduce((sum, part) => sum + part.bytes, 0)),
    parts: `${manifest.parts.length} parts: ${images} image${images === 1 ? '' : 's'}, ${tools} tool or release file${tools === 1 ? '' : 's'}`,
    versions: `Istio ${manifest.istioVersion} · kind ${manifest.kindVersion} · ${manifest.platform}`,
    loadedImages: result.kind === 'kit-import' ? result.loadedImages : null,
  };
}
