// The policy commands' dry runs are Istio's task objects: `fault ratings --delay 7s --match
// header:end-user=jason` is samples/bookinfo/networking/virtual-service-ratings-test-delay.yaml
// (from nothing, and composed onto the task's virtual-service-all-v1.yaml), `--abort 500` the
// -abort file, `route reviews … --to v2 --otherwise v1` virtual-service-reviews-test-v2.yaml; the
// circuit-breaking and mTLS tasks' objects likewise. Every object MeshDeck writes passes the
// upstream CRD schemas (nothing pruned) and the mirrored istiod checks. Files are read from the
// upstream reference at test time, never copied.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { istioCrds } from '../../test/world/istioctl/istio-crds.js';
import { validateDestinationRule, validateVirtualService } from '../../test/world/validation/istio-checks.js';
import { errorText } from '../../test/world/validation/istio-errors.js';
import { pruneUnknownFields } from '../../test/world/validation/pruning.js';
import { compileSchema } from '../../test/world/validation/schema-validator.js';
import { policyRequestOf, type POLICY_COMMAND_SPECS } from '../cli/policy-command';
import { authzWords, mtlsWords } from '../cli/security-command';
import type { KubeObject } from '../kube';
import { routingYaml } from '../traffic/routing-yaml';
import { applyPolicyChange } from './policy-changes';
import { policyObjects, readPolicy } from './policy-objects';
import { changeOf } from './policy-request';
import { securityObject } from './policy-service';

type Crd = { spec: { group: string; names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema?: unknown } }[] } };
const NAMESPACE = 'default';
const VERSIONS: Record<string, string[]> = { ratings: ['v1'], reviews: ['v1', 'v2', 'v3'], httpbin: ['v1'] };

function readDocs(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

/** What `meshdeck COMMAND ARGS --dry-run -o yaml` prints for a service whose live VirtualService is `live` (none: no objects yet). */
function dryRun(command: keyof typeof POLICY_COMMAND_SPECS, args: string[], live?: KubeObject): KubeObject[] {
  const request = policyRequestOf(command, [...args, '--dry-run', '-o', 'yaml']);
  const versions = VERSIONS[request.service] ?? ['v1'];
  const policy = readPolicy({ service: request.service, namespace: NAMESPACE, versions, virtualService: live });
  const objects = policyObjects(applyPolicyChange(policy, changeOf(request.change), versions));
  return parseAllDocuments(routingYaml([objects.destinationRule, objects.virtualService])).map((doc) => doc.toJS() as KubeObject);
}

const ofKind = (objects: readonly KubeObject[], kind: string): KubeObject => objects.find((o) => o.kind === kind) as KubeObject;
/** Only what the object means: apiVersion, kind, name and spec (MeshDeck's managed-by label and namespace aside). */
const meaning = (o: KubeObject) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name, spec: o['spec'] });

