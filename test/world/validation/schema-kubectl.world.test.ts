// Real kubectl against the world's CRD validation: the upstream Istio CRDs are installed, then
// a VirtualService is written the ways kubectl writes (create, client-side apply, server-side
// apply) with a wrong type, an unknown field under each fieldValidation directive, and with
// istiod's webhook installed. Skips like kubectl.test.ts without kubectl or the reference files.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithIstioReference } from '../../support/reference-suite';
import { istioCrds } from '../istioctl/istio-crds.js';
import { findKubectl } from '../kubectl.js';
import { KubectlRunner } from '../kubectl-runner.js';
import { startWorld, type World } from '../index.js';

const ci = process.env['CI'] === 'true';
const kubectlPath = await findKubectl().catch((error: unknown) => {
  if (ci) throw error;
  console.warn(`skipping CRD validation tests: no kubectl >= 1.28 (${String(error)})`);
  return undefined;
});

function virtualService(name: string, extra = '', weight: string | number = 100): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: default
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: ${weight}
${extra}`;
}

const validator = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name: 'istio-validator-istio-system' },
  webhooks: [{ name: 'rev.validation.istio.io', rules: [{ apiGroups: ['networking.istio.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['*'] }] }],
};

describeWithIstioReference('CRD schemas and the Istio webhook against real kubectl', (reference) => {
  let world: World;
  let k: KubectlRunner;

  beforeAll(async () => {
    world = await startWorld();
    k = new KubectlRunner(kubectlPath ?? 'kubectl', world.kubeconfigPath);
    const crdType = world.registry.get('apiextensions.k8s.io', 'customresourcedefinitions');
    for (const crd of istioCrds(reference)) world.api.create(crdType!, 'v1', undefined, crd as never);
    await k.ok(['wait', '--for=condition=established', 'crd/virtualservices.networking.istio.io', '--timeout=30s']);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it.skipIf(!kubectlPath)('refuses a string where an integer goes with 422 and the field path', async () => {
    const result = await k.run(['apply', '-f', '-'], virtualService('typed', '', '"eighty"'));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'The VirtualService "typed" is invalid: spec.http[0].route[0].weight: Invalid value: "string": spec.http[0].route[0].weight in body must be of type integer: "string"',
    );
    const ssa = await k.run(['apply', '--server-side', '-f', '-'], virtualService('typed', '', '"eighty"'));
    expect(ssa.stderr).toContain('spec.http[0].route[0].weight in body must be of type integer');
  });

  it.skipIf(!kubectlPath)('refuses an unknown field under --validate=strict, naming its path', async () => {
    const extra = '  colour: blue\n';
    const created = await k.run(['create', '--validate=strict', '-f', '-'], virtualService('strict', extra));
    expect(created.code).not.toBe(0);
    expect(created.stderr).toContain('Error from server (BadRequest)');
    expect(created.stderr).toContain('VirtualService in version "v1" cannot be handled as a VirtualService: strict decoding error: unknown field "spec.colour"');
    const applied = await k.run(['apply', '--server-side', '-f', '-'], virtualService('strict', extra));
    expect(applied.stderr).toContain('failed to create typed patch object (default/strict; networking.istio.io/v1, Kind=VirtualService): .spec.colour: field not declared in schema');
    expect((await k.run(['get', 'virtualservice', 'strict'])).stderr).toContain('not found');
  });

  it.skipIf(!kubectlPath)('accepts the object without the bad field, and prunes what Warn and Ignore let through', async () => {
    await k.ok(['apply', '-f', '-'], virtualService('clean'));
    expect(await k.ok(['get', 'virtualservice', 'clean', '-o', 'jsonpath={.spec.http[0].route[0].weight}'])).toBe('100');
    const warned = await k.run(['apply', '--validate=warn', '-f', '-'], virtualService('warned', '    colour: blue\n'));
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('Warning: unknown field "spec.http[0].colour"');
    const kept = JSON.parse(await k.ok(['get', 'virtualservice', 'warned', '-o', 'json'])) as { spec: { http: Record<string, unknown>[] } };
    expect(kept.spec.http[0]).not.toHaveProperty('colour');
    expect(kept.spec.http[0]?.['route']).toHaveLength(1);
    const ignored = await k.run(['apply', '--validate=false', '-f', '-'], virtualService('ignored', '    colour: blue\n'));
    expect(ignored.stderr).not.toContain('Warning');
    expect(await k.ok(['get', 'virtualservice', 'ignored', '-o', 'jsonpath={.spec.http[0]}'])).not.toContain('colour');
  });

  it.skipIf(!kubectlPath)('warns about an unknown field in a merge patch (kubectl patch sends no directive) and prunes it', async () => {
    const patched = await k.run(['patch', 'virtualservice', 'clean', '--type=merge', '-p', '{"spec":{"colour":"blue"}}']);
    expect(patched.code).toBe(0);
    expect(patched.stderr).toContain('Warning: unknown field "spec.colour"');
    expect(await k.ok(['get', 'virtualservice', 'clean', '-o', 'jsonpath={.spec}'])).not.toContain('colour');
  });

  it.skipIf(!kubectlPath)('refuses an unknown field in a Strict replace (400) and a Strict merge patch (422 on "patch")', async () => {
    const current = JSON.parse(await k.ok(['get', 'virtualservice', 'clean', '-o', 'json'])) as { spec: Record<string, unknown> };
    current.spec['colour'] = 'blue';
    const replaced = await k.run(['replace', '--validate=strict', '-f', '-'], JSON.stringify(current));
    expect(replaced.stderr).toContain('Error from server (BadRequest)');
    expect(replaced.stderr).toContain('strict decoding error: unknown field "spec.colour"');
    const type = world.registry.get('networking.istio.io', 'virtualservices');
    const patch = () => world.api.patch(type!, 'v1', 'default', 'clean', 'merge', '{"spec":{"colour":"blue"}}', { fieldManager: 'test', fieldValidation: 'Strict' });
    expect(patch).toThrow(/^ "" is invalid: patch: Invalid value: ".*": strict decoding error: unknown field "spec.colour"$/);
  });

  it.skipIf(!kubectlPath)("denies what istiod's webhook denies once it is installed", async () => {
    const zero = virtualService('split', '    - destination: {host: reviews, subset: v2}\n      weight: 0\n', 0);
    await k.ok(['apply', '-f', '-'], zero);
    const webhookType = world.registry.get('admissionregistration.k8s.io', 'validatingwebhookconfigurations');
    world.api.create(webhookType!, 'v1', undefined, validator as never);
    const denied = await k.run(['apply', '-f', '-'], zero.replace('name: split', 'name: split2'));
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('admission webhook "rev.validation.istio.io" denied the request: configuration is invalid: total destination weight = 0');
    const negative = await k.run(['apply', '-f', '-'], virtualService('negative', '', -5));
    expect(negative.stderr).toContain('configuration is invalid: weight -5 < 0');
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews, namespace: default}\nspec:\n  host: reviews\n  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v1, labels: {version: v2}}\n';
    const duplicate = await k.run(['apply', '--server-side', '-f', '-'], dr);
    expect(duplicate.stderr).toContain('configuration is invalid: duplicate subset names: v1');
  });
});
