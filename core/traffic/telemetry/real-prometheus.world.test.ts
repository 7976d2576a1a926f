// MeshDeck's PromQL and answer parsing against a real Prometheus (Debian's 2.42 at
// /usr/bin/prometheus), scraping a loopback target that serves istio_requests_total in the text
// exposition format as a sidecar's :15020/stats/prometheus does. Directly on Prometheus's own
// port: the service proxy on the way is the world's part (test/traffic/observe.world.test.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../contract';
import { freePort } from '../../../test/support/ports';
import { hasPrometheus } from '../../../test/support/requirements';
import { prometheusBinary } from '../../../test/world/prometheus/prometheus-runtime';
import { splitFromMatrix, splitFromVector } from './observed-split';
import { parsePrometheusAnswer, scrapeIntervalOf } from './prometheus-answer';
import { promqlString, splitQuery } from './split-query';

const available = hasPrometheus();

// Counters as two reviews sidecars and one oddly named service would report them; 80/20 by design.
const counts = { v1: 0, v2: 0, odd: 0 };
const exposition = () => {
  const labels = (version: string, service = 'reviews') => `reporter="destination",source_workload="productpage-v1",destination_service_name="${service}",destination_service_namespace="bookinfo",destination_version="${version}",response_code="200"`;
  return [
    '# HELP istio_requests_total Total requests.',
    '# TYPE istio_requests_total counter',
    `istio_requests_total{${labels('v1')}} ${counts.v1}`,
    `istio_requests_total{${labels('v2')}} ${counts.v2}`,
    `istio_requests_total{reporter="source",source_workload="productpage-v1",destination_service_name="reviews",destination_service_namespace="bookinfo",destination_version="v1"} ${counts.v1 * 7}`,
    `istio_requests_total{${labels('v1', 'ra\\"t\\\\ings')}} ${counts.odd}`,
    '',
  ].join('\n');
};

let target: Server;
let prometheus: ChildProcess | undefined;
let dir: string;
let base: string;
let ticker: NodeJS.Timeout;

async function get(path: string, params: Record<string, string>): Promise<unknown> {
  const response = await fetch(`${base}${path}?${new URLSearchParams(params).toString()}`);
  return response.json();
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.runIf(available)('a real Prometheus answers what MeshDeck reads', () => {
  beforeAll(async () => {
    target = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(exposition());
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    ticker = setInterval(() => {
      counts.v1 += 8;
      counts.v2 += 2;
      counts.odd += 1;
    }, 50);
    dir = mkdtempSync(join(tmpdir(), 'meshdeck-prometheus-'));
    const port = await freePort();
    const targetPort = (target.address() as { port: number }).port;
    writeFileSync(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\nscrape_configs:\n- job_name: kubernetes-pods\n  metrics_path: /stats/prometheus\n  static_configs:\n  - targets: ['127.0.0.1:${targetPort}']\n`);
    prometheus = spawn(prometheusBinary(), [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    base = `http://127.0.0.1:${port}`;
    await until(() => fetch(`${base}/-/ready`).then((r) => r.status), (code) => code === 200);
  });

  afterAll(() => {
    clearInterval(ticker);
    prometheus?.kill('SIGTERM');
    target?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the split query a vector of rates by version, 80/20', async () => {
    const query = splitQuery({ service: 'reviews', namespace: 'bookinfo', windowSeconds: 4 });
    const answer = await until(async () => parsePrometheusAnswer(await get('/api/v1/query', { query })), (a) => a.resultType === 'vector' && a.samples.length === 2);
    const split = splitFromVector(answer);
    expect(split.versions.map((v) => v.version)).toEqual(['v1', 'v2']);
    // The counters grow 8:2 at once, so every rate Prometheus computes keeps that ratio exactly.
    expect(split.versions.map((v) => v.share)).toEqual([80, 20]);
    expect(split.totalRps).toBeGreaterThan(0);
  });

  it('matches a label value with a quote and a backslash as quoted by promqlString', async () => {
    const query = `sum(istio_requests_total{destination_service_name=${promqlString('ra"t\\ings')}})`;
    const answer = await until(async () => parsePrometheusAnswer(await get('/api/v1/query', { query })), (a) => a.resultType === 'vector' && a.samples.length === 1);
    expect(answer.resultType === 'vector' && answer.samples[0]!.value).toBeGreaterThan(0);
  });

  it('reads a range query as shares over time', async () => {
    const query = splitQuery({ service: 'reviews', namespace: 'bookinfo', windowSeconds: 3 });
    let end = 0;
    const read = async () => {
      end = Math.floor(Date.now() / 1000);
      return splitFromMatrix(parsePrometheusAnswer(await get('/api/v1/query_range', { query, start: String(end - 4), end: String(end), step: '2' })));
    };
    // Right after start the first evaluation times may not have two samples yet.
    const split = await until(read, (s) => s.versions.length === 2);
    expect(split.versions.map((v) => v.version)).toEqual(['v1', 'v2']);
    for (const share of split.versions[0]!.share) expect(share === null || share === 80).toBe(true);
    expect(split.x.every((t) => Number.isInteger(t) && (end - t) % 2 === 0)).toBe(true);
  });

  it('reads NaN and +Inf scalars, and a refusal in its own words', async () => {
    expect(parsePrometheusAnswer(await get('/api/v1/query', { query: '0/0' }))).toMatchObject({ resultType: 'scalar', point: { value: Number.NaN } });
    expect(parsePrometheusAnswer(await get('/api/v1/query', { query: '1/0' }))).toMatchObject({ resultType: 'scalar', point: { value: Number.POSITIVE_INFINITY } });
    const refusal = await get('/api/v1/query', { query: 'sum(rate(istio_requests_total[5s]' }).then(parsePrometheusAnswer, (e: unknown) => e).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).message).toMatch(/Prometheus refused the query \(bad_data\): invalid parameter "query": .*parse error/);
  });

  it('says its scrape interval in its loaded configuration', async () => {
    expect(scrapeIntervalOf(await get('/api/v1/status/config', {}))).toBe(1);
  });
});
