export {
  ALL_INTERFACES,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_NODE_IMAGE,
  KIND_API_VERSION,
  LOOPBACK_ADDRESS,
  kindClusterConfig,
  kindContextName,
  renderKindConfig,
  type KindCluster,
  type KindClusterOptions,
  type KindNode,
  type KindPortMapping,
} from './kind-config';
export { kindCli, type CreateClusterOptions, type DeleteClusterOptions, type ExecFunction, type ExportKubeconfigOptions, type KindCli, type KindCliDeps, type LoadImageArchiveOptions, type LineSink, type RunOptions } from './kind-cli';
export { kindFailure } from './kind-errors';
