// End to end against the test world's API server: upstream Istio CRDs and Bookinfo YAML applied
// with real kubectl, the data plane following them through watches, and real HTTP requests.
import { execFile } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithIstioReference } from '../../support/reference-suite';
import { findKubectl, startWorld, type World } from '../index.js';
import { startMeshDataPlane, type MeshDataPlane, type MeshSnapshot } from './index.js';
import { worldAccessLog } from './world-access-log.js';

const run = promisify(execFile);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

function http(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const req = request(`${base}${path}`, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describeWithIstioReference('mesh data plane against the world', (istio) => {
  const bookinfo = (file: string) => join(istio, 'samples', 'bookinfo', file);
  let world: World;
  let mesh: MeshDataPlane;
  let kubectl: string;
  const kube = async (...args: string[]) => (await run(kubectl, ['--kubeconfig', world.kubeconfigPath, ...args], { timeout: 60_000 })).stdout;

  const bookinfoReady = (s: MeshSnapshot) =>
    s.pods.filter((p) => p.namespace === 'default' && p.ready && p.hasSidecar && ['productpage', 'details', 'ratings', 'reviews'].includes(p.labels['app'] ?? '')).length === 6;
  const reviewsVs = (s: MeshSnapshot) => s.virtualServices.find((v) => v.namespace === 'default' && v.name === 'reviews');

  beforeAll(async () => {
    kubectl = await findKubectl();
    world = await startWorld();
    // Started before the Istio CRDs exist, as on a fresh kind cluster: it must pick them up by watch.
    mesh = await startMeshDataPlane({ kubeconfigPath: world.kubeconfigPath, host: '127.0.0.1', port: 0, seed: 2026, onAccessLog: worldAccessLog(world), podNetwork: world.podNetwork });
    expect((await http(mesh.url, '/productpage')).status).toBe(404);
    await kube('apply', '--server-side', '-f', join(istio, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml'));
    await kube('label', 'namespace', 'default', 'istio-injection=enabled', '--overwrite');
    for (const file of ['platform/kube/bookinfo.yaml', 'networking/bookinfo-gateway.yaml', 'networking/destination-rule-all.yaml', 'networking/virtual-service-reviews-80-20.yaml']) {
      await kube('apply', '-n', 'default', '-f', bookinfo(file));
    }
    await mesh.until((s) => bookinfoReady(s) && s.gateways.length > 0 && (reviewsVs(s)?.http[0]?.route?.length ?? 0) === 2 && s.destinationRules.length >= 4, AbortSignal.timeout(30_000));
  }, 60_000);

  afterAll(async () => {
    agent.destroy();
    await mesh?.stop();
    await world?.stop();
  });

  it('splits 2,000 requests 80/20 between reviews v1 and v2', async () => {
    const counts: Record<string, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < 2000) {
        next++;
        const res = await http(mesh.url, '/api/v1/products/0/reviews', { headers: { host: 'bookinfo.localhost' } });
        expect(res.status).toBe(200);
        const version = /^reviews-(v\d)-/.exec(JSON.parse(res.body).podname as string)?.[1] ?? 'unknown';
        counts[version] = (counts[version] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const v1 = ((counts['v1'] ?? 0) / 2000) * 100;
    const v2 = ((counts['v2'] ?? 0) / 2000) * 100;
    console.info(`observed split over 2000 requests: v1 ${v1.toFixed(1)}% / v2 ${v2.toFixed(1)}%`, counts);
    expect(Object.keys(counts).sort()).toEqual(['v1', 'v2']);
    expect(Math.abs(v1 - 80)).toBeLessThanOrEqual(3);
    expect(Math.abs(v2 - 20)).toBeLessThanOrEqual(3);
  }, 30_000);

  it('answers like Envoy for unknown paths and shows the page markers', async () => {
    expect(await http(mesh.url, '/nope')).toMatchObject({ status: 404, body: '' });
    const page = await http(mesh.url, '/productpage');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Start here');
    expect(page.headers['server']).toBe('istio-envoy');
  });

  it('applies a ratings abort for jason only, after a watch-driven config change', async () => {
    await kube('apply', '-n', 'default', '-f', bookinfo('networking/virtual-service-reviews-test-v2.yaml'));
    await kube('apply', '-n', 'default', '-f', bookinfo('networking/virtual-service-ratings-test-abort.yaml'));
    await mesh.until((s) => reviewsVs(s)?.http[0]?.match !== undefined && s.virtualServices.some((v) => v.name === 'ratings' && v.http[0]?.fault?.abort), AbortSignal.timeout(10_000));

    const login = await http(mesh.url, '/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=jason&passwd=jason' });
    expect(login.status).toBe(302);
    const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0] as string;
    for (let i = 0; i < 20; i++) {
      const jason = await http(mesh.url, '/productpage', { headers: { cookie } });
      expect(jason.body).toContain('<p class="text-red-500">Ratings service is currently unavailable</p>');
      const anonymous = await http(mesh.url, '/productpage');
      expect(anonymous.body).not.toContain('Ratings service is currently unavailable');
      expect(anonymous.body).not.toContain('glyphicon glyphicon-star');
    }
  });

  it('follows a new VirtualService without restarting (all traffic to v3)', async () => {
    await kube('delete', '-n', 'default', 'virtualservice', 'ratings');
    await kube('apply', '-n', 'default', '-f', bookinfo('networking/virtual-service-reviews-v3.yaml'));
    await mesh.until((s) => reviewsVs(s)?.http[0]?.route?.[0]?.destination.subset === 'v3' && !s.virtualServices.some((v) => v.name === 'ratings'), AbortSignal.timeout(10_000));
    for (let i = 0; i < 20; i++) {
      const page = await http(mesh.url, '/productpage');
      expect(page.body).toContain('<div class="flex gap-x-1 text-red-500">');
    }
  });

  it("writes access-log lines into the pods' istio-proxy logs", async () => {
    await http(mesh.url, '/productpage', { headers: { 'x-request-id': 'mesh-world-test-0001' } });
    const pods = JSON.parse(await kube('get', 'pods', '-n', 'default', '-l', 'app=productpage', '-o', 'json')) as { items: { metadata: { name: string } }[] };
    const name = pods.items[0]?.metadata.name ?? '';
    const logs = await kube('logs', '-n', 'default', name, '-c', 'istio-proxy', '--tail=20');
    const mine = logs.split('\n').filter((l) => l.includes('"mesh-world-test-0001"'));
    expect(mine.some((l) => l.includes('"GET /productpage HTTP/1.1" 200') && l.includes('inbound|9080||'))).toBe(true);
    expect(mine.some((l) => l.includes('outbound|9080|v3|reviews.default.svc.cluster.local'))).toBe(true);
  });
});
