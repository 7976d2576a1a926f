import { describe, expect, it } from 'vitest';
import { createDataPlane, type AccessLogHook } from './data-plane.js';
import { bookinfoSnapshot, gateway, pod, reviewsWeights, service, virtualService } from './mesh-fixtures.js';
import type { MeshSnapshot } from './mesh-config.js';
import { seededRandom } from './weighted-pick.js';

function plane(snapshot: MeshSnapshot, onAccessLog?: AccessLogHook) {
  return createDataPlane({ snapshot: () => snapshot, random: seededRandom(9), onAccessLog, requestId: () => 'req-1' });
}

async function get(p: ReturnType<typeof plane>, path: string, headers: Record<string, string> = {}, authority = 'localhost:8080', method = 'GET', body?: string) {
  const res = await p.handleIngress({ method, path, authority, scheme: 'http', headers: { 'user-agent': 'curl/8', ...headers }, body: body ? Buffer.from(body) : undefined, remoteAddress: '127.0.0.1:50000', listenerPort: 8080 }, new AbortController().signal);
  return { ...res, text: String(res.body) };
}

const ratingsFault = (fault: Record<string, unknown>) => virtualService('default', 'ratings', {
  hosts: ['ratings'],
  http: [
    { match: [{ headers: { 'end-user': { exact: 'jason' } } }], fault, route: [{ destination: { host: 'ratings', subset: 'v1' } }] },
    { route: [{ destination: { host: 'ratings', subset: 'v1' } }] },
  ],
});

