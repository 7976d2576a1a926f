// The monitor gateway end to end in the test world: the upstream CRDs, the release's addons (with
// Grafana made embeddable by core/addons) and our gateway objects applied with real kubectl
// (server-side, field manager meshdeck); then real HTTP through the world's mesh data plane:
// each dashboard host answers, and neither Grafana nor Kiali forbids framing. Prometheus is the
// real one (Debian's binary run as the addon's pod by the world), reached through the pod network.
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { hasPrometheus } from '../../test/support/requirements';
import { findKubectl, startWorld, type World } from '../../test/world/index';
import { startMeshDataPlane, type MeshDataPlane } from '../../test/world/mesh/index';
import { readAddonObjects } from '../addons';
import { exec } from '../exec';
import { monitorGatewayObjects } from './monitor-gateway';

function get(base: string, path: string, host: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const withPrometheus = hasPrometheus();

describeWithIstioReference('monitor gateway in the test world', (reference) => {
  const crdFile = join(reference, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml');
  const addonsDir = join(reference, 'samples', 'addons');
  let world: World;
  let mesh: MeshDataPlane;

  beforeAll(async () => {
    const kubectl = await findKubectl();
    world = await startWorld();
    mesh = await startMeshDataPlane({ kubeconfigPath: world.kubeconfigPath, host: '127.0.0.1', port: 0, podNetwork: world.podNetwork });
    const kube = (args: string[], input?: string) => exec(kubectl, ['--kubeconfig', world.kubeconfigPath, ...args], input === undefined ? {} : { input });
    await kube(['apply', '--server-side', '-f', crdFile]);
    await kube(['apply', '--server-side', '-f', '-'], stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } }));
    const objects = [...(await readAddonObjects(addonsDir)), ...monitorGatewayObjects()];
    await kube(['apply', '--server-side', '--field-manager', 'meshdeck', '-f', '-'], objects.map((o) => stringify(o)).join('---\n'));
    const ready = (app: string) => mesh.snapshot().pods.some((p) => p.namespace === 'istio-system' && p.ready && p.name.startsWith(app));
    await mesh.until((s) => s.virtualServices.filter((v) => v.name.startsWith('monitor-')).length === 4 && s.gateways.length > 0 && ['grafana', 'kiali', 'jaeger', ...(withPrometheus ? ['prometheus'] : [])].every(ready), AbortSignal.timeout(30_000));
  }, 60_000);

  afterAll(async () => {
    await mesh?.stop();
    await world?.stop();
  });

  it('serves every dashboard on its host, with framing allowed for Grafana and Kiali', async () => {
    const kiali = await get(mesh.url, '/kiali/', 'kiali.localhost:8080');
    expect(kiali.status).toBe(200);
    expect(kiali.body).toContain('Kiali');
    expect(kiali.headers['x-frame-options']).toBeUndefined();

    const grafana = await get(mesh.url, '/', 'grafana.localhost:8080');
    expect(grafana.status).toBe(200);
    expect(grafana.headers['x-frame-options']).toBeUndefined();

    expect((await get(mesh.url, '/jaeger/', 'tracing.localhost:8080')).status).toBe(200);
    expect((await get(mesh.url, '/', 'unknown.localhost:8080')).status).toBe(404);
  });

  it.runIf(withPrometheus)('serves the real Prometheus UI on its host: / redirects to the query page, which answers', async () => {
    // 3.x sends / to /query, 2.x to /graph (Debian's 2.42, built with the classic UI only, to /classic/graph).
    const root = await get(mesh.url, '/', 'prometheus.localhost:8080');
    expect(root.status).toBe(302);
    const location = String(root.headers['location']);
    expect(location).toMatch(/^\/(query|graph|classic\/graph)$/);
    const page = await get(mesh.url, location, 'prometheus.localhost:8080');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Prometheus');
    expect(await get(mesh.url, '/-/ready', 'prometheus.localhost:8080')).toMatchObject({ status: 200, body: 'Prometheus Server is Ready.\n' });
    const up = JSON.parse((await get(mesh.url, '/api/v1/query?query=up', 'prometheus.localhost:8080')).body) as { status: string };
    expect(up.status).toBe('success');
  });
});
