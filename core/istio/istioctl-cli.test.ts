// IstioctlCli against the istioctl stand-in (test/world/bin/istioctl) and a test-world API
// server: version, install with our overlay (the ingress Service becomes NodePort with our
// nodePorts) and a readiness backstop, x check-inject, analyze, uninstall; and the error mapping.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../../test/world/index';
import { AppError } from '../contract';
import { exec } from '../exec';
import { istioOverlay, renderIstioOverlay } from './istio-overlay';
import { parseCheckInject } from './check-inject-output';
import { istioctlCli, parseAnalyzeOutput, type IstioctlCli } from './istioctl-cli';
import { istioctlFailure } from './istioctl-errors';

const istioctlBin = join(import.meta.dirname, '..', '..', 'test', 'world', 'bin', 'istioctl');
let dir: string;
let world: World;
let istioctl: IstioctlCli;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshdeck-istioctl-cli-'));
  world = await startWorld({ kubeconfigPath: join(dir, 'kubeconfig'), clusterName: 'istio-cli' });
  // A KUBECONFIG that points nowhere proves the explicit --kubeconfig/--context are used.
  istioctl = istioctlCli({ istioctlPath: istioctlBin, exec, env: { ...process.env, KUBECONFIG: join(dir, 'none') } });
});

afterAll(async () => {
  await world?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('IstioctlCli against the istioctl stand-in', () => {
  it('reads the client version', async () => {
    expect(await istioctl.version()).toBe('1.30.5');
  });

  it('installs the overlay: the ingress Service is NodePort with our nodePorts; then check-inject, analyze, uninstall', async () => {
    const overlayPath = join(dir, 'overlay.yaml');
    await writeFile(overlayPath, renderIstioOverlay(istioOverlay({ httpNodePort: 30180, httpsNodePort: 30543 })));
    const target = { kubeconfigPath: world.kubeconfigPath, context: world.contextName };
    const lines: string[] = [];
    const streams = new Set<string>();
    await istioctl.install({ ...target, overlayPath, readinessTimeoutMs: 3_600_000, onLine: (line, stream) => (lines.push(line), streams.add(stream)) });
    expect(lines).toContain('✔ Ingress gateways installed 🛬');
    expect([...streams]).toEqual(['stderr']);
    expect(lines.at(-1)).toBe('✔ Installation complete');

    const config = new KubeConfig();
    config.loadFromFile(world.kubeconfigPath);
    const service = await config.makeApiClient(CoreV1Api).readNamespacedService({ name: 'istio-ingressgateway', namespace: 'istio-system' });
    expect(service.spec?.type).toBe('NodePort');
    const ports = Object.fromEntries((service.spec?.ports ?? []).map((p) => [p.name, p]));
    expect(ports.http2).toMatchObject({ port: 80, targetPort: 8080, nodePort: 30180 });
    expect(ports.https).toMatchObject({ port: 443, targetPort: 8443, nodePort: 30543 });
    expect(Object.keys(ports)).toEqual(['status-port', 'http2', 'https', 'tcp', 'tls']);

    const injection = { ...target, namespace: 'default', labels: 'app=reviews' };
    expect(await istioctl.checkInject(injection)).toEqual({
      hooksPresent: true,
      rows: [{ webhook: 'istio-sidecar-injector', revision: 'default', injected: false, reason: 'No matching namespace labels (istio.io/rev=default, istio-injection=enabled) or pod labels (istio.io/rev=default, sidecar.istio.io/inject=true)' }],
    });
    const analysis = await istioctl.analyze('default', target);
    // The default namespace is not labelled for injection yet: an Info, not an issue.
    expect(analysis).toEqual({ clean: true, findings: [expect.objectContaining({ level: 'Info', code: 'IST0102', resource: 'Namespace default' })] });

    await istioctl.uninstall(target);
    await expect(config.makeApiClient(CoreV1Api).readNamespacedService({ name: 'istio-ingressgateway', namespace: 'istio-system' })).rejects.toThrow();
    expect(await istioctl.checkInject(injection)).toEqual({ hooksPresent: false, rows: [] });
  });
});

describe('istioctl output and errors', () => {
  it('parses analyze findings', () => {
    expect(parseAnalyzeOutput('Warning [IST0102] (Namespace default) The namespace is not enabled for Istio injection.\nnoise\n')).toEqual([
      { level: 'Warning', code: 'IST0102', resource: 'Namespace default', message: 'The namespace is not enabled for Istio injection.' },
    ]);
  });

  it('parses check-inject rows through their colour codes, an empty revision included', () => {
    const out = 'WEBHOOK                 REVISION  INJECTED      REASON\nistio-sidecar-injector  default   \x1b[32m✔\x1b[0m             Namespace label istio-injection=enabled matches\nistio-revision-tag-x              \x1b[31m✘\x1b[0m             Pod has sidecar.istio.io/inject=false label, preventing injection\n';
    expect(parseCheckInject(out)).toEqual({
      hooksPresent: true,
      rows: [
        { webhook: 'istio-sidecar-injector', revision: 'default', injected: true, reason: 'Namespace label istio-injection=enabled matches' },
        { webhook: 'istio-revision-tag-x', revision: '', injected: false, reason: 'Pod has sidecar.istio.io/inject=false label, preventing injection' },
      ],
    });
  });

  it('passes a readiness backstop to install, in whole seconds', async () => {
    const calls: string[][] = [];
    const fake = istioctlCli({ istioctlPath: '/opt/istioctl', exec: async (_command, args) => (calls.push([...args]), { stdout: '', stderr: '', exitCode: 0 }) });
    await fake.install({ overlayPath: '/o.yaml', readinessTimeoutMs: 3_600_000, kubeconfigPath: '/k', context: 'kind-lab' });
    expect(calls).toEqual([['install', '-y', '-f', '/o.yaml', '--readiness-timeout', '3600s', '--kubeconfig', '/k', '--context', 'kind-lab']]);
  });

  it('calls warnings-only output not clean even though istioctl exits 0 for it', async () => {
    const fake = istioctlCli({
      istioctlPath: '/opt/istioctl',
      exec: async (_command, _args, options) => {
        options?.onLine?.('Warning [IST0108] (VirtualService default/reviews) Unknown annotation: x', 'stdout');
        return { stdout: '', stderr: '', exitCode: 0 };
      },
    });
    expect(await fake.analyze('default', { kubeconfigPath: '/k', context: 'kind-lab' })).toMatchObject({ clean: false, findings: [{ level: 'Warning', code: 'IST0108' }] });
  });

  it('returns the findings when analyze exits 79, and passes the explicit cluster flags', async () => {
    const calls: string[][] = [];
    const fake = istioctlCli({
      istioctlPath: '/opt/istioctl',
      exec: async (_command, args, options) => {
        calls.push([...args]);
        options?.onLine?.('Error [IST0101] (VirtualService default/reviews) Referenced host+subset in destinationrule not found: "reviews+v9"', 'stdout');
        throw new AppError('COMMAND_FAILED', 'failed', { command: 'istioctl analyze', exitCode: 79, stderr: 'Error: Analyzers found issues when analyzing namespace: default.' });
      },
    });
    const result = await fake.analyze('default', { kubeconfigPath: '/k', context: 'kind-lab' });
    expect(result).toEqual({ clean: false, findings: [{ level: 'Error', code: 'IST0101', resource: 'VirtualService default/reviews', message: 'Referenced host+subset in destinationrule not found: "reviews+v9"' }] });
    expect(calls).toEqual([['analyze', '--namespace', 'default', '--kubeconfig', '/k', '--context', 'kind-lab']]);
  });

  it('collects the ✘ progress lines and their resources from stderr when install fails', async () => {
    const detail = '  Deployment/istio-system/istiod (container failed to start: ImagePullBackOff: Back-off pulling image)';
    const fake = istioctlCli({
      istioctlPath: '/opt/istioctl',
      exec: async (_command, _args, options) => {
        for (const line of ['✔ Istio core installed ⛵️', '✘ Istiod encountered an error: failed to wait for resource: resources not ready after 1h0m0s: context deadline exceeded', detail, 'Error: failed to install manifests: failed to wait for resource: resources not ready after 1h0m0s: context deadline exceeded', detail]) options?.onLine?.(line, 'stderr');
        throw new AppError('COMMAND_FAILED', 'failed', { command: 'istioctl install', exitCode: 1, stderr: detail });
      },
    });
    const failure = await fake.install({ overlayPath: '/o.yaml', kubeconfigPath: '/k', context: 'kind-lab' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'COMMAND_FAILED', details: { output: ['✘ Istiod encountered an error: failed to wait for resource: resources not ready after 1h0m0s: context deadline exceeded', detail.trim()] } });
  });

  it('quotes the failing component lines istioctl printed on stderr', () => {
    const error = new AppError('COMMAND_FAILED', 'failed', { command: 'istioctl install', exitCode: 1, stderr: 'Error: failed to install manifests: errors occurred during operation' });
    const mapped = istioctlFailure(error, 'install Istio', ['✘ Istiod encountered an error: failed to wait for resource', 'Deployment/istio-system/istiod (container failed to start: ImagePullBackOff)']);
    expect(mapped).toMatchObject({ code: 'COMMAND_FAILED', message: expect.stringContaining('ImagePullBackOff') });
  });

  it('says CLUSTER_NOT_FOUND for a context that is not in the kubeconfig', () => {
    const error = new AppError('COMMAND_FAILED', 'failed', { command: 'istioctl install', exitCode: 1, stderr: 'Error: failed to create Kubernetes client: context "kind-nowhere" does not exist' });
    expect(istioctlFailure(error, 'install Istio')).toMatchObject({ code: 'CLUSTER_NOT_FOUND', details: { context: 'kind-nowhere' } });
  });

  it('says K8S_API when the API server does not answer', () => {
    const error = new AppError('COMMAND_FAILED', 'failed', { command: 'istioctl install', exitCode: 1, stderr: 'Error: Get "https://127.0.0.1:6443/version": dial tcp 127.0.0.1:6443: connect: connection refused' });
    expect(istioctlFailure(error, 'install Istio')).toMatchObject({ code: 'K8S_API' });
  });
});
