import { describe, expect, it } from 'vitest';
import { createDataPlane } from './data-plane.js';
import { durationBuckets, ProxyStats, requestLabels } from './istio-stats.js';
import { bookinfoSnapshot, pod, reviewsWeights } from './mesh-fixtures.js';
import type { MeshSnapshot } from './mesh-config.js';
import { seededRandom } from './weighted-pick.js';

function plane(snapshot: MeshSnapshot) {
  return createDataPlane({ snapshot: () => snapshot, random: seededRandom(3), requestId: () => 'req-1' });
}

async function productpage(p: ReturnType<typeof plane>, path = '/productpage') {
  return p.handleIngress({ method: 'GET', path, authority: 'localhost:8080', scheme: 'http', headers: {}, remoteAddress: '127.0.0.1:50000', listenerPort: 8080 }, new AbortController().signal);
}

/** The series lines of one proxy's exposition, as label maps. */
function series(text: string, metric: string): Record<string, string>[] {
  return text.split('\n').filter((l) => l.startsWith(`${metric}{`)).map((l) => {
    const inner = l.slice(metric.length + 1, l.lastIndexOf('}'));
    return { ...Object.fromEntries([...inner.matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]])), value: l.slice(l.lastIndexOf(' ') + 1) };
  });
}

describe('Istio standard metrics in the data plane', () => {
  it('both sidecars of a call record it: reporter=source on the client, reporter=destination on the server, with the stats filter labels', async () => {
    const p = plane(bookinfoSnapshot({ virtualServices: [reviewsWeights({ v2: 100 })] }));
    expect((await productpage(p)).status).toBe(200);
    const client = series(p.metrics.of('default/productpage-v1-7c9f8d7b6-aaaaa').exposition(), 'istio_requests_total').find((s) => s['destination_service_name'] === 'reviews');
    expect(client).toEqual({
      reporter: 'source', source_workload: 'productpage-v1', source_canonical_service: 'productpage', source_canonical_revision: 'v1', source_workload_namespace: 'default',
      source_principal: 'spiffe://cluster.local/ns/default/sa/bookinfo-productpage', source_app: 'productpage', source_version: 'v1', source_cluster: 'Kubernetes',
      destination_workload: 'reviews-v2', destination_workload_namespace: 'default', destination_principal: 'spiffe://cluster.local/ns/default/sa/bookinfo-reviews',
      destination_app: 'reviews', destination_version: 'v2', destination_service: 'reviews.default.svc.cluster.local', destination_canonical_service: 'reviews',
      destination_canonical_revision: 'v2', destination_service_name: 'reviews', destination_service_namespace: 'default', destination_cluster: 'Kubernetes',
      request_protocol: 'http', response_code: '200', grpc_response_status: '', response_flags: '-', connection_security_policy: 'unknown', value: '1',
    });
    const server = series(p.metrics.of('default/reviews-v2-9c8d7e6f5-eeeee').exposition(), 'istio_requests_total');
    expect(server.find((s) => s['reporter'] === 'destination')).toMatchObject({ source_workload: 'productpage-v1', destination_workload: 'reviews-v2', destination_service: 'reviews.default.svc.cluster.local', connection_security_policy: 'mutual_tls', value: '1' });
    // reviews v2 calls ratings from its own sidecar.
    expect(server.find((s) => s['reporter'] === 'source')).toMatchObject({ source_workload: 'reviews-v2', destination_workload: 'ratings-v1', destination_service_name: 'ratings' });
  });

  it('the ingress gateway reports as source with its own workload, and unknown routes get the Host header and NR', async () => {
    const p = plane(bookinfoSnapshot({ virtualServices: [reviewsWeights({ v1: 100 })] }));
    await productpage(p);
    expect((await productpage(p, '/nothing-here')).status).toBe(404);
    const gw = series(p.metrics.of('istio-system/istio-ingressgateway-5d9c6c8b9-abcde').exposition(), 'istio_requests_total');
    expect(gw.find((s) => s['response_code'] === '200')).toMatchObject({ reporter: 'source', source_workload: 'istio-ingressgateway', source_workload_namespace: 'istio-system', source_principal: 'spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account', destination_workload: 'productpage-v1', destination_service_name: 'productpage' });
    expect(gw.find((s) => s['response_code'] === '404')).toMatchObject({ destination_workload: 'unknown', destination_service: 'localhost:8080', destination_service_name: 'localhost:8080', destination_canonical_revision: 'latest', response_flags: 'NR' });
    const productpageServer = series(p.metrics.of('default/productpage-v1-7c9f8d7b6-aaaaa').exposition(), 'istio_requests_total').find((s) => s['reporter'] === 'destination');
    expect(productpageServer).toMatchObject({ source_workload: 'istio-ingressgateway', source_app: 'istio-ingressgateway', connection_security_policy: 'mutual_tls' });
  });

  it('a caller without a sidecar sends plaintext: the server sees unknown source and connection_security_policy none', async () => {
    const curl = pod('default', 'curl-5b8d6c7f9-zzzzz', { app: 'curl' }, { sidecar: false });
    const snapshot = bookinfoSnapshot({ pods: [curl] });
    const p = plane(snapshot);
    await p.callFromPod(snapshot.pods.find((x) => x.name === curl.name) ?? curl, 'http://details:9080/details/0', {}, new AbortController().signal);
    const server = series(p.metrics.of('default/details-v1-6f8d7c9b5-bbbbb').exposition(), 'istio_requests_total');
    expect(server).toHaveLength(1);
    expect(server[0]).toMatchObject({ reporter: 'destination', source_workload: 'unknown', source_principal: 'unknown', source_canonical_revision: 'latest', connection_security_policy: 'none', destination_workload: 'details-v1' });
    expect(p.metrics.has('default/curl-5b8d6c7f9-zzzzz')).toBe(false);
  });

  it('the duration histogram uses Envoy default buckets, cumulative, with _sum and _count', () => {
    const stats = new ProxyStats();
    const self = { workload: 'a', namespace: 'n', canonicalService: 'a', canonicalRevision: 'v1', cluster: 'Kubernetes' };
    for (const durationMs of [0.2, 7, 7, 4000]) stats.record({ reporter: 'destination', self, authority: 'a:80', responseCode: 200, responseFlags: '-', durationMs });
    const text = stats.exposition();
    expect(text).toContain('# TYPE istio_requests_total counter\n');
    expect(text).toContain('# TYPE istio_request_duration_milliseconds histogram\n');
    const buckets = series(text, 'istio_request_duration_milliseconds_bucket');
    expect(buckets.map((b) => b['le'])).toEqual([...durationBuckets.map(String), '+Inf']);
    const at = (le: string) => buckets.find((b) => b['le'] === le)?.['value'];
    expect([at('0.5'), at('5'), at('10'), at('2500'), at('5000'), at('+Inf')]).toEqual(['1', '1', '3', '3', '4', '4']);
    expect(series(text, 'istio_request_duration_milliseconds_sum')[0]?.['value']).toBe('4014');
    expect(series(text, 'istio_request_duration_milliseconds_count')[0]?.['value']).toBe('4');
    expect(requestLabels({ reporter: 'source', self, authority: 'x', responseCode: 0, responseFlags: 'DC', durationMs: 1 }).map(([k]) => k)).toHaveLength(25);
  });
});
