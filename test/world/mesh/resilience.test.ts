// DestinationRule connectionPool and outlierDetection as the world's client proxies enforce
// them: the circuit breaker's queue and overflow (503, x-envoy-overloaded, flag UO, also in
// istio_requests_total), the circuit-breaking task's thresholds under concurrent load, and
// outlier ejection (a pod answering 5xx leaves the split for baseEjectionTime × ejections,
// within maxEjectionPercent).
import { describe, expect, it } from 'vitest';
import { ConnectionPool, poolLimits } from './connection-pool.js';
import { lookupCluster } from './endpoints.js';
import { destinationRuleFrom } from './mesh-config.js';
import { createDataPlane } from './data-plane.js';
import type { Endpoint } from './endpoints.js';
import { bookinfoSnapshot, destinationRule, pod, service } from './mesh-fixtures.js';
import type { DestinationRule, MeshSnapshot, TrafficPolicy } from './mesh-config.js';
import { OutlierDetector, outlierSettings } from './outlier-detection.js';
import { defaultCatalog } from './workload-catalog.js';
import { json, type WorkloadCatalog } from './workload.js';
import { seededRandom } from './weighted-pick.js';

// samples/httpbin/sample-client/fortio-deploy.yaml's client against the task's DestinationRule.
const taskPolicy: TrafficPolicy = {
  connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
  outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 },
};

function withPolicy(host: string, trafficPolicy: TrafficPolicy, versions: string[] = []): DestinationRule {
  return { ...destinationRule('default', `${host}-cb`, host, versions), creationTimestamp: '2000-01-01T00:00:00Z', trafficPolicy };
}

const fortio = pod('default', 'fortio-deploy-7b8c9d6f5-aaaaa', { app: 'fortio' }, { serviceAccount: 'default' });
const slowHttpbin: WorkloadCatalog = (p) => (p.labels['app'] === 'httpbin' ? async () => {
  await new Promise((r) => setTimeout(r, 2));
  return json(200, { ok: true });
} : defaultCatalog()(p));

function httpbinWorld(trafficPolicy: TrafficPolicy, lines: string[] = []) {
  const base = bookinfoSnapshot({ pods: [fortio, pod('default', 'httpbin-6d8f7c9b5-aaaaa', { app: 'httpbin', version: 'v1' }, { serviceAccount: 'httpbin' })], services: [service('default', 'httpbin', 8000, { app: 'httpbin' }, 9080)] });
  const snapshot: MeshSnapshot = { ...base, destinationRules: [...base.destinationRules, withPolicy('httpbin', trafficPolicy)] };
  const plane = createDataPlane({ snapshot: () => snapshot, random: seededRandom(5), catalog: slowHttpbin, onAccessLog: (p, _c, line) => lines.push(`${p.name} ${line}`) });
  return { plane, call: () => plane.sendFromPod(fortio, { method: 'GET', url: 'http://httpbin:8000/get', headers: {} }, new AbortController().signal) };
}

/** fortio's -c N -n total: N connections, each sending its next request as soon as the last answered (its app→sidecar hop and bookkeeping: about 1 ms). */
async function load(call: () => Promise<{ kind: string; status?: number; headers?: Record<string, unknown> }>, connections: number, total: number) {
  const codes: number[] = [];
  const overloaded: unknown[] = [];
  let left = total;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (left-- > 0) {
      await new Promise((r) => setTimeout(r, 1));
      const answer = await call();
      codes.push(answer.status ?? 0);
      if (answer.status === 503) overloaded.push(answer.headers?.['x-envoy-overloaded']);
    }
  }));
  return { codes, overloaded };
}

describe('circuit breaker (connectionPool)', () => {
  it('reads the thresholds Istio sets; none at all means no breaker', () => {
    expect(poolLimits(taskPolicy)).toEqual({ maxConnections: 1, maxPending: 1, maxRequests: Infinity, maxRequestsPerConnection: 1 });
    expect(poolLimits({})).toBeUndefined();
  });

  it('queues up to max_pending beyond max_connections, then overflows', async () => {
    const pool = new ConnectionPool({ maxConnections: 1, maxPending: 1, maxRequests: Infinity, maxRequestsPerConnection: Infinity });
    const signal = new AbortController().signal;
    const first = await pool.acquire(signal);
    const queued = pool.acquire(signal);
    expect(await pool.acquire(signal)).toBe('overflow');
    expect(pool.stats()).toEqual({ connections: 1, active: 1, pending: 1 });
    if (first !== 'overflow') first.release();
    expect(await queued).not.toBe('overflow');
  });

  it("the circuit-breaking task: one connection never overflows, three concurrent ones get 503 x-envoy-overloaded with flag UO", async () => {
    const single = httpbinWorld(taskPolicy);
    expect((await load(single.call, 1, 10)).codes.every((c) => c === 200)).toBe(true);
    const lines: string[] = [];
    const { plane, call } = httpbinWorld(taskPolicy, lines);
    const { codes, overloaded } = await load(call, 3, 30);
    expect(lines.filter((l) => l.startsWith('fortio')).some((l) => / 503 UO upstream_reset_before_response_started\{overflow\} /.test(l))).toBe(true);
    const errors = codes.filter((c) => c === 503).length;
    console.info(`fortio -c 3 -n 30: ${codes.length - errors} × 200, ${errors} × 503`);
    expect(errors).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThan(0);
    expect(overloaded.every((h) => h === 'true')).toBe(true);
    expect(plane.metrics.of(`default/${fortio.name}`).exposition()).toMatch(/istio_requests_total\{[^}]*response_code="503"[^}]*response_flags="UO"/);
  });

  it('without the DestinationRule the same load all succeeds', async () => {
    const { call } = httpbinWorld({});
    expect((await load(call, 3, 30)).codes.every((c) => c === 200)).toBe(true);
  });
});

