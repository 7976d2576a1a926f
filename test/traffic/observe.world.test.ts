// The split the mesh itself reports, end to end: a world lab with Bookinfo and the release's
// addons (its Prometheus is the real Prometheus 2.42, scraping the world's sidecars), reviews
// routed 80/20 v1/v2 by MeshDeck, 1,000 generator requests through the gateway, then
// traffic.observe and `meshdeck traffic --observe reviews --json` — PromQL sent through the API
// server's service proxy — agree with the generator's own page-classified counts within 5
// points; so does a plain fetch loop nobody classifies, and ratings' split comes from the calls
// reviews v2 makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type MethodName, type MethodParams, type MethodResult, type ObservedSplitInfo, type TrafficCountsInfo } from '../../core/contract';
import { createProcessCore, type Core } from '../../core/app';
import { classifyReviews, parsePrometheusAnswer, prometheusGet, startTrafficGenerator } from '../../core/traffic';
import { assertBuilt, runCliAsync } from '../support/built-cli';
import { describeWithIstioReference } from '../support/reference-suite';
import { hasPrometheus } from '../support/requirements';
import type { WorldLab } from '../support/world-lab';
import { startWorldLabWithDashboards } from '../support/world-lab-dashboards';
import { scrapedSince, untilTargets } from '../support/world-lab-prometheus';

const NAMESPACE = 'default';
const TOLERANCE = 5;
const BOOKINFO_PODS = 6;

const prometheus = hasPrometheus();

