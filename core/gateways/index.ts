export { DASHBOARDS, DEFAULT_DOMAIN, dashboardHost, dashboardUrls, type Dashboard, type DashboardName, type DashboardUrls } from './dashboards';
export {
  GATEWAY_HTTP_PORT,
  MANAGED_BY_LABELS,
  MONITOR_GATEWAY_NAME,
  MONITOR_NAMESPACE,
  dashboardDestinationRule,
  dashboardVirtualService,
  monitorGateway,
  monitorGatewayObjects,
  type MonitorGatewayOptions,
  type MonitorObject,
} from './monitor-gateway';
export { bookinfoUrl } from './bookinfo-url';
export { validateIstioObject } from './istio-validation';
export { DASHBOARD_DEPLOYMENTS, grafanaPathsFrom, judgeDashboard, monitorVirtualServiceName, readDashboardsHealth, type DashboardFacts, type DashboardHealthDeps } from './dashboard-health';
export { framingVerdict, withoutFrameAncestors, type FramingVerdict, type HeaderValues } from './framing';
export { getThroughGateway, type GatewayAnswer } from './gateway-get';
