// The traffic generator end to end in the test world: upstream Istio CRDs and Bookinfo applied with
// real kubectl, reviews split 80/20 between v1 and v2 by a VirtualService, and 500 requests for
// /productpage sent through the world's gateway. The generator's per-version counts must equal
// what the data plane says each reviews pod served.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { TrafficWindowInfo } from '../../core/contract';
import { exec } from '../../core/exec';
import { startTrafficGenerator } from '../../core/traffic/generator';
import { describeWithIstioReference } from '../support/reference-suite';
import { findKubectl, startWorld, type World } from '../world/index';
import { startMeshDataPlane, type MeshDataPlane, type MeshSnapshot } from '../world/mesh/index';

// Written here rather than taken from the samples, the way MeshDeck writes its own splits.
const reviews8020 = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'default' },
  spec: {
    hosts: ['reviews'],
    http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] }],
  },
};

function servedByReviews(mesh: MeshDataPlane): Record<string, number> {
  const served: Record<string, number> = {};
  for (const [pod, count] of Object.entries(mesh.stats().byPod)) {
    const version = /^default\/reviews-(v\d)-/.exec(pod)?.[1];
    if (version) served[version] = (served[version] ?? 0) + count;
  }
  return served;
}

describeWithIstioReference('traffic generator against the world', (istio) => {
  const crdFile = join(istio, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml');
  const bookinfo = (file: string) => join(istio, 'samples', 'bookinfo', file);
  let world: World;
  let mesh: MeshDataPlane;

  const bookinfoReady = (s: MeshSnapshot) =>
    s.pods.filter((p) => p.namespace === 'default' && p.ready && p.hasSidecar && ['productpage', 'details', 'ratings', 'reviews'].includes(p.labels['app'] ?? '')).length === 6;

  beforeAll(async () => {
    const kubectl = await findKubectl();
    world = await startWorld();
    mesh = await startMeshDataPlane({ kubeconfigPath: world.kubeconfigPath, host: '127.0.0.1', port: 0, seed: 5150, podNetwork: world.podNetwork });
    const kube = (args: string[], input?: string) => exec(kubectl, ['--kubeconfig', world.kubeconfigPath, ...args], input === undefined ? {} : { input });
    await kube(['apply', '--server-side', '-f', crdFile]);
    await kube(['label', 'namespace', 'default', 'istio-injection=enabled', '--overwrite']);
    for (const file of ['platform/kube/bookinfo.yaml', 'networking/bookinfo-gateway.yaml', 'networking/destination-rule-all.yaml']) {
      await kube(['apply', '-n', 'default', '-f', bookinfo(file)]);
    }
    await kube(['apply', '-f', '-'], stringify(reviews8020));
    await mesh.until(
      (s) => bookinfoReady(s) && s.gateways.length > 0 && s.destinationRules.length >= 4 && (s.virtualServices.find((v) => v.name === 'reviews')?.http[0]?.route?.length ?? 0) === 2,
      AbortSignal.timeout(30_000),
    );
  }, 60_000);

  afterAll(async () => {
    await mesh?.stop();
    await world?.stop();
  });

  it('classifies every one of 500 productpage answers as the reviews version that served it', async () => {
    const before = servedByReviews(mesh);
    const windows: Omit<TrafficWindowInfo, 'runId'>[] = [];
    const generator = startTrafficGenerator({ url: `${mesh.url}/productpage`, rps: 100, durationSeconds: 5, onWindow: (w) => windows.push(w) });
    const totals = await generator.done;
    const after = servedByReviews(mesh);

    const answered = (totals.byVersion['v1'] ?? 0) + (totals.byVersion['v2'] ?? 0);
    const v1 = ((totals.byVersion['v1'] ?? 0) / answered) * 100;
    const v2 = ((totals.byVersion['v2'] ?? 0) / answered) * 100;
    console.info(`generator observed v1 ${v1.toFixed(1)}% / v2 ${v2.toFixed(1)}% over ${totals.requests} requests (${totals.skipped ?? 0} skipped), p50 ${totals.latencyMs.p50} ms, p99 ${totals.latencyMs.p99} ms`);

    expect(totals.requests + (totals.skipped ?? 0)).toBe(500);
    // Skips only happen if the loop stalls; the split itself is test/traffic/routing.world.test.ts's job.
    expect(totals.requests).toBeGreaterThanOrEqual(400);
    expect(totals.errors).toBe(0);
    expect(totals.errorCodes).toEqual({});
    expect(totals.byVersion['v3']).toBe(0);
    expect(totals.byVersion['unknown']).toBe(0);
    expect(answered).toBe(totals.requests);
    expect(v1).toBeGreaterThan(v2);

    // Every page classified as vN was served by a reviews-vN pod: the counts match exactly.
    expect((after['v1'] ?? 0) - (before['v1'] ?? 0)).toBe(totals.byVersion['v1']);
    expect((after['v2'] ?? 0) - (before['v2'] ?? 0)).toBe(totals.byVersion['v2']);
    expect((after['v3'] ?? 0) - (before['v3'] ?? 0)).toBe(0);

    expect(windows.reduce((sum, w) => sum + w.window.requests, 0)).toBe(totals.requests);
    expect(windows.at(-1)?.totals).toEqual(totals);
  }, 30_000);
});
