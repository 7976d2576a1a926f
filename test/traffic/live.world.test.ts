// Every writer sees every change, against the test world: two MeshDeck cores (two windows, or a
// tab and a terminal) writing one service's routing never overwrite each other silently — the one
// whose split was made from an older version gets CONFLICT naming what is there now — and the
// cluster follow pushes routing and workload changes made by anyone, then says when the lab's
// API server is gone and when it is back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError, type EventPayloads, type RoutingBasisInfo, type TrafficServiceInfo, type WeightInfo } from '../../core/contract';
import { createKubeClients, type KubeClients } from '../../core/kube';
import { ClusterFollow, RoutingService } from '../../core/traffic';
import { describeWithIstioReference } from '../support/reference-suite';
import { startWorldLab, type WorldLab } from '../support/world-lab';

const split = (v1: number, v2: number, v3: number): WeightInfo[] => [
  { version: 'v1', weight: v1 },
  { version: 'v2', weight: v2 },
  { version: 'v3', weight: v3 },
];

/** What a face keeps of the service it shows: the versions of its own routing objects. */
function basisOf(service: TrafficServiceInfo | undefined): RoutingBasisInfo {
  const own = (kind: 'VirtualService' | 'DestinationRule') => service?.objects.find((o) => o.kind === kind && o.name === service.name)?.resourceVersion ?? null;
  return { VirtualService: own('VirtualService'), DestinationRule: own('DestinationRule') };
}

async function reviews(routing: RoutingService): Promise<TrafficServiceInfo | undefined> {
  return (await routing.services()).find((s) => s.name === 'reviews');
}

async function conflictOf(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('CONFLICT');
  return error as AppError;
}

