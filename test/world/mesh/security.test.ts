// The world's sidecars enforce PeerAuthentication and AuthorizationPolicy as Envoy does with
// Istio's config: precedence of mesh, namespace and workload modes; STRICT resetting plaintext
// (curl's exit 56 without a sidecar, Envoy's 503 through one whose DestinationRule turns TLS
// off); RBAC's DENY before ALLOW, allow-nothing, principals from mTLS only. Objects come from
// MeshDeck's own builders (core/policies) where it writes them.
import { describe, expect, it } from 'vitest';
import { authorizationPolicy, peerAuthentication } from '../../../core/policies/security-objects';
import { authorize, stringMatches } from './authorization.js';
import { createDataPlane } from './data-plane.js';
import { bookinfoSnapshot, destinationRule, pod } from './mesh-fixtures.js';
import type { MeshSnapshot, Pod } from './mesh-config.js';
import { mtlsModeFor } from './peer-authentication.js';
import { authorizationPolicyFrom, peerAuthenticationFrom } from './security-config.js';
import { seededRandom } from './weighted-pick.js';

const curlIn = pod('default', 'curl-6c7f8b9d5-aaaaa', { app: 'curl' }, { serviceAccount: 'curl' });
const curlOut = pod('legacy', 'curl-6c7f8b9d5-bbbbb', { app: 'curl' }, { sidecar: false, serviceAccount: 'curl' });

function world(extra: Partial<MeshSnapshot>, lines: string[] = []) {
  const base = bookinfoSnapshot({ pods: [curlIn, curlOut] });
  const snapshot: MeshSnapshot = { ...base, ...extra, destinationRules: [...base.destinationRules, ...(extra.destinationRules ?? [])] };
  const plane = createDataPlane({ snapshot: () => snapshot, random: seededRandom(3), onAccessLog: (p, _c, line) => lines.push(`${p.name} ${line}`) });
  const send = (from: Pod, url: string, headers: Record<string, string> = {}, method = 'GET') => plane.sendFromPod(from, { method, url, headers: { 'user-agent': 'curl/8.16.0', ...headers } }, new AbortController().signal);
  return { snapshot, plane, send };
}

const pa = (raw: unknown, created = '2026-12-01T00:00:00Z') => peerAuthenticationFrom({ ...(raw as object), metadata: { ...(raw as { metadata: object }).metadata, creationTimestamp: created } });
const ap = (raw: unknown) => authorizationPolicyFrom(raw);

describe('PeerAuthentication precedence', () => {
  const productpage = bookinfoSnapshot().pods.find((p) => p.labels['app'] === 'productpage') as Pod;
  it('is PERMISSIVE without policies; workload over namespace over mesh; UNSET inherits; port-level over workload', () => {
    const snap = (policies: ReturnType<typeof pa>[]) => ({ ...bookinfoSnapshot(), peerAuthentications: policies });
    expect(mtlsModeFor(snap([]), productpage, 9080)).toBe('PERMISSIVE');
    const mesh = pa(peerAuthentication('default', 'STRICT', true));
    expect(mtlsModeFor(snap([mesh]), productpage, 9080)).toBe('STRICT');
    const ns = pa(peerAuthentication('default', 'PERMISSIVE'));
    expect(mtlsModeFor(snap([mesh, ns]), productpage, 9080)).toBe('PERMISSIVE');
    const workload = pa({ metadata: { name: 'pp', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'productpage' } }, mtls: { mode: 'DISABLE' }, portLevelMtls: { 9080: { mode: 'STRICT' } } } });
    expect(mtlsModeFor(snap([mesh, ns, workload]), productpage, 9080)).toBe('STRICT');
    expect(mtlsModeFor(snap([mesh, ns, workload]), productpage, 9443)).toBe('DISABLE');
    const unset = pa({ metadata: { name: 'pp', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'productpage' } } } });
    expect(mtlsModeFor(snap([mesh, unset]), productpage, 9080)).toBe('STRICT');
    // Another namespace's policy never applies.
    expect(mtlsModeFor(snap([pa(peerAuthentication('legacy', 'STRICT'))]), productpage, 9080)).toBe('PERMISSIVE');
  });
});

