// The dashboards inside the app: which ones (tab order Kiali, Grafana, Jaeger, Prometheus), the
// entry points the app opens in each (Kiali's graph of Bookinfo, Grafana's Istio dashboards,
// Jaeger's search, a Prometheus query), how healthy each one is, and the desktop-only calls that
// place a dashboard's WebContentsView. Pure, so the CLI, the core and the renderer agree on URLs.

import { integer, object, oneOf, optional, string } from './schema';

export const DASHBOARD_NAMES = ['kiali', 'grafana', 'tracing', 'prometheus'] as const;
export type DashboardName = (typeof DASHBOARD_NAMES)[number];

/** What users call them: the tracing host serves Jaeger. */
export const DASHBOARD_TITLES: Readonly<Record<DashboardName, string>> = { kiali: 'Kiali', grafana: 'Grafana', tracing: 'Jaeger', prometheus: 'Prometheus' };

export function isDashboardName(value: unknown): value is DashboardName {
  return typeof value === 'string' && (DASHBOARD_NAMES as readonly string[]).includes(value);
}

/** Istio's Grafana dashboards the app links to, by the titles samples/addons/grafana.yaml gives them. */
export const GRAFANA_DASHBOARDS = {
  service: 'Istio Service Dashboard',
  workload: 'Istio Workload Dashboard',
  mesh: 'Istio Mesh Dashboard',
} as const;
export type GrafanaDashboardId = keyof typeof GRAFANA_DASHBOARDS;

/**
 * Where Grafana serves each Istio dashboard (`/d/<uid>/<slug>`), as its search API answered. The
 * service and workload dashboards carry no uid upstream, so Grafana makes one up when it starts:
 * the path must be asked for, never written down.
 */
export type GrafanaPathsInfo = Partial<Record<GrafanaDashboardId, string>>;

/** One place to open in a dashboard. */
export interface DashboardViewInfo {
  id: string;
  label: string;
  url: string;
}

export interface DashboardViewOptions {
  /** Bookinfo's namespace; default "default". */
  namespace?: string;
  /** The service the views focus on; default "productpage". */
  service?: string;
  grafanaPaths?: GrafanaPathsInfo;
}

const DEFAULT_NAMESPACE = 'default';
const DEFAULT_SERVICE = 'productpage';

function query(params: Record<string, string | null>): string {
  // Grafana's `kiosk` is a bare flag; URLSearchParams would write `kiosk=`.
  return Object.entries(params)
    .map(([key, value]) => (value === null ? encodeURIComponent(key) : `${encodeURIComponent(key)}=${encodeURIComponent(value)}`))
    .join('&');
}

function at(baseUrl: string, path: string, params: Record<string, string | null>): string {
  const url = new URL(path, baseUrl);
  const search = query(params);
  return `${url.origin}${url.pathname}${search ? `?${search}` : ''}`;
}

