// The IstioOperator overlay for `istioctl install -y -f`: the demo profile with the ingress
// gateway Service turned from LoadBalancer (pending forever on kind) into NodePort with fixed
// nodePorts, the ones kind publishes on host ports. Pure; validated with
// @kubernetes-models/istio before it is handed out. Writing the file happens elsewhere.

import { IstioOperator } from '@kubernetes-models/istio/install.istio.io/v1alpha1';
import { stringify } from 'yaml';
import { AppError } from '../contract';

export const INGRESS_GATEWAY_NAME = 'istio-ingressgateway';
export const ISTIO_NAMESPACE = 'istio-system';

export interface GatewayServicePort {
  name: string;
  port: number;
  targetPort: number;
  protocol: 'TCP';
  nodePort?: number;
}

export interface IstioOverlay {
  apiVersion: 'install.istio.io/v1alpha1';
  kind: 'IstioOperator';
  metadata: { name: string; namespace: string };
  spec: {
    profile: string;
    components: {
      ingressGateways: Array<{
        name: string;
        enabled: boolean;
        k8s: { service: { type: 'NodePort'; ports: GatewayServicePort[] } };
      }>;
    };
  };
}

export interface IstioOverlayOptions {
  /** Only the demo profile is tested; others are passed through for experts. */
  profile?: string;
  httpNodePort: number;
  httpsNodePort: number;
}

function checkNodePort(label: string, port: number): void {
  if (!Number.isInteger(port) || port < 30000 || port > 32767) {
    throw new AppError('INVALID_ARGUMENT', `The ${label} must be a whole number from 30000 to 32767, not ${port}.`, { field: label, value: String(port) });
  }
}

/** The demo profile's ingress ports (helm-profiles/demo.yaml), with our fixed nodePorts. */
export function ingressGatewayPorts(httpNodePort: number, httpsNodePort: number): GatewayServicePort[] {
  return [
    { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
    { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: httpNodePort },
    { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP', nodePort: httpsNodePort },
    { name: 'tcp', port: 31400, targetPort: 31400, protocol: 'TCP' },
    { name: 'tls', port: 15443, targetPort: 15443, protocol: 'TCP' },
  ];
}

export function istioOverlay(options: IstioOverlayOptions): IstioOverlay {
  checkNodePort('HTTP node port', options.httpNodePort);
  checkNodePort('HTTPS node port', options.httpsNodePort);
  if (options.httpNodePort === options.httpsNodePort) {
    throw new AppError('INVALID_ARGUMENT', `The HTTP and HTTPS node ports must differ (both are ${options.httpNodePort}).`, { field: 'httpsNodePort', value: String(options.httpsNodePort) });
  }
  const overlay: IstioOverlay = {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: { name: 'meshdeck', namespace: ISTIO_NAMESPACE },
    spec: {
      profile: options.profile ?? 'demo',
      components: {
        ingressGateways: [
          {
            name: INGRESS_GATEWAY_NAME,
            enabled: true,
            // The chart copies every key of a port entry, so nodePort reaches the Service.
            k8s: { service: { type: 'NodePort', ports: ingressGatewayPorts(options.httpNodePort, options.httpsNodePort) } },
          },
        ],
      },
    },
  };
  new IstioOperator(overlay).validate();
  return overlay;
}

export function renderIstioOverlay(overlay: IstioOverlay): string {
  return stringify(overlay);
}