describe('mTLS on the wire', () => {
  const strict = [pa(peerAuthentication('default', 'STRICT'))];

  it('STRICT resets a plaintext client (curl 56 material) and logs NR filter_chain_not_found; PERMISSIVE answers it', async () => {
    const lines: string[] = [];
    const { send } = world({ peerAuthentications: strict }, lines);
    expect(await send(curlOut, 'http://productpage.default:9080/productpage')).toEqual({ kind: 'reset' });
    expect(lines.find((l) => l.startsWith('productpage'))).toMatch(/"- - -" 0 NR filter_chain_not_found /);
    const permissive = world({ peerAuthentications: [pa(peerAuthentication('default', 'PERMISSIVE'))] });
    expect(await permissive.send(curlOut, 'http://productpage.default:9080/productpage')).toMatchObject({ kind: 'response', status: 200 });
  });

  it('sidecar to sidecar is auto mTLS (STRICT answers, the principal is known); a DestinationRule with tls DISABLE gets Envoy\'s 503', async () => {
    const { send, plane } = world({ peerAuthentications: strict });
    expect(await send(curlIn, 'http://productpage:9080/productpage')).toMatchObject({ kind: 'response', status: 200 });
    expect(plane.metrics.of(`default/${bookinfoSnapshot().pods[1]?.name}`).exposition()).toMatch(/connection_security_policy="mutual_tls"/);
    const off = destinationRule('default', 'productpage-plain', 'productpage', []);
    const tlsOff = world({ peerAuthentications: strict, destinationRules: [{ ...off, creationTimestamp: '2000-01-01T00:00:00Z', trafficPolicy: { tls: { mode: 'DISABLE' } } }] });
    const answer = await tlsOff.send(curlIn, 'http://productpage:9080/productpage');
    expect(answer).toMatchObject({ kind: 'response', status: 503 });
    expect(answer.kind === 'response' && answer.body.toString()).toBe('upstream connect error or disconnect/reset before headers. reset reason: connection termination');
  });

  it('without a PeerAuthentication plaintext gets through, counted with connection_security_policy="none" and no principal', async () => {
    const { send, plane } = world({});
    expect(await send(curlOut, 'http://productpage.default:9080/productpage')).toMatchObject({ kind: 'response', status: 200 });
    const productpage = bookinfoSnapshot().pods.find((p) => p.labels['app'] === 'productpage') as Pod;
    const exposition = plane.metrics.of(`default/${productpage.name}`).exposition();
    expect(exposition).toMatch(/istio_requests_total\{reporter="destination",[^}]*source_principal="unknown",[^}]*connection_security_policy="none"\} 1/);
  });
});

