// YAML previews and diffs of routing objects: documents kubectl can apply, and a diff that
// ignores key order and metadata but sees every change of a spec.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../kube';
import { buildRouting } from './routing-objects';
import { diffRouting, routingYaml, sameJson, specYaml } from './routing-yaml';

const wanted = buildRouting({ service: 'reviews', namespace: 'default', versions: ['v1', 'v2'], weights: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] });

/** The same object as the API server might return it: other key order, server metadata. */
function asLive(object: KubeObject, spec: unknown = object['spec']): KubeObject {
  const reversed = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(reversed) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) : value;
  return { ...object, metadata: { ...object.metadata, resourceVersion: '42', uid: 'abc', labels: {} }, spec: reversed(spec) };
}

describe('routingYaml', () => {
  it('writes one document per object that parses back to the objects', () => {
    const text = routingYaml([wanted.destinationRule, wanted.virtualService]);
    expect(text.split('\n').filter((line) => line === '---')).toHaveLength(1);
    expect(text.startsWith('apiVersion: networking.istio.io/v1\nkind: DestinationRule\n')).toBe(true);
    expect(parseAllDocuments(text).map((d) => d.toJS())).toEqual([wanted.destinationRule, wanted.virtualService]);
    expect(routingYaml([])).toBe('');
  });
});

describe('specYaml', () => {
  it('sorts keys so differently ordered specs print alike', () => {
    expect(specYaml({ http: [], hosts: ['reviews'] })).toBe('hosts:\n  - reviews\nhttp: []\n');
    expect(specYaml(asLive(wanted.virtualService)['spec'])).toBe(specYaml(wanted.virtualService['spec']));
    expect(specYaml(undefined)).toBe('{}\n');
  });
});

describe('diffRouting', () => {
  it('marks both objects new when nothing is live', () => {
    const diff = diffRouting({}, wanted);
    expect(diff.map((d) => [d.kind, d.name, d.before, d.changed])).toEqual([
      ['DestinationRule', 'reviews', null, true],
      ['VirtualService', 'reviews', null, true],
    ]);
    expect(diff[1]!.after).toContain('weight: 90');
  });

  it('sees no change when only key order and metadata differ', () => {
    const diff = diffRouting({ vs: asLive(wanted.virtualService), dr: asLive(wanted.destinationRule) }, wanted);
    expect(diff.map((d) => d.changed)).toEqual([false, false]);
    expect(diff[0]!.before).toBe(diff[0]!.after);
  });

  it('sees a changed weight and an extra field', () => {
    const moved = buildRouting({ service: 'reviews', namespace: 'default', versions: ['v1', 'v2'], weights: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] });
    const withPolicy = { ...(wanted.destinationRule['spec'] as object), trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } };
    const diff = diffRouting({ vs: asLive(moved.virtualService), dr: asLive(wanted.destinationRule, withPolicy) }, wanted);
    expect(diff.map((d) => d.changed)).toEqual([true, true]);
    expect(diff[0]!.before).toContain('ISTIO_MUTUAL');
    expect(diff[1]!.before).toContain('weight: 80');
  });
});

describe('sameJson', () => {
  it('ignores key order and undefined keys, not array order or values', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameJson({ a: null }, { a: {} })).toBe(false);
    expect(sameJson({ a: {} }, {})).toBe(false);
  });
});
