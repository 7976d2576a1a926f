// The monitor gateway end to end in the test world: the upstream CRDs, the release's addons (with
// Grafana made embeddable by core/addons) and our gateway objects applied with real kubectl
// (server-side, field manager meshdeck); then real HTTP through the world's mesh data plane:
// each dashboard host answers, and neither Grafana nor Kiali forbids framing.
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { describeWithIstioReference } from '../../test/support/reference-suite';
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

describeWithIstioReference('monitor gateway in the test world', (reference) => {
  const crdFile = join(reference, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml');
  const addonsDir = join(reference, 'samples', 'addons');
  let world: World;
  let mesh: MeshDataPlane;

  beforeAll(async () => {
    const kubectl = await findKubectl();
    world = await startWorld();
    mesh = await startMeshDataPlane({ kubeconfigPath: world.kubeconfigPath, host: '127.0.0.1', port: 0 });
    const kube = (args: string[], input?: string) => exec(kubectl, ['--kubeconfig', world.kubeconfigPath, ...args], input === undefined ? {} : { input });
    await kube(['apply', '--server-side', '-f', crdFile]);
    await kube(['apply', '--server-side', '-f', '-'], stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } }));
    const objects = [...(await readAddonObjects(addonsDir)), ...monitorGatewayObjects()];
    await kube(['apply', '--server-side', '--field-manager', 'meshdeck', '-f', '-'], objects.map((o) => stringify(o)).join('---\n'));
    const ready = (app: string) => mesh.snapshot().pods.some((p) => p.namespace === 'istio-system' && p.ready && p.name.startsWith(app));
    await mesh.until((s) => s.virtualServices.filter((v) => v.name.startsWith('monitor-')).length === 4 && s.gateways.length > 0 && ['grafana', 'kiali', 'jaeger', 'prometheus'].every(ready), AbortSignal.timeout(30_000));
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
    // Prometheus 3 sends / on to its query page, as the real one does.
    expect(await get(mesh.url, '/', 'prometheus.localhost:8080')).toMatchObject({ status: 302, headers: { location: '/query' } });
    expect((await get(mesh.url, '/-/ready', 'prometheus.localhost:8080')).status).toBe(200);
    expect((await get(mesh.url, '/', 'unknown.localhost:8080')).status).toBe(404);
  });
});
