// Istio's standard metrics, end to end in the world: Bookinfo with reviews split 80/20 (v1/v2)
// by a weighted VirtualService, 1,000 requests through the gateway from MeshDeck's traffic
// generator and then a plain fetch loop, and the REAL Prometheus (Debian's, running as the
// addon's pod) queried through the API server's service proxy. Its per-version counts of
// istio_requests_total must match what the client classified from the pages (±5 %), and the
// calls reviews v2 makes to ratings must show up with the stats filter's workload labels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../../core/exec';
import { applyObjects, loadManifests } from '../../../core/kube';
import { classifyReviews, startTrafficGenerator } from '../../../core/traffic/generator';
import { hasPrometheus } from '../../support/requirements';
import { findKubectl } from '../index';
import { bookinfoFile, type WorldLab } from '../../support/world-lab';
import { startWorldLabWithDashboards } from '../../support/world-lab-dashboards';
import { promQuery, scrapedSince, untilTargets, type PromSample } from '../../support/world-lab-prometheus';

const prometheusReady = hasPrometheus();
const BOOKINFO_PODS = 6;

// Written here, as MeshDeck writes its own splits.
const reviews8020 = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'default' },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] }] },
};

const REVIEWS_BY_VERSION = 'sum by (destination_version) (istio_requests_total{destination_service_name="reviews"})';

function byVersion(samples: PromSample[]): Record<string, number> {
  return Object.fromEntries(samples.map((s) => [s.metric['destination_version'] ?? '', s.value]));
}

function expectWithin(actual: number, expected: number, tolerance = 0.05): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1, expected * tolerance));
}

