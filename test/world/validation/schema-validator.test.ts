// The world's structural-schema validation and pruning on the upstream CRDs (Istio 1.30's
// crd-all.gen.yaml, Gateway API v1.5.1): every upstream Bookinfo networking sample is valid and
// loses nothing, and broken objects get the causes and the wording of the real API server.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { expect, it } from 'vitest';
import { describeWithIstioReference } from '../../support/reference-suite';
import { istioCrds } from '../istioctl/istio-crds.js';
import { pruneUnknownFields } from './pruning.js';
import { compileSchema } from './schema-validator.js';

type Crd = { metadata: { name: string }; spec: { names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema?: unknown } }[] } };
type Doc = { kind: string; apiVersion: string; metadata: { name: string }; spec: Record<string, unknown> };

function yamlDocs<T>(file: string): T[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as T).filter((d) => d !== null);
}

describeWithIstioReference('structural schemas of the upstream CRDs', (reference) => {
  const crds = istioCrds(reference) as unknown as Crd[];
  const schemaFor = (kind: string, version = 'v1'): unknown => {
    const crd = crds.find((c) => c.spec.names.kind === kind && c.metadata.name.includes('istio.io'));
    return crd?.spec.versions.find((v) => v.name === version)?.schema?.openAPIV3Schema;
  };

  it('compiles every version of every Istio and Gateway API CRD', () => {
    const gatewayApi = yamlDocs<Crd & { kind: string }>(join(reference, 'gateway-api', 'experimental-install-v1.5.1.yaml')).filter((d) => d.kind === 'CustomResourceDefinition');
    expect(gatewayApi.length).toBeGreaterThan(5);
    let compiled = 0;
    for (const crd of [...crds, ...gatewayApi]) {
      for (const version of crd.spec.versions) {
        compileSchema(version.schema?.openAPIV3Schema);
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(40);
  });

  it('accepts every Bookinfo networking sample and prunes nothing from it', () => {
    const dir = join(reference, 'samples', 'bookinfo', 'networking');
    let checked = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      for (const doc of yamlDocs<Doc>(join(dir, file))) {
        const version = doc.apiVersion.split('/')[1] ?? 'v1';
        const schema = schemaFor(doc.kind, version);
        expect(schema, `${file}: ${doc.kind} ${version}`).toBeDefined();
        expect(pruneUnknownFields(doc, schema), file).toEqual([]);
        expect(compileSchema(schema).validate(doc), file).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('words type, required and enum errors as kubeOpenAPIResultToFieldErrors does', () => {
    const vs = compileSchema(schemaFor('VirtualService'));
    const causes = vs.validate({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'x' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: {}, weight: 'eighty' }] }] } });
    expect(causes).toContainEqual({
      reason: 'FieldValueTypeInvalid',
      field: 'spec.http[0].route[0].weight',
      message: 'Invalid value: "string": spec.http[0].route[0].weight in body must be of type integer: "string"',
    });
    expect(causes).toContainEqual({ reason: 'FieldValueRequired', field: 'spec.http[0].route[0].destination.host', message: 'Required value' });
    const pa = compileSchema(schemaFor('PeerAuthentication'));
    expect(pa.validate({ spec: { mtls: { mode: 'STRICTER' } } })).toEqual([
      { reason: 'FieldValueNotSupported', field: 'spec.mtls.mode', message: 'Unsupported value: "STRICTER": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"' },
    ]);
  });

  it('takes integers and strings where x-kubernetes-int-or-string says so, and nothing else', () => {
    const vs = compileSchema(schemaFor('VirtualService'));
    const withGeneration = (observedGeneration: unknown) => ({ spec: { hosts: ['r'] }, status: { observedGeneration } });
    expect(vs.validate(withGeneration(3))).toEqual([]);
    expect(vs.validate(withGeneration('3'))).toEqual([]);
    expect(vs.validate(withGeneration(true))[0]).toMatchObject({ reason: 'FieldValueTypeInvalid', field: 'status.observedGeneration' });
  });

  it('prunes unknown fields with their paths, keeping metadata and preserve-unknown-fields subtrees', () => {
    const object = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews', labels: { a: 'b' } },
      spec: { host: 'reviews', colour: 'blue', subsets: [{ name: 'v1', labels: { version: 'v1' }, extra: 1 }] },
      status: { anything: { goes: true } },
      top: 1,
    };
    expect(pruneUnknownFields(object, schemaFor('DestinationRule'))).toEqual(['spec.colour', 'spec.subsets[0].extra', 'top']);
    expect(object).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews', labels: { a: 'b' } },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
      status: { anything: { goes: true } },
    });
  });

  it('drops nulls in fields that are not nullable, as the server does before validating', () => {
    const object = { spec: { host: 'reviews', trafficPolicy: null } };
    expect(pruneUnknownFields(object, schemaFor('DestinationRule'))).toEqual([]);
    expect(object).toEqual({ spec: { host: 'reviews' } });
  });

  it('checks the string formats the API server checks', () => {
    const schema = { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, ip: { type: 'string', format: 'ipv4' }, n: { type: 'integer', format: 'int32' } } };
    const check = compileSchema(schema);
    expect(check.validate({ at: '2026-12-02T10:00:00Z', ip: '10.0.0.1', n: 5 })).toEqual([]);
    expect(check.validate({ at: 'yesterday' })).toEqual([
      { reason: 'FieldValueTypeInvalid', field: 'at', message: 'Invalid value: "yesterday": at in body must be of type date-time: "yesterday"' },
    ]);
    expect(check.validate({ ip: '10.0.0.256' })[0]).toMatchObject({ field: 'ip' });
  });
});
