import { describe, expect, it } from 'vitest';
import { bookinfoSnapshot, destinationRule, gateway, pod, reviewsWeights, service, virtualService } from './mesh-fixtures.js';
import type { MeshSnapshot, Pod } from './mesh-config.js';
import type { MeshRequest } from './request-match.js';
import { routeAtGateway, routeFromPod, type RouteDecision, type RoutedDecision } from './route-table.js';
import { seededRandom } from './weighted-pick.js';

const ingress = { namespace: 'istio-system', labels: { istio: 'ingressgateway', app: 'istio-ingressgateway' } };

function request(path: string, authority = 'localhost:8080', headers: Record<string, string> = {}, method = 'GET'): MeshRequest {
  return { method, path, authority, scheme: 'http', headers };
}

function routed(decision: RouteDecision): RoutedDecision {
  if (decision.kind !== 'route') throw new Error(`expected a route, got ${decision.kind}`);
  return decision;
}

function clusterName(decision: RouteDecision): string {
  const r = routed(decision);
  if (!r.cluster.ok) throw new Error(`cluster lookup failed: ${r.cluster.reason}`);
  return r.cluster.cluster.name;
}

function productpagePod(snapshot: MeshSnapshot): Pod {
  return snapshot.pods.find((p) => p.labels['app'] === 'productpage') as Pod;
}

