// What a slider move costs the API server, counted by the test world's request log: once the
// service's versions and MeshDeck's own writes are known (and the namespace watch is up), a move
// is exactly one PATCH of the VirtualService and no read. An edit someone else makes to the
// DestinationRule — which such a move does not write — reaches MeshDeck through the watch, so a
// following move is a CONFLICT and the edit stays.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError, type WeightInfo } from '../../core/contract';
import { applyObjects, createKubeClients, loadManifests, waitForDeployments, type KubeClients, type KubeObject } from '../../core/kube';
import { RoutingService } from '../../core/traffic';
import { describeWithIstioReference } from '../support/reference-suite';
import { bookinfoFile } from '../support/world-lab';
import { startWorld, type RequestLogEntry, type World } from '../world/index.js';

const DR_PATH = '/apis/networking.istio.io/v1/namespaces/default/destinationrules/reviews';
const split = (v1: number, v2: number, v3: number): WeightInfo[] => [
  { version: 'v1', weight: v1 },
  { version: 'v2', weight: v2 },
  { version: 'v3', weight: v3 },
];

describeWithIstioReference('what a slider move costs', (istioReference) => {
  let world: World;
  let clients: KubeClients;
  let routing: RoutingService;
  const requests: RequestLogEntry[] = [];

  beforeAll(async () => {
    world = await startWorld({ onRequest: (entry) => requests.push(entry) });
    clients = createKubeClients({ kubeconfig: world.kubeconfigPath, context: world.contextName });
    await applyObjects(clients, await loadManifests([join(istioReference, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml')]));
    await applyObjects(clients, await loadManifests([bookinfoFile('platform/kube/bookinfo.yaml')]), { namespace: 'default' });
    await waitForDeployments(clients, { namespace: 'default', stallMs: 20_000 });
    routing = new RoutingService({ clients: async () => clients, defaultNamespace: 'default' });
  }, 60_000);

  afterAll(async () => {
    routing?.close();
    clients?.close();
    await world?.stop();
  });

  /** The requests one move made that have finished (open watches finish only when they close). */
  async function move(weights: WeightInfo[]): Promise<{ outcome: unknown; sent: string[] }> {
    const from = requests.length;
    const outcome = await routing.apply({ service: 'reviews', weights }).catch((error: unknown) => error);
    return { outcome, sent: requests.slice(from).filter((r) => !r.url.includes('watch=')).map((r) => `${r.method} ${r.url.split('?')[0]} ${r.status}`) };
  }

  it('costs one PATCH and no read once the watch is up, and an edit of the DestinationRule by someone else is a CONFLICT', async () => {
    await routing.apply({ service: 'reviews', weights: split(80, 20, 0) });
    // The first moves read the versions and start the watch; settle within a few moves.
    const splits = [split(50, 50, 0), split(0, 0, 100), split(34, 33, 33), split(90, 10, 0)];
    let settled = false;
    for (let i = 0; i < 40 && !settled; i++) {
      settled = (await move(splits[i % splits.length] as WeightInfo[])).sent.length === 1;
      if (!settled) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(settled).toBe(true);
    for (const weights of splits) {
      const { outcome, sent } = await move(weights);
      expect(outcome).not.toBeInstanceOf(Error);
      expect(sent).toEqual([expect.stringMatching(/^PATCH \/apis\/networking\.istio\.io\/v1\/namespaces\/default\/virtualservices\/reviews 200$/)]);
    }

    // Someone edits the DestinationRule meanwhile; the moves keep its subsets, so only the watch can tell.
    const edited = await clients.http.request<KubeObject>('PATCH', DR_PATH, {
      query: { fieldManager: 'kubectl-edit' },
      contentType: 'application/merge-patch+json',
      body: JSON.stringify({ spec: { trafficPolicy: { connectionPool: { tcp: { maxConnections: 7 } } } } }),
    });
    let conflict: { outcome: unknown; sent: string[] } | undefined;
    for (let i = 0; i < 40 && !conflict; i++) {
      const attempt = await move(splits[i % splits.length] as WeightInfo[]);
      if (attempt.outcome instanceof AppError) conflict = attempt;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((conflict?.outcome as AppError | undefined)?.code).toBe('CONFLICT');
    expect((conflict?.outcome as AppError).message).toMatch(/DestinationRule default\/reviews was changed .* Nothing was overwritten/);
    // The refused move asked the server (its precondition failed); it read nothing first.
    expect(conflict?.sent).toEqual([`PATCH ${DR_PATH} 409`]);
    const live = (await clients.http.request<KubeObject>('GET', DR_PATH)).body;
    expect(live.metadata?.resourceVersion).toBe(edited.body.metadata?.resourceVersion);
    expect(live.spec).toEqual(edited.body.spec);
  }, 60_000);
});
