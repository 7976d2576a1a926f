// Bookinfo from the pinned release (samples/bookinfo of the upstream reference files, read at test
// time): the namespace labelled for injection, the app and gateway objects in that namespace,
// the upstream gateway fitting the Istio CRD schemas, and the product page URL.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crdObjectErrors, loadCrdSchemas } from '../../test/support/crd-schema';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { bookinfoUrl } from '../gateways';
import { bookinfoNamespace, readBookinfo } from './read-bookinfo';

describeWithIstioReference('readBookinfo', (reference) => {
  const bookinfoDir = join(reference, 'samples', 'bookinfo');
  const crdFile = join(reference, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml');
  it('returns the labelled namespace, the app and its gateway, all in the chosen namespace', async () => {
    const bookinfo = await readBookinfo(bookinfoDir, { namespace: 'bookinfo' });
    expect(bookinfo.namespace).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } } });
    const names = (kind: string) => bookinfo.app.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
    expect(names('Service')).toEqual(['details', 'productpage', 'ratings', 'reviews']);
    expect(names('Deployment')).toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(names('ServiceAccount')).toEqual(['bookinfo-details', 'bookinfo-productpage', 'bookinfo-ratings', 'bookinfo-reviews']);
    expect(bookinfo.gateway.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Gateway/bookinfo-gateway', 'VirtualService/bookinfo']);
    for (const object of [...bookinfo.app, ...bookinfo.gateway]) expect(object.metadata.namespace).toBe('bookinfo');
    const virtualService = bookinfo.gateway[1] as unknown as { spec: { http: Array<{ match: Array<{ uri: Record<string, string> }> }> } };
    expect(virtualService.spec.http[0]!.match.map((m) => m.uri)).toEqual([{ exact: '/productpage' }, { prefix: '/static' }, { exact: '/login' }, { exact: '/logout' }, { prefix: '/api/v1/products' }]);
  });

  it('uses the default namespace unless told otherwise', async () => {
    const bookinfo = await readBookinfo(bookinfoDir);
    expect(bookinfo.namespace.metadata.name).toBe('default');
    expect(bookinfo.app.every((o) => o.metadata.namespace === 'default')).toBe(true);
  });

  it('has upstream gateway objects that fit the Istio CRD schemas (a known-good check of the checker)', async () => {
    const schemas = loadCrdSchemas(crdFile);
    for (const object of (await readBookinfo(bookinfoDir)).gateway) expect(crdObjectErrors(object, schemas)).toEqual([]);
  });

  it('says NOT_FOUND for a folder without the sample', async () => {
    await expect(readBookinfo(join(bookinfoDir, 'nowhere'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('bookinfo helpers', () => {
  it('refuses a namespace name Kubernetes would refuse', () => {
    expect(() => bookinfoNamespace('Book Info')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('points at the product page on loopback and the HTTP host port', () => {
    expect(bookinfoUrl({ httpPort: 8080 })).toBe('http://127.0.0.1:8080/productpage');
    expect(bookinfoUrl({ httpPort: 80 })).toBe('http://127.0.0.1/productpage');
  });
});
