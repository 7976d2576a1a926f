// Composition of one service's policy: a weight change keeps faults, retries and rules; a clear
// removes one kind of policy and keeps the weights; fields MeshDeck does not model survive a
// read → change → write; bad changes are refused with what to type. Plus a property: any
// sequence of set/clear operations gives objects Istio's schema accepts, never drops what it did
// not touch, and clearing everything returns to the plain split.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube';
import { buildRouting } from '../traffic/routing-objects';
import { applyPolicyChange, plainHeaderRoute, type PolicyChange } from './policy-changes';
import { parseMatch } from './policy-args';
import { policyObjects, readPolicy, shareOf } from './policy-objects';
import type { ServicePolicy } from './policy-types';

const VERSIONS = ['v1', 'v2', 'v3'];
const base = { service: 'reviews', namespace: 'bookinfo', versions: VERSIONS };
const JASON = parseMatch('header:end-user=jason');
type Split = Extract<PolicyChange, { kind: 'split' }>;
const split = (v1: number, v2: number, v3: number): Split => ({ kind: 'split', weights: [{ version: 'v1', weight: v1 }, { version: 'v2', weight: v2 }, { version: 'v3', weight: v3 }] });

function run(changes: readonly PolicyChange[], start: ServicePolicy = readPolicy(base)): ServicePolicy {
  return changes.reduce((policy, change) => applyPolicyChange(policy, change, VERSIONS), start);
}

/** Through the objects and back, as a live cycle would go. */
function roundTrip(policy: ServicePolicy): ServicePolicy {
  const { virtualService, destinationRule } = policyObjects(policy);
  return readPolicy({ ...base, virtualService: virtualService as KubeObject, destinationRule: destinationRule as KubeObject });
}

