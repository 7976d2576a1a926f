// core/traffic: traffic shifting for one service at a time — its versions (from the workloads'
// version labels), the DestinationRule + VirtualService that split its traffic, reading a live
// split back, and the YAML/diff previews. The slider model itself lives in core/contract/weights.
export { naturalCompare, versionLabelKey, versionsOfService, type ServiceSelection, type VersionSource } from './subsets';
export {
  buildRouting,
  DEFAULT_VERSION_LABEL,
  ISTIO_NETWORKING_API,
  MANAGED_BY,
  ownerOf,
  readRouting,
  type LiveRouting,
  type RoutingInput,
  type RoutingObjects,
} from './routing-objects';
export { diffRouting, routingYaml, sameJson, specYaml, type LiveRoutingObjects } from './routing-yaml';
export { parseShiftArgs } from './shift-args';
export { RoutingService, type RoutingServiceOptions } from './routing-service';
export { ClusterFollow, type ClusterFollowOptions } from './cluster-follow';
export * from './generator';
export { signInToBookinfo } from './bookinfo-sign-in';
export * from './telemetry';
export { CURL_APP, CURL_CONTAINER, CURL_FILE, ensureCurlClient, readCurlObjects, type CurlClient, type EnsureCurlOptions } from './curl-client';
