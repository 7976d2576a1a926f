import { describe, expect, it } from 'vitest';
import type { DashboardHealthInfo } from '../../../core/contract';
import { chosenView, paneVerdict, paneViews, repairLabel, sameBounds, tabStatus, wholePixelBounds } from './dashboard-panes';

const kiali: DashboardHealthInfo = { name: 'kiali', url: 'http://kiali.localhost:8080/kiali/', ready: true, reason: 'Kiali answers HTTP 200 through the monitor gateway.', pods: { ready: 1, total: 1 }, httpStatus: 200, framing: 'allowed' };

describe('paneVerdict', () => {
  it('shows the page when the dashboard is ready', () => {
    expect(paneVerdict(kiali, 'browser')).toEqual({ kind: 'show' });
    expect(paneVerdict(kiali, 'desktop')).toEqual({ kind: 'show' });
  });

  it('waits for the report and for knowing the face', () => {
    expect(paneVerdict(undefined, 'browser')).toEqual({ kind: 'checking' });
    expect(paneVerdict(kiali, null)).toEqual({ kind: 'checking' });
  });

  it('explains a dashboard that is not ready, with the step that repairs it', () => {
    const grafana: DashboardHealthInfo = { ...kiali, name: 'grafana', ready: false, problem: 'pod-not-ready', fixStep: 'addons', reason: '0 of 1 grafana pods ready: ImagePullBackOff.', advice: 'Check your network.', pods: { ready: 0, total: 1 } };
    expect(paneVerdict(grafana, 'browser')).toEqual({ kind: 'problem', title: 'Grafana is not ready', reason: grafana.reason, advice: 'Check your network.', fixStep: 'addons', needsSetup: false });
    expect(paneVerdict({ ...grafana, problem: 'no-lab', fixStep: undefined, advice: undefined, reason: 'There is no lab yet.' }, 'desktop')).toMatchObject({ kind: 'problem', title: 'Grafana needs a lab', advice: null, fixStep: null, needsSetup: true });
  });

  it('treats blocked framing as a problem in a browser frame only', () => {
    const denied: DashboardHealthInfo = { ...kiali, framing: 'blocked', framingDetail: 'X-Frame-Options: DENY', fixStep: 'gateways' };
    expect(paneVerdict(denied, 'browser')).toMatchObject({ kind: 'problem', title: 'Kiali refuses to be shown inside another page', fixStep: 'gateways' });
    expect(paneVerdict(denied, 'desktop')).toEqual({ kind: 'show' });
  });

  it('marks tabs by the verdict', () => {
    expect(tabStatus({ kind: 'show' })).toBe('ok');
    expect(tabStatus({ kind: 'checking' })).toBe('skipped');
    expect(tabStatus({ kind: 'problem', title: '', reason: '', advice: null, fixStep: null, needsSetup: false })).toBe('fail');
  });
});

describe('views', () => {
  it('builds the views from the report’s URL and Grafana’s paths, and picks the chosen one or the first', () => {
    const views = paneViews('grafana', { ...kiali, name: 'grafana', url: 'http://grafana.localhost:8080/', grafanaPaths: { service: '/d/x1/istio-service-dashboard' } }, 'reviews');
    expect(views[0]!.url).toContain('/d/x1/istio-service-dashboard?var-service=reviews.default.svc.cluster.local');
    expect(chosenView(views, 'mesh')?.id).toBe('mesh');
    expect(chosenView(views, 'gone')?.id).toBe('service');
    expect(paneViews('kiali', undefined)).toEqual([]);
    expect(repairLabel('addons')).toContain('dashboards');
    expect(repairLabel('gateways')).toContain('gateways');
  });
});

describe('wholePixelBounds', () => {
  it('rounds the edges so the pane covers the placeholder’s pixels', () => {
    expect(wholePixelBounds({ left: 240.4, top: 120.6, right: 1040.5, bottom: 720.2 })).toEqual({ x: 240, y: 121, width: 801, height: 599 });
    expect(wholePixelBounds({ left: 10, top: 10, right: 5, bottom: 5 })).toEqual({ x: 10, y: 10, width: 0, height: 0 });
    expect(sameBounds(null, { x: 0, y: 0, width: 1, height: 1 })).toBe(false);
    expect(sameBounds({ x: 0, y: 0, width: 1, height: 1 }, { x: 0, y: 0, width: 1, height: 1 })).toBe(true);
  });
});