describe('routing at the ingress gateway', () => {
  const snapshot = bookinfoSnapshot();
  const random = seededRandom(1);

  it('routes the bookinfo gateway matches to productpage', () => {
    for (const path of ['/productpage', '/productpage?u=normal', '/static/tailwind/tailwind.css', '/login', '/logout', '/api/v1/products', '/api/v1/products/0/reviews']) {
      expect(clusterName(routeAtGateway(snapshot, ingress, request(path), random)), path).toBe('outbound|9080||productpage.default.svc.cluster.local');
    }
  });

  it('answers no-route for paths no rule matches (exact means exact)', () => {
    for (const path of ['/', '/productpage/x', '/login/again', '/api/v1', '/health']) {
      expect(routeAtGateway(snapshot, ingress, request(path), random).kind, path).toBe('no-route');
    }
  });

  it('ignores Gateways whose selector does not match the gateway pods', () => {
    const other = { ...snapshot, gateways: [gateway('default', 'bookinfo-gateway', ['*'], { istio: 'egressgateway' })] };
    expect(routeAtGateway(other, ingress, request('/productpage'), random).kind).toBe('no-route');
  });

  it('ignores VirtualServices bound to another gateway or only to the mesh', () => {
    const vs = virtualService('default', 'bookinfo', { hosts: ['*'], gateways: ['other-gateway'], http: [{ route: [{ destination: { host: 'productpage' } }] }] });
    const mesh = virtualService('default', 'bookinfo', { hosts: ['*'], http: [{ route: [{ destination: { host: 'productpage' } }] }] });
    expect(routeAtGateway({ ...snapshot, virtualServices: [vs] }, ingress, request('/productpage'), random).kind).toBe('no-route');
    expect(routeAtGateway({ ...snapshot, virtualServices: [mesh] }, ingress, request('/productpage'), random).kind).toBe('no-route');
  });

  it('resolves `ns/name` gateway references and short destination hosts in the VirtualService namespace', () => {
    const monitor = gateway('istio-system', 'monitor-gateway', ['*.localhost']);
    const vs = virtualService('istio-system', 'grafana', { hosts: ['grafana.localhost'], gateways: ['istio-system/monitor-gateway'], http: [{ route: [{ destination: { host: 'grafana', port: { number: 3000 } } }] }] });
    const s = { ...snapshot, gateways: [...snapshot.gateways, monitor], virtualServices: [...snapshot.virtualServices, vs], services: [...snapshot.services, service('istio-system', 'grafana', 3000, { 'app.kubernetes.io/name': 'grafana' })] };
    expect(clusterName(routeAtGateway(s, ingress, request('/', 'grafana.localhost:8080'), random))).toBe('outbound|3000||grafana.istio-system.svc.cluster.local');
    // The exact host beats bookinfo's `*`, so bookinfo paths do not leak onto grafana's host.
    expect(clusterName(routeAtGateway(s, ingress, request('/productpage', 'grafana.localhost'), random))).toBe('outbound|3000||grafana.istio-system.svc.cluster.local');
    expect(clusterName(routeAtGateway(s, ingress, request('/productpage', 'localhost'), random))).toBe('outbound|9080||productpage.default.svc.cluster.local');
  });

  it('matches wildcard hosts by suffix and case-insensitively, ignoring the port', () => {
    const gw = gateway('default', 'wild', ['*.localhost']);
    const vs = virtualService('default', 'wild', { hosts: ['*.localhost'], gateways: ['wild'], http: [{ route: [{ destination: { host: 'details' } }] }] });
    const s = { ...snapshot, gateways: [gw], virtualServices: [vs] };
    expect(routeAtGateway(s, ingress, request('/', 'Kiali.LOCALHOST:8080'), random).kind).toBe('route');
    expect(routeAtGateway(s, ingress, request('/', 'a.b.localhost'), random).kind).toBe('route');
    expect(routeAtGateway(s, ingress, request('/', 'localhost'), random).kind).toBe('no-route');
    expect(routeAtGateway(s, ingress, request('/', 'example.com'), random).kind).toBe('no-route');
  });

  it('requires the request host to be admitted by a server host of the gateway', () => {
    const gw = gateway('default', 'bookinfo-gateway', ['bookinfo.local']);
    const s = { ...snapshot, gateways: [gw] };
    expect(routeAtGateway(s, ingress, request('/productpage', 'bookinfo.local'), random).kind).toBe('route');
    expect(routeAtGateway(s, ingress, request('/productpage', 'other.local'), random).kind).toBe('no-route');
  });

  it('honours `namespace/host` server hosts', () => {
    const gw = gateway('istio-system', 'shared', ['istio-system/*']);
    const inSystem = virtualService('istio-system', 'a', { hosts: ['a.localhost'], gateways: ['istio-system/shared'], http: [{ directResponse: { status: 200, body: { string: 'a' } } }] });
    const elsewhere = virtualService('default', 'b', { hosts: ['b.localhost'], gateways: ['istio-system/shared'], http: [{ directResponse: { status: 200, body: { string: 'b' } } }] });
    const s = { ...snapshot, gateways: [gw], virtualServices: [inSystem, elsewhere] };
    expect(routeAtGateway(s, ingress, request('/', 'a.localhost'), random).kind).toBe('direct');
    expect(routeAtGateway(s, ingress, request('/', 'b.localhost'), random).kind).toBe('no-route');
  });

  it('merges gateway VirtualServices that share a host, oldest first', () => {
    const first = virtualService('default', 'first', { hosts: ['*'], gateways: ['bookinfo-gateway'], http: [{ match: [{ uri: { prefix: '/a' } }], directResponse: { status: 201 } }] });
    const second = virtualService('default', 'second', { hosts: ['*'], gateways: ['bookinfo-gateway'], http: [{ match: [{ uri: { prefix: '/a' } }], directResponse: { status: 202 } }, { match: [{ uri: { prefix: '/b' } }], directResponse: { status: 203 } }] });
    const s = { ...snapshot, virtualServices: [second, first] };
    const a = routeAtGateway(s, ingress, request('/a'), random);
    const b = routeAtGateway(s, ingress, request('/b'), random);
    expect(a.kind === 'direct' && a.status).toBe(201);
    expect(b.kind === 'direct' && b.status).toBe(203);
  });
});

