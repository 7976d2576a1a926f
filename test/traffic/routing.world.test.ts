// Traffic shifting end to end against the test world: MeshDeck writes the DestinationRule and
// weighted VirtualService, the world's data plane routes by them, and the traffic generator
// measures the split real requests took through the gateway. Also ownership: routing someone
// else wrote is never overwritten without take-over, and an edit between preview and apply is
// a conflict.
import { expect, it, beforeAll, afterAll } from 'vitest';
import { AppError, type TrafficCountsInfo } from '../../core/contract';
import type { KubeObject } from '../../core/kube';
import { RoutingService, signInToBookinfo, startTrafficGenerator } from '../../core/traffic';
import { describeWithIstioReference } from '../support/reference-suite';
import { startWorldLab, type WorldLab } from '../support/world-lab';

const VS_PATH = '/apis/networking.istio.io/v1/namespaces/default/virtualservices';

describeWithIstioReference('traffic shifting against the world', () => {
  let lab: WorldLab;
  let routing: RoutingService;

  beforeAll(async () => {
    lab = await startWorldLab({ seed: 7 });
    routing = new RoutingService({ clients: async () => lab.clients, defaultNamespace: 'default' });
  });

  afterAll(async () => {
    await lab?.stop();
  });

  /** Waits until the data plane routes reviews by these weights (by subset) in its last route. */
  async function routedBy(weights: Record<string, number>, withMatch = false): Promise<void> {
    const want = JSON.stringify(weights);
    await lab.mesh.until((s) => {
      const vs = s.virtualServices.find((v) => v.namespace === 'default' && v.name === 'reviews');
      const last = vs?.http[vs.http.length - 1];
      const got = Object.fromEntries((last?.route ?? []).map((r) => [r.destination?.subset ?? '', r.weight ?? 100]));
      return JSON.stringify(got) === want && (vs?.http.length ?? 0) === (withMatch ? 2 : 1);
    }, AbortSignal.timeout(10_000));
  }

  /** Runs the generator through the gateway until at least `requests` have been answered. */
  async function generate(requests: number, headers?: Record<string, string>): Promise<TrafficCountsInfo> {
    const generator = startTrafficGenerator({
      url: `${lab.mesh.url}/productpage`,
      rps: 200,
      concurrency: 64,
      windowMs: 250,
      durationSeconds: 120,
      ...(headers ? { headers } : {}),
      onWindow: (window) => {
        if (window.totals.requests >= requests) generator.stop();
      },
    });
    return generator.done;
  }

  /** Versions that answered at least once, with their counts. */
  function answered(totals: TrafficCountsInfo): Record<string, number> {
    return Object.fromEntries(Object.entries(totals.byVersion).filter(([, n]) => n > 0));
  }

  function shares(totals: TrafficCountsInfo): Record<string, number> {
    const answered = Object.values(totals.byVersion).reduce((a, b) => a + b, 0);
    return Object.fromEntries(Object.entries(totals.byVersion).map(([v, n]) => [v, (n / answered) * 100]));
  }

  it('lists reviews with its three versions and no routing yet', async () => {
    const services = await routing.services();
    const reviews = services.find((s) => s.name === 'reviews');
    expect(reviews).toMatchObject({ namespace: 'default', host: 'reviews.default.svc.cluster.local', owner: 'none', weights: null, objects: [] });
    expect(reviews?.versions.map((v) => v.name)).toEqual(['v1', 'v2', 'v3']);
    expect(reviews?.versions.every((v) => v.ready === 1 && v.pods === 1)).toBe(true);
    // Services with more than one version come first: reviews is what the Traffic screen opens on.
    expect(services[0]?.name).toBe('reviews');
  });

  it('sets 80/20 v1/v2 and 2,000 requests through the gateway split within ±3 points', async () => {
    const applied = await routing.apply({ service: 'reviews', weights: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }, { version: 'v3', weight: 0 }] });
    expect(applied.objects.map((o) => `${o.kind}:${o.action}`)).toEqual(['DestinationRule:created', 'VirtualService:created']);
    await routedBy({ v1: 80, v2: 20 });
    const totals = await generate(2000);
    const observed = shares(totals);
    console.info(`80/20 observed over ${totals.requests} requests: v1 ${observed['v1']?.toFixed(1)}% v2 ${observed['v2']?.toFixed(1)}%, errors ${JSON.stringify(totals.errorCodes)}`);
    // A loaded machine may time out a request or two; the split is measured on the answers.
    expect(totals.errors).toBeLessThanOrEqual(totals.requests / 200);
    expect(totals.requests).toBeGreaterThanOrEqual(2000);
    expect(Math.abs((observed['v1'] ?? 0) - 80)).toBeLessThanOrEqual(3);
    expect(Math.abs((observed['v2'] ?? 0) - 20)).toBeLessThanOrEqual(3);
    expect(answered(totals)['v3']).toBeUndefined();
    const reviews = (await routing.services()).find((s) => s.name === 'reviews');
    expect(reviews).toMatchObject({ owner: 'meshdeck', weights: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] });
  }, 30_000);

  it('a second move is one write, and "v3 only" sends every request to red stars', async () => {
    const applied = await routing.apply({ service: 'reviews', weights: [{ version: 'v1', weight: 0 }, { version: 'v2', weight: 0 }, { version: 'v3', weight: 100 }], seq: 7 });
    expect(applied.seq).toBe(7);
    // The subsets did not change, so only the VirtualService was written.
    expect(applied.objects.map((o) => `${o.kind}:${o.action}`)).toEqual(['DestinationRule:unchanged', 'VirtualService:configured']);
    await routedBy({ v3: 100 });
    const totals = await generate(200);
    expect(totals.errors).toBe(0);
    expect(answered(totals)).toEqual({ v3: totals.requests });
  });

  it('routes end-user jason to v2 and everyone else by the weights', async () => {
    await routing.apply({ service: 'reviews', weights: [{ version: 'v1', weight: 100 }], headerRoute: { header: 'end-user', value: 'jason', version: 'v2' } });
    await routedBy({ v1: 100 }, true);
    // productpage sets end-user from its session, as the real one does: sign in like a user.
    const jason = await generate(100, { cookie: await signInToBookinfo(`${lab.mesh.url}/productpage`, 'jason') });
    expect(answered(jason)).toEqual({ v2: jason.requests });
    const others = await generate(100);
    expect(answered(others)).toEqual({ v1: others.requests });
    const reviews = (await routing.services()).find((s) => s.name === 'reviews');
    expect(reviews?.headerRoute).toEqual({ header: 'end-user', value: 'jason', version: 'v2' });
  });

  it('an edit by someone else between preview and apply is a conflict, and nothing is overwritten', async () => {
    const preview = await routing.preview({ service: 'reviews', weights: [{ version: 'v1', weight: 50 }, { version: 'v3', weight: 50 }] });
    expect(preview.owner).toBe('meshdeck');
    expect(preview.diff.find((d) => d.kind === 'VirtualService')?.changed).toBe(true);
    expect(preview.yaml).toContain('kind: VirtualService');
    // Someone edits the VirtualService with their own tool meanwhile.
    const edited = await lab.clients.http.request<KubeObject>('PATCH', `${VS_PATH}/reviews`, {
      query: { fieldManager: 'kubectl-edit' },
      contentType: 'application/merge-patch+json',
      body: JSON.stringify({ spec: { http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] } }),
    });
    const error = await routing.apply({ service: 'reviews', weights: [{ version: 'v1', weight: 50 }, { version: 'v3', weight: 50 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    expect((error as AppError).message).toMatch(/Nothing was overwritten/);
    const live = (await lab.clients.http.request<KubeObject>('GET', `${VS_PATH}/reviews`)).body;
    expect(live.metadata?.resourceVersion).toBe(edited.body.metadata?.resourceVersion);
    expect(live['spec']).toEqual(edited.body['spec']);
  });

  it('never overwrites a VirtualService it did not write without take-over, and take-over replaces it', async () => {
    await routing.remove({ service: 'reviews' });
    await lab.clients.http.request('DELETE', `${VS_PATH}/reviews`).catch(() => undefined);
    const theirs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'default' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }], timeout: '3s' }] } };
    await lab.clients.http.request('POST', VS_PATH, { query: { fieldManager: 'kubectl-client-side-apply' }, body: JSON.stringify(theirs) });
    // A fresh service (as after an app restart) knows nothing yet and must read ownership from the cluster.
    const fresh = new RoutingService({ clients: async () => lab.clients, defaultNamespace: 'default' });
    const listed = (await fresh.services()).find((s) => s.name === 'reviews');
    expect(listed?.owner).toBe('foreign');
    expect(listed?.objects.find((o) => o.kind === 'VirtualService')?.managers).toEqual(['kubectl-client-side-apply']);
    const refused = await fresh.apply({ service: 'reviews', weights: [{ version: 'v1', weight: 100 }] }).catch((e: unknown) => e);
    expect((refused as AppError).code).toBe('CONFLICT');
    expect((await lab.clients.http.request<KubeObject>('GET', `${VS_PATH}/reviews`)).body['spec']).toEqual(theirs.spec);
    // Removing routing leaves what MeshDeck did not write.
    expect((await fresh.remove({ service: 'reviews' })).removed).toEqual([]);
    const taken = await fresh.apply({ service: 'reviews', weights: [{ version: 'v1', weight: 100 }], takeOver: true });
    expect(taken.objects.map((o) => o.kind)).toEqual(['DestinationRule', 'VirtualService']);
    const live = (await lab.clients.http.request<KubeObject>('GET', `${VS_PATH}/reviews`)).body;
    expect(live.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('meshdeck');
    // Replaced outright: the old timeout does not linger.
    expect(JSON.stringify(live['spec'])).not.toContain('timeout');
    expect((await fresh.services()).find((s) => s.name === 'reviews')?.owner).toBe('meshdeck');
  });

  it('remove routing deletes what MeshDeck wrote, and requests spread over all versions again', async () => {
    const removed = await routing.remove({ service: 'reviews' });
    expect(removed.removed).toEqual([{ kind: 'VirtualService', name: 'reviews' }, { kind: 'DestinationRule', name: 'reviews' }]);
    expect((await routing.services()).find((s) => s.name === 'reviews')).toMatchObject({ owner: 'none', objects: [] });
  });

  it('refuses splits that do not sum to 100 or name unknown versions, saying what was wrong', async () => {
    const sum = await routing.apply({ service: 'reviews', weights: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 30 }] }).catch((e: unknown) => e);
    expect((sum as AppError).code).toBe('INVALID_ARGUMENT');
    expect((sum as AppError).message).toMatch(/110/);
    const unknown = await routing.apply({ service: 'reviews', weights: [{ version: 'v9', weight: 100 }] }).catch((e: unknown) => e);
    expect((unknown as AppError).code).toBe('INVALID_ARGUMENT');
    expect((unknown as AppError).message).toMatch(/v9/);
    const missing = await routing.apply({ service: 'nope', weights: [{ version: 'v1', weight: 100 }] }).catch((e: unknown) => e);
    expect((missing as AppError).code).toBe('NOT_FOUND');
  });
});
