// Routing objects: their exact shape, the checks that stop a bad split, ownership, reading a
// live VirtualService back, and a property that any slider history yields objects that pass
// @kubernetes-models/istio and the upstream CRD schemas (the reference files, read at test time).
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crdObjectErrors, loadCrdSchemas } from '../../test/support/crd-schema';
import { optionalIstioReference } from '../../test/support/reference-suite';
import { AppError, applyPreset, evenSplit, moveSlider, presetsFor, setLocked, toWeightInfos, type SplitState } from '../contract';
import { validateIstioObject } from '../gateways';
import { serviceHost, type KubeObject } from '../kube';
import { buildRouting, ownerOf, readRouting } from './routing-objects';

const reference = optionalIstioReference('the upstream CRD schema checks of the routing property');

const V3 = ['v1', 'v2', 'v3'];
const base = { service: 'reviews', namespace: 'bookinfo', versions: V3 };
const jason = { header: 'end-user', value: 'jason', version: 'v2' };
type Checked = KubeObject & { apiVersion: string; kind: string };

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('buildRouting', () => {
  it('writes a DestinationRule with every version as a subset and a VirtualService without the zero weights', () => {
    const { destinationRule, virtualService } = buildRouting({ ...base, weights: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }, { version: 'v3', weight: 0 }] });
    expect(destinationRule).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'bookinfo', labels: { 'app.kubernetes.io/managed-by': 'meshdeck' } },
      spec: {
        host: 'reviews.bookinfo.svc.cluster.local',
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
          { name: 'v3', labels: { version: 'v3' } },
        ],
      },
    });
    expect(virtualService).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'bookinfo', labels: { 'app.kubernetes.io/managed-by': 'meshdeck' } },
      spec: {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] }],
      },
    });
  });

  it('puts the header rule first and labels subsets with the key the workloads carry', () => {
    const { destinationRule, virtualService } = buildRouting({ ...base, weights: [{ version: 'v1', weight: 100 }], headerRoute: jason, versionLabel: 'app.kubernetes.io/version' });
    expect((destinationRule['spec'] as { subsets: unknown[] }).subsets[0]).toEqual({ name: 'v1', labels: { 'app.kubernetes.io/version': 'v1' } });
    expect(virtualService['spec']).toEqual({
      hosts: ['reviews'],
      http: [
        { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
        { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 }] },
      ],
    });
  });

  it('refuses a bad split with INVALID_ARGUMENT naming every problem', () => {
    const error = thrown(() => buildRouting({ ...base, weights: [{ version: 'v1', weight: 70 }, { version: 'v9', weight: 20 }] }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe('The routing for reviews cannot be written. "v9" is not a version of this service; its versions are v1, v2, v3. The weights add up to 90; they must add up to exactly 100.');
    expect(error.details?.['problems']).toHaveLength(2);
    expect(thrown(() => buildRouting({ ...base, weights: [] })).code).toBe('INVALID_ARGUMENT');
  });

  it('refuses bad names and header rules', () => {
    const fine = [{ version: 'v1', weight: 100 }];
    expect(thrown(() => buildRouting({ ...base, service: 'Reviews', weights: fine })).message).toContain('"Reviews" is not a service name');
    expect(thrown(() => buildRouting({ ...base, namespace: 'a_b', weights: fine })).message).toContain('"a_b" is not a namespace name');
    expect(thrown(() => buildRouting({ ...base, weights: fine, headerRoute: { ...jason, header: 'End User' } })).message).toContain('not a header name');
    expect(thrown(() => buildRouting({ ...base, weights: fine, headerRoute: { ...jason, value: 'a\nb' } })).message).toContain('one non-empty line');
    expect(thrown(() => buildRouting({ ...base, weights: fine, headerRoute: { ...jason, version: 'v7' } })).message).toContain('"v7", which is not a version');
    expect(thrown(() => buildRouting({ ...base, versions: ['v1', 'v2', 'v1'], weights: fine })).message).toContain('The versions v1 are listed more than once');
  });
});

