// The four dashboards the monitor gateway exposes: host name prefix, Service and port in
// istio-system, and the path each one serves under (Kiali /kiali, Jaeger /jaeger), plus the
// URLs the app opens. Pure. Chromium resolves *.localhost to loopback; Node code connects to
// 127.0.0.1 and sets the Host header itself.

export type DashboardName = 'grafana' | 'kiali' | 'tracing' | 'prometheus';

export interface Dashboard {
  name: DashboardName;
  /** The Service of samples/addons in istio-system. */
  service: string;
  port: number;
  /** Where the dashboard's UI lives, ending in "/". */
  basePath: string;
  /** Kiali ≥ 2.26 always sends X-Frame-Options: DENY; the app embeds it, so the route drops it. */
  removeResponseHeaders: string[];
}

export const DEFAULT_DOMAIN = 'localhost';

export const DASHBOARDS: readonly Dashboard[] = [
  { name: 'grafana', service: 'grafana', port: 3000, basePath: '/', removeResponseHeaders: [] },
  { name: 'kiali', service: 'kiali', port: 20001, basePath: '/kiali/', removeResponseHeaders: ['X-Frame-Options'] },
  { name: 'tracing', service: 'tracing', port: 80, basePath: '/jaeger/', removeResponseHeaders: [] },
  { name: 'prometheus', service: 'prometheus', port: 9090, basePath: '/', removeResponseHeaders: [] },
];

export type DashboardUrls = Record<DashboardName, string>;

export function dashboardHost(name: DashboardName, domain: string = DEFAULT_DOMAIN): string {
  return `${name}.${domain}`;
}

export function dashboardUrls(options: { httpPort: number; domain?: string }): DashboardUrls {
  const domain = options.domain ?? DEFAULT_DOMAIN;
  const port = options.httpPort === 80 ? '' : `:${options.httpPort}`;
  const url = (d: Dashboard): string => `http://${dashboardHost(d.name, domain)}${port}${d.basePath}`;
  return Object.fromEntries(DASHBOARDS.map((d) => [d.name, url(d)])) as DashboardUrls;
}