describe('composing changes', () => {
  it('a weight change after a fault keeps the fault; clearing the fault keeps the weights', () => {
    const faulted = run([split(80, 20, 0), { kind: 'fault', delay: { fixedDelay: '7s', percent: 100 } }]);
    const moved = roundTrip(applyPolicyChange(roundTrip(faulted), split(50, 0, 50), VERSIONS));
    expect(moved.http).toEqual([{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 50 }], fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } } } }]);
    const cleared = applyPolicyChange(moved, { kind: 'clear', what: 'fault' }, VERSIONS);
    expect(policyObjects(cleared)).toEqual(buildRouting({ ...base, weights: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 0 }, { version: 'v3', weight: 50 }] }));
  });

  it('a fault for a match is its own rule, routed like the default route and following it; clearing it restores the objects before', () => {
    const before = run([split(90, 10, 0)]);
    const faulted = applyPolicyChange(before, { kind: 'fault', match: JASON, abort: { httpStatus: 500, percent: 100 } }, VERSIONS);
    expect(faulted.http[0]).toEqual({ match: JASON, route: before.http[0]?.route, fault: { abort: { httpStatus: 500, percentage: { value: 100 } } } });
    const moved = applyPolicyChange(faulted, split(0, 100, 0), VERSIONS);
    expect(moved.http.map((rule) => rule.route)).toEqual([[{ destination: { host: 'reviews', subset: 'v2' }, weight: 100 }], [{ destination: { host: 'reviews', subset: 'v2' }, weight: 100 }]]);
    expect(policyObjects(applyPolicyChange(faulted, { kind: 'clear', what: 'fault' }, VERSIONS))).toEqual(policyObjects(before));
  });

  it('a weight change after `route --match … --to v2` keeps the match rule; only the sliders\' null header rule removes it', () => {
    const routed = run([{ kind: 'route', match: JASON, to: 'v2' }]);
    const shifted = roundTrip(applyPolicyChange(roundTrip(routed), split(50, 0, 50), VERSIONS));
    expect(shifted.http[0]).toEqual({ match: JASON, route: [{ destination: { host: 'reviews', subset: 'v2' } }] });
    expect(shifted.http).toHaveLength(2);
    expect(applyPolicyChange(shifted, { ...split(50, 0, 50), headerRoute: null }, VERSIONS).http).toHaveLength(1);
  });

  it('the same match changes its rule in place; timeout, retries and fault sit side by side', () => {
    const policy = run([
      { kind: 'route', match: JASON, to: 'v2' },
      { kind: 'timeout', match: JASON, timeout: '0.5s' },
      { kind: 'retry', match: JASON, attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset' },
      { kind: 'route', match: JASON, to: 'v3' },
    ]);
    expect(policy.http).toHaveLength(2);
    expect(policy.http[0]).toEqual({ match: JASON, route: [{ destination: { host: 'reviews', subset: 'v3' } }], timeout: '0.5s', retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset' } });
    const noRetry = applyPolicyChange(policy, { kind: 'clear', what: 'retry' }, VERSIONS);
    expect(noRetry.http[0]).toEqual({ match: JASON, route: [{ destination: { host: 'reviews', subset: 'v3' } }], timeout: '0.5s' });
  });

  it('the breaker merges with what the DestinationRule has and clears alone', () => {
    const policy = run([
      { kind: 'breaker', settings: { maxConnections: 1, consecutive5xxErrors: 1 } },
      { kind: 'breaker', settings: { http1MaxPendingRequests: 1, interval: '1s' } },
      { kind: 'tls', mode: 'ISTIO_MUTUAL' },
    ]);
    expect(policy.trafficPolicy).toEqual({ connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } }, outlierDetection: { consecutive5xxErrors: 1, interval: '1s' }, tls: { mode: 'ISTIO_MUTUAL' } });
    expect(applyPolicyChange(policy, { kind: 'clear', what: 'breaker' }, VERSIONS).trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
  });

  it('keeps the fields MeshDeck does not model, in the VirtualService and the DestinationRule', () => {
    const virtualService = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews' },
      spec: { hosts: ['reviews'], exportTo: ['.'], http: [{ name: 'main', headers: { request: { set: { 'x-lab': '1' } } }, mirror: { host: 'reviews', subset: 'v3' }, route: [{ destination: { host: 'reviews', subset: 'v1', port: { number: 9080 } }, weight: 3 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 1 }], fault: { delay: { fixedDelay: '1s', percentage: { value: 5 } } } }] },
    };
    const destinationRule = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews' }, spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }], trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } } };
    const live = readPolicy({ ...base, virtualService, destinationRule });
    const changed = applyPolicyChange(live, { kind: 'fault', abort: { httpStatus: 503, percent: 10 } }, VERSIONS);
    const { virtualService: vs, destinationRule: dr } = policyObjects(changed);
    const rule = { ...virtualService.spec.http[0], fault: { delay: { fixedDelay: '1s', percentage: { value: 5 } }, abort: { httpStatus: 503, percentage: { value: 10 } } } };
    expect(vs.spec).toEqual({ hosts: ['reviews'], exportTo: ['.'], http: [rule] });
    expect(dr.spec?.trafficPolicy).toEqual({ loadBalancer: { simple: 'LEAST_REQUEST' } });
    expect(dr.spec?.subsets?.map((s) => s.name)).toEqual(['v1', 'v2', 'v3']);
    expect(dr.spec?.subsets?.[0]).toEqual(destinationRule.spec.subsets[0]);
    // Relative weights are Istio's (3:1 is 75/25); they are shown as shares and kept as written.
    expect(shareOf(changed.http[0]?.route ?? [])).toEqual([{ version: 'v1', weight: 75 }, { version: 'v2', weight: 25 }]);
  });
});

