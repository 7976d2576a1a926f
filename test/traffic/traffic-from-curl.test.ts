// `meshdeck traffic --from curl` with the built CLI against a world lab: MeshDeck deploys the
// release's samples/curl/curl.yaml on demand and sends each request with curl in that pod through
// the API server's exec. In Bookinfo's (injected) namespace the pod is in the mesh and its
// answers are counted by version; in a namespace MeshDeck creates without injection the client is
// outside the mesh, and under mTLS STRICT every request is reset (curl exit 56). The clients stay
// for the next run, the CLI says so, and `meshdeck reset` removes them with the namespace it made.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PodObject } from '../../core/kube';
import { assertBuilt, runCliAsync } from '../support/built-cli';
import { describeWithIstioReference } from '../support/reference-suite';
import { startWorldLabWithRelease, type WorldLab } from '../support/world-lab';

interface TrafficJson {
  url: string;
  from: string;
  client?: { namespace: string; pod: string; injected: boolean; managed?: boolean };
  state: string;
  totals: { requests: number; byVersion: Record<string, number>; errors: number; errorCodes: Record<string, number>; latencyMs: { p50: number } };
}

describeWithIstioReference('meshdeck traffic --from curl', () => {
  let lab: WorldLab;
  // The curl manifest comes from the lab's Istio release (from the world's mirror: this lab was made without up).
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    assertBuilt();
    lab = await startWorldLabWithRelease({ seed: 29 });
    env = lab.env;
  }, 120_000);

  afterAll(async () => {
    await lab?.stop();
  });

  const traffic = async (...args: string[]) => {
    const result = await runCliAsync(['traffic', '--from', 'curl', '--rps', '10', '--duration', '2', '--json', ...args], env, 90_000);
    return { ...result, json: result.stdout ? (JSON.parse(result.stdout) as TrafficJson) : undefined };
  };

  it('deploys the curl client in Bookinfo’s namespace and counts productpage’s answers from inside the mesh', async () => {
    const result = await traffic();
    expect(result.status, result.stderr).toBe(0);
    const run = result.json!;
    expect(run).toMatchObject({ url: 'http://productpage:9080/productpage', from: 'curl', client: { namespace: 'default', injected: true }, state: 'finished' });
    expect(run.totals.requests).toBe(20);
    expect(run.totals.errors).toBe(0);
    // The page was read, so the reviews version of each answer is known (no routing: all three answer).
    expect((run.totals.byVersion['v1'] ?? 0) + (run.totals.byVersion['v2'] ?? 0) + (run.totals.byVersion['v3'] ?? 0)).toBe(20);
    expect(result.stderr).toContain(`from pod default/${run.client!.pod} (in the mesh, through its sidecar)`);
    const pods = (await lab.clients.http.request<{ items: PodObject[] }>('GET', '/api/v1/namespaces/default/pods', { query: { labelSelector: 'app=curl' } })).body.items;
    expect(pods.map((pod) => pod.metadata?.name)).toEqual([run.client!.pod]);
  }, 120_000);

  it('from a namespace it creates without injection: plaintext gets through under PERMISSIVE, is reset under STRICT', async () => {
    const before = await traffic('-n', 'outside');
    expect(before.status, before.stderr).toBe(0);
    expect(before.json).toMatchObject({ url: 'http://productpage.default:9080/productpage', client: { namespace: 'outside', injected: false } });
    expect(before.json!.totals.errors).toBe(0);
    const namespace = (await lab.clients.http.request<{ metadata: { labels?: Record<string, string> } }>('GET', '/api/v1/namespaces/outside')).body;
    expect(namespace.metadata.labels?.['istio-injection']).toBeUndefined();

    const strict = await runCliAsync(['mtls', 'default', 'strict'], env);
    expect(strict.status, strict.stderr).toBe(0);
    await lab.mesh.until((s) => (s.peerAuthentications ?? []).some((p) => p.namespace === 'default' && p.mode === 'STRICT'), AbortSignal.timeout(10_000));
    const refused = await traffic('-n', 'outside');
    // Every request failed: exit 1, each counted by curl's exit code.
    expect(refused.status).toBe(1);
    expect(refused.json!.totals).toMatchObject({ requests: 20, errors: 20, errorCodes: { 'curl-56': 20 } });
    // Inside the mesh the sidecar originates mTLS: still answered.
    const inMesh = await traffic();
    expect(inMesh.json!.totals.errors).toBe(0);
    expect((await runCliAsync(['mtls', 'default', '--clear'], env)).status).toBe(0);
  }, 180_000);

  it('leaves the clients it deployed for the next run, says so, and reset removes them with the namespace it made', async () => {
    const again = await traffic('-n', 'outside');
    expect(again.json!.client).toMatchObject({ namespace: 'outside', managed: true });
    expect(again.stderr).toContain('The curl client stays in namespace outside for the next run');
    const reset = await runCliAsync(['reset', '--yes', '--json'], env, 90_000);
    expect(reset.status, `${reset.stdout}\n${reset.stderr}`).toBe(0);
    const removed = (JSON.parse(reset.stdout) as { reset: { removed: { kind: string; name: string }[] } }).reset.removed;
    expect(removed).toEqual(expect.arrayContaining([{ kind: 'Deployment', name: 'default/curl' }, { kind: 'Deployment', name: 'outside/curl' }, { kind: 'ServiceAccount', name: 'outside/curl' }, { kind: 'Namespace', name: 'outside' }]));
    const left = (await lab.clients.http.request<{ items: PodObject[] }>('GET', '/apis/apps/v1/deployments', { query: { labelSelector: 'app=curl' } })).body.items;
    expect(left.filter((d) => d.metadata?.deletionTimestamp === undefined)).toEqual([]);
    // Bookinfo's namespace was there before: only the client left it.
    expect((await lab.clients.http.request<{ metadata: { deletionTimestamp?: string } }>('GET', '/api/v1/namespaces/default')).body.metadata.deletionTimestamp).toBeUndefined();
  }, 120_000);
});