describe('serviceHost and ownerOf', () => {
  it('names the FQDN and tells who wrote an object', () => {
    expect(serviceHost('reviews', 'default')).toBe('reviews.default.svc.cluster.local');
    expect(ownerOf(undefined)).toBe('none');
    expect(ownerOf(buildRouting({ ...base, weights: [{ version: 'v3', weight: 100 }] }).virtualService)).toBe('meshdeck');
    expect(ownerOf({ kind: 'VirtualService', metadata: { name: 'reviews' } })).toBe('foreign');
    expect(ownerOf({ kind: 'VirtualService', metadata: { name: 'reviews', labels: { 'app.kubernetes.io/managed-by': 'Helm' } } })).toBe('foreign');
  });
});

describe('readRouting', () => {
  const vs = (spec: unknown): KubeObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews' }, spec });
  const to = (subset: string, weight?: number) => ({ destination: { host: 'reviews', subset }, ...(weight === undefined ? {} : { weight }) });

  it('reads back what buildRouting writes', () => {
    const weights = [{ version: 'v1', weight: 60 }, { version: 'v3', weight: 40 }];
    expect(readRouting(buildRouting({ ...base, weights }).virtualService, 'reviews', 'bookinfo')).toEqual({ weights });
    expect(readRouting(buildRouting({ ...base, weights: [{ version: 'v1', weight: 100 }], headerRoute: jason }).virtualService, 'reviews', 'bookinfo')).toEqual({ weights: [{ version: 'v1', weight: 100 }], headerRoute: jason });
  });

  it('reads the upstream shapes: a lone destination without weight, and FQDN or namespaced hosts', () => {
    expect(readRouting(vs({ hosts: ['reviews'], http: [{ route: [to('v3')] }] }), 'reviews', 'default')).toEqual({ weights: [{ version: 'v3', weight: 100 }] });
    const fqdn = { destination: { host: 'reviews.default.svc.cluster.local', subset: 'v2' }, weight: 50 };
    expect(readRouting(vs({ hosts: ['reviews.default'], gateways: ['mesh'], http: [{ route: [to('v1', 50), fqdn] }] }), 'reviews', 'default')).toEqual({ weights: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] });
  });

  it('reads relative weights as Istio routes them, in whole percentages (kept as written in the cluster)', () => {
    expect(readRouting(vs({ hosts: ['reviews'], http: [{ route: [to('v1', 50), to('v2', 40)] }] }), 'reviews', 'default')).toEqual({ weights: [{ version: 'v1', weight: 56 }, { version: 'v2', weight: 44 }] });
    expect(readRouting(vs({ hosts: ['reviews'], http: [{ route: [to('v1', 1), to('v2', 1), to('v3', 1)] }] }), 'reviews', 'default')).toEqual({ weights: [{ version: 'v1', weight: 34 }, { version: 'v2', weight: 33 }, { version: 'v3', weight: 33 }] });
  });

  it('reads the default route beside the policies MeshDeck writes: faults, timeouts, retries and narrower rules', () => {
    const v1 = { weights: [{ version: 'v1', weight: 100 }] };
    expect(readRouting(vs({ hosts: ['reviews'], http: [{ route: [to('v1')], timeout: '1s' }] }), 'reviews', 'default')).toEqual(v1);
    expect(readRouting(vs({ hosts: ['reviews'], http: [{ route: [to('v1')], fault: { abort: { httpStatus: 500, percentage: { value: 100 } } } }] }), 'reviews', 'default')).toEqual(v1);
    expect(readRouting(vs({ hosts: ['reviews'], http: [{ match: [{ headers: { 'end-user': { prefix: 'j' } } }], route: [to('v2')] }, { route: [to('v1')] }] }), 'reviews', 'default')).toEqual(v1);
    expect(readRouting(vs({ hosts: ['reviews'], http: [{ match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [to('v2', 50), to('v3', 50)] }, { route: [to('v1')] }] }), 'reviews', 'default')).toEqual(v1);
    const jasonDelayed = { hosts: ['reviews'], http: [{ match: [{ headers: { 'end-user': { exact: 'jason' } } }], fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } } }, route: [to('v2')] }, { route: [to('v1', 80), to('v3', 20)], retries: { attempts: 2 } }] };
    expect(readRouting(vs(jasonDelayed), 'reviews', 'default')).toEqual({ weights: [{ version: 'v1', weight: 80 }, { version: 'v3', weight: 20 }] });
  });

  it('gives null weights for anything it would not write itself', () => {
    const cases: unknown[] = [
      undefined,
      { hosts: ['ratings'], http: [{ route: [to('v1')] }] },
      { hosts: ['reviews'], gateways: ['bookinfo-gateway'], http: [{ route: [to('v1')] }] },
      { hosts: ['reviews', 'other'], http: [{ route: [to('v1')] }] },
      { hosts: ['reviews'], http: [{ route: [to('v1', 0), to('v2', 0)] }] },
      { hosts: ['reviews'], http: [{ route: [to('v1', 50), to('v1', 50)] }] },
      { hosts: ['reviews'], http: [{ route: [to('v1'), to('v2')] }] },
      { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] },
      { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1', port: { number: 9080 } } }] }] },
      { hosts: ['reviews'], http: [{ route: [to('v1')] }], tcp: [] },
      { hosts: ['reviews'], http: [{ match: [{ uri: { prefix: '/' } }], route: [to('v2')] }, { route: [to('v1')] }] },
      { hosts: ['reviews'], http: [{ route: [to('v2')] }, { route: [to('v1')] }] },
      { hosts: ['reviews'], http: [{ match: [{ uri: { prefix: '/' } }], route: [to('v2')] }, { route: [to('v1')] }] },
      { hosts: ['reviews'], http: [{ match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'ratings', subset: 'v1' } }] }, { route: [to('v1')] }] },
      { hosts: ['reviews'], http: [{ match: [{ uri: { prefix: '/api' } }], route: [to('v2')], mirror: { host: 'reviews', subset: 'v3' } }, { route: [to('v1')] }] },
      { hosts: ['reviews'], http: [] },
      { hosts: ['reviews'], http: [{ route: [to('v1')] }, { route: [to('v1')] }, { route: [to('v1')] }] },
    ];
    for (const spec of cases) expect(readRouting(spec === undefined ? undefined : vs(spec), 'reviews', 'default'), JSON.stringify(spec)).toEqual({ weights: null });
  });
});

