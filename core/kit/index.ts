export { KitService } from './kit-service';
export type { KitDeps, KitImages, KitProgress } from './kit-deps';
export { exportKit } from './kit-export';
export { importKit } from './kit-import';
export { openKit, verifyKit } from './kit-verify';
export { parseKitManifest, KIT_FORMAT, MANIFEST_PATH } from './kit-manifest';
export { offlineError, offlineMissing, type OfflineInputs } from './offline-check';
export { imagePlatform } from './kit-platform';