describe('Bookinfo through the data plane', () => {
  it('renders the page markers of each reviews version', async () => {
    const v1 = await get(plane(bookinfoSnapshot({ virtualServices: [reviewsWeights({ v1: 100 })] })), '/productpage');
    const v2 = await get(plane(bookinfoSnapshot({ virtualServices: [reviewsWeights({ v2: 100 })] })), '/productpage');
    const v3 = await get(plane(bookinfoSnapshot({ virtualServices: [reviewsWeights({ v3: 100 })] })), '/productpage');
    for (const page of [v1, v2, v3]) {
      expect(page.status).toBe(200);
      expect(page.text).toContain('The Comedy of Errors');
      expect(page.text).toContain('Start here');
      expect(page.text).toContain('PublisherA');
    }
    expect(v1.text).not.toContain('glyphicon glyphicon-star');
    expect(v1.text).not.toContain('flex gap-x-1');
    expect(v2.text).toContain('<div class="flex gap-x-1 text-black-500">');
    expect(v2.text.match(/<svg id="glyphicon glyphicon-star"/g)).toHaveLength(9);
    expect(v3.text).toContain('<div class="flex gap-x-1 text-red-500">');
    expect(v3.headers['server']).toBe('istio-envoy');
  });

  it('answers the JSON API with the reviews pod name and ratings', async () => {
    const p = plane(bookinfoSnapshot({ virtualServices: [reviewsWeights({ v2: 100 })] }));
    const reviews = JSON.parse((await get(p, '/api/v1/products/0/reviews')).text);
    expect(reviews).toMatchObject({ id: '0', podname: 'reviews-v2-9c8d7e6f5-eeeee', clustername: 'null' });
    expect(reviews.reviews[0]).toMatchObject({ reviewer: 'Reviewer1', rating: { stars: 5, color: 'black' } });
    expect(JSON.parse((await get(p, '/api/v1/products')).text)[0]).toMatchObject({ id: 0, title: 'The Comedy of Errors' });
    expect(JSON.parse((await get(p, '/api/v1/products/0')).text)).toMatchObject({ author: 'William Shakespeare', 'ISBN-10': '1234567890' });
    expect(JSON.parse((await get(p, '/api/v1/products/0/ratings')).text)).toEqual({ id: 0, ratings: { Reviewer1: 5, Reviewer2: 4 } });
    expect((await get(p, '/static/tailwind/tailwind.css')).status).toBe(200);
  });

  it('logs jason in with a session cookie and forwards end-user, so a ratings abort hits jason only', async () => {
    const p = plane(bookinfoSnapshot({ virtualServices: [reviewsWeights({ v2: 100 }), ratingsFault({ abort: { httpStatus: 500, percentage: { value: 100 } } })] }));
    const login = await get(p, '/login', { 'content-type': 'application/x-www-form-urlencoded' }, 'localhost', 'POST', 'username=jason&passwd=x');
    expect(login.status).toBe(302);
    expect(login.headers['location']).toBe('/productpage');
    const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0] as string;
    expect(cookie).toMatch(/^session=/);
    const jason = await get(p, '/productpage', { cookie });
    expect(jason.text).toContain('<p class="text-red-500">Ratings service is currently unavailable</p>');
    expect(jason.text).toContain('jason');
    const anonymous = await get(p, '/productpage');
    expect(anonymous.text).not.toContain('Ratings service is currently unavailable');
    expect(anonymous.text).toContain('text-black-500');
    const logout = await get(p, '/logout', { cookie });
    expect(String((logout.headers['set-cookie'] as string[])[0])).toMatch(/^session=;/);
  });

  it('reviews v3 gives up on a delayed ratings after 2.5 s (the fault-injection task)', async () => {
    const p = plane(bookinfoSnapshot({ virtualServices: [reviewsWeights({ v3: 100 }), ratingsFault({ delay: { fixedDelay: '3s', percentage: { value: 100 } } })] }));
    const started = Date.now();
    const api = JSON.parse((await get(p, '/api/v1/products/0/reviews', { cookie: `session=${Buffer.from('{"user":"jason"}').toString('base64url')}` })).text);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
    expect(Date.now() - started).toBeLessThan(2900);
    expect(api.reviews[0].rating).toEqual({ error: 'Ratings service is currently unavailable' });
  });

  it('header rules inside the mesh take effect (reviews test-v2)', async () => {
    const vs = virtualService('default', 'reviews', {
      hosts: ['reviews'],
      http: [{ match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] }, { route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
    });
    const p = plane(bookinfoSnapshot({ virtualServices: [vs] }));
    const jason = JSON.parse((await get(p, '/api/v1/products/0/reviews', { cookie: `session=${Buffer.from('{"user":"jason"}').toString('base64url')}` })).text);
    const other = JSON.parse((await get(p, '/api/v1/products/0/reviews')).text);
    expect(jason.podname).toMatch(/^reviews-v2-/);
    expect(other.podname).toMatch(/^reviews-v1-/);
  });

  it('answers 404 with an empty body for unknown hosts and 503 "no healthy upstream" without pods', async () => {
    const gw = gateway('default', 'bookinfo-gateway', ['bookinfo.local']);
    const base = bookinfoSnapshot();
    const p = plane({ ...base, gateways: [gw] });
    const unknown = await get(p, '/productpage', {}, 'other.local');
    expect(unknown).toMatchObject({ status: 404, text: '' });
    const empty = plane({ ...base, pods: base.pods.filter((x) => x.labels['app'] !== 'productpage') });
    expect(await get(empty, '/productpage')).toMatchObject({ status: 503, text: 'no healthy upstream' });
  });

  it('shows "reviews unavailable" when productpage cannot reach reviews (all reviews pods gone)', async () => {
    const base = bookinfoSnapshot();
    const p = plane({ ...base, pods: base.pods.filter((x) => x.labels['app'] !== 'reviews') });
    const page = await get(p, '/productpage');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sorry, product reviews are currently unavailable for this book.');
  });

  it('writes Envoy access-log lines for every istio-proxy involved', async () => {
    const lines: { pod: string; container: string; line: string }[] = [];
    const p = plane(bookinfoSnapshot({ virtualServices: [reviewsWeights({ v2: 100 })] }), (ref, container, line) => lines.push({ pod: ref.name, container, line }));
    await get(p, '/productpage');
    const byPod = (prefix: string) => lines.filter((l) => l.pod.startsWith(prefix)).map((l) => l.line);
    expect(lines.every((l) => l.container === 'istio-proxy')).toBe(true);
    const gw = byPod('istio-ingressgateway');
    expect(gw).toHaveLength(1);
    expect(gw[0]).toMatch(/^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] "GET \/productpage HTTP\/1.1" 200 - via_upstream - "-" 0 \d+ \d+ \d+ "127.0.0.1:50000" "curl\/8" "req-1" "localhost:8080" "10\.244\.0\.\d+:9080" outbound\|9080\|\|productpage.default.svc.cluster.local /);
    expect(byPod('productpage').some((l) => l.includes('inbound|9080||'))).toBe(true);
    expect(byPod('productpage').some((l) => l.includes('outbound|9080|v2|reviews.default.svc.cluster.local'))).toBe(true);
    expect(byPod('productpage').some((l) => l.includes('outbound|9080||details.default.svc.cluster.local'))).toBe(true);
    expect(byPod('reviews-v2').some((l) => l.includes('outbound|9080||ratings.default.svc.cluster.local'))).toBe(true);
    expect(byPod('ratings').some((l) => l.includes('"GET /ratings/0 HTTP/1.1" 200'))).toBe(true);
    expect(lines.every((l) => l.line.includes('"req-1"'))).toBe(true);
  });

  it('skips VirtualServices and logs for workloads without sidecars', async () => {
    const base = bookinfoSnapshot({ virtualServices: [reviewsWeights({ v3: 100 })] });
    const bare = base.pods.map((x) => (x.namespace === 'default' ? { ...x, hasSidecar: false } : x));
    const lines: string[] = [];
    const p = plane({ ...base, pods: bare }, (ref) => lines.push(ref.name));
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) seen.add(JSON.parse((await get(p, '/api/v1/products/0/reviews')).text).podname.slice(0, 10));
    expect([...seen].sort()).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(new Set(lines)).toEqual(new Set(['istio-ingressgateway-5d9c6c8b9-abcde']));
  });
});