function grafanaView(baseUrl: string, id: GrafanaDashboardId, label: string, paths: GrafanaPathsInfo, vars: Record<string, string>): DashboardViewInfo {
  // Only a path on Grafana's own origin: anything else is not a place Grafana told us about.
  const candidate = paths[id];
  const found = candidate !== undefined && /^\/(?!\/)[^\s?#\\]*$/.test(candidate) ? candidate : undefined;
  // Not found (yet): Grafana's own list, searched for the dashboard's title, is one click away from it.
  if (!found) return { id, label, url: at(baseUrl, 'dashboards', { query: GRAFANA_DASHBOARDS[id] }) };
  const variables = Object.fromEntries(Object.entries(vars).map(([key, value]) => [`var-${key}`, value]));
  return { id, label, url: at(baseUrl, found, { ...variables, refresh: '10s', kiosk: null }) };
}

/**
 * The entry points of one dashboard, the first being the one a pane opens with. `baseUrl` is the
 * dashboard's URL through the monitor gateway (LabStatusInfo.urls.dashboards), ending in "/".
 */
export function dashboardViews(name: DashboardName, baseUrl: string, options: DashboardViewOptions = {}): DashboardViewInfo[] {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const service = options.service ?? DEFAULT_SERVICE;
  switch (name) {
    case 'kiali':
      return [
        {
          id: 'graph',
          label: `Traffic graph · namespace ${namespace}`,
          // versionedApp shows reviews v1/v2/v3 apart; trafficDistribution labels edges with their share.
          url: at(baseUrl, 'console/graph/namespaces/', { namespaces: namespace, graphType: 'versionedApp', edges: 'trafficDistribution', duration: '60', refresh: '10000', kiosk: 'true' }),
        },
        { id: 'istio-config', label: `Istio config · namespace ${namespace}`, url: at(baseUrl, 'console/istio', { namespaces: namespace, kiosk: 'true' }) },
      ];
    case 'grafana': {
      const paths = options.grafanaPaths ?? {};
      return [
        grafanaView(baseUrl, 'service', `Istio service dashboard · ${service}`, paths, { service: `${service}.${namespace}.svc.cluster.local` }),
        grafanaView(baseUrl, 'workload', `Istio workload dashboard · ${service}-v1`, paths, { namespace, workload: `${service}-v1` }),
        grafanaView(baseUrl, 'mesh', 'Istio mesh dashboard', paths, {}),
      ];
    }
    case 'tracing':
      return [{ id: 'search', label: `Traces of ${service}`, url: at(baseUrl, 'search', { service: `${service}.${namespace}`, limit: '20', lookback: '15m' }) }];
    case 'prometheus':
      return [
        // The pane opens at /: every Prometheus sends that to its own query page (3.x /query,
        // 2.x /graph, Debian's classic-only 2.x /classic/graph), so the entry point never 404s.
        { id: 'home', label: 'Query page', url: at(baseUrl, '', {}) },
        {
          id: 'requests',
          label: `Requests to ${service} by version`,
          // Prometheus 3's query page (the addon's v3.10; /graph forwards there) with the expression filled in.
          url: at(baseUrl, 'query', {
            'g0.expr': `sum by (destination_workload) (rate(istio_requests_total{reporter="destination",destination_service_name="${service}"}[1m]))`,
            'g0.tab': 'graph',
            'g0.range_input': '15m',
          }),
        },
        { id: 'targets', label: 'Scrape targets', url: at(baseUrl, 'targets', {}) },
      ];
  }
}

/** Why a dashboard cannot be shown, as the UI switches on it. */
export type DashboardProblem = 'no-lab' | 'not-installed' | 'pod-not-ready' | 'route-missing' | 'unreachable' | 'http-error';

/** The step of the one-click plan that, run again, should put it right. */
export type DashboardFixStep = 'addons' | 'gateways';

export interface DashboardHealthInfo {
  name: DashboardName;
  /** Its URL through the monitor gateway. */
  url: string;
  /** Pods ready, route in place, and the gateway answers for its host. */
  ready: boolean;
  problem?: DashboardProblem;
  /** What is wrong, in the cluster's own words, or what answered when nothing is. */
  reason: string;
  /** What to do about it, when there is something to do. Commands are marked with backticks. */
  advice?: string;
  /** Ready and desired pods of its Deployment; null when it is not installed or there is no lab. */
  pods: { ready: number; total: number } | null;
  /** The HTTP status the gateway answered with; null when not asked or nothing answered. */
  httpStatus: number | null;
  /** Whether its answer lets another page frame it (X-Frame-Options, CSP frame-ancestors). */
  framing: 'allowed' | 'blocked' | 'unknown';
  /** What forbids framing, when something does. */
  framingDetail?: string;
  fixStep?: DashboardFixStep;
  /** Grafana only: where its Istio dashboards are. */
  grafanaPaths?: GrafanaPathsInfo;
}

export interface DashboardsHealthInfo {
  checkedAt: string;
  /** Where the monitor gateway listens on this machine (127.0.0.1:<port>). */
  gateway: string;
  dashboards: DashboardHealthInfo[];
}

/** Where a pane sits in the renderer's window, in CSS pixels of the page. */
export interface PaneBoundsInfo {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A desktop pane after a call: what it shows and whether back/forward lead anywhere. */
export interface DashboardPaneInfo {
  name: DashboardName;
  url: string;
  canGoBack: boolean;
  canGoForward: boolean;
}

export const DASHBOARD_NAVIGATION = ['back', 'forward', 'reload'] as const;
export type DashboardNavigation = (typeof DASHBOARD_NAVIGATION)[number];

const dashboardName = oneOf(DASHBOARD_NAMES);
const coordinate = integer({ min: -100_000, max: 100_000 });
const length = integer({ min: 0, max: 100_000 });

/**
 * Argument schemas of the dashboards.* methods. `show`, `hide` and `navigate` place native panes
 * and exist only in the desktop face; browser mode uses frames and never calls them.
 */
export const DASHBOARD_METHOD_PARAMS = {
  'dashboards.health': object({}),
  /** Runs the one-click plan again with the remembered lab's options (only what is not done). */
  'dashboards.repair': object({}),
  'dashboards.show': object({
    name: dashboardName,
    url: string({ pattern: /^https?:\/\/[^\s]+$/, maxLength: 4096, hint: 'an http(s) URL of the dashboard' }),
    bounds: object({ x: coordinate, y: coordinate, width: length, height: length }),
  }),
  'dashboards.hide': object({ name: optional(dashboardName) }),
  'dashboards.navigate': object({ name: dashboardName, action: oneOf(DASHBOARD_NAVIGATION) }),
} as const;
