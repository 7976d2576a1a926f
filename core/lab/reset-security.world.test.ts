// A reset removes the PeerAuthentications and AuthorizationPolicies MeshDeck wrote (Bookinfo's
// namespace and mesh-wide in istio-system) and keeps the ones someone else wrote.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyObjects, loadManifests } from '../kube';
import { assertBuilt, runCliAsync } from '../../test/support/built-cli';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { bookinfoFile, startWorldLab, type WorldLab } from '../../test/support/world-lab';
import { resetRouting } from './reset-routing';

describeWithIstioReference('lab reset and security objects', () => {
  let lab: WorldLab;

  beforeAll(async () => {
    assertBuilt();
    lab = await startWorldLab({ seed: 31 });
  }, 120_000);

  afterAll(async () => {
    await lab?.stop();
  });

  const names = async (path: string) => ((await lab.clients.http.request<{ items: { metadata: { name: string } }[] }>('GET', path)).body.items ?? []).map((item) => item.metadata.name).sort();

  it('deletes MeshDeck’s mTLS and authorization, keeps a foreign AuthorizationPolicy', async () => {
    // This lab has no control plane; its root namespace is made for the mesh-wide PeerAuthentication.
    await applyObjects(lab.clients, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } }]);
    for (const args of [['mtls', 'default', 'strict'], ['mtls', 'strict', '--mesh'], ['authz', 'productpage', 'deny-all']]) {
      const result = await runCliAsync(args, lab.env);
      expect(result.status, result.stderr).toBe(0);
    }
    await applyObjects(lab.clients, [{ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'theirs', namespace: 'default' }, spec: { action: 'ALLOW', rules: [{}] } }], { fieldManager: 'kubectl' });
    const gateway = await loadManifests([bookinfoFile('networking/bookinfo-gateway.yaml')]);
    const reset = await resetRouting(lab.clients, gateway, { namespace: 'default' });
    expect(reset.removed).toEqual(expect.arrayContaining([{ kind: 'PeerAuthentication', name: 'default' }, { kind: 'PeerAuthentication', name: 'istio-system/default' }, { kind: 'AuthorizationPolicy', name: 'productpage-deny-all' }]));
    expect(await names('/apis/security.istio.io/v1/namespaces/default/peerauthentications')).toEqual([]);
    expect(await names('/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications')).toEqual([]);
    expect(await names('/apis/security.istio.io/v1/namespaces/default/authorizationpolicies')).toEqual(['theirs']);
  });
});