describe('http match conditions', () => {
  const base = bookinfoSnapshot();
  const random = seededRandom(2);
  function withRules(http: unknown[]): MeshSnapshot {
    return { ...base, virtualServices: [virtualService('default', 'm', { hosts: ['*'], gateways: ['bookinfo-gateway'], http })] };
  }
  function status(s: MeshSnapshot, req: MeshRequest): number | string {
    const d = routeAtGateway(s, ingress, req, random);
    return d.kind === 'direct' ? d.status : d.kind;
  }
  const rule = (match: unknown, code: number) => ({ match: [match], directResponse: { status: code } });

  it('uri exact ignores the query string; prefix and regex behave like Envoy', () => {
    const s = withRules([rule({ uri: { exact: '/x' } }, 201), rule({ uri: { regex: '/r/[0-9]+' } }, 202), rule({ uri: { prefix: '/p' } }, 203)]);
    expect(status(s, request('/x?y=1'))).toBe(201);
    expect(status(s, request('/r/42?q'))).toBe(202);
    expect(status(s, request('/r/42x'))).toBe('no-route');
    expect(status(s, request('/pxyz'))).toBe(203);
    expect(status(s, request('/X'))).toBe('no-route');
  });

  it('ignoreUriCase', () => {
    const s = withRules([{ match: [{ uri: { exact: '/Upper' }, ignoreUriCase: true }], directResponse: { status: 201 } }]);
    expect(status(s, request('/upper'))).toBe(201);
  });

  it('headers exact/prefix/regex, presence and withoutHeaders', () => {
    const s = withRules([
      rule({ headers: { 'end-user': { exact: 'jason' } } }, 201),
      rule({ headers: { 'x-team': { prefix: 'blue' } } }, 202),
      rule({ headers: { 'user-agent': { regex: '.*Chrome.*' } } }, 203),
      rule({ headers: { 'x-present': {} } }, 204),
      rule({ withoutHeaders: { 'x-absent': {} }, uri: { exact: '/w' } }, 205),
    ]);
    expect(status(s, request('/', 'h', { 'end-user': 'jason' }))).toBe(201);
    expect(status(s, request('/', 'h', { 'end-user': 'Jason' }))).toBe('no-route');
    expect(status(s, request('/', 'h', { 'x-team': 'blue-green' }))).toBe(202);
    expect(status(s, request('/', 'h', { 'user-agent': 'Mozilla Chrome/124' }))).toBe(203);
    expect(status(s, request('/', 'h', { 'x-present': '' }))).toBe(204);
    expect(status(s, request('/w', 'h'))).toBe(205);
    expect(status(s, request('/w', 'h', { 'x-absent': '1' }))).toBe('no-route');
  });

  it('ANDs conditions inside one match entry and ORs the entries', () => {
    const s = withRules([{ match: [{ uri: { prefix: '/a' }, method: { exact: 'POST' } }, { authority: { exact: 'special.local' } }], directResponse: { status: 201 } }]);
    expect(status(s, request('/a', 'h', {}, 'POST'))).toBe(201);
    expect(status(s, request('/a', 'h', {}, 'GET'))).toBe('no-route');
    expect(status(s, request('/zzz', 'special.local'))).toBe(201);
  });

  it('queryParams exact and regex', () => {
    const s = withRules([rule({ queryParams: { u: { exact: 'test' } } }, 201), rule({ queryParams: { id: { regex: '\\d+' } } }, 202)]);
    expect(status(s, request('/productpage?u=test'))).toBe(201);
    expect(status(s, request('/productpage?u=normal'))).toBe('no-route');
    expect(status(s, request('/p?id=12'))).toBe(202);
  });

  it('first matching rule wins, in order', () => {
    const s = withRules([rule({ uri: { prefix: '/' } }, 201), rule({ uri: { exact: '/exact' } }, 202)]);
    expect(status(s, request('/exact'))).toBe(201);
    const t = withRules([rule({ uri: { exact: '/exact' } }, 202), rule({ uri: { prefix: '/' } }, 201)]);
    expect(status(t, request('/exact'))).toBe(202);
  });

  it('an invalid regex never matches', () => {
    const s = withRules([rule({ uri: { regex: '([' } }, 201)]);
    expect(status(s, request('(['))).toBe('no-route');
  });
});