describeWithIstioReference('policy commands against the upstream task files', (reference) => {
  const networking = join(reference, 'samples', 'bookinfo', 'networking');
  const upstream = (file: string, name: string) => readDocs(join(networking, file)).find((o) => o.kind === 'VirtualService' && o.metadata?.name === name) as KubeObject;
  const crds = istioCrds(reference) as unknown as Crd[];
  const expectValid = (object: KubeObject): void => {
    const [group, version] = (object.apiVersion ?? '').split('/');
    const schema = crds.find((c) => c.spec.group === group && c.spec.names.kind === object.kind)?.spec.versions.find((v) => v.name === version)?.schema?.openAPIV3Schema;
    const label = `${object.kind ?? ''} ${object.metadata?.name ?? ''}`;
    expect(schema, label).toBeDefined();
    const copy = JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
    expect(pruneUnknownFields(copy, schema), label).toEqual([]);
    expect(compileSchema(schema).validate(copy), label).toEqual([]);
    const spec = (object['spec'] ?? {}) as Record<string, unknown>;
    if (object.kind === 'VirtualService') expect(errorText(validateVirtualService(spec)), label).toBe('');
    if (object.kind === 'DestinationRule') expect(errorText(validateDestinationRule(spec)), label).toBe('');
  };

  it.each([
    ['virtual-service-ratings-test-delay.yaml', ['ratings', '--delay', '7s', '--match', 'header:end-user=jason']],
    ['virtual-service-ratings-test-abort.yaml', ['ratings', '--abort', '500', '--match', 'header:end-user=jason']],
  ])('fault %s: the dry run is the upstream VirtualService, from nothing and on top of virtual-service-all-v1.yaml', (file, args) => {
    const expected = meaning(upstream(file, 'ratings'));
    const fromNothing = dryRun('fault', args);
    expect(meaning(ofKind(fromNothing, 'VirtualService'))).toEqual(expected);
    const composed = dryRun('fault', args, upstream('virtual-service-all-v1.yaml', 'ratings'));
    expect(meaning(ofKind(composed, 'VirtualService'))).toEqual(expected);
    for (const object of [...fromNothing, ...composed]) expectValid(object);
  });

  it('route reviews --match header:end-user=jason --to v2 --otherwise v1 is virtual-service-reviews-test-v2.yaml', () => {
    const objects = dryRun('route', ['reviews', '--match', 'header:end-user=jason', '--to', 'v2', '--otherwise', 'v1']);
    expect(meaning(ofKind(objects, 'VirtualService'))).toEqual(meaning(upstream('virtual-service-reviews-test-v2.yaml', 'reviews')));
    objects.forEach(expectValid);
  });

  it('tells the fault files apart: a delay is not the abort file and the reverse', () => {
    const delay = meaning(ofKind(dryRun('fault', ['ratings', '--delay', '7s', '--match', 'header:end-user=jason']), 'VirtualService'));
    expect(delay).not.toEqual(meaning(upstream('virtual-service-ratings-test-abort.yaml', 'ratings')));
    const half = meaning(ofKind(dryRun('fault', ['ratings', '--delay', '7s', '--percent', '50', '--match', 'header:end-user=jason']), 'VirtualService'));
    expect(half).not.toEqual(meaning(upstream('virtual-service-ratings-test-delay.yaml', 'ratings')));
  });

  it("breaker is the circuit-breaking task's DestinationRule trafficPolicy", () => {
    // istio.io/latest/docs/tasks/traffic-management/circuit-breaking/ (inline in the task, not a sample file).
    const task = {
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
      outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 },
    };
    const args = ['httpbin', '--max-connections', '1', '--max-pending', '1', '--max-requests-per-connection', '1', '--consecutive-5xx', '1', '--interval', '1s', '--ejection', '3m', '--max-ejection', '100'];
    const objects = dryRun('breaker', args);
    expect((ofKind(objects, 'DestinationRule')['spec'] as { trafficPolicy: unknown }).trafficPolicy).toEqual(task);
    objects.forEach(expectValid);
  });

  it("mtls is the mTLS task's PeerAuthentication, mesh-wide and per namespace", () => {
    // istio.io/latest/docs/tasks/security/authentication/mtls-migration/ and authn-policy/.
    const mesh = mtlsWords(['strict'], { mesh: true });
    expect(meaning(securityObject(mesh.change, mesh.namespace ?? NAMESPACE))).toEqual({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', name: 'default', spec: { mtls: { mode: 'STRICT' } } });
    expect(securityObject(mesh.change, mesh.namespace ?? NAMESPACE).metadata?.namespace).toBe('istio-system');
    const foo = mtlsWords(['foo', 'permissive'], {});
    const object = securityObject(foo.change, foo.namespace ?? NAMESPACE);
    expect({ namespace: object.metadata?.namespace, spec: object['spec'] }).toEqual({ namespace: 'foo', spec: { mtls: { mode: 'PERMISSIVE' } } });
    expectValid(object);
  });

  it("authz writes the authorization tasks' allow-nothing, deny-all and ALLOW policies", () => {
    // istio.io/latest/docs/tasks/security/authorization/authz-http/ and docs/concepts/security/#authorization-policy.
    const build = (positionals: string[], values: Parameters<typeof authzWords>[1] = {}) => {
      const request = authzWords(positionals, values);
      return securityObject(request.change, request.namespace ?? NAMESPACE);
    };
    expect(meaning(build(['default', 'allow-nothing']))).toEqual({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', name: 'allow-nothing', spec: {} });
    expect(meaning(build(['default', 'deny-all']))).toEqual({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', name: 'deny-all', spec: { action: 'DENY', rules: [{}] } });
    const allow = build(['reviews', 'allow'], { from: 'sa:default/bookinfo-productpage', methods: 'GET' });
    expect(allow['spec']).toEqual({
      selector: { matchLabels: { app: 'reviews' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/bookinfo-productpage'] } }], to: [{ operation: { methods: ['GET'] } }] }],
    });
    for (const object of [build(['default', 'allow-nothing']), build(['default', 'deny-all']), allow, build(['productpage', 'allow'], { from: 'ns:istio-system', paths: '/api/*,/productpage' })]) expectValid(object);
  });

  it("retry and timeout are the request-timeouts and retries docs' VirtualServices", () => {
    // istio.io/latest/docs/concepts/traffic-management/#retries (ratings v1, 3 attempts of 2s).
    const retries = dryRun('retry', ['ratings', '--attempts', '3', '--per-try', '2s']);
    expect(ofKind(retries, 'VirtualService')['spec']).toEqual({ hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings', subset: 'v1' } }], retries: { attempts: 3, perTryTimeout: '2s' } }] });
    // istio.io/latest/docs/tasks/traffic-management/request-timeouts/: reviews to v2 with a 0.5s timeout.
    const v2 = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] } };
    const timeout = dryRun('timeout', ['reviews', '0.5s'], v2);
    expect(ofKind(timeout, 'VirtualService')['spec']).toEqual({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }], timeout: '0.5s' }] });
    [...retries, ...timeout].forEach(expectValid);
  });

  it('every policy command writes objects a real API server and istiod accept', () => {
    const lines: [keyof typeof POLICY_COMMAND_SPECS, string[]][] = [
      ['timeout', ['reviews', '0.5s']],
      ['retry', ['ratings', '--attempts', '3', '--per-try', '2s', '--on', '5xx,reset']],
      ['fault', ['reviews', '--delay', '100ms', '--abort', '503', '--percent', '12.5', '--match', 'uri:/reviews*,method:GET']],
      ['route', ['reviews', '--match', 'header:end-user~=^j.*', '--to', 'v3']],
      ['tls', ['reviews', 'istio-mutual']],
    ];
    for (const [command, args] of lines) dryRun(command, args).forEach(expectValid);
  });
});
