export { parseManifest, readManifest, type KubeObject } from './read-manifest';
