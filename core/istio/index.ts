export { INGRESS_GATEWAY_NAME, ISTIO_NAMESPACE, ingressGatewayPorts, istioOverlay, renderIstioOverlay, type GatewayServicePort, type IstioOverlay, type IstioOverlayOptions } from './istio-overlay';
export { parseCheckInject, type CheckInjectResult, type CheckInjectRow } from './check-inject-output';
export {
  istioctlCli,
  parseAnalyzeOutput,
  type AnalyzeFinding,
  type AnalyzeResult,
  type CheckInjectTarget,
  type ClusterTarget,
  type InstallOptions,
  type IstioctlCli,
  type IstioctlCliDeps,
} from './istioctl-cli';
export { istioctlFailure } from './istioctl-errors';
