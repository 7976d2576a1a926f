import { describe, expect, it } from 'vitest';
import { bookinfoSnapshot, virtualService } from './mesh-fixtures.js';
import { runRoute, type Upstream } from './proxy.js';
import { routeAtGateway, type RouteDecision } from './route-table.js';
import { ConnectionError, type WorkloadRequest } from './workload.js';
import { seededRandom } from './weighted-pick.js';

const ingress = { namespace: 'istio-system', labels: { istio: 'ingressgateway' } };

function decide(rule: Record<string, unknown>, path = '/x', removeReviews = false): Exclude<RouteDecision, { kind: 'unresolvable' }> {
  const vs = virtualService('default', 'r', { hosts: ['*'], gateways: ['bookinfo-gateway'], http: [{ route: [{ destination: { host: 'reviews' } }], ...rule }] });
  const base = bookinfoSnapshot();
  const snapshot = { ...base, virtualServices: [vs], pods: removeReviews ? base.pods.filter((p) => p.labels['app'] !== 'reviews') : base.pods };
  const d = routeAtGateway(snapshot, ingress, { method: 'GET', path, authority: 'h', scheme: 'http', headers: {} }, seededRandom(1));
  if (d.kind === 'unresolvable') throw new Error('unexpected');
  return d;
}

const req = (path = '/x', headers: Record<string, string> = {}) => ({ method: 'GET', path, authority: 'h', headers });
const ok: Upstream = async (endpoint) => ({ status: 200, headers: {}, body: endpoint.pod.name });
const signal = () => new AbortController().signal;
const deps = (upstream: Upstream) => ({ random: seededRandom(3), upstream, retryBackoffMs: 1 });