describe('AuthorizationPolicy', () => {
  it('matches strings the Istio way: exact, prefix*, *suffix, * (non-empty)', () => {
    expect(stringMatches('/api/*', '/api/v1/products')).toBe(true);
    expect(stringMatches('*.css', '/static/a.css')).toBe(true);
    expect(stringMatches('*', undefined)).toBe(false);
    expect(stringMatches('/productpage', '/productpage/x')).toBe(false);
  });

  it('allow-nothing denies everything with 403 RBAC: access denied; deny-all likewise, naming its rule', async () => {
    const lines: string[] = [];
    const nothing = world({ authorizationPolicies: [ap(authorizationPolicy({ namespace: 'default' }, 'allow-nothing'))] }, lines);
    const denied = await nothing.send(curlIn, 'http://productpage:9080/productpage');
    expect(denied).toMatchObject({ kind: 'response', status: 403 });
    expect(denied.kind === 'response' && denied.body.toString()).toBe('RBAC: access denied');
    expect(lines.find((l) => l.startsWith('productpage'))).toContain(' 403 - rbac_access_denied_matched_policy[none] ');
    const lines2: string[] = [];
    const denyAll = world({ authorizationPolicies: [ap(authorizationPolicy({ namespace: 'default', workload: 'productpage' }, 'deny-all'))] }, lines2);
    expect(await denyAll.send(curlOut, 'http://productpage.default:9080/productpage')).toMatchObject({ status: 403 });
    expect(lines2.find((l) => l.startsWith('productpage'))).toContain('rbac_access_denied_matched_policy[ns[default]-policy[productpage-deny-all]-rule[0]]');
    expect(await denyAll.send(curlOut, 'http://details.default:9080/details/0')).toMatchObject({ status: 200 });
  });

  it('ALLOW from a principal needs mTLS: the curl SA in the mesh passes, the same SA in plaintext does not; methods and paths narrow it', async () => {
    const allow = ap(authorizationPolicy({ namespace: 'default', workload: 'productpage' }, 'allow', { principals: ['cluster.local/ns/default/sa/curl'], methods: ['GET'], paths: ['/api/*'] }));
    const { send } = world({ authorizationPolicies: [allow] });
    expect(await send(curlIn, 'http://productpage:9080/api/v1/products')).toMatchObject({ status: 200 });
    expect(await send(curlIn, 'http://productpage:9080/productpage')).toMatchObject({ status: 403 });
    expect(await send(curlIn, 'http://productpage:9080/api/v1/products', {}, 'POST')).toMatchObject({ status: 403 });
    expect(await send(curlOut, 'http://productpage.default:9080/api/v1/products')).toMatchObject({ status: 403 });
  });

  it('the ingress gateway enforces policies selecting it: an ipBlocks allow-list', async () => {
    const allowList = ap({ metadata: { name: 'ingress-policy', namespace: 'istio-system' }, spec: { selector: { matchLabels: { app: 'istio-ingressgateway' } }, action: 'ALLOW', rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] }] } });
    const plane = createDataPlane({ snapshot: () => ({ ...bookinfoSnapshot(), authorizationPolicies: [allowList] }), random: seededRandom(1) });
    const from = (ip: string) => plane.handleIngress({ method: 'GET', path: '/productpage', authority: 'localhost', scheme: 'http', headers: {}, remoteAddress: `${ip}:40000`, listenerPort: 8080 }, new AbortController().signal);
    expect(await from('127.0.0.1')).toMatchObject({ status: 403, body: 'RBAC: access denied' });
    expect(await from('10.1.2.3')).toMatchObject({ status: 200 });
  });

  it('evaluates DENY before ALLOW, whichever is older', () => {
    const target = bookinfoSnapshot().pods.find((p) => p.labels['app'] === 'productpage') as Pod;
    const allowAll = ap({ metadata: { name: 'a', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { action: 'ALLOW', rules: [{}] } });
    const denyPost = ap({ metadata: { name: 'd', namespace: 'default', creationTimestamp: '2026-02-01T00:00:00Z' }, spec: { action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }, { when: [{ key: 'request.headers[end-user]', values: ['mallory'] }] }] } });
    const req = { sourceIP: '10.244.0.9', method: 'POST', path: '/', host: 'productpage:9080', port: 9080, headers: {} };
    expect(authorize([allowAll, denyPost], target, req)).toEqual({ allowed: false, details: 'rbac_access_denied_matched_policy[ns[default]-policy[d]-rule[0]]' });
    expect(authorize([allowAll, denyPost], target, { ...req, method: 'GET', headers: { 'end-user': 'mallory' } })).toMatchObject({ allowed: false, details: expect.stringContaining('rule[1]') });
    expect(authorize([allowAll, denyPost], target, { ...req, method: 'GET' })).toEqual({ allowed: true });
    // A root-namespace policy applies everywhere; CUSTOM and AUDIT decide nothing here.
    const meshDeny = ap({ metadata: { name: 'm', namespace: 'istio-system' }, spec: { action: 'DENY', rules: [{ from: [{ source: { notNamespaces: ['default'] } }] }] } });
    expect(authorize([meshDeny], target, { ...req, principal: 'cluster.local/ns/legacy/sa/curl' })).toMatchObject({ allowed: false });
    expect(authorize([ap({ metadata: { name: 'c', namespace: 'default' }, spec: { action: 'CUSTOM', rules: [{}] } })], target, req)).toEqual({ allowed: true });
  });
});