describe('weighted routes and subsets', () => {
  it('splits by weight with a seeded random source, exactly repeatable', () => {
    const s = bookinfoSnapshot({ virtualServices: [reviewsWeights({ v1: 80, v2: 20 })] });
    const from = productpagePod(s);
    const pick = (seed: number) => {
      const random = seededRandom(seed);
      const counts: Record<string, number> = {};
      for (let i = 0; i < 10_000; i++) {
        const name = clusterName(routeFromPod(s, from, request('/reviews/0', 'reviews:9080'), random));
        counts[name] = (counts[name] ?? 0) + 1;
      }
      return counts;
    };
    const counts = pick(42);
    expect(counts).toEqual(pick(42));
    const v1 = counts['outbound|9080|v1|reviews.default.svc.cluster.local'] ?? 0;
    expect(v1 / 10_000).toBeGreaterThan(0.78);
    expect(v1 / 10_000).toBeLessThan(0.82);
    expect(Object.keys(counts).sort()).toEqual(['outbound|9080|v1|reviews.default.svc.cluster.local', 'outbound|9080|v2|reviews.default.svc.cluster.local']);
  });

  it('never picks a zero weight and sends everything to a lone destination', () => {
    const s = bookinfoSnapshot({ virtualServices: [reviewsWeights({ v1: 0, v3: 100 })] });
    const random = seededRandom(3);
    for (let i = 0; i < 500; i++) expect(clusterName(routeFromPod(s, productpagePod(s), request('/reviews/0', 'reviews:9080'), random))).toContain('|v3|');
  });

  it('resolves a subset to the ready pods carrying its labels', () => {
    const s = bookinfoSnapshot({
      virtualServices: [reviewsWeights({ v2: 100 })],
      pods: [pod('default', 'reviews-v2-notready', { app: 'reviews', version: 'v2' }, { ready: false }), pod('default', 'reviews-v2-going', { app: 'reviews', version: 'v2' }, { deleting: true }), pod('default', 'reviews-v2-second', { app: 'reviews', version: 'v2' })],
    });
    const d = routed(routeFromPod(s, productpagePod(s), request('/reviews/0', 'reviews:9080'), seededRandom(1)));
    expect(d.cluster.ok && d.cluster.cluster.endpoints.map((e) => e.pod.name)).toEqual(['reviews-v2-9c8d7e6f5-eeeee', 'reviews-v2-second']);
  });

  it('an undefined subset is "cluster not found"; a subset without ready pods has no endpoints', () => {
    const noSubset = bookinfoSnapshot({ virtualServices: [reviewsWeights({ v9: 100 })] });
    const d = routed(routeFromPod(noSubset, productpagePod(noSubset), request('/reviews/0', 'reviews:9080'), seededRandom(1)));
    expect(d.cluster).toEqual({ ok: false, reason: 'unknown-subset' });
    const base = bookinfoSnapshot({ virtualServices: [reviewsWeights({ v3: 100 })] });
    const noPods = { ...base, pods: base.pods.filter((p) => p.labels['version'] !== 'v3') };
    const e = routed(routeFromPod(noPods, productpagePod(noPods), request('/reviews/0', 'reviews:9080'), seededRandom(1)));
    expect(e.cluster.ok && e.cluster.cluster.endpoints).toEqual([]);
  });

  it('accepts FQDN destination hosts and DestinationRule hosts', () => {
    const vs = virtualService('default', 'reviews', { hosts: ['reviews.default.svc.cluster.local'], http: [{ route: [{ destination: { host: 'reviews.default.svc.cluster.local', subset: 'v2', port: { number: 9080 } } }] }] });
    const dr = destinationRule('default', 'reviews-fqdn', 'reviews.default.svc.cluster.local', ['v2']);
    const base = bookinfoSnapshot({ virtualServices: [vs] });
    const s = { ...base, destinationRules: [dr] };
    expect(clusterName(routeFromPod(s, productpagePod(s), request('/reviews/0', 'reviews:9080'), seededRandom(1)))).toBe('outbound|9080|v2|reviews.default.svc.cluster.local');
  });

  it('a destination port the Service lacks is "cluster not found"', () => {
    const vs = virtualService('default', 'reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', port: { number: 1234 } } }] }] });
    const s = bookinfoSnapshot({ virtualServices: [vs] });
    expect(routed(routeFromPod(s, productpagePod(s), request('/reviews/0', 'reviews:9080'), seededRandom(1))).cluster).toEqual({ ok: false, reason: 'unknown-port' });
  });
});

