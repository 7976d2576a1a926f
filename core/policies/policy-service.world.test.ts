// Policies applied live against the test world: a fault for jason is seen on productpage (the
// world's data plane follows the VirtualService), a weight change through the sliders' path keeps
// it, clearing it restores the plain split, an edit by someone else between reading and applying
// is a CONFLICT that overwrites nothing, and security objects are written once, never over
// someone else's without take-over. The built CLI's dry runs are the upstream task files, and
// its refusals (an unknown version) exit 2 before anything is written.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { AppError } from '../contract';
import type { KubeObject } from '../kube';
import { RoutingService, signInToBookinfo } from '../traffic';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { assertBuilt, runCliAsync } from '../../test/support/built-cli';
import { bookinfoFile, startWorldLab, type WorldLab } from '../../test/support/world-lab';
import { PolicyService } from './policy-service';

const VS_PATH = '/apis/networking.istio.io/v1/namespaces/default/virtualservices';
const DR_PATH = '/apis/networking.istio.io/v1/namespaces/default/destinationrules';
const PA_PATH = '/apis/security.istio.io/v1/namespaces/default/peerauthentications';
const UNAVAILABLE = 'Ratings service is currently unavailable';
const JASON = 'header:end-user=jason';

describeWithIstioReference('policies applied against the world', () => {
  let lab: WorldLab;
  let routing: RoutingService;
  let policies: PolicyService;
  let jason: string;

  beforeAll(async () => {
    assertBuilt();
    lab = await startWorldLab({ seed: 11 });
    routing = new RoutingService({ clients: async () => lab.clients, defaultNamespace: 'default' });
    policies = new PolicyService({ clients: async () => lab.clients, routing, defaultNamespace: 'default' });
    jason = await signInToBookinfo(`${lab.mesh.url}/productpage`, 'jason');
  });

  afterAll(async () => {
    routing?.close();
    await lab?.stop();
  });

  const page = async (cookie?: string) => (await fetch(`${lab.mesh.url}/productpage`, cookie ? { headers: { cookie } } : {})).text();
  const ratingsVs = async () => (await lab.clients.http.request<KubeObject>('GET', `${VS_PATH}/ratings`)).body;
  /** Waits until the data plane routes ratings with (or without) a fault rule. */
  const faultInForce = (present: boolean) =>
    lab.mesh.until((s) => {
      const vs = s.virtualServices.find((v) => v.namespace === 'default' && v.name === 'ratings');
      return (vs?.http.some((rule) => (rule as { fault?: unknown }).fault !== undefined) ?? false) === present && vs !== undefined;
    }, AbortSignal.timeout(10_000));

  it.each([
    ['virtual-service-ratings-test-delay.yaml', ['fault', 'ratings', '--delay', '7s', '--match', 'header:end-user=jason']],
    ['virtual-service-ratings-test-abort.yaml', ['fault', 'ratings', '--abort', '500', '--match', 'header:end-user=jason']],
    ['virtual-service-reviews-test-v2.yaml', ['route', 'reviews', '--match', 'header:end-user=jason', '--to', 'v2', '--otherwise', 'v1']],
  ])('the built CLI: %s is what --dry-run -o yaml prints, and nothing is written', async (file, args) => {
    const result = await runCliAsync([...args, '--dry-run', '-o', 'yaml'], lab.env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const vs = parseAllDocuments(result.stdout).map((d) => d.toJS() as KubeObject).find((o) => o.kind === 'VirtualService');
    const upstream = parseAllDocuments(await readFile(bookinfoFile(`networking/${file}`), 'utf8')).map((d) => d.toJS() as KubeObject)[0];
    expect(vs?.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('meshdeck');
    expect(vs?.['spec']).toEqual(upstream?.['spec']);
    const stored = await lab.clients.http.request<{ items: KubeObject[] }>('GET', VS_PATH);
    expect(stored.body.items.map((o) => o.metadata?.name)).toEqual(['bookinfo']);
  });

  it('the built CLI refuses an unknown version with exit 2, naming the versions', async () => {
    const result = await runCliAsync(['route', 'reviews', '--match', 'header:end-user=jason', '--to', 'v9'], lab.env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('its versions are v1, v2, v3');
  });

  it('fault ratings --abort 500 --match header:end-user=jason: jason sees ratings unavailable, others do not', async () => {
    const applied = await policies.apply({ service: 'ratings', change: { kind: 'fault', abort: 500, match: JASON } });
    expect(applied.objects.map((o) => `${o.kind}:${o.action}`)).toEqual(['DestinationRule:created', 'VirtualService:created']);
    await faultInForce(true);
    expect(await page(jason)).toContain(UNAVAILABLE);
    expect(await page()).not.toContain(UNAVAILABLE);
    const shown = await policies.show({ service: 'ratings' });
    expect(shown.owner).toBe('meshdeck');
    expect(shown.rules).toEqual([
      { match: JASON, route: [{ version: 'v1', weight: 100 }], abort: { httpStatus: 500, percent: 100 } },
      { match: 'every request', route: [{ version: 'v1', weight: 100 }] },
    ]);
  });

  it('a weight change through the sliders keeps the fault; a timeout lands beside it', async () => {
    // The Traffic screen still shows the split (and lets the sliders move it) beside the fault.
    expect((await routing.services()).find((s) => s.name === 'ratings')?.weights).toEqual([{ version: 'v1', weight: 100 }]);
    await routing.apply({ service: 'ratings', weights: [{ version: 'v1', weight: 100 }] });
    await policies.apply({ service: 'ratings', change: { kind: 'timeout', timeout: '3s' } });
    const spec = (await ratingsVs())['spec'] as { http: { fault?: unknown; timeout?: string; route: unknown[] }[] };
    expect(spec.http.map((rule) => ({ fault: rule.fault !== undefined, timeout: rule.timeout }))).toEqual([{ fault: true, timeout: undefined }, { fault: false, timeout: '3s' }]);
    expect(await page(jason)).toContain(UNAVAILABLE);
  });

  it('an edit by someone else after reading is a CONFLICT and nothing is overwritten', async () => {
    const { basedOn } = await policies.show({ service: 'ratings' });
    const edited = await lab.clients.http.request<KubeObject>('PATCH', `${VS_PATH}/ratings`, {
      query: { fieldManager: 'kubectl-edit' },
      contentType: 'application/merge-patch+json',
      body: JSON.stringify({ metadata: { annotations: { edited: 'by-hand' } } }),
    });
    const error = await policies.apply({ service: 'ratings', change: { kind: 'retry', attempts: 2 }, basedOn }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    expect((await ratingsVs()).metadata?.resourceVersion).toBe(edited.body.metadata?.resourceVersion);
  });

  it('--clear fault, then --clear all: jason sees ratings again and the objects are the sliders\' plain split', async () => {
    await policies.apply({ service: 'ratings', change: { kind: 'clear', clear: 'fault' } });
    await faultInForce(false);
    expect(await page(jason)).not.toContain(UNAVAILABLE);
    await policies.apply({ service: 'ratings', change: { kind: 'clear', clear: 'all' } });
    expect((await ratingsVs())['spec']).toEqual({ hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings', subset: 'v1' }, weight: 100 }] }] });
  });

  it('the built CLI: shift after route --match keeps the rule; policies --undo puts back the objects before the last change, once', async () => {
    const reviewsVs = async () => (await lab.clients.http.request<KubeObject>('GET', `${VS_PATH}/reviews`)).body;
    expect((await runCliAsync(['route', 'reviews', '--match', JASON, '--to', 'v2'], lab.env)).status).toBe(0);
    const routed = (await reviewsVs())['spec'];
    expect((await runCliAsync(['shift', 'reviews', 'v1=50', 'v3=50'], lab.env)).status).toBe(0);
    const shifted = (await reviewsVs())['spec'] as { http: { match?: unknown; route: { destination: { subset: string } }[] }[] };
    expect(shifted.http.map((rule) => [rule.match !== undefined, rule.route.map((r) => r.destination.subset)])).toEqual([[true, ['v2']], [false, ['v1', 'v3']]]);
    const undone = await runCliAsync(['policies', 'reviews', '--undo'], lab.env);
    expect(undone.stdout).toContain('VirtualService default/reviews restored');
    expect((await reviewsVs())['spec']).toEqual(routed);
    const again = await runCliAsync(['policies', 'reviews', '--undo'], lab.env);
    expect([again.status, again.stderr]).toEqual([1, expect.stringContaining('Nothing to undo') as string]);
    // A change, then an edit by someone else: the undo would overwrite it, so it is refused.
    await policies.apply({ service: 'reviews', change: { kind: 'timeout', timeout: '2s' } });
    const edited = await lab.clients.http.request<KubeObject>('PATCH', `${VS_PATH}/reviews`, { query: { fieldManager: 'kubectl-edit' }, contentType: 'application/merge-patch+json', body: JSON.stringify({ spec: { http: routed && (routed as { http: unknown[] }).http } }) });
    const refused = await policies.undo({ service: 'reviews' }).catch((e: unknown) => e);
    expect((refused as AppError).code).toBe('CONFLICT');
    expect((await reviewsVs()).metadata?.resourceVersion).toBe(edited.body.metadata?.resourceVersion);
    await routing.remove({ service: 'reviews' });
  });

  it('--clear breaker leaves no emptied connectionPool, outlierDetection or trafficPolicy in the live DestinationRule', async () => {
    const drOf = async () => (await lab.clients.http.request<KubeObject>('GET', `${DR_PATH}/reviews`)).body['spec'];
    await policies.apply({ service: 'reviews', change: { kind: 'breaker', maxConnections: 1, http1MaxPendingRequests: 1, consecutive5xxErrors: 1, baseEjectionTime: '3m' } });
    expect(await drOf()).toMatchObject({ trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } }, outlierDetection: { consecutive5xxErrors: 1, baseEjectionTime: '3m' } } });
    await policies.apply({ service: 'reviews', change: { kind: 'clear', clear: 'breaker' } });
    const spec = (await drOf()) as Record<string, unknown>;
    expect(Object.keys(spec).sort()).toEqual(['host', 'subsets']);
  });

  it('mtls default strict writes the PeerAuthentication; a foreign one is not replaced without take-over', async () => {
    const preview = await policies.securityPreview({ change: { kind: 'mtls', mode: 'STRICT' } });
    expect(preview.owner).toBe('none');
    expect(preview.warnings).toBeUndefined();
    expect(preview.diff[0]).toMatchObject({ kind: 'PeerAuthentication', name: 'default', namespace: 'default', before: null, changed: true });
    // A DestinationRule that turns TLS off would break STRICT: the preview names it and the fix.
    await policies.apply({ service: 'details', change: { kind: 'tls', tls: 'DISABLE' } });
    expect((await policies.securityPreview({ change: { kind: 'mtls', mode: 'STRICT' } })).warnings).toEqual([expect.stringContaining('DestinationRule default/details sets TLS mode DISABLE') as string]);
    await policies.apply({ service: 'details', change: { kind: 'tls', tls: 'ISTIO_MUTUAL' } });
    const applied = await policies.securityApply({ change: { kind: 'mtls', mode: 'STRICT' } });
    expect(applied.warnings).toBeUndefined();
    expect(applied.objects).toMatchObject([{ kind: 'PeerAuthentication', name: 'default', namespace: 'default', action: 'created' }]);
    expect(preview.basedOn).toBeNull();
    const stored = (await lab.clients.http.request<KubeObject>('GET', `${PA_PATH}/default`)).body;
    expect(stored['spec']).toEqual({ mtls: { mode: 'STRICT' } });
    // What the Security section sends as basedOn: the object its preview read; an edit since is a CONFLICT.
    const seen = await policies.securityPreview({ change: { kind: 'mtls', mode: 'PERMISSIVE' } });
    expect(seen.basedOn).toBe(stored.metadata?.resourceVersion);
    await lab.clients.http.request('DELETE', `${PA_PATH}/default`);
    const foreign = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'default' }, spec: { mtls: { mode: 'DISABLE' } } };
    await lab.clients.http.request('POST', PA_PATH, { body: JSON.stringify(foreign) });
    const error = await policies.securityApply({ change: { kind: 'mtls', mode: 'PERMISSIVE' } }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CONFLICT');
    expect(((await lab.clients.http.request<KubeObject>('GET', `${PA_PATH}/default`)).body['spec'] as { mtls: unknown }).mtls).toEqual({ mode: 'DISABLE' });
    await policies.securityApply({ change: { kind: 'mtls', mode: 'PERMISSIVE' }, takeOver: true });
    expect(((await lab.clients.http.request<KubeObject>('GET', `${PA_PATH}/default`)).body['spec'] as { mtls: unknown }).mtls).toEqual({ mode: 'PERMISSIVE' });
  });

  it('the built CLI: mtls --dry-run is the task\'s PeerAuthentication; mtls --clear deletes only what MeshDeck wrote', async () => {
    const dry = await runCliAsync(['mtls', 'strict', '--mesh', '--dry-run', '-o', 'yaml'], lab.env);
    expect(dry.status).toBe(0);
    const object = parseAllDocuments(dry.stdout).map((d) => d.toJS() as KubeObject)[0];
    expect({ apiVersion: object?.apiVersion, kind: object?.kind, name: object?.metadata?.name, namespace: object?.metadata?.namespace, spec: object?.['spec'] }).toEqual({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', name: 'default', namespace: 'istio-system', spec: { mtls: { mode: 'STRICT' } } });
    const cleared = await runCliAsync(['mtls', 'default', '--clear', '--dry-run'], lab.env);
    expect(cleared.stdout).toContain('# deletes PeerAuthentication default/default');
    await runCliAsync(['mtls', 'default', '--clear'], lab.env);
    const gone = await lab.clients.http.request('GET', `${PA_PATH}/default`).then(() => 'there', (error: unknown) => (error as { statusCode?: number }).statusCode);
    expect(gone).toBe(404);
    const again = await runCliAsync(['mtls', 'default', '--clear'], lab.env);
    expect(again.stdout).toContain('Nothing to change');
    // Put the PeerAuthentication back for the listing below.
    await policies.securityApply({ change: { kind: 'mtls', mode: 'PERMISSIVE' } });
  });

  it('authz productpage allow adds rules to its policy, one at a time', async () => {
    const typo = await policies.securityPreview({ change: { kind: 'authz', workload: 'kube-system', action: 'deny-all' } });
    expect(typo.warnings).toEqual([expect.stringContaining('type `meshdeck authz kube-system deny-all -n kube-system`') as string]);
    expect((await policies.securityPreview({ change: { kind: 'authz', workload: 'productpage', action: 'allow' } })).warnings).toBeUndefined();
    await policies.securityApply({ change: { kind: 'authz', workload: 'productpage', action: 'allow', from: 'sa:istio-system/istio-ingressgateway-service-account' } });
    await policies.securityApply({ change: { kind: 'authz', workload: 'productpage', action: 'allow', methods: 'GET', paths: '/api/*' } });
    const stored = (await lab.clients.http.request<KubeObject>('GET', '/apis/security.istio.io/v1/namespaces/default/authorizationpolicies/productpage-allow')).body;
    expect(stored['spec']).toEqual({
      selector: { matchLabels: { app: 'productpage' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] }, { to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }] }],
    });
    await policies.securityApply({ change: { kind: 'authz', action: 'deny-all' } });
    // `meshdeck policies productpage`: what is in force for it, whose it is.
    const shown = await policies.show({ service: 'productpage' });
    expect(shown.security).toEqual({
      mtls: { mode: 'PERMISSIVE', object: 'default/default' },
      authorization: [
        { namespace: 'default', name: 'deny-all', action: 'DENY', rules: 1, owner: 'meshdeck' },
        { namespace: 'default', name: 'productpage-allow', action: 'ALLOW', rules: 2, owner: 'meshdeck' },
      ],
    });
    expect((await policies.show({ service: 'reviews' })).security?.authorization.map((a) => a.name)).toEqual(['deny-all']);
    const cli = await runCliAsync(['policies', 'productpage'], lab.env);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('mTLS: PERMISSIVE (PeerAuthentication default/default)');
    expect(cli.stdout).toContain('authorization: default/deny-all DENY (1 rule); default/productpage-allow ALLOW (2 rules)');
    const cleared = await runCliAsync(['authz', 'default', 'deny-all', '--clear'], lab.env);
    expect(cleared.status).toBe(0);
    expect((await policies.show({ service: 'reviews' })).security?.authorization).toEqual([]);
  });
});
