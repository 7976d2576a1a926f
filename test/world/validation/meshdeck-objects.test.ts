// What MeshDeck itself writes must pass what a real API server and istiod check: its traffic
// objects (each preset, and the header rule) and its monitor gateway, against the upstream CRD
// schemas (nothing pruned, no causes) and the mirrored webhook checks.
import { expect, it } from 'vitest';
import { monitorGatewayObjects } from '../../../core/gateways';
import { buildRouting } from '../../../core/traffic/routing-objects';
import { describeWithIstioReference } from '../../support/reference-suite';
import { istioCrds } from '../istioctl/istio-crds.js';
import { validateDestinationRule, validateGateway, validateVirtualService } from './istio-checks.js';
import { errorText } from './istio-errors.js';
import { pruneUnknownFields } from './pruning.js';
import { compileSchema } from './schema-validator.js';

type Crd = { spec: { group: string; names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema?: unknown } }[] } };
type Written = { apiVersion?: string; kind?: string; metadata?: { name?: string }; spec?: unknown };

const splits = [
  [100, 0, 0],
  [90, 10, 0],
  [80, 20, 0],
  [50, 0, 50],
  [0, 0, 100],
];

describeWithIstioReference("MeshDeck's own Istio objects", (reference) => {
  const crds = istioCrds(reference) as unknown as Crd[];
  const schemaOf = (object: Written): unknown => {
    const [group, version] = (object.apiVersion ?? '').split('/');
    const crd = crds.find((c) => c.spec.group === group && c.spec.names.kind === object.kind);
    return crd?.spec.versions.find((v) => v.name === version)?.schema?.openAPIV3Schema;
  };
  const expectValid = (object: Written): void => {
    const label = `${object.kind ?? ''} ${object.metadata?.name ?? ''}`;
    const copy = JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
    const schema = schemaOf(object);
    expect(schema, label).toBeDefined();
    expect(pruneUnknownFields(copy, schema), label).toEqual([]);
    expect(compileSchema(schema).validate(copy), label).toEqual([]);
    const spec = (object.spec ?? {}) as Record<string, unknown>;
    const webhook = object.kind === 'VirtualService' ? validateVirtualService(spec) : object.kind === 'DestinationRule' ? validateDestinationRule(spec) : validateGateway(object.metadata?.name ?? '', spec);
    expect(errorText(webhook), label).toBe('');
  };

  it('writes traffic splits and header rules a real API server and istiod accept', () => {
    for (const [v1 = 0, v2 = 0, v3 = 0] of splits) {
      const weights = [{ version: 'v1', weight: v1 }, { version: 'v2', weight: v2 }, { version: 'v3', weight: v3 }];
      const routing = buildRouting({ service: 'reviews', namespace: 'bookinfo', versions: ['v1', 'v2', 'v3'], weights });
      expectValid(routing.virtualService as Written);
      expectValid(routing.destinationRule as Written);
    }
    const jason = buildRouting({
      service: 'reviews', namespace: 'bookinfo', versions: ['v1', 'v2', 'v3'],
      weights: [{ version: 'v1', weight: 100 }, { version: 'v2', weight: 0 }, { version: 'v3', weight: 0 }],
      headerRoute: { header: 'end-user', value: 'jason', version: 'v2' },
    });
    expectValid(jason.virtualService as Written);
  });

  it('writes a monitor gateway, its VirtualServices and DestinationRules that pass both checks', () => {
    const objects = monitorGatewayObjects() as Written[];
    expect(objects.length).toBeGreaterThan(4);
    for (const object of objects) expectValid(object);
  });
});