describe.runIf(prometheusReady)('Istio standard metrics scraped by the real Prometheus', () => {
  let lab: WorldLab;

  beforeAll(async () => {
    lab = await startWorldLabWithDashboards({ seed: 16 });
    await applyObjects(lab.clients, await loadManifests([bookinfoFile('networking/destination-rule-all.yaml')]), { namespace: 'default' });
    await applyObjects(lab.clients, [reviews8020]);
    await lab.mesh.until((s) => s.destinationRules.length >= 4 && (s.virtualServices.find((v) => v.name === 'reviews')?.http[0]?.route?.length ?? 0) === 2, AbortSignal.timeout(30_000));
    // Kubernetes SD found every injected Bookinfo pod (relabelled to :15020 by the upstream config) and scraped it once.
    await untilTargets(lab, scrapedSince(new Date(0), BOOKINFO_PODS), AbortSignal.timeout(60_000));
  }, 120_000);

  afterAll(async () => {
    await lab?.stop();
  });

  it('discovers the sidecars through the upstream kubernetes-pods job, at pod IP :15020 with the pod labels', async () => {
    const up = await promQuery(lab, 'up{job="kubernetes-pods"}');
    const reviews = up.filter((s) => s.metric['app'] === 'reviews');
    expect(reviews.map((s) => s.metric['version']).sort()).toEqual(['v1', 'v2', 'v3']);
    for (const s of reviews) {
      expect(s.value).toBe(1);
      expect(s.metric['instance']).toMatch(/^10\.244\.\d+\.\d+:15020$/);
      expect(s.metric['namespace']).toBe('default');
      expect(s.metric['pod']).toMatch(/^reviews-v\d-/);
    }
  });

  it('counts 1,000 generator requests per reviews version as the client classified them (±5 %), both reporters', async () => {
    const before = byVersion(await promQuery(lab, REVIEWS_BY_VERSION));
    const totals = await startTrafficGenerator({ url: `${lab.mesh.url}/productpage`, rps: 200, durationSeconds: 5, onWindow: () => undefined }).done;
    const sentBy = new Date();
    expect(totals.requests + (totals.skipped ?? 0)).toBe(1000);
    expect(totals.errors).toBe(0);
    await untilTargets(lab, scrapedSince(sentBy, BOOKINFO_PODS), AbortSignal.timeout(30_000));
    const after = byVersion(await promQuery(lab, REVIEWS_BY_VERSION));
    const source = byVersion(await promQuery(lab, 'sum by (destination_version) (istio_requests_total{destination_service_name="reviews",reporter="source",source_workload="productpage-v1"})'));
    console.info(`generator saw v1 ${totals.byVersion['v1']} / v2 ${totals.byVersion['v2']}; Prometheus (both reporters) v1 ${(after['v1'] ?? 0) - (before['v1'] ?? 0)} / v2 ${(after['v2'] ?? 0) - (before['v2'] ?? 0)}`);
    for (const version of ['v1', 'v2']) {
      const seen = totals.byVersion[version] ?? 0;
      // productpage's sidecar (reporter=source) and the reviews pod's (reporter=destination) each count every call.
      expectWithin((after[version] ?? 0) - (before[version] ?? 0), 2 * seen);
      expectWithin(source[version] ?? 0, seen);
    }
    expect(after['v3'] ?? 0).toBe(0);
    expect((totals.byVersion['v1'] ?? 0) / totals.requests).toBeGreaterThan(0.7);
  }, 60_000);

  it('counts a plain fetch loop through the gateway the same way, and shows reviews-v2 calling ratings-v1', async () => {
    const before = byVersion(await promQuery(lab, REVIEWS_BY_VERSION));
    const seen: Record<string, number> = {};
    for (let i = 0; i < 300; i++) {
      const page = await fetch(`${lab.mesh.url}/productpage`);
      const version = classifyReviews(await page.text());
      seen[version] = (seen[version] ?? 0) + 1;
    }
    const sentBy = new Date();
    await untilTargets(lab, scrapedSince(sentBy, BOOKINFO_PODS), AbortSignal.timeout(30_000));
    const after = byVersion(await promQuery(lab, REVIEWS_BY_VERSION));
    expect(seen['unknown']).toBeUndefined();
    for (const version of ['v1', 'v2']) expectWithin((after[version] ?? 0) - (before[version] ?? 0), 2 * (seen[version] ?? 0));

    const ratings = await promQuery(lab, 'sum by (source_workload, destination_workload, destination_principal) (istio_requests_total{reporter="source",destination_service_name="ratings"})');
    expect(ratings.map((s) => s.metric)).toEqual([{ source_workload: 'reviews-v2', destination_workload: 'ratings-v1', destination_principal: 'spiffe://cluster.local/ns/default/sa/bookinfo-ratings' }]);
    const reviewsV2 = await promQuery(lab, 'sum(istio_requests_total{reporter="destination",destination_workload="reviews-v2"})');
    // Each page served by reviews v2 is one call to ratings.
    expectWithin(ratings[0]?.value ?? 0, reviewsV2[0]?.value ?? 0);
  }, 60_000);

  it('runs as the pod: its log is the real Prometheus log, and a changed ConfigMap is reloaded', async () => {
    const pod = lab.world.store.list('/pods', 'istio-system').find((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'prometheus');
    const { stdout: log } = await exec(await findKubectl(), ['--kubeconfig', lab.world.kubeconfigPath, 'logs', '-n', 'istio-system', pod?.metadata.name ?? '', '-c', 'prometheus-server']);
    expect(log).toContain('Server is ready to receive web requests.');
    const cm = lab.world.store.get('/configmaps', 'istio-system', 'prometheus') as { data: Record<string, string> } | undefined;
    const config = cm?.data['prometheus.yml'] ?? '';
    expect(config).toContain('job_name: kubernetes-pods\n');
    await lab.clients.http.request('PATCH', '/api/v1/namespaces/istio-system/configmaps/prometheus', {
      body: JSON.stringify({ data: { 'prometheus.yml': config.replace('job_name: kubernetes-pods\n', 'job_name: mesh-pods\n') } }),
      contentType: 'application/merge-patch+json',
    });
    const targets = await untilTargets(lab, (all) => all.some((t) => t.scrapePool === 'mesh-pods' && t.health === 'up'), AbortSignal.timeout(30_000));
    expect(targets.some((t) => t.scrapePool === 'kubernetes-pods')).toBe(false);
  }, 60_000);
});