describe('dashboard stand-ins', () => {
  function monitor(grafanaEnv: Record<string, string>, kialiRule: Record<string, unknown> = {}) {
    const gw = gateway('istio-system', 'monitor-gateway', ['*.localhost']);
    const vs = (name: string, host: string, port: number, extra: Record<string, unknown> = {}) =>
      virtualService('istio-system', name, { hosts: [`${name}.localhost`], gateways: ['monitor-gateway'], http: [{ route: [{ destination: { host, port: { number: port } } }], ...extra }] });
    return bookinfoSnapshot({
      gateways: [gw],
      virtualServices: [vs('grafana', 'grafana', 3000), vs('kiali', 'kiali', 20001, kialiRule), vs('tracing', 'tracing', 80), vs('prometheus', 'prometheus', 9090)],
      services: [
        service('istio-system', 'grafana', 3000, { 'app.kubernetes.io/name': 'grafana' }),
        service('istio-system', 'kiali', 20001, { 'app.kubernetes.io/name': 'kiali' }),
        service('istio-system', 'tracing', 80, { app: 'jaeger' }, 16686),
        service('istio-system', 'prometheus', 9090, { 'app.kubernetes.io/name': 'prometheus' }),
      ],
      pods: [
        pod('istio-system', 'grafana-6c5d8f9b7-aaaaa', { 'app.kubernetes.io/name': 'grafana' }, { sidecar: false, env: grafanaEnv }),
        pod('istio-system', 'kiali-7d6e9f0c8-bbbbb', { app: 'kiali', 'app.kubernetes.io/name': 'kiali' }, { sidecar: false }),
        pod('istio-system', 'jaeger-8e7f0a1d9-ccccc', { app: 'jaeger' }, { sidecar: false }),
        pod('istio-system', 'prometheus-9f8a1b2e0-ddddd', { 'app.kubernetes.io/name': 'prometheus' }, { sidecar: false }),
      ],
    });
  }

  it('Grafana refuses framing unless GF_SECURITY_ALLOW_EMBEDDING=true', async () => {
    const denied = await get(plane(monitor({})), '/', {}, 'grafana.localhost:8080');
    expect(denied.status).toBe(200);
    expect(denied.text).toContain('Grafana');
    expect(denied.headers['x-frame-options']).toBe('deny');
    const allowed = await get(plane(monitor({ GF_SECURITY_ALLOW_EMBEDDING: 'true' })), '/', {}, 'grafana.localhost:8080');
    expect(allowed.headers['x-frame-options']).toBeUndefined();
  });

  it('Kiali always sends X-Frame-Options: DENY, which headers.response.remove strips', async () => {
    const raw = await get(plane(monitor({})), '/kiali/', {}, 'kiali.localhost');
    expect(raw.headers['x-frame-options']).toBe('DENY');
    expect(raw.text).toContain('Kiali');
    const stripped = await get(plane(monitor({}, { headers: { response: { remove: ['X-Frame-Options'] } } })), '/kiali/', {}, 'kiali.localhost');
    expect(stripped.headers['x-frame-options']).toBeUndefined();
    expect((await get(plane(monitor({})), '/', {}, 'kiali.localhost')).headers['location']).toBe('/kiali/');
  });

  it('Jaeger lives under /jaeger; Prometheus has no stand-in: only a process bound to its pod port answers', async () => {
    const snapshot = monitor({});
    const p = plane(snapshot);
    const jaeger = await get(p, '/jaeger/search', {}, 'tracing.localhost');
    expect(jaeger.text).toContain('Jaeger');
    expect((await get(p, '/', {}, 'tracing.localhost')).status).toBe(404);
    const refused = await get(p, '/-/ready', {}, 'prometheus.localhost');
    expect(refused.status).toBe(503);
    const prometheusIP = snapshot.pods.find((x) => x.name.startsWith('prometheus'))?.podIP;
    const seen: string[] = [];
    const bound = createDataPlane({
      snapshot: () => snapshot, random: seededRandom(9), requestId: () => 'req-1',
      processAt: (ip, port) => (ip === prometheusIP && port === 9090 ? async (req) => (seen.push(`${req.method} ${req.path} ${req.headers['host']}`), { status: 302, headers: { location: '/classic/graph' }, body: Buffer.from('Found') }) : undefined),
    });
    const answer = await bound.handleIngress({ method: 'GET', path: '/', authority: 'prometheus.localhost', scheme: 'http', headers: { host: 'prometheus.localhost' }, remoteAddress: '127.0.0.1:50000', listenerPort: 8080 }, new AbortController().signal);
    expect(answer.status).toBe(302);
    expect(answer.headers['location']).toBe('/classic/graph');
    expect(seen).toEqual(['GET / prometheus.localhost']);
  });
});