describeWithIstioReference('two MeshDeck writers and the cluster follow', () => {
  let lab: WorldLab;
  let otherClients: KubeClients;
  let first: RoutingService;
  let second: RoutingService;

  beforeAll(async () => {
    lab = await startWorldLab({ seed: 15 });
    // Two cores: each its own clients and routing service, one world cluster.
    otherClients = createKubeClients({ kubeconfig: lab.world.kubeconfigPath, context: lab.context });
    first = new RoutingService({ clients: async () => lab.clients, defaultNamespace: 'default' });
    second = new RoutingService({ clients: async () => otherClients, defaultNamespace: 'default' });
  });

  afterAll(async () => {
    first?.close();
    second?.close();
    otherClients?.close();
    await lab?.stop();
  });

  it('two first applies from the same empty routing: one creates it, the other is told it now exists', async () => {
    const seen = basisOf(await reviews(first));
    expect(seen).toEqual({ VirtualService: null, DestinationRule: null });
    const results = await Promise.allSettled([
      first.apply({ service: 'reviews', weights: split(80, 20, 0), basedOn: seen }),
      second.apply({ service: 'reviews', weights: split(0, 0, 100), basedOn: seen }),
    ]);
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0]?.reason as AppError).code).toBe('CONFLICT');
    // The cluster holds exactly the winner's split.
    const winner = results[0]?.status === 'fulfilled' ? split(80, 20, 0) : split(0, 0, 100);
    expect((await reviews(second))?.weights).toEqual(winner.filter((w) => w.weight > 0));
  });

  it('the second writer, made from an older version, gets CONFLICT saying what is there now; nothing overwritten', async () => {
    const before = basisOf(await reviews(first));
    await first.apply({ service: 'reviews', weights: split(50, 50, 0), basedOn: before });
    const error = await conflictOf(second.apply({ service: 'reviews', weights: split(0, 0, 100), basedOn: before }));
    expect(error.details).toMatchObject({ reason: 'moved', changedBy: 'meshdeck' });
    expect(error.message).toContain('another MeshDeck writer');
    expect(error.message).toContain('it now routes v1 50%, v2 50%');
    expect((await reviews(first))?.weights).toEqual(split(50, 50, 0).filter((w) => w.weight > 0));
    // Made from what is there now, the same write goes through.
    const now = basisOf(await reviews(second));
    const applied = await second.apply({ service: 'reviews', weights: split(0, 0, 100), basedOn: now });
    expect(applied.objects.find((o) => o.kind === 'VirtualService')?.action).toBe('configured');
  });

  it('the same core refuses a stale basis too (two tabs of one `meshdeck serve`)', async () => {
    const before = basisOf(await reviews(first));
    const tabA = first.apply({ service: 'reviews', weights: split(100, 0, 0), basedOn: before });
    const tabB = first.apply({ service: 'reviews', weights: split(0, 100, 0), basedOn: before });
    await tabA;
    const error = await conflictOf(tabB);
    expect(error.details).toMatchObject({ reason: 'moved', changedBy: 'meshdeck' });
    expect((await reviews(second))?.weights).toEqual([{ version: 'v1', weight: 100 }]);
  });

  it('pushes routing:changed for any writer and workloads:changed for a scale, then lab:state gone and running', async () => {
    const events: { name: string; payload: unknown }[] = [];
    const gone: string[] = [];
    const follow = new ClusterFollow({
      clients: async () => lab.clients,
      emit: (name, payload) => events.push({ name, payload }),
      onGone: (reason) => gone.push(reason),
      goneAfterMs: 800,
      probeEveryMs: 200,
    });
    try {
      expect(await follow.follow('tab-1', 'default')).toMatchObject({ namespace: 'default' });
      await expect.poll(() => events.some((e) => e.name === 'lab:state' && (e.payload as EventPayloads['lab:state']).state === 'running')).toBe(true);
      // A terminal's `meshdeck shift` (a core of its own, fresh) moves the routing.
      const terminal = new RoutingService({ clients: async () => otherClients, defaultNamespace: 'default' });
      const applied = await terminal.apply({ service: 'reviews', weights: split(20, 80, 0) });
      terminal.close();
      const vs = applied.objects.find((o) => o.kind === 'VirtualService');
      await expect
        .poll(() => events.find((e) => e.name === 'routing:changed' && (e.payload as EventPayloads['routing:changed']).resourceVersion === vs?.resourceVersion)?.payload, { timeout: 2000 })
        .toMatchObject({ namespace: 'default', service: 'reviews', kind: 'VirtualService', name: 'reviews' });
      // kubectl scale: the ready counts change.
      await lab.clients.http.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/reviews-v3', {
        body: JSON.stringify({ spec: { replicas: 2 } }),
        contentType: 'application/merge-patch+json',
      });
      await expect.poll(() => events.some((e) => e.name === 'workloads:changed'), { timeout: 2000 }).toBe(true);

      // The API server stops answering: gone, with a reason; back: running again.
      await lab.world.restartApiServer(async () => {
        await expect.poll(() => gone.length, { timeout: 10_000 }).toBe(1);
      });
      const goneEvent = events.find((e) => e.name === 'lab:state' && (e.payload as EventPayloads['lab:state']).state === 'gone')?.payload as EventPayloads['lab:state'];
      expect(goneEvent.reason).toMatch(/has not answered .*Create it again in Setup/);
      expect(gone[0]).toBe(goneEvent.reason);
      await expect.poll(() => follow.state, { timeout: 10_000 }).toBe('running');
      expect(events.filter((e) => e.name === 'lab:state').map((e) => (e.payload as EventPayloads['lab:state']).state)).toEqual(['running', 'gone', 'running']);
    } finally {
      follow.close();
    }
    // Unfollowed, nothing more is watched.
    expect(follow.namespaces).toEqual([]);
  });

  it('stops watching when the last follower goes', async () => {
    const follow = new ClusterFollow({ clients: async () => lab.clients, emit: () => undefined });
    await follow.follow('tab-1', 'default');
    await follow.follow('tab-2', 'default');
    follow.release('tab-1');
    expect(follow.namespaces).toEqual(['default']);
    expect(follow.unfollow('tab-2', 'default')).toBe(true);
    expect(follow.namespaces).toEqual([]);
  });

  it('keeps following for a face while another of its screens still follows', async () => {
    const follow = new ClusterFollow({ clients: async () => lab.clients, emit: () => undefined });
    // The Setup screen follows for the whole session; Traffic follows and unfollows as it opens and closes.
    await follow.follow('tab-1', 'default');
    await follow.follow('tab-1', 'default');
    expect(follow.unfollow('tab-1', 'default')).toBe(true);
    expect(follow.namespaces).toEqual(['default']);
    await follow.follow('tab-1', 'default');
    follow.release('tab-1');
    expect(follow.namespaces).toEqual([]);
    follow.close();
  });
});