describe('refusals, before anything is written', () => {
  const refused = (change: PolicyChange) => {
    try {
      run([change]);
    } catch (error) {
      return { code: (error as { code?: string }).code, message: (error as Error).message };
    }
    throw new Error('not refused');
  };

  it('an unknown version names the versions there are', () => {
    expect(refused({ kind: 'route', match: JASON, to: 'v9' })).toEqual({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('its versions are v1, v2, v3') as string });
    expect(refused({ kind: 'route', match: JASON, to: 'v2', otherwise: 'v7' }).message).toContain('--otherwise v7');
  });

  it('a route to a split must add up to 100', () => {
    expect(refused({ kind: 'route', match: JASON, to: [{ version: 'v2', weight: 50 }, { version: 'v3', weight: 40 }] }).message).toContain('add up to 90');
    const routed = run([{ kind: 'route', match: JASON, to: [{ version: 'v2', weight: 50 }, { version: 'v3', weight: 50 }] }]);
    expect(routed.http[0]?.route).toEqual([{ destination: { host: 'reviews', subset: 'v2' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 50 }]);
  });

  it('a match that takes every request would shadow the rules after it', () => {
    // The CLI refuses them as it reads --match; the model refuses them from any face.
    for (const match of [[{ uri: { prefix: '/' } }], [{ uri: { regex: '.*' } }], [{}], []]) expect(refused({ kind: 'fault', match, abort: { httpStatus: 500, percent: 100 } }).message).toContain('shadow every rule after it');
  });

  it('a split that does not add up, a breaker without settings, a fault without delay or abort', () => {
    expect(refused(split(50, 40, 0)).message).toContain('add up to 90');
    expect(refused({ kind: 'breaker', settings: {} }).message).toContain('at least one');
    expect(refused({ kind: 'fault' }).message).toContain('--delay');
  });
});

// --- property: any sequence of changes ---------------------------------------------------------

const weights = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).filter(([a, b]) => a + b <= 100).map(([a, b]) => split(a, b, 100 - a - b));
const match = fc.option(fc.constantFrom('header:end-user=jason', 'uri:/api/*', 'method:POST,header:x-canary^=yes').map(parseMatch), { nil: undefined });
const opt = <T extends object>(m: T & { match?: unknown }): T => (m.match === undefined ? (({ match: _m, ...rest }) => rest)(m) : m) as T;
const change: fc.Arbitrary<PolicyChange> = fc.oneof(
  weights,
  fc.record({ kind: fc.constant('fault' as const), match, delay: fc.record({ fixedDelay: fc.constantFrom('7s', '100ms'), percent: fc.integer({ min: 0, max: 100 }) }) }).map(opt),
  fc.record({ kind: fc.constant('fault' as const), match, abort: fc.record({ httpStatus: fc.constantFrom(500, 503), percent: fc.integer({ min: 0, max: 100 }) }) }).map(opt),
  fc.record({ kind: fc.constant('timeout' as const), match, timeout: fc.constantFrom('0.5s', '3s') }).map(opt),
  fc.record({ kind: fc.constant('retry' as const), match, attempts: fc.integer({ min: 0, max: 5 }), perTryTimeout: fc.constant('2s') }).map(opt),
  fc.record({ kind: fc.constant('route' as const), match: match.filter((m) => m !== undefined) as fc.Arbitrary<NonNullable<ReturnType<typeof parseMatch>>>, to: fc.constantFrom(...VERSIONS) }),
  fc.record({ kind: fc.constant('breaker' as const), settings: fc.record({ maxConnections: fc.integer({ min: 1, max: 9 }), consecutive5xxErrors: fc.integer({ min: 1, max: 9 }) }) }),
  fc.record({ kind: fc.constant('clear' as const), what: fc.constantFrom('fault', 'timeout', 'retry', 'breaker', 'route', 'tls', 'all' as const) }),
);

/** The policies other than the default route's weights: what a weight change must leave alone. */
function others(policy: ServicePolicy): unknown {
  return { rules: policy.http.map(({ route: _route, ...rest }) => rest), trafficPolicy: policy.trafficPolicy };
}

describe('property: any sequence of set and clear operations', () => {
  it('writes valid objects, a weight change (with the header rule the sliders show) never drops other policies, and clearing everything returns to the plain split', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 12 }), weights, (changes, last) => {
        const policy = roundTrip(run(changes));
        policyObjects(policy); // validated with @kubernetes-models/istio, throws when not
        // `meshdeck shift` says nothing of header rules; a slider move sends back the one the Traffic screen shows (null: none).
        expect(others(applyPolicyChange(policy, last, VERSIONS))).toEqual(others(policy));
        const moved = applyPolicyChange(policy, { ...last, headerRoute: plainHeaderRoute(policy) ?? null }, VERSIONS);
        expect(others(moved)).toEqual(others(policy));
        expect(moved.http.at(-1)?.match).toBeUndefined();
        const cleared = applyPolicyChange(moved, { kind: 'clear', what: 'all' }, VERSIONS);
        const plain = buildRouting({ ...base, weights: last.weights });
        expect(policyObjects(cleared)).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });
});
