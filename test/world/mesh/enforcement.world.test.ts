// What the world's data plane enforces, seen as the istio.io tasks see it, with the objects
// MeshDeck's built CLI writes: Bookinfo's famous delay result (ratings 7 s for jason: productpage's
// 3 s timeout and one retry show "reviews unavailable" after 6 s), mTLS STRICT refusing the
// curl pod of a namespace without injection (curl exit 56) while the injected one gets through,
// PERMISSIVE accepting both, deny-all answering 403 "RBAC: access denied" (from the curl pod and
// through the gateway), a tripped circuit breaker answering 503 under concurrent load, and
// outlier detection ejecting a failing httpbin.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyObjects, loadManifests } from '../../../core/kube';
import { signInToBookinfo } from '../../../core/traffic';
import { assertBuilt, runCliAsync } from '../../support/built-cli';
import { requireIstioReference } from '../../support/istio-reference';
import { describeWithIstioReference } from '../../support/reference-suite';
import { startWorldLab, type WorldLab } from '../../support/world-lab';
import { deployCurl, type CurlClient } from '../../support/world-lab-curl';
import type { MeshSnapshot } from './index.js';

const STATUS = ['-s', '-o', '/dev/null', '-w', '%{http_code}'];
const PRODUCTPAGE = 'http://productpage.default:9080/productpage';
/** MeshDeck writes the DestinationRule host as the FQDN; a cleared breaker may leave `connectionPool: {tcp: {}, http: {}}` (no limits). */
const breakerOn = (present: boolean) => (s: MeshSnapshot) => s.destinationRules.some((d) => d.host.startsWith('productpage.') && d.trafficPolicy?.connectionPool?.tcp?.maxConnections !== undefined) === present;

