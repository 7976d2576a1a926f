export { ADDON_NAMES, DEFAULT_ADDONS, readAddonObjects, readAddons, type Addon, type AddonName, type ReadAddonsOptions } from './read-addons';
export { GRAFANA_EMBEDDING_ENV, allowGrafanaEmbedding } from './grafana-embedding';
export { imagesOf } from './images-of';