describe('runRoute', () => {
  it('forwards to an endpoint of the cluster', async () => {
    const out = await runRoute(decide({}), req(), deps(ok), signal());
    expect(out.response.status).toBe(200);
    expect(String(out.response.body)).toMatch(/^reviews-v\d-/);
    expect(out).toMatchObject({ details: 'via_upstream', flags: [], tries: 1, clusterName: 'outbound|9080||reviews.default.svc.cluster.local' });
  });

  it('answers 404 with an empty body for no route', async () => {
    const out = await runRoute({ kind: 'no-route' }, req(), deps(ok), signal());
    expect(out.response).toMatchObject({ status: 404, body: '' });
    expect(out.flags).toEqual(['NR']);
  });

  it('aborts with the fault status and "fault filter abort"', async () => {
    let called = false;
    const out = await runRoute(decide({ fault: { abort: { httpStatus: 500, percentage: { value: 100 } } } }), req(), deps(async (e) => ((called = true), ok(e, req(), signal()))), signal());
    expect(out.response).toMatchObject({ status: 500, body: 'fault filter abort' });
    expect(out.flags).toEqual(['FI']);
    expect(called).toBe(false);
  });

  it('delays before forwarding', async () => {
    const started = Date.now();
    const out = await runRoute(decide({ fault: { delay: { fixedDelay: '0.12s', percentage: { value: 100 } } } }), req(), deps(ok), signal());
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(out.response.status).toBe(200);
    expect(out.flags).toEqual(['DI']);
  });

  it('answers 503 "no healthy upstream" when the cluster has no ready endpoint', async () => {
    const out = await runRoute(decide({}, '/x', true), req(), deps(ok), signal());
    expect(out.response).toMatchObject({ status: 503, body: 'no healthy upstream' });
    expect(out.flags).toEqual(['UH']);
  });

  it('answers 503 with an empty body when the cluster does not exist', async () => {
    const out = await runRoute(decide({ route: [{ destination: { host: 'reviews', subset: 'v9' } }] }), req(), deps(ok), signal());
    expect(out.response).toMatchObject({ status: 503, body: '' });
    expect(out.flags).toEqual(['NC']);
  });

  it('times out with 504 "upstream request timeout" and resets the upstream', async () => {
    let upstreamAborted = false;
    const slow: Upstream = (_e, _r, s) => new Promise((resolve) => {
      const t = setTimeout(() => resolve({ status: 200, headers: {}, body: 'late' }), 1000);
      s.addEventListener('abort', () => ((upstreamAborted = true), clearTimeout(t)));
    });
    const started = Date.now();
    const out = await runRoute(decide({ timeout: '0.1s', retries: { attempts: 0 } }), req(), deps(slow), signal());
    expect(Date.now() - started).toBeLessThan(500);
    expect(out.response).toMatchObject({ status: 504, body: 'upstream request timeout' });
    expect(out.flags).toEqual(['UT']);
    expect(upstreamAborted).toBe(true);
  });

  it('retries 503 by default on other hosts, up to 2 retries', async () => {
    const seen: string[] = [];
    const flaky: Upstream = async (e) => (seen.push(e.pod.name), seen.length < 3 ? { status: 503, headers: {}, body: 'busy' } : { status: 200, headers: {}, body: 'ok' });
    const out = await runRoute(decide({}), req(), deps(flaky), signal());
    expect(out.response.status).toBe(200);
    expect(out.tries).toBe(3);
    expect(new Set(seen).size).toBe(3);
  });

  it('does not retry a 500 by default', async () => {
    let calls = 0;
    const out = await runRoute(decide({}), req(), deps(async () => (calls++, { status: 500, headers: {}, body: '' })), signal());
    expect(out.response.status).toBe(500);
    expect(calls).toBe(1);
  });

  it('retries 5xx when asked and flags URX when retries run out', async () => {
    let calls = 0;
    const out = await runRoute(decide({ retries: { attempts: 2, retryOn: '5xx' } }), req(), deps(async () => (calls++, { status: 500, headers: {}, body: '' })), signal());
    expect(calls).toBe(3);
    expect(out.flags).toEqual(['URX']);
  });

  it('retries after a per-try timeout, then gives 504', async () => {
    let calls = 0;
    const hang: Upstream = (_e, _r, s) => new Promise((_resolve, reject) => (calls++, s.addEventListener('abort', () => reject(new Error('reset')))));
    const out = await runRoute(decide({ retries: { attempts: 1, perTryTimeout: '30ms', retryOn: '5xx' } }), req(), deps(hang), signal());
    expect(calls).toBe(2);
    expect(out.response.status).toBe(504);
    expect(out.flags).toEqual(['UT', 'URX']);
  });

  it('answers 503 on a reset and on a connection failure (which the default policy retries)', async () => {
    const out = await runRoute(decide({ retries: { attempts: 0 } }), req(), deps(async () => Promise.reject(new Error('boom'))), signal());
    expect(out.response.status).toBe(503);
    expect(out.flags).toEqual(['UC']);
    let calls = 0;
    const refused = await runRoute(decide({}), req(), deps(async () => (calls++, Promise.reject(new ConnectionError('refused')))), signal());
    expect(refused.response.status).toBe(503);
    expect(calls).toBe(3);
  });

  it('applies request and response header operations (route, then destination)', async () => {
    let got: WorkloadRequest | undefined;
    const echo: Upstream = async (_e, r) => ((got = r), { status: 200, headers: { 'x-frame-options': 'DENY', server: 'kiali' }, body: '' });
    const rule = {
      headers: { request: { set: { 'x-a': '1' }, remove: ['x-gone'] }, response: { remove: ['x-frame-options'], add: { 'x-added': 'yes' } } },
      route: [{ destination: { host: 'reviews' }, headers: { request: { add: { 'x-a': '2' } } } }],
    };
    const out = await runRoute(decide(rule), req('/x', { 'x-gone': 'bye', keep: 'me' }), deps(echo), signal());
    expect(got?.headers).toMatchObject({ 'x-a': '1, 2', keep: 'me' });
    expect(got?.headers['x-gone']).toBeUndefined();
    expect(out.response.headers).toEqual({ server: 'kiali', 'x-added': 'yes' });
  });

  it('rewrites the matched uri prefix', async () => {
    let got: WorkloadRequest | undefined;
    const echo: Upstream = async (_e, r) => ((got = r), { status: 200, headers: {}, body: '' });
    await runRoute(decide({ match: [{ uri: { prefix: '/old' } }], rewrite: { uri: '/new' } }, '/old/a?b=1'), req('/old/a?b=1'), deps(echo), signal());
    expect(got?.path).toBe('/new/a?b=1');
    expect(got?.headers['x-envoy-original-path']).toBe('/old/a?b=1');
  });

  it('returns direct responses and redirects without an upstream', async () => {
    const out = await runRoute(decide({ directResponse: { status: 418, body: { string: 'teapot' } } }), req(), deps(ok), signal());
    expect(out.response).toMatchObject({ status: 418, body: 'teapot' });
    const moved = await runRoute(decide({ redirect: { uri: '/elsewhere' } }), req(), deps(ok), signal());
    expect(moved.response).toMatchObject({ status: 301, headers: { location: '/elsewhere' } });
  });
});
