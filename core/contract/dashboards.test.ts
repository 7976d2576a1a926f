import { describe, expect, it } from 'vitest';
import { DASHBOARD_METHOD_PARAMS, DASHBOARD_NAMES, dashboardViews, isDashboardName } from './dashboards';
import { METHOD_PARAMS } from './methods';

const base = {
  kiali: 'http://kiali.localhost:8080/kiali/',
  grafana: 'http://grafana.localhost:8080/',
  tracing: 'http://tracing.localhost:8080/jaeger/',
  prometheus: 'http://prometheus.localhost:8080/',
};

function params(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

describe('dashboardViews', () => {
  it('opens Kiali on the kiosk-mode graph of the Bookinfo namespace, under /kiali', () => {
    const [graph] = dashboardViews('kiali', base.kiali);
    const url = new URL(graph!.url);
    expect(url.origin + url.pathname).toBe('http://kiali.localhost:8080/kiali/console/graph/namespaces/');
    expect(params(graph!.url)).toMatchObject({ namespaces: 'default', kiosk: 'true', graphType: 'versionedApp' });
  });

  it('links Grafana’s Istio dashboards at the paths its search reported, with the service variables and kiosk', () => {
    const views = dashboardViews('grafana', base.grafana, {
      service: 'reviews',
      grafanaPaths: { service: '/d/abc123/istio-service-dashboard', workload: '/d/def456/istio-workload-dashboard' },
    });
    expect(views.map((view) => view.id)).toEqual(['service', 'workload', 'mesh']);
    expect(views[0]!.url.startsWith('http://grafana.localhost:8080/d/abc123/istio-service-dashboard?')).toBe(true);
    expect(params(views[0]!.url)).toMatchObject({ 'var-service': 'reviews.default.svc.cluster.local', kiosk: '' });
    // A bare flag, as Grafana documents it.
    expect(views[0]!.url).toMatch(/&kiosk$/);
    expect(params(views[1]!.url)).toMatchObject({ 'var-namespace': 'default', 'var-workload': 'reviews-v1' });
    // Unknown path: Grafana's own search for the title.
    expect(views[2]!.url).toBe('http://grafana.localhost:8080/dashboards?query=Istio%20Mesh%20Dashboard');
  });

  it('never follows a Grafana "path" off Grafana’s origin', () => {
    for (const bad of ['//evil.example/d/x', 'http://evil.example/d/x', 'd/relative', '/d/x?y=1', '/\\evil']) {
      const [service] = dashboardViews('grafana', base.grafana, { grafanaPaths: { service: bad } });
      expect(new URL(service!.url).origin, bad).toBe('http://grafana.localhost:8080');
      expect(new URL(service!.url).pathname, bad).toBe('/dashboards');
    }
  });

  it('searches Jaeger for productpage under /jaeger and asks Prometheus for requests by version', () => {
    const [search] = dashboardViews('tracing', base.tracing);
    expect(search!.url.startsWith('http://tracing.localhost:8080/jaeger/search?')).toBe(true);
    expect(params(search!.url).service).toBe('productpage.default');
    const [home, requests] = dashboardViews('prometheus', base.prometheus, { service: 'reviews' });
    // The pane opens at /, which every Prometheus version redirects to its own query page.
    expect(home!.url).toBe('http://prometheus.localhost:8080/');
    expect(new URL(requests!.url).pathname).toBe('/query');
    expect(params(requests!.url)['g0.expr']).toContain('destination_service_name="reviews"');
    expect(dashboardViews('prometheus', base.prometheus)[2]!.url).toBe('http://prometheus.localhost:8080/targets');
  });

  it('keeps every view on its dashboard’s origin', () => {
    for (const name of DASHBOARD_NAMES) {
      for (const view of dashboardViews(name, base[name])) expect(new URL(view.url).origin).toBe(new URL(base[name]).origin);
    }
  });
});

describe('dashboards.* arguments', () => {
  it('are part of the contract', () => {
    for (const method of Object.keys(DASHBOARD_METHOD_PARAMS)) expect(Object.keys(METHOD_PARAMS)).toContain(method);
  });

  it('accept a pane with integer bounds and refuse other URLs, names and actions', () => {
    const show = METHOD_PARAMS['dashboards.show'];
    const good = { name: 'kiali', url: 'http://kiali.localhost:8080/kiali/', bounds: { x: 0, y: -20, width: 800, height: 600 } };
    expect(show.parse(good, '')).toEqual(good);
    expect(() => show.parse({ ...good, url: 'file:///etc/passwd' }, '')).toThrow();
    expect(() => show.parse({ ...good, name: 'loki' }, '')).toThrow();
    expect(() => show.parse({ ...good, bounds: { ...good.bounds, width: 10.5 } }, '')).toThrow();
    expect(() => METHOD_PARAMS['dashboards.navigate'].parse({ name: 'grafana', action: 'close' }, '')).toThrow();
    expect(isDashboardName('tracing')).toBe(true);
    expect(isDashboardName('jaeger')).toBe(false);
  });
});
