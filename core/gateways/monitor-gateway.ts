// The monitor gateway objects: one Gateway `monitor-gateway` in istio-system with a host per
// dashboard, one VirtualService per dashboard (Kiali's drops X-Frame-Options), and one
// DestinationRule per dashboard with TLS off, as Istio's "remotely accessing telemetry addons"
// task does. Pure and validated with @kubernetes-models/istio; applying them is core/kube's job.

import type { IDestinationRule, IGateway, IVirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import { AppError } from '../contract';
import { DASHBOARDS, DEFAULT_DOMAIN, dashboardHost, type Dashboard } from './dashboards';
import { validateIstioObject } from './istio-validation';

export const MONITOR_GATEWAY_NAME = 'monitor-gateway';
export const MONITOR_NAMESPACE = 'istio-system';
export const MANAGED_BY_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'meshdeck' };
/**
 * The port the ingress gateway pod listens on for Service port 80. Upstream's
 * bookinfo-gateway.yaml names 8080 (the gateway runs without root, so not 80); we match it.
 */
export const GATEWAY_HTTP_PORT = 8080;

const DNS_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export type MonitorObject = IGateway | IVirtualService | IDestinationRule;

export interface MonitorGatewayOptions {
  /** Host names are <dashboard>.<domain>; default "localhost". */
  domain?: string;
}

function metadata(name: string) {
  return { name, namespace: MONITOR_NAMESPACE, labels: { ...MANAGED_BY_LABELS } };
}

function serviceHost(dashboard: Dashboard): string {
  return `${dashboard.service}.${MONITOR_NAMESPACE}.svc.cluster.local`;
}

export function monitorGateway(domain: string = DEFAULT_DOMAIN): IGateway {
  const gateway: IGateway = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: metadata(MONITOR_GATEWAY_NAME),
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: GATEWAY_HTTP_PORT, name: 'http', protocol: 'HTTP' }, hosts: DASHBOARDS.map((d) => dashboardHost(d.name, domain)) }],
    },
  };
  validateIstioObject(gateway);
  return gateway;
}

export function dashboardVirtualService(dashboard: Dashboard, domain: string = DEFAULT_DOMAIN): IVirtualService {
  const headers = dashboard.removeResponseHeaders.length > 0 ? { headers: { response: { remove: [...dashboard.removeResponseHeaders] } } } : {};
  const virtualService: IVirtualService = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: metadata(`monitor-${dashboard.name}`),
    spec: {
      hosts: [dashboardHost(dashboard.name, domain)],
      gateways: [MONITOR_GATEWAY_NAME],
      http: [{ route: [{ destination: { host: serviceHost(dashboard), port: { number: dashboard.port } } }], ...headers }],
    },
  };
  validateIstioObject(virtualService);
  return virtualService;
}

export function dashboardDestinationRule(dashboard: Dashboard): IDestinationRule {
  const destinationRule: IDestinationRule = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: metadata(`monitor-${dashboard.name}`),
    spec: { host: serviceHost(dashboard), trafficPolicy: { tls: { mode: 'DISABLE' } } },
  };
  validateIstioObject(destinationRule);
  return destinationRule;
}

/** Everything the monitor gateway needs, Gateway first. */
export function monitorGatewayObjects(options: MonitorGatewayOptions = {}): MonitorObject[] {
  const domain = options.domain ?? DEFAULT_DOMAIN;
  if (!DNS_NAME.test(domain)) {
    throw new AppError('INVALID_ARGUMENT', `"${domain}" is not a domain name the dashboards can live under; use something like "localhost" or "mesh.example.com".`, { field: 'domain', value: domain });
  }
  return [monitorGateway(domain), ...DASHBOARDS.map((d) => dashboardVirtualService(d, domain)), ...DASHBOARDS.map((d) => dashboardDestinationRule(d))];
}
