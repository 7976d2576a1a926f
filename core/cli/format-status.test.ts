import { describe, expect, it } from 'vitest';
import type { LabStatusInfo } from '../contract';
import { dashboardUrls } from '../gateways';
import { formatLabStatus } from './format-status';

const status: LabStatusInfo = {
  exists: true,
  name: 'meshdeck',
  context: 'kind-meshdeck',
  provider: 'kind',
  istioVersion: '1.30.5',
  istio: [{ name: 'istiod', namespace: 'istio-system', ready: 1, total: 1 }],
  bookinfo: [{ name: 'productpage-v1', namespace: 'default', ready: 1, total: 1, withSidecar: 1 }],
  addons: [{ name: 'grafana', namespace: 'istio-system', ready: 0, total: 1 }],
  urls: { bookinfo: 'http://127.0.0.1:9080/productpage', dashboards: dashboardUrls({ httpPort: 9080 }) },
};

describe('formatLabStatus', () => {
  it('lists each dashboard’s URL and how the monitor gateway exposes it', () => {
    const lines = formatLabStatus(status, false).split('\n');
    const at = (title: string) => lines.findIndex((line) => line.startsWith(title));
    expect(lines[at('Kiali')]).toBe('Kiali       http://kiali.localhost:9080/kiali/');
    expect(lines[at('Kiali') + 1]).toBe('            via monitor gateway kiali.localhost:9080 → kiali.istio-system:20001 (Host header routing, 127.0.0.1 only)');
    expect(lines[at('Grafana ') + 1]).toContain('grafana.localhost:9080 → grafana.istio-system:3000');
    expect(lines[at('Jaeger')]).toBe('Jaeger      http://tracing.localhost:9080/jaeger/');
    expect(lines[at('Jaeger') + 1]).toContain('tracing.localhost:9080 → tracing.istio-system:80');
    expect(lines[at('Prometheus')]).toBe('Prometheus  http://prometheus.localhost:9080/');
    expect(lines).toContain('  … grafana                0/1 ready');
  });

  it('says there is no lab instead of listing URLs that answer nothing', () => {
    expect(formatLabStatus({ ...status, exists: false, problem: { code: 'CLUSTER_NOT_FOUND', message: 'There is no lab yet.' } }, false)).toBe('No lab answers at kind cluster meshdeck (context kind-meshdeck).\nThere is no lab yet.');
  });
});