describeWithIstioReference('the mesh enforces what Envoy enforces', () => {
  let lab: WorldLab;
  let inMesh: CurlClient;
  let outside: CurlClient;

  beforeAll(async () => {
    assertBuilt();
    lab = await startWorldLab({ seed: 23 });
    inMesh = await deployCurl(lab, 'default', true);
    outside = await deployCurl(lab, 'legacy', false);
  }, 120_000);

  afterAll(async () => {
    await lab?.stop();
  });

  const meshdeck = async (...args: string[]) => {
    const result = await runCliAsync(args, lab.env);
    expect(result.stderr, result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  };

  it('ratings delayed 7 s for jason: productpage gives up on reviews after 2 × 3 s and says so', async () => {
    await meshdeck('route', 'reviews', '--match', 'header:end-user=jason', '--to', 'v2', '--otherwise', 'v1');
    await meshdeck('fault', 'ratings', '--delay', '7s', '--match', 'header:end-user=jason');
    await lab.mesh.until((s) => s.virtualServices.some((v) => v.name === 'ratings' && v.http.some((r) => r.fault?.delay)), AbortSignal.timeout(10_000));
    const jason = await signInToBookinfo(`${lab.mesh.url}/productpage`, 'jason');
    const started = Date.now();
    const page = await (await fetch(`${lab.mesh.url}/productpage`, { headers: { cookie: jason } })).text();
    const elapsed = Date.now() - started;
    console.info(`productpage for jason answered after ${elapsed} ms`);
    expect(page).toContain('Sorry, product reviews are currently unavailable for this book.');
    // Two tries of 3 s each: had either waited for ratings (7 s, under reviews v2's 10 s), stars would show.
    expect(elapsed).toBeGreaterThanOrEqual(6000);
    const other = await (await fetch(`${lab.mesh.url}/productpage`)).text();
    expect(other).not.toContain('Sorry, product reviews are currently unavailable');
    await meshdeck('policies', 'ratings', '--clear', 'all');
    await meshdeck('policies', 'reviews', '--clear', 'all');
  }, 30_000);

  it('mTLS STRICT: the plaintext curl pod gets its connection reset (exit 56), the injected one answers; PERMISSIVE takes both', async () => {
    expect(await outside.curl(...STATUS, PRODUCTPAGE)).toMatchObject({ code: 0, stdout: '200' });
    await meshdeck('mtls', 'default', 'strict');
    await lab.mesh.until((s) => (s.peerAuthentications ?? []).some((p) => p.namespace === 'default' && p.mode === 'STRICT'), AbortSignal.timeout(10_000));
    const refused = await outside.curl('-sS', '-o', '/dev/null', '-w', '%{http_code}', PRODUCTPAGE);
    expect(refused.code).toBe(56);
    expect(refused.stdout).toBe('000');
    expect(refused.stderr).toContain('curl: (56) Recv failure: Connection reset by peer\n');
    expect(await inMesh.curl(...STATUS, 'http://productpage:9080/productpage')).toMatchObject({ code: 0, stdout: '200' });
    // The gateway originates mTLS too.
    expect((await fetch(`${lab.mesh.url}/productpage`)).status).toBe(200);
    // A sidecar told to send plaintext (DestinationRule tls DISABLE) gets Envoy's 503 from its own proxy.
    await meshdeck('tls', 'productpage', 'disable');
    await lab.mesh.until((s) => s.destinationRules.some((d) => d.host.startsWith('productpage.') && d.trafficPolicy?.tls?.mode === 'DISABLE'), AbortSignal.timeout(10_000));
    const plain = await inMesh.curl('-s', '-w', ' %{http_code}', 'http://productpage:9080/productpage');
    expect(plain).toMatchObject({ code: 0, stdout: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination 503' });
    await meshdeck('tls', 'productpage', 'istio-mutual');
    await lab.mesh.until((s) => s.destinationRules.some((d) => d.host.startsWith('productpage.') && d.trafficPolicy?.tls?.mode === 'ISTIO_MUTUAL'), AbortSignal.timeout(10_000));
    expect(await inMesh.curl(...STATUS, 'http://productpage:9080/productpage')).toMatchObject({ stdout: '200' });
    await meshdeck('policies', 'productpage', '--clear', 'tls');
    await meshdeck('mtls', 'default', 'permissive');
    await lab.mesh.until((s) => (s.peerAuthentications ?? []).some((p) => p.namespace === 'default' && p.mode === 'PERMISSIVE'), AbortSignal.timeout(10_000));
    expect(await outside.curl(...STATUS, PRODUCTPAGE)).toMatchObject({ code: 0, stdout: '200' });
    await meshdeck('mtls', 'default', '--clear');
  });

  it('deny-all on productpage: 403 RBAC: access denied from the curl pod and through the gateway; cleared, it answers again', async () => {
    await meshdeck('authz', 'productpage', 'deny-all');
    await lab.mesh.until((s) => (s.authorizationPolicies ?? []).some((p) => p.action === 'DENY'), AbortSignal.timeout(10_000));
    const denied = await inMesh.curl('-s', '-i', 'http://productpage:9080/productpage');
    expect(denied.stdout).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(denied.stdout).toMatch(/\r\n\r\nRBAC: access denied$/);
    const viaGateway = await fetch(`${lab.mesh.url}/productpage`);
    expect(viaGateway.status).toBe(403);
    expect(await viaGateway.text()).toBe('RBAC: access denied');
    // details is not selected.
    expect(await inMesh.curl(...STATUS, 'http://details:9080/details/0')).toMatchObject({ stdout: '200' });
    await meshdeck('authz', 'productpage', 'deny-all', '--clear');
    await lab.mesh.until((s) => (s.authorizationPolicies ?? []).length === 0, AbortSignal.timeout(10_000));
    expect(await inMesh.curl(...STATUS, 'http://productpage:9080/productpage')).toMatchObject({ stdout: '200' });
  });

  it('outlier detection: httpbin answering 500 once is ejected; its only pod gone, the sidecar has no healthy upstream', async () => {
    await applyObjects(lab.clients, await loadManifests([join(requireIstioReference('httpbin'), 'samples', 'httpbin', 'httpbin.yaml')]), { namespace: 'default' });
    await lab.mesh.until((s) => s.pods.some((p) => p.labels['app'] === 'httpbin' && p.ready && p.hasSidecar), AbortSignal.timeout(30_000));
    expect(await inMesh.curl(...STATUS, 'http://httpbin:8000/get')).toMatchObject({ stdout: '200' });
    await meshdeck('breaker', 'httpbin', '--consecutive-5xx', '1', '--interval', '1s', '--ejection', '3m', '--max-ejection', '100');
    await lab.mesh.until((s) => s.destinationRules.some((d) => d.host.startsWith('httpbin.') && d.trafficPolicy?.outlierDetection?.consecutive5xxErrors === 1), AbortSignal.timeout(10_000));
    expect(await inMesh.curl(...STATUS, 'http://httpbin:8000/status/500')).toMatchObject({ stdout: '500' });
    // The whole result on a mismatch: kubectl's exit code and stderr say where an empty answer came from.
    expect(await inMesh.curl('-s', '-w', ' %{http_code}', 'http://httpbin:8000/get')).toMatchObject({ code: 0, stdout: 'no healthy upstream 503' });
    // Each client proxy keeps its own detector: the out-of-mesh client still reaches the pod.
    expect(await outside.curl(...STATUS, 'http://httpbin.default:8000/get')).toMatchObject({ stdout: '200' });
    await meshdeck('policies', 'httpbin', '--clear', 'breaker');
  });

  it('a tripped breaker on productpage answers 503 x-envoy-overloaded to concurrent requests through the gateway', async () => {
    // The world's productpage answers in microseconds; a slow reviews keeps each request on its connection for a second.
    await meshdeck('fault', 'reviews', '--delay', '1s');
    await meshdeck('breaker', 'productpage', '--max-connections', '1', '--max-pending', '1', '--max-requests-per-connection', '1');
    await lab.mesh.until((s) => breakerOn(true)(s) && s.virtualServices.some((v) => v.name === 'reviews' && v.http.some((r) => r.fault?.delay)), AbortSignal.timeout(10_000));
    const answers = await Promise.all(Array.from({ length: 12 }, () => fetch(`${lab.mesh.url}/productpage`)));
    const overloaded = answers.filter((a) => a.status === 503);
    console.info(`12 concurrent: ${answers.length - overloaded.length} × 200, ${overloaded.length} × 503`);
    expect(overloaded.length).toBeGreaterThan(0);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    expect(overloaded.every((a) => a.headers.get('x-envoy-overloaded') === 'true')).toBe(true);
    // One active, one pending: every other concurrent request overflows at once.
    expect(overloaded.length).toBe(10);
    await meshdeck('policies', 'productpage', '--clear', 'breaker');
    await lab.mesh.until(breakerOn(false), AbortSignal.timeout(10_000));
    const after = await Promise.all(Array.from({ length: 12 }, () => fetch(`${lab.mesh.url}/productpage`)));
    expect(after.every((a) => a.status === 200)).toBe(true);
    await meshdeck('policies', 'reviews', '--clear', 'all');
  });
});
