import { describe, expect, it } from 'vitest';
import {
  dashboardOrigin,
  dashboardPartition,
  externalOpenAllowed,
  headerFilterUrls,
  isAllowedDashboardNavigation,
  knownExternalHosts,
  navigationDecision,
  paneBounds,
  stripFramingHeaders,
} from './dashboard-policy';

const kiali = 'http://kiali.localhost:8080';
const dashboards = ['http://kiali.localhost:8080/kiali/', 'http://grafana.localhost:8080/', 'http://tracing.localhost:8080/jaeger/', 'http://prometheus.localhost:8080/'];
const origins = dashboards.map((url) => dashboardOrigin(url)!);
const known = knownExternalHosts(dashboards);

describe('navigation allowlist', () => {
  it('keeps a pane on its dashboard’s origin', () => {
    expect(isAllowedDashboardNavigation('http://kiali.localhost:8080/kiali/console/graph/namespaces/?kiosk=true', kiali)).toBe(true);
    for (const url of [
      'http://kiali.localhost:9090/kiali/', // another port
      'https://kiali.localhost:8080/kiali/', // another scheme
      'http://grafana.localhost:8080/', // another dashboard
      'http://user:pw@kiali.localhost:8080/kiali/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedDashboardNavigation(url, kiali), url).toBe(false);
    }
  });

  it('sends only http(s) to a known host to the system browser, and drops everything else', () => {
    expect(externalOpenAllowed('http://grafana.localhost:8080/d/x', known)).toBe(true);
    expect(externalOpenAllowed('https://kiali.io/docs/features/topology/', known)).toBe(true);
    expect(externalOpenAllowed('https://www.kiali.io/', known)).toBe(true);
    expect(externalOpenAllowed('https://evil.example/', known)).toBe(false);
    expect(externalOpenAllowed('https://kiali.io.evil.example/', known)).toBe(false);
    expect(externalOpenAllowed('http://sub.grafana.localhost:8080/', known)).toBe(false);
    expect(externalOpenAllowed('ftp://istio.io/', known)).toBe(false);
    expect(externalOpenAllowed('https://user@istio.io/', known)).toBe(false);
    expect(navigationDecision('http://kiali.localhost:8080/kiali/console/istio', kiali, known)).toBe('allow');
    expect(navigationDecision('https://istio.io/latest/docs/', kiali, known)).toBe('external');
    expect(navigationDecision('https://evil.example/', kiali, known)).toBe('deny');
  });
});

describe('stripFramingHeaders', () => {
  const headers = {
    'Content-Type': ['text/html'],
    'X-Frame-Options': ['DENY'],
    'Content-Security-Policy': ["default-src 'self'; frame-ancestors 'none'"],
  };

  it('drops X-Frame-Options and frame-ancestors for the dashboard origins only', () => {
    expect(stripFramingHeaders(headers, 'http://kiali.localhost:8080/kiali/', origins)).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
    expect(stripFramingHeaders({ 'x-frame-options': ['sameorigin'], 'content-security-policy': ["frame-ancestors 'self'"] }, 'http://grafana.localhost:8080/d/a', origins)).toEqual({});
  });

  it('leaves every other origin alone, including the same host on another port', () => {
    expect(stripFramingHeaders(headers, 'https://grafana.com/', origins)).toEqual(headers);
    expect(stripFramingHeaders(headers, 'http://kiali.localhost:9999/kiali/', origins)).toEqual(headers);
    expect(stripFramingHeaders(headers, 'file:///app/index.html', origins)).toEqual(headers);
  });

  it('returns new headers and never changes the ones it was given', () => {
    const before = structuredClone(headers);
    stripFramingHeaders(headers, 'http://kiali.localhost:8080/kiali/', origins);
    expect(headers).toEqual(before);
  });

  it('filters requests by dashboard host; the listener then checks the exact origin', () => {
    expect(headerFilterUrls(origins)).toEqual(['http://kiali.localhost/*', 'http://grafana.localhost/*', 'http://tracing.localhost/*', 'http://prometheus.localhost/*']);
  });
});

describe('paneBounds', () => {
  const window = { width: 1280, height: 800 };

  it('turns CSS pixels into window pixels with the zoom, as integers', () => {
    expect(paneBounds({ x: 240, y: 120, width: 800, height: 600 }, 1, window)).toEqual({ x: 240, y: 120, width: 800, height: 600 });
    expect(paneBounds({ x: 100, y: 50, width: 400, height: 300 }, 1.25, window)).toEqual({ x: 125, y: 63, width: 500, height: 375 });
    const bounds = paneBounds({ x: 10, y: 10, width: 333, height: 333 }, 1.1, window);
    for (const value of Object.values(bounds)) expect(Number.isInteger(value)).toBe(true);
  });

  it('lets two panes side by side meet without a gap or an overlap at any zoom', () => {
    for (const zoom of [0.9, 1, 1.1, 1.25, 1.5]) {
      const left = paneBounds({ x: 0, y: 0, width: 333, height: 100 }, zoom, window);
      const right = paneBounds({ x: 333, y: 0, width: 333, height: 100 }, zoom, window);
      expect(left.x + left.width, `zoom ${zoom}`).toBe(right.x);
    }
  });

  it('clips to the window and never goes negative', () => {
    expect(paneBounds({ x: -50, y: -20, width: 200, height: 100 }, 1, window)).toEqual({ x: 0, y: 0, width: 150, height: 80 });
    expect(paneBounds({ x: 1200, y: 700, width: 400, height: 400 }, 1, window)).toEqual({ x: 1200, y: 700, width: 80, height: 100 });
    expect(paneBounds({ x: 2000, y: 900, width: 10, height: 10 }, 1, window)).toEqual({ x: 1280, y: 800, width: 0, height: 0 });
    expect(paneBounds({ x: 10, y: 10, width: 100, height: 100 }, Number.NaN, window)).toEqual({ x: 10, y: 10, width: 100, height: 100 });
  });
});

describe('partitions', () => {
  it('gives each dashboard its own in-memory session', () => {
    expect(dashboardPartition('kiali')).toBe('dashboard-kiali');
    expect(dashboardPartition('kiali')).not.toMatch(/^persist:/);
    expect(new Set(['kiali', 'grafana', 'tracing', 'prometheus'].map(dashboardPartition)).size).toBe(4);
  });
});
