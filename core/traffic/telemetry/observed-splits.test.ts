// The observed-split service over MeshDeck's real kube transport, against a loopback server that
// answers the service-proxy paths as kube-apiserver does (its Status objects for a missing
// Service or no endpoints) and passes on answers recorded from a real Prometheus 2.42.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../contract';
import { createKubeClients, type KubeClients } from '../../kube';
import { ObservedSplits } from './observed-splits';
import { serviceProxyPath } from './prometheus-proxy';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;
const PROXY = '/api/v1/namespaces/istio-system/services/prometheus:9090/proxy';
const status = (code: number, reason: string, message: string, details: object) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
const CONFIG = JSON.stringify({ status: 'success', data: { yaml: 'global:\n  scrape_interval: 15s\nscrape_configs:\n- job_name: kubernetes-pods\n  scrape_interval: 2s\n' } });

let server: Server;
let dir: string;
let clients: KubeClients;
let answer: Answer;
const seen: URL[] = [];

function json(res: ServerResponse, code: number, body: string, type = 'application/json'): void {
  res.writeHead(code, { 'content-type': type });
  res.end(body);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url);
    expect(req.headers.authorization).toBe('Bearer t0ken');
    if (url.pathname === `${PROXY}/api/v1/status/config`) return json(res, 200, CONFIG);
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  dir = mkdtempSync(join(tmpdir(), 'meshdeck-observe-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}\nusers:\n- name: me\n  user: {token: t0ken}\ncontexts:\n- name: kind-lab\n  context: {cluster: lab, user: me}\ncurrent-context: kind-lab\n`);
  clients = createKubeClients({ kubeconfig, context: 'kind-lab' });
});

afterAll(() => {
  clients.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  seen.length = 0;
});

const splits = () => new ObservedSplits({ clients: async () => clients, defaultNamespace: 'bookinfo', now: () => 1796218059.4 });

async function failure(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('ObservedSplits', () => {
  it('asks Prometheus through the service proxy and shares the rates by version', async () => {
    answer = (_req, res) => json(res, 200, JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { destination_version: 'v1' }, value: [1796218058.909, '80'] }, { metric: { destination_version: 'v2' }, value: [1796218058.909, '20'] }] } }));
    const split = await splits().observe({ service: 'reviews' });
    const query = seen.find((url) => url.pathname === `${PROXY}/api/v1/query`);
    expect(query?.searchParams.get('query')).toBe('sum by (destination_version) (rate(istio_requests_total{reporter="destination",destination_service_name="reviews",destination_service_namespace="bookinfo"}[60s]))');
    expect(split).toEqual({
      service: 'reviews',
      namespace: 'bookinfo',
      reporter: 'destination',
      windowSeconds: 60,
      scrapeIntervalSeconds: 2,
      at: new Date(1796218058909).toISOString(),
      totalRps: 100,
      versions: [
        { version: 'v1', share: 80, rps: 80 },
        { version: 'v2', share: 20, rps: 20 },
      ],
      query: query?.searchParams.get('query'),
    });
  });

  it('reads a series on step-aligned times with a window of four scrapes', async () => {
    answer = (_req, res) => json(res, 200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { destination_version: 'v1' }, values: [[1796218052, '8'], [1796218054, '6']] }, { metric: { destination_version: 'v3' }, values: [[1796218054, '2']] }] } }));
    const series = await splits().series({ service: 'ratings', namespace: 'shop', rangeSeconds: 60 });
    const range = seen.find((url) => url.pathname === `${PROXY}/api/v1/query_range`);
    expect(Object.fromEntries(range?.searchParams ?? [])).toEqual({
      query: 'sum by (destination_version) (rate(istio_requests_total{reporter="destination",destination_service_name="ratings",destination_service_namespace="shop"}[8s]))',
      start: String(1796218058 - 60),
      end: '1796218058',
      step: '2',
    });
    expect(series).toMatchObject({ windowSeconds: 8, stepSeconds: 2, x: [1796218052, 1796218054], versions: [{ version: 'v1', share: [100, 75] }, { version: 'v3', share: [0, 25] }] });
  });

  it('says the addon is missing when the Service is not there', async () => {
    answer = (_req, res) => json(res, 404, status(404, 'NotFound', 'services "prometheus" not found', { name: 'prometheus', kind: 'services' }));
    const error = await failure(splits().observe({ service: 'reviews' }));
    expect(error.code).toBe('TELEMETRY_UNAVAILABLE');
    expect(error.message).toMatch(/no Prometheus addon .*meshdeck up/);
    expect(error.details).toMatchObject({ reason: 'not-installed', httpStatus: 404 });
  });

  it('says Prometheus is not ready when the Service has no endpoints, or Prometheus is starting', async () => {
    answer = (_req, res) => json(res, 503, status(503, 'ServiceUnavailable', 'no endpoints available for service "prometheus"', {}));
    const none = await failure(splits().observe({ service: 'reviews' }));
    expect(none.message).toMatch(/not ready yet \(no endpoints available for service "prometheus"\)\. Wait for its pod/);
    expect(none.details).toMatchObject({ reason: 'not-ready' });
    answer = (_req, res) => json(res, 503, 'Service Unavailable', 'text/plain; charset=utf-8');
    expect((await failure(splits().observe({ service: 'reviews' }))).details).toMatchObject({ reason: 'not-ready' });
  });

  it("passes Prometheus's own refusal on in its words", async () => {
    answer = (_req, res) => json(res, 422, JSON.stringify({ status: 'error', errorType: 'execution', error: 'many-to-many matching not allowed' }));
    const error = await failure(splits().observe({ service: 'reviews', windowSeconds: 30 }));
    expect(error.code).toBe('TELEMETRY_UNAVAILABLE');
    expect(error.message).toContain('Prometheus refused the query (execution): many-to-many matching not allowed');
  });

  it('leaves trouble with the API server itself as K8S_API', async () => {
    answer = (_req, res) => json(res, 403, status(403, 'Forbidden', 'services "prometheus:9090" is forbidden: User "me" cannot get resource "services/proxy"', {}));
    const error = await failure(splits().observe({ service: 'reviews' }));
    expect(error.code).toBe('K8S_API');
    expect(error.message).toMatch(/Forbidden.*cluster-admin/);
  });

  it('builds the proxy path of any Service', () => {
    expect(serviceProxyPath('/api/v1/query', { namespace: 'monitoring', name: 'prom', port: 9091 })).toBe('/api/v1/namespaces/monitoring/services/prom:9091/proxy/api/v1/query');
  });
});