(prometheus ? describeWithIstioReference : describe.skip)('the split the mesh reports, from a real Prometheus through the API server', () => {
  let lab: WorldLab;
  let core: Core;

  async function call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const answer = await core.dispatcher.dispatch(method, params);
    if (!answer.ok) throw AppError.fromInfo(answer.error);
    return answer.value as MethodResult<M>;
  }

  /** Waits until Prometheus scraped every Bookinfo sidecar after now, so its counters hold all that was sent. */
  async function scraped(): Promise<void> {
    await untilTargets(lab, scrapedSince(new Date(), BOOKINFO_PODS), AbortSignal.timeout(30_000));
  }

  function generatorShares(byVersion: Record<string, number>): Record<string, number> {
    const total = Object.values(byVersion).reduce((a, b) => a + b, 0);
    return Object.fromEntries(Object.entries(byVersion).filter(([, n]) => n > 0).map(([version, n]) => [version, (n * 100) / total]));
  }

  function expectClose(split: ObservedSplitInfo, expected: Record<string, number>, what: string): void {
    const reported = Object.fromEntries(split.versions.map((v) => [v.version, v.share]));
    console.info(`${what}: the mesh reports ${JSON.stringify(reported)}, expected ${JSON.stringify(Object.fromEntries(Object.entries(expected).map(([v, s]) => [v, Math.round(s * 10) / 10])))}`);
    expect(Object.keys(reported).sort()).toEqual(Object.keys(expected).sort());
    for (const [version, share] of Object.entries(expected)) expect(Math.abs((reported[version] ?? 0) - share), `${what}: ${version}`).toBeLessThanOrEqual(TOLERANCE);
  }

  /** A rate window from just before `since` (seconds) to now, whole seconds. */
  const windowSince = (since: number) => Math.ceil(Date.now() / 1000 - since) + 1;

  let generator: TrafficCountsInfo;
  let generatorStart = 0;

  beforeAll(async () => {
    assertBuilt();
    lab = await startWorldLabWithDashboards({ seed: 1616 });
    core = createProcessCore({ face: 'cli', env: lab.env });
    await call('traffic.apply', { service: 'reviews', namespace: NAMESPACE, weights: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] });
    await lab.mesh.until((s) => {
      const route = s.virtualServices.find((v) => v.namespace === NAMESPACE && v.name === 'reviews')?.http.at(-1)?.route ?? [];
      return route.length === 2 && route.every((r) => r.weight === (r.destination?.subset === 'v1' ? 80 : 20));
    }, AbortSignal.timeout(10_000));
    // Prometheus found and scraped every sidecar once, so the first requests land on a known zero.
    await untilTargets(lab, scrapedSince(new Date(0), BOOKINFO_PODS), AbortSignal.timeout(60_000));
    generatorStart = Date.now() / 1000;
    generator = await startTrafficGenerator({ url: `${lab.mesh.url}/productpage`, rps: 200, durationSeconds: 5, onWindow: () => undefined }).done;
    await scraped();
  }, 120_000);

  afterAll(async () => {
    core?.dispose();
    await lab?.stop();
  });

  it('traffic.observe agrees with the generator’s 1,000 page-classified answers', async () => {
    expect(generator.requests + (generator.skipped ?? 0)).toBe(1000);
    expect(generator.errors).toBe(0);
    const split = await call('traffic.observe', { service: 'reviews', namespace: NAMESPACE, windowSeconds: windowSince(generatorStart) });
    expect(split.reporter).toBe('destination');
    expect(split.query).toContain('destination_service_name="reviews"');
    expectClose(split, generatorShares(generator.byVersion), 'generator run');
    expect(split.totalRps).toBeGreaterThan(0);
  });

  it('meshdeck traffic --observe reviews --json says the same through the built CLI', async () => {
    const result = await runCliAsync(['traffic', '--observe', 'reviews', '-n', NAMESPACE, '--window', `${windowSince(generatorStart)}s`, '--json'], lab.env);
    expect(result.status, result.stderr).toBe(0);
    const split = JSON.parse(result.stdout) as ObservedSplitInfo;
    expect(split).toMatchObject({ service: 'reviews', namespace: NAMESPACE, reporter: 'destination' });
    expectClose(split, generatorShares(generator.byVersion), 'CLI');
    const table = await runCliAsync(['traffic', '--observe', 'reviews', '-n', NAMESPACE, '--window', `${windowSince(generatorStart)}s`], lab.env);
    expect(table.stdout).toMatch(/VERSION\s+SHARE\s+REQ\/S\n\s+v1\s+\d+\.\d%/);
  });

  it('sees a plain fetch loop through the gateway that nobody classifies for it', async () => {
    const start = Date.now() / 1000;
    const byVersion: Record<string, number> = {};
    for (let i = 0; i < 300; i++) {
      const page = await (await fetch(`${lab.mesh.url}/productpage`)).text();
      const version = classifyReviews(page);
      byVersion[version] = (byVersion[version] ?? 0) + 1;
    }
    await scraped();
    const everything = { ...generator.byVersion };
    for (const [version, n] of Object.entries(byVersion)) everything[version] = (everything[version] ?? 0) + n;
    // The window spans both runs; both went by the same 80/20 rule.
    const split = await call('traffic.observe', { service: 'reviews', namespace: NAMESPACE, windowSeconds: windowSince(generatorStart) });
    expectClose(split, generatorShares(everything), 'generator + fetch loop');
    const loopOnly = await call('traffic.observe', { service: 'reviews', namespace: NAMESPACE, windowSeconds: windowSince(start) });
    expect(loopOnly.versions.length).toBeGreaterThan(0);
    expectClose(loopOnly, generatorShares(byVersion), 'fetch loop');
  });

  it("reads ratings' split from the calls reviews v2 makes, and nothing where nothing went", async () => {
    const ratings = await call('traffic.observe', { service: 'ratings', namespace: NAMESPACE, windowSeconds: windowSince(generatorStart) });
    // Only reviews v2 (of v1 and v2) calls ratings, and there is one ratings version.
    expect(ratings.versions.map((v) => [v.version, v.share])).toEqual([['v1', 100]]);
    // Every page reviews v2 renders asks ratings once: the counters (both scraped after the last
    // request) agree. Counters, not two rates: each rate extrapolates over its own samples.
    const total = async (selector: string): Promise<number> => {
      const answer = parsePrometheusAnswer(await prometheusGet(lab.clients, '/api/v1/query', { query: `sum(istio_requests_total{reporter="destination",destination_service_namespace="${NAMESPACE}",${selector}})` }));
      return answer.resultType === 'vector' ? Number(answer.samples[0]?.value ?? 0) : Number.NaN;
    };
    const v2Requests = await total('destination_service_name="reviews",destination_version="v2"');
    expect(v2Requests).toBeGreaterThan(0);
    expect(Math.abs((await total('destination_service_name="ratings"')) - v2Requests) / v2Requests).toBeLessThanOrEqual(TOLERANCE / 100);
    const bySource = parsePrometheusAnswer(
      await prometheusGet(lab.clients, '/api/v1/query', { query: `sum by (source_workload) (istio_requests_total{reporter="destination",destination_service_name="ratings",destination_service_namespace="${NAMESPACE}"})` }),
    );
    expect(bySource.resultType === 'vector' && bySource.samples.map((s) => s.metric.source_workload)).toEqual(['reviews-v2']);
    const nobody = await call('traffic.observe', { service: 'details', namespace: 'nowhere' });
    expect(nobody.versions).toEqual([]);
  });

  it('says TELEMETRY_UNAVAILABLE, exit 1, when Prometheus has no ready pod', async () => {
    // The Service stays; with its Deployment (and so its pods) gone it has no endpoints.
    await lab.clients.http.request('DELETE', '/apis/apps/v1/namespaces/istio-system/deployments/prometheus', { body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' }) });
    for (;;) {
      const error = await call('traffic.observe', { service: 'reviews', namespace: NAMESPACE }).then(() => undefined, (e: unknown) => e);
      if (error instanceof AppError && error.code === 'TELEMETRY_UNAVAILABLE') {
        expect(error.details).toMatchObject({ reason: 'not-ready' });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const result = await runCliAsync(['traffic', '--observe', 'reviews', '-n', NAMESPACE, '--json'], lab.env);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'TELEMETRY_UNAVAILABLE' } });
  });
});
