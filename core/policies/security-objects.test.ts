// Security objects: an ALLOW rule is added to the rules already there (once), sources and paths
// are read the way Istio writes them, and names say what a policy does.
import { describe, expect, it } from 'vitest';
import { authorizationPolicy, authzPolicyName, parsePaths, parseSources, peerAuthentication } from './security-objects';

describe('security objects', () => {
  it('adds an ALLOW rule to the live policy once, keeping the rules already there', () => {
    const target = { namespace: 'default', workload: 'productpage' };
    const first = authorizationPolicy(target, 'allow', { principals: ['cluster.local/ns/default/sa/curl'] });
    const second = authorizationPolicy(target, 'allow', { methods: ['GET'] }, first);
    const again = authorizationPolicy(target, 'allow', { methods: ['GET'] }, second);
    expect(again['spec']).toEqual({
      selector: { matchLabels: { app: 'productpage' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/curl'] } }] }, { to: [{ operation: { methods: ['GET'] } }] }],
    });
    expect(again.metadata).toEqual({ name: 'productpage-allow', namespace: 'default', labels: { 'app.kubernetes.io/managed-by': 'meshdeck' } });
  });

  it('allow-nothing on a workload is its selector and nothing else; names say the action', () => {
    expect(authorizationPolicy({ namespace: 'default', workload: 'ratings' }, 'allow-nothing')['spec']).toEqual({ selector: { matchLabels: { app: 'ratings' } } });
    expect([authzPolicyName({ namespace: 'default' }, 'deny-all'), authzPolicyName({ namespace: 'default', workload: 'ratings' }, 'allow-nothing')]).toEqual(['deny-all', 'ratings-allow-nothing']);
  });

  it('reads sources and paths as Istio writes them, and refuses what it cannot be', () => {
    expect(parseSources('sa:default/bookinfo-productpage,ns:istio-system,cluster.local/ns/foo/sa/curl')).toEqual({ principals: ['cluster.local/ns/default/sa/bookinfo-productpage', 'cluster.local/ns/foo/sa/curl'], namespaces: ['istio-system'] });
    expect(parsePaths('/api/*,*.css,/productpage')).toEqual(['/api/*', '*.css', '/productpage']);
    expect(() => parsePaths('api/*')).toThrow(/exact \(\/productpage\), a prefix/);
    expect(() => parsePaths('/a*b')).toThrow(/--paths/);
    expect(() => peerAuthentication('Bad_NS', 'STRICT')).toThrow(/not a namespace name/);
  });
});