describe("a cluster's traffic policy", () => {
  it("is the DestinationRule's, with a subset's fields replacing the rule's (MergeTrafficPolicy)", () => {
    const dr = destinationRuleFrom({
      metadata: { namespace: 'default', name: 'reviews', creationTimestamp: '2000-01-01T00:00:00Z' },
      spec: { host: 'reviews', trafficPolicy: { connectionPool: { tcp: { maxConnections: 5 } }, tls: { mode: 'ISTIO_MUTUAL' } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } } }] },
    });
    const snapshot = { ...bookinfoSnapshot(), destinationRules: [dr] };
    const policyOf = (subset?: string) => {
      const found = lookupCluster(snapshot, 'reviews.default.svc.cluster.local', { callerPort: 9080, clientNamespace: 'default', ...(subset ? { subset } : {}) });
      return found.ok ? found.cluster.trafficPolicy : undefined;
    };
    expect(policyOf()).toEqual({ connectionPool: { tcp: { maxConnections: 5 } }, tls: { mode: 'ISTIO_MUTUAL' } });
    expect(policyOf('v1')).toEqual(policyOf());
    expect(policyOf('v2')).toEqual({ connectionPool: { http: { http1MaxPendingRequests: 1 } }, tls: { mode: 'ISTIO_MUTUAL' } });
  });
});

describe('outlier detection', () => {
  const endpoints = ['a', 'b', 'c'].map((n): Endpoint => ({ pod: pod('default', `reviews-${n}`, { app: 'reviews' }), port: 9080 }));

  it('ejects after consecutive 5xx for baseEjectionTime × ejections, back at the next interval tick', () => {
    let now = 0;
    const detector = new OutlierDetector(outlierSettings({ outlierDetection: { consecutive5xxErrors: 2, interval: '1s', baseEjectionTime: '10s', maxEjectionPercent: 100 } }) as never, () => now);
    const [a] = endpoints as [Endpoint];
    detector.report(a, { status: 500 }, endpoints);
    detector.report(a, { status: 200 }, endpoints);
    detector.report(a, { status: 500 }, endpoints);
    expect(detector.healthy(endpoints)).toHaveLength(3);
    now = 500;
    detector.report(a, 'local-failure', endpoints);
    expect(detector.healthy(endpoints).map((e) => e.pod.name)).toEqual(['reviews-b', 'reviews-c']);
    // Ejected until 10.5 s; the 11 s tick lets it back.
    now = 10_700;
    expect(detector.healthy(endpoints)).toHaveLength(2);
    now = 11_000;
    expect(detector.healthy(endpoints)).toHaveLength(3);
    // The second ejection lasts twice as long: until 31 s.
    detector.report(a, { status: 503 }, endpoints);
    detector.report(a, { status: 503 }, endpoints);
    now = 30_999;
    expect(detector.healthy(endpoints)).toHaveLength(2);
    now = 31_000;
    expect(detector.healthy(endpoints)).toHaveLength(3);
  });

  it('ejects no more than maxEjectionPercent of the hosts, but always one (Istio default 10 %)', () => {
    const detector = new OutlierDetector(outlierSettings({ outlierDetection: { consecutive5xxErrors: 1 } }) as never, () => 0);
    for (const e of endpoints) detector.report(e, { status: 500 }, endpoints);
    expect(detector.healthy(endpoints)).toHaveLength(2);
  });

  it('takes a failing reviews pod out of the split the productpage sidecar sees', async () => {
    const failing: WorkloadCatalog = (p) => (p.labels['version'] === 'v2' ? async () => json(500, { error: 'broken' }) : defaultCatalog()(p));
    const base = bookinfoSnapshot();
    const rule = { outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 50 } };
    const snapshot: MeshSnapshot = { ...base, destinationRules: [...base.destinationRules, withPolicy('reviews', rule)] };
    const plane = createDataPlane({ snapshot: () => snapshot, random: seededRandom(11), catalog: failing });
    const productpage = snapshot.pods.find((p) => p.labels['app'] === 'productpage') ?? fortio;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await plane.callFromPod(productpage, 'http://reviews:9080/reviews/0', {}, new AbortController().signal)).status);
    const served = plane.stats().byPod;
    const v2 = Object.entries(served).find(([k]) => k.includes('reviews-v2'))?.[1] ?? 0;
    // One 500 ejects v2 (its retry on 503 does not apply to 500); every later call goes to v1 or v3.
    expect(v2).toBe(1);
    expect(statuses.filter((s) => s === 500)).toHaveLength(1);
  });
});
