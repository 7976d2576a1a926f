import { describe, expect, it } from 'vitest';
import { DASHBOARD_NAMES } from '../contract';
import { DASHBOARD_DEPLOYMENTS, grafanaPathsFrom, judgeDashboard, monitorVirtualServiceName, type DashboardFacts } from './dashboard-health';
import { DASHBOARDS } from './dashboards';
import { ADDON_DEPLOYMENTS } from '../lab/lab-deployments';
import { dashboardVirtualService } from './monitor-gateway';

const ready: DashboardFacts = {
  name: 'grafana',
  url: 'http://grafana.localhost:8080/',
  pods: { ready: 1, total: 1 },
  route: { gateway: true, virtualService: true },
  answer: { status: 200, headers: { 'content-type': 'text/html' }, body: '<title>Grafana</title>' },
};

describe('the contract and the gateway agree', () => {
  it('on the dashboards, their Deployments and their VirtualServices', () => {
    expect([...DASHBOARD_NAMES].sort()).toEqual(DASHBOARDS.map((d) => d.name).sort());
    expect(Object.values(DASHBOARD_DEPLOYMENTS).sort()).toEqual([...ADDON_DEPLOYMENTS].sort());
    for (const d of DASHBOARDS) expect(monitorVirtualServiceName(d.name)).toBe(dashboardVirtualService(d).metadata?.name);
  });
});

describe('judgeDashboard', () => {
  it('is ready when the pods are, the route is there and the gateway answers, and says whether it may be framed', () => {
    expect(judgeDashboard(ready)).toMatchObject({ ready: true, httpStatus: 200, framing: 'allowed', reason: 'Grafana answers HTTP 200 through the monitor gateway.' });
    expect(judgeDashboard(ready).problem).toBeUndefined();
    expect(judgeDashboard(ready).fixStep).toBeUndefined();
    expect(judgeDashboard(ready).advice).toBeUndefined();
  });

  it('explains a missing lab without inventing a fix', () => {
    const verdict = judgeDashboard({ ...ready, noLab: 'There is no lab yet.' });
    expect(verdict).toMatchObject({ ready: false, problem: 'no-lab', reason: 'There is no lab yet.' });
    expect(verdict.fixStep).toBeUndefined();
  });

  it('gives the pod’s own reason when Grafana is not ready, and offers the addons step', () => {
    const verdict = judgeDashboard({
      ...ready,
      pods: { ready: 0, total: 1 },
      podProblem: { text: 'pod grafana-7d9c: container grafana is ImagePullBackOff on image docker.io/grafana/grafana:12.0.1', next: 'Check your network.' },
    });
    expect(verdict).toMatchObject({ ready: false, problem: 'pod-not-ready', fixStep: 'addons', httpStatus: null });
    expect(verdict.reason).toBe('0 of 1 grafana pods ready: pod grafana-7d9c: container grafana is ImagePullBackOff on image docker.io/grafana/grafana:12.0.1.');
    expect(verdict.advice).toBe('Check your network.');
    expect(judgeDashboard({ ...ready, pods: { ready: 0, total: 1 } }).reason).toContain('still starting');
  });

  it('names a missing Deployment, Gateway or VirtualService and the step that puts it back', () => {
    expect(judgeDashboard({ ...ready, name: 'tracing', pods: null })).toMatchObject({ problem: 'not-installed', fixStep: 'addons' });
    expect(judgeDashboard({ ...ready, name: 'tracing', pods: null }).reason).toContain('no Deployment jaeger in istio-system');
    const route = judgeDashboard({ ...ready, name: 'kiali', url: 'http://kiali.localhost:8080/kiali/', route: { gateway: true, virtualService: false } });
    expect(route).toMatchObject({ problem: 'route-missing', fixStep: 'gateways' });
    expect(route.reason).toContain('VirtualService monitor-kiali is missing');
    expect(route.reason).toContain('kiali.localhost:8080');
  });

  it('tells an unreachable gateway from an HTTP error', () => {
    const down = judgeDashboard({ ...ready, answer: { status: 0, headers: {}, body: '', error: 'ECONNREFUSED' } });
    expect(down).toMatchObject({ problem: 'unreachable', fixStep: 'gateways' });
    expect(down.reason).toContain('Nothing answers on 127.0.0.1:8080 (ECONNREFUSED)');
    expect(judgeDashboard({ ...ready, answer: { status: 404, headers: {}, body: '' } })).toMatchObject({ problem: 'http-error', httpStatus: 404, fixStep: 'gateways' });
    const unavailable = judgeDashboard({ ...ready, answer: { status: 503, headers: {}, body: 'no healthy upstream' } });
    expect(unavailable).toMatchObject({ problem: 'http-error', httpStatus: 503 });
    expect(unavailable.fixStep).toBeUndefined();
  });

  it('reports Kiali’s DENY as blocked framing that the gateways step fixes, and Grafana’s as one it does not', () => {
    const kiali = judgeDashboard({ ...ready, name: 'kiali', answer: { status: 200, headers: { 'x-frame-options': 'DENY' }, body: '' } });
    expect(kiali).toMatchObject({ ready: true, framing: 'blocked', framingDetail: 'X-Frame-Options: DENY', fixStep: 'gateways' });
    const grafana = judgeDashboard({ ...ready, answer: { status: 200, headers: { 'x-frame-options': 'deny' }, body: '' } });
    expect(grafana).toMatchObject({ framing: 'blocked' });
    expect(grafana.fixStep).toBeUndefined();
    expect(grafana.advice).toContain('GF_SECURITY_ALLOW_EMBEDDING');
    expect(kiali.advice).toContain('Repair applies the monitor route');
  });
});

describe('grafanaPathsFrom', () => {
  it('keeps Prometheus not ready while its /-/ready says so, though / already redirects', () => {
    const prometheus: DashboardFacts = { ...ready, name: 'prometheus', url: 'http://prometheus.localhost:8080/', answer: { status: 302, headers: { location: '/query' }, body: '' } };
    expect(judgeDashboard({ ...prometheus, readiness: { status: 200, headers: {}, body: 'Prometheus Server is Ready.\n' } })).toMatchObject({ ready: true, httpStatus: 302 });
    const starting = judgeDashboard({ ...prometheus, readiness: { status: 503, headers: {}, body: 'Service Unavailable\n' } });
    expect(starting).toMatchObject({ ready: false, problem: 'pod-not-ready', httpStatus: 302 });
    expect(starting.reason).toBe('Prometheus answers, but is not ready yet: its /-/ready said HTTP 503 (“Service Unavailable”).');
    expect(starting.fixStep).toBeUndefined();
  });

  it('finds the Istio dashboards by title in Grafana’s search answer', () => {
    const body = JSON.stringify([
      { uid: 'a1', title: 'Istio Service Dashboard', url: '/d/a1/istio-service-dashboard', type: 'dash-db' },
      { uid: 'b2', title: 'Istio Workload Dashboard', url: '/d/b2/istio-workload-dashboard', type: 'dash-db' },
      { uid: 'c3', title: 'Istio Mesh Dashboard', url: '//elsewhere/d/c3', type: 'dash-db' },
    ]);
    expect(grafanaPathsFrom(body)).toEqual({ service: '/d/a1/istio-service-dashboard', workload: '/d/b2/istio-workload-dashboard' });
    expect(grafanaPathsFrom('not json')).toEqual({});
    expect(grafanaPathsFrom('{"message":"Unauthorized"}')).toEqual({});
  });
});