// --- property: any slider history gives objects Istio accepts -------------------------------

type Step = { kind: 'move'; index: number; value: number } | { kind: 'lock'; index: number; locked: boolean } | { kind: 'preset'; pick: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), index: fc.nat(), value: fc.integer({ min: -20, max: 120 }) }),
  fc.record({ kind: fc.constant('lock' as const), index: fc.nat(), locked: fc.boolean() }),
  fc.record({ kind: fc.constant('preset' as const), pick: fc.nat() }),
);

function play(versions: readonly string[], steps: readonly Step[]): { state: SplitState; headerRoute: typeof jason | undefined } {
  let state = evenSplit(versions);
  let headerRoute: typeof jason | undefined;
  for (const s of steps) {
    if (s.kind === 'move') state = moveSlider(state, s.index % versions.length, s.value);
    else if (s.kind === 'lock') state = setLocked(state, s.index % versions.length, s.locked);
    else {
      const presets = presetsFor(versions);
      const preset = presets[s.pick % Math.max(1, presets.length)];
      if (preset) {
        state = applyPreset(state, preset);
        headerRoute = preset.headerRoute ? { ...preset.headerRoute } : undefined;
      }
    }
  }
  return { state, headerRoute };
}

describe('property', () => {
  const schemas = reference ? loadCrdSchemas(join(reference, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml')) : undefined;

  it('any sequence of moves, locks and presets yields objects that validate and read back', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom('v1', 'v2', 'v3', 'v4', 'v10', 'canary'), { minLength: 1, maxLength: 6 }), fc.array(step, { maxLength: 30 }), (versions, steps) => {
        const { state, headerRoute } = play(versions, steps);
        const weights = toWeightInfos(state);
        const objects = buildRouting({ service: 'reviews', namespace: 'default', versions, weights, ...(headerRoute ? { headerRoute } : {}) });
        for (const object of [objects.destinationRule, objects.virtualService] as Checked[]) {
          validateIstioObject(object);
          if (schemas) expect(crdObjectErrors(object, schemas)).toEqual([]);
        }
        const back = readRouting(objects.virtualService, 'reviews', 'default');
        expect(back.weights).toEqual(weights.filter((w) => w.weight > 0));
        expect(back.headerRoute).toEqual(headerRoute);
        expect((objects.destinationRule['spec'] as { subsets: { name: string }[] }).subsets.map((s) => s.name)).toEqual(versions);
      }),
      { numRuns: 200 },
    );
  });
});
