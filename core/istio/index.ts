export { INGRESS_GATEWAY_NAME, ISTIO_NAMESPACE, ingressGatewayPorts, istioOverlay, renderIstioOverlay, type GatewayServicePort, type IstioOverlay, type IstioOverlayOptions } from './istio-overlay';
export {
  istioctlCli,
  parseAnalyzeOutput,
  type AnalyzeFinding,
  type AnalyzeResult,
  type ClusterTarget,
  type InstallOptions,
  type IstioctlCli,
  type IstioctlCliDeps,
} from './istioctl-cli';
export { istioctlFailure } from './istioctl-errors';
