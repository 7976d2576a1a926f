// The istioctl stand-in as users run it, against a world API server: install with an overlay
// (NodePort with fixed nodePorts) seen through real kubectl, version, verify-install,
// kube-inject, analyze findings (exit 79) and uninstall --purge.
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
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
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
    expect(verify.stdout).toContain('✔ Istio is installed and verified successfully');
    expect((await istioctl('version')).stdout).toContain('control plane version: 1.30.5');
    expect((await istioctl('x', 'precheck')).stdout).toContain('✔ No issues found when checking the cluster.');
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

  it('analyze reports a subset no DestinationRule defines and weights that miss 100', async () => {
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
    expect(result.stdout).toContain('Error [IST0106] (VirtualService default/reviews) Schema validation error: total destination weight 90 != 100');
    expect(result.stderr).toContain('Error: Analyzers found issues when analyzing namespace: default.');
    const clean = await exec(istioctlBin, ['analyze', '--use-kube=false', join(dir, 'routes.yaml').replace('routes', 'app')]);
    expect(clean.stdout).toContain('✔ No validation issues found');
  });

  it('uninstall --purge removes what install made', async () => {
    const result = await istioctl('uninstall', '--purge', '-y');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✔ Uninstall complete');
    expect((await kubectl('get', 'deploy', '-n', 'istio-system', '-o', 'name')).stdout.trim()).toBe('');
    expect((await kubectl('get', 'crd', 'virtualservices.networking.istio.io')).code).not.toBe(0);
  });
});