describe('mesh-internal routing from a pod', () => {
  it('uses the default route (all reviews pods) without a VirtualService', () => {
    const s = bookinfoSnapshot();
    const d = routed(routeFromPod(s, productpagePod(s), request('/reviews/0', 'reviews:9080'), seededRandom(1)));
    expect(d.virtualService).toBeUndefined();
    expect(d.cluster.ok && d.cluster.cluster.endpoints).toHaveLength(3);
    expect(d.retry.retries).toBe(2);
  });

  it('accepts every spelling of the service name from the same namespace', () => {
    const s = bookinfoSnapshot({ virtualServices: [reviewsWeights({ v3: 100 })] });
    for (const authority of ['reviews:9080', 'reviews.default:9080', 'reviews.default.svc:9080', 'reviews.default.svc.cluster.local:9080']) {
      expect(clusterName(routeFromPod(s, productpagePod(s), request('/reviews/0', authority), seededRandom(1))), authority).toContain('|v3|');
    }
  });

  it('routes by headers inside the mesh (reviews test-v2: jason goes to v2)', () => {
    const vs = virtualService('default', 'reviews', {
      hosts: ['reviews'],
      http: [{ match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] }, { route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
    });
    const s = bookinfoSnapshot({ virtualServices: [vs] });
    expect(clusterName(routeFromPod(s, productpagePod(s), request('/reviews/0', 'reviews:9080', { 'end-user': 'jason' }), seededRandom(1)))).toContain('|v2|');
    expect(clusterName(routeFromPod(s, productpagePod(s), request('/reviews/0', 'reviews:9080', { 'end-user': 'kim' }), seededRandom(1)))).toContain('|v1|');
  });

  it('answers no-route when a VirtualService covers the host but no rule matches', () => {
    const vs = virtualService('default', 'reviews', { hosts: ['reviews'], http: [{ match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] });
    const s = bookinfoSnapshot({ virtualServices: [vs] });
    expect(routeFromPod(s, productpagePod(s), request('/reviews/0', 'reviews:9080'), seededRandom(1)).kind).toBe('no-route');
  });

  it('ignores gateway-only VirtualServices but honours ones listing `mesh`', () => {
    const gwOnly = virtualService('default', 'reviews', { hosts: ['reviews'], gateways: ['bookinfo-gateway'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }] });
    const both = virtualService('default', 'reviews', { hosts: ['reviews'], gateways: ['bookinfo-gateway', 'mesh'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }] });
    const s1 = bookinfoSnapshot({ virtualServices: [gwOnly] });
    const s2 = bookinfoSnapshot({ virtualServices: [both] });
    expect(routed(routeFromPod(s1, productpagePod(s1), request('/reviews/0', 'reviews:9080'), seededRandom(1))).virtualService).toBeUndefined();
    expect(clusterName(routeFromPod(s2, productpagePod(s2), request('/reviews/0', 'reviews:9080'), seededRandom(1)))).toContain('|v3|');
  });

  it('bypasses VirtualServices for pods without a sidecar (kube-proxy, no retries)', () => {
    const s = bookinfoSnapshot({ virtualServices: [reviewsWeights({ v3: 100 })] });
    const bare = pod('default', 'productpage-v1-nosidecar', { app: 'productpage', version: 'v1' }, { sidecar: false });
    const d = routed(routeFromPod(s, bare, request('/reviews/0', 'reviews:9080'), seededRandom(1)));
    expect(d.virtualService).toBeUndefined();
    expect(d.retry.retries).toBe(0);
    expect(d.cluster.ok && d.cluster.cluster.endpoints).toHaveLength(3);
  });

  it('cannot resolve names that are not Services', () => {
    const s = bookinfoSnapshot();
    expect(routeFromPod(s, productpagePod(s), request('/', 'nosuch:9080'), seededRandom(1)).kind).toBe('unresolvable');
    expect(routeFromPod(s, productpagePod(s), request('/', 'reviews.other:9080'), seededRandom(1)).kind).toBe('unresolvable');
  });

  it('carries fault, timeout, retries, headers and rewrite of the matched rule', () => {
    const vs = virtualService('default', 'ratings', {
      hosts: ['ratings'],
      http: [{
        name: 'jason',
        match: [{ headers: { 'end-user': { exact: 'jason' } }, uri: { prefix: '/ratings' } }],
        fault: { abort: { httpStatus: 500, percentage: { value: 100 } }, delay: { fixedDelay: '7s', percentage: { value: 100 } } },
        timeout: '0.5s',
        retries: { attempts: 3, perTryTimeout: '100ms', retryOn: '5xx,reset' },
        headers: { request: { set: { 'x-a': '1' } }, response: { remove: ['x-b'] } },
        rewrite: { uri: '/v2/ratings' },
        route: [{ destination: { host: 'ratings', subset: 'v1' }, headers: { request: { add: { 'x-c': '2' } } } }],
      }],
    });
    const s = bookinfoSnapshot({ virtualServices: [vs] });
    const d = routed(routeFromPod(s, productpagePod(s), request('/ratings/0', 'ratings:9080', { 'end-user': 'jason' }), seededRandom(1)));
    expect(d.routeName).toBe('jason');
    expect(d.fault).toEqual({ delayMs: 7000, abortStatus: 500 });
    expect(d.timeoutMs).toBe(500);
    expect(d.retry).toMatchObject({ retries: 3, perTryTimeoutMs: 100 });
    expect([...d.retry.retryOn].sort()).toEqual(['5xx', 'reset']);
    expect(d.requestHeaderOps).toEqual([{ set: { 'x-a': '1' } }, { add: { 'x-c': '2' } }]);
    expect(d.responseHeaderOps).toEqual([{ remove: ['x-b'] }]);
    expect(d.rewrite).toEqual({ uri: '/v2/ratings' });
    expect(d.matchedPrefix).toBe('/ratings');
  });
});
