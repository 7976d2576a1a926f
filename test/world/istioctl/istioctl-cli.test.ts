// The istioctl stand-in as users run it, against a world API server: install with an overlay
// (NodePort with fixed nodePorts) seen through real kubectl, its progress on stderr and its
// --readiness-timeout, version, verify-install refused as the unknown command it is since 1.24,
// x check-inject, kube-inject, analyze findings (exit 79 only for errors) and uninstall --purge.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { startWorld, type World } from '../index.js';
import { repoRoot } from '../mirror/repo-paths.js';

const istioctlBin = join(repoRoot(), 'test', 'world', 'bin', 'istioctl');
let dir: string;
let world: World;

function exec(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, KUBECONFIG: join(dir, 'none') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const istioctl = (...args: string[]) => exec(istioctlBin, [...args, '--kubeconfig', world.kubeconfigPath]);
const kubectl = (...args: string[]) => exec('kubectl', ['--kubeconfig', world.kubeconfigPath, ...args]);

const overlay = `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  profile: demo
  components:
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
      k8s:
        service:
          type: NodePort
          ports:
          - {name: status-port, port: 15021, targetPort: 15021}
          - {name: http2, port: 80, targetPort: 8080, nodePort: 30080}
          - {name: https, port: 443, targetPort: 8443, nodePort: 30443}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-istioctl-'));
  world = await startWorld({ kubeconfigPath: join(dir, 'kubeconfig'), clusterName: 'istioctl-test' });
});

afterAll(async () => {
  await world?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('istioctl stand-in', () => {
  it('prints the client version of its release', async () => {
    const result = await exec(istioctlBin, ['version', '--remote=false']);
    expect(result.stdout).toBe('client version: 1.30.5\n');
  });

  it('installs the demo profile with the overlay and waits like the real one', async () => {
    await writeFile(join(dir, 'overlay.yaml'), overlay);
    const result = await istioctl('install', '-y', '-f', join(dir, 'overlay.yaml'));
    expect(result.code).toBe(0);
    // Like the real one, every progress line goes to stderr.
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['✔ Istio core installed ⛵️', '✔ Istiod installed 🧠']);
    expect(lines).toContain('✔ Ingress gateways installed 🛬');
    expect(lines).toContain('✔ Egress gateways installed 🛫');
    expect(lines.at(-1)).toBe('✔ Installation complete');

    const svc = parse((await kubectl('get', 'svc', '-n', 'istio-system', 'istio-ingressgateway', '-o', 'yaml')).stdout) as { spec: { type: string; ports: Array<{ name: string; nodePort?: number }> } };
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports.find((p) => p.name === 'http2')?.nodePort).toBe(30080);
    expect(svc.spec.ports.find((p) => p.name === 'https')?.nodePort).toBe(30443);
    const deployments = await kubectl('get', 'deploy', '-n', 'istio-system', '-o', 'name');
    expect(deployments.stdout.split('\n').filter(Boolean).sort()).toEqual(['deployment.apps/istio-egressgateway', 'deployment.apps/istio-ingressgateway', 'deployment.apps/istiod']);
    expect((await kubectl('get', 'crd', 'virtualservices.networking.istio.io')).code).toBe(0);

    const verify = await istioctl('verify-install');
    expect(verify).toEqual({ code: 64, stdout: '', stderr: 'Error: unknown command "verify-install" for "istioctl"\nRun \'istioctl --help\' for usage.\n' });
    // Only the root refuses unknown commands; "experimental" prints its help for any other word.
    expect(await istioctl('x', 'verify-install')).toMatchObject({ code: 0, stdout: expect.stringContaining('istioctl experimental [command]') });
    expect((await istioctl('version')).stdout).toContain('control plane version: 1.30.5');
    expect((await istioctl('x', 'precheck')).stdout).toContain('✔ No issues found when checking the cluster.');
  });

  it('manifest generate prints what install applies, images included, without a cluster', async () => {
    const file = join(dir, 'generate.yaml');
    await writeFile(file, overlay);
    const generated = await exec(istioctlBin, ['manifest', 'generate', '-f', file, '--set', 'values.global.hub=example.test/istio']);
    expect(generated.code).toBe(0);
    const objects = parseAllDocuments(generated.stdout).map((doc) => doc.toJS() as { kind: string; metadata: { name: string }; spec?: { template?: { spec?: { containers?: { image: string }[] } } } });
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['istio-egressgateway', 'istio-ingressgateway', 'istiod']);
    const images = [...new Set(deployments.flatMap((d) => d.spec?.template?.spec?.containers?.map((c) => c.image) ?? []))].sort();
    expect(images).toEqual(['example.test/istio/pilot:1.30.5', 'example.test/istio/proxyv2:1.30.5']);
    expect(objects.some((o) => o.kind === 'CustomResourceDefinition')).toBe(true);
    const unknown = await exec(istioctlBin, ['manifest', 'render']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toBe('Error: unknown command "render" for "istioctl manifest"\n');
  });

  it('injects the istio-proxy sidecar into pod templates', async () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1}
spec:
  selector: {matchLabels: {app: reviews}}
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec: {containers: [{name: reviews, image: reviews:v1}]}
---
apiVersion: v1
kind: Service
metadata: {name: reviews}
spec: {ports: [{port: 9080}]}
`;
    await writeFile(join(dir, 'app.yaml'), manifest);
    const result = await exec(istioctlBin, ['kube-inject', '-f', join(dir, 'app.yaml')]);
    expect(result.code).toBe(0);
    const [deployment, service] = parseAllDocuments(result.stdout).map((d) => d.toJS() as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads nested YAML
    const pod = deployment!.spec.template;
    expect(pod.spec.containers.map((c: { name: string }) => c.name)).toEqual(['reviews', 'istio-proxy']);
    expect(pod.spec.initContainers[0].name).toBe('istio-init');
    expect(pod.metadata.annotations['sidecar.istio.io/status']).toContain('istio-proxy');
    expect(pod.metadata.labels['service.istio.io/canonical-revision']).toBe('v1');
    expect(service!.kind).toBe('Service');
  });

  it('analyze exits 79 for a subset no DestinationRule defines and a zero total weight, and accepts weights that miss 100', async () => {
    const objects = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - route:
    - {destination: {host: reviews, subset: v1}, weight: 70}
    - {destination: {host: reviews, subset: v4}, weight: 20}
`;
    await writeFile(join(dir, 'routes.yaml'), objects);
    expect((await kubectl('apply', '-f', join(dir, 'routes.yaml'))).code).toBe(0);
    const result = await istioctl('analyze');
    expect(result.code).toBe(79);
    expect(result.stdout).toContain('Error [IST0101] (VirtualService default/reviews) Referenced host+subset in destinationrule not found: "reviews+v4"');
    // 70 + 20 is fine for istiod (Envoy normalises the weights): no IST0106.
    expect(result.stdout).not.toContain('IST0106');
    expect(result.stdout).toContain('Info [IST0102] (Namespace default) The namespace is not enabled for Istio injection.');
    expect(result.stderr).toContain('Error: Analyzers found issues when analyzing namespace: default.');

    const zero = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: zero, namespace: files}
spec:
  hosts: [reviews]
  http:
  - route:
    - {destination: {host: reviews}, weight: 0}
    - {destination: {host: ratings}, weight: 0}
`;
    await writeFile(join(dir, 'zero.yaml'), zero);
    const invalid = await exec(istioctlBin, ['analyze', '--use-kube=false', '-n', 'files', join(dir, 'zero.yaml')]);
    expect(invalid.code).toBe(79);
    expect(invalid.stdout).toBe('Error [IST0106] (VirtualService files/zero) Schema validation error: total destination weight = 0\n');
  });

  it('analyze exits 0 when there are only infos, and prints the success line on stderr when nothing is shown', async () => {
    expect((await kubectl('delete', '-f', join(dir, 'routes.yaml'))).code).toBe(0);
    const infos = await istioctl('analyze');
    expect(infos.code).toBe(0);
    expect(infos.stdout).toContain('Info [IST0102] (Namespace default)');
    const hidden = await istioctl('analyze', '--output-threshold', 'warning');
    expect(hidden).toEqual({ code: 0, stdout: '\n', stderr: '✔ No validation issues found when analyzing namespace: default.\n' });
    const strict = await istioctl('analyze', '--failure-threshold', 'Info');
    expect(strict.code).toBe(79);
    const clean = await exec(istioctlBin, ['analyze', '--use-kube=false', join(dir, 'app.yaml')]);
    expect(clean).toMatchObject({ code: 0, stderr: `✔ No validation issues found when analyzing ${join(dir, 'app.yaml')}.\n` });
  });

  it('x check-inject explains, per injector webhook, whether a pod is injected', async () => {
    expect((await kubectl('create', 'namespace', 'shop')).code).toBe(0);
    const byLabels = await istioctl('x', 'check-inject', '-n', 'shop', '-l', 'app=reviews');
    expect(byLabels.code).toBe(0);
    const plain = byLabels.stdout.replace(/\x1b\[\d+m/g, '');
    expect(plain.split('\n')[0]).toMatch(/^WEBHOOK\s+REVISION\s+INJECTED\s+REASON$/);
    expect(plain).toContain('istio-sidecar-injector  default   ✘');
    expect(plain).toContain('No matching namespace labels (istio.io/rev=default, istio-injection=enabled) or pod labels (istio.io/rev=default, sidecar.istio.io/inject=true)');
    // The mark is coloured even off a terminal (fatih/color with EnableColor).
    expect(byLabels.stdout).toContain('\x1b[31m✘\x1b[0m');

    expect((await kubectl('label', 'namespace', 'shop', 'istio-injection=enabled')).code).toBe(0);
    const labelled = (await istioctl('x', 'check-inject', '-n', 'shop', '-l', 'app=reviews')).stdout.replace(/\x1b\[\d+m/g, '');
    expect(labelled).toMatch(/istio-sidecar-injector\s+default\s+✔\s+Namespace label istio-injection=enabled matches\n/);
    // A workload names its first pod; "<type>/<name>.<namespace>" carries the namespace.
    expect((await kubectl('create', 'deployment', 'reviews-v1', '--image=reviews:v1', '-n', 'shop')).code).toBe(0);
    expect((await kubectl('wait', '--for=condition=available', 'deployment/reviews-v1', '-n', 'shop', '--timeout=30s')).code).toBe(0);
    const byDeployment = await istioctl('x', 'check-inject', 'deployment/reviews-v1.shop');
    expect(byDeployment.code).toBe(0);
    expect(byDeployment.stdout.replace(/\x1b\[\d+m/g, '')).toContain('Namespace label istio-injection=enabled matches');
    const optedOut = (await istioctl('x', 'check-inject', '-n', 'shop', '-l', 'sidecar.istio.io/inject=false')).stdout;
    expect(optedOut).toContain('Pod has sidecar.istio.io/inject=false label, preventing injection');

    const missing = await istioctl('x', 'check-inject', '-n', 'shop', 'deployment/nothing');
    expect(missing).toMatchObject({ code: 1, stderr: 'Error: failed retrieving: deployments.apps "nothing" not found in the "shop" namespace\n' });
    const bare = await istioctl('x', 'check-inject', '-n', 'shop');
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('Error: check-inject requires only [<resource-type>/]<resource-name>[.<namespace>], or specify labels flag');
  });

  it('uninstall --purge removes what install made', async () => {
    const result = await istioctl('uninstall', '--purge', '-y');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  Removed Deployment:istio-system:istiod.');
    expect(result.stderr).toContain('✔ Uninstall complete');
    expect((await kubectl('get', 'deploy', '-n', 'istio-system', '-o', 'name')).stdout.trim()).toBe('');
    expect((await kubectl('get', 'crd', 'virtualservices.networking.istio.io')).code).not.toBe(0);
    expect((await istioctl('x', 'check-inject', '-n', 'shop', '-l', 'app=reviews')).stdout).toBe('ERROR: no Istio injection hooks present.\n');
  });

  it('gives up after --readiness-timeout with the real wording, and still tries the gateways', async () => {
    world.failImages(/\/pilot:/);
    try {
      await writeFile(join(dir, 'overlay.yaml'), overlay);
      const result = await istioctl('install', '-y', '-f', join(dir, 'overlay.yaml'), '--readiness-timeout', '2s');
      expect(result.code).toBe(1);
      const lines = result.stderr.split('\n');
      expect(lines).toContain('✘ Istiod encountered an error: failed to wait for resource: resources not ready after 2s: context deadline exceeded');
      expect(lines.find((l) => l.startsWith('  Deployment/istio-system/istiod'))).toMatch(/^  Deployment\/istio-system\/istiod \(container failed to start: (ErrImagePull|ImagePullBackOff): /);
      expect(lines).toContain('✔ Ingress gateways installed 🛬');
      expect(lines).toContain('Error: failed to install manifests: failed to wait for resource: resources not ready after 2s: context deadline exceeded');
    } finally {
      world.failImages();
    }
  });
});
