// The API server's services/pods proxy subresources in the world, asked by real kubectl
// (`get --raw`) and by plain HTTPS: a pod whose port a real process on the host serves (bound in
// the world's pod network, as the kubelet binds Prometheus), reached by service name, port
// number or port name, with the answers kube-apiserver gives when it cannot.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../core/exec';
import { findKubectl, startWorld, type World } from './index';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('the API server proxies to services and pods over the pod network', () => {
  let world: World;
  let dir: string;
  let backend: Server;
  let kubectl: string;
  let podIP = '';
  let unbind: () => void = () => undefined;

  function get(path: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, world.serverUrl), { ca: world.caPem, headers: { authorization: `Bearer ${world.token}` } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  beforeAll(async () => {
    kubectl = await findKubectl();
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-proxy-test-'));
    world = await startWorld({ dir });
    // What the pod "runs": it echoes what reached it, and redirects /login like many web UIs.
    backend = createServer((req, res) => {
      if (req.url === '/login') return void res.writeHead(302, { location: '/welcome', 'access-control-allow-origin': '*' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, host: req.headers.host, forwardedFor: req.headers['x-forwarded-for'], authorization: req.headers.authorization ?? null }));
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    world.apply([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'echo', namespace: 'default', labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo', image: 'echo:1', ports: [{ name: 'web', containerPort: 8080 }] }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace: 'default' }, spec: { selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] } },
    ]);
    await new Promise<void>((resolve) => {
      const check = (): void => {
        const ep = world.store.get('/endpoints', 'default', 'echo') as { subsets?: { addresses?: { ip: string }[] }[] } | undefined;
        const ip = ep?.subsets?.[0]?.addresses?.[0]?.ip;
        if (!ip) return;
        podIP = ip;
        stop();
        resolve();
      };
      const stop = world.store.subscribe(check);
      check();
    });
    unbind = world.podNetwork.bindProcess(podIP, 8080, { host: '127.0.0.1', port: (backend.address() as AddressInfo).port });
  }, 30_000);

  afterAll(async () => {
    unbind();
    await world?.stop();
    await new Promise((resolve) => backend?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('forwards by service port number, port name and scheme:name:port, with the path and query as sent', async () => {
    for (const id of ['echo:80', 'echo:http', 'http:echo:http']) {
      const { stdout } = await exec(kubectl, ['--kubeconfig', world.kubeconfigPath, 'get', '--raw', `/api/v1/namespaces/default/services/${id}/proxy/stats/prometheus?x=1`]);
      const seen = JSON.parse(stdout) as Record<string, unknown>;
      // The API server authenticated kubectl and does not pass its credentials on.
      expect(seen).toMatchObject({ path: '/stats/prometheus?x=1', host: `${podIP}:8080`, authorization: null });
      expect(String(seen['forwardedFor'])).toMatch(/127\.0\.0\.1/);
    }
    const pod = JSON.parse((await get('/api/v1/namespaces/default/pods/echo:8080/proxy/ready')).body) as { path: string };
    expect(pod.path).toBe('/ready');
  });

  it('redirects an empty path to the trailing slash and rewrites the backend’s redirects under the proxy path, dropping CORS headers', async () => {
    expect(await get('/api/v1/namespaces/default/services/echo:80/proxy')).toMatchObject({ status: 301, headers: { location: '/api/v1/namespaces/default/services/echo:80/proxy/' } });
    const login = await get('/api/v1/namespaces/default/services/echo:80/proxy/login');
    expect(login.status).toBe(302);
    expect(login.headers['location']).toBe('/api/v1/namespaces/default/services/echo:80/proxy/welcome');
    expect(login.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers as kube-apiserver when it cannot: no such service, no such port, nothing listening', async () => {
    const missing = await get('/api/v1/namespaces/default/services/nope:80/proxy/');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'services "nope" not found' });
    const port = await get('/api/v1/namespaces/default/services/echo:81/proxy/');
    expect(port.status).toBe(503);
    expect(JSON.parse(port.body)).toMatchObject({ reason: 'ServiceUnavailable', message: 'no service port 81 found for service "echo"' });
    unbind();
    try {
      const refused = await get('/api/v1/namespaces/default/services/echo:80/proxy/');
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body).message).toBe(`error trying to reach service: dial tcp ${podIP}:8080: connect: connection refused`);
    } finally {
      unbind = world.podNetwork.bindProcess(podIP, 8080, { host: '127.0.0.1', port: (backend.address() as AddressInfo).port });
    }
  });
});
