// Bookinfo pods that run without istio-proxy on the user's own cluster: the user's reviews-v1
// opts out (sidecar.istio.io/inject=false in its pod template), so the Bookinfo step fails with
// STALLED and quotes `istioctl x check-inject` (the release's istioctl against that cluster) on
// why, with the command to run it again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabHarness, stepStates, type LabHarness } from '../support/lab-harness';
import { freePort } from '../support/ports';
import { startWorld, type World } from '../world/index.js';
import { startMirror, type Mirror } from '../world/mirror/index';

describe('a Bookinfo workload that opted out of injection', () => {
  let dir: string;
  let world: World;
  let mirror: Mirror;
  let harness: LabHarness;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-no-sidecar-'));
    mirror = await startMirror();
    world = await startWorld({ dir: join(dir, 'world'), clusterName: 'team', contextName: 'team-cluster' });
    const env = { ...process.env, MESHDECK_HOME: join(dir, 'home'), KUBECONFIG: world.kubeconfigPath };
    harness = createLabHarness({ dataDir: join(dir, 'home'), mirrorUrl: mirror.url, env, userKubeconfig: world.kubeconfigPath });
    const labels = { app: 'reviews', version: 'v1' };
    world.apply([{
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'reviews-v1', namespace: 'default', labels },
      spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels: { ...labels, 'sidecar.istio.io/inject': 'false' } }, spec: { containers: [{ name: 'reviews', image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3' }] } } },
    }]);
  });

  afterAll(async () => {
    if (harness) await harness.finished(harness.lab.down({ context: world.contextName }));
    await world?.stop();
    await mirror?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails the Bookinfo step with check-inject’s reason and the command that shows it', async () => {
    const task = await harness.finished(harness.lab.upWith({ context: world.contextName, httpPort: await freePort(), httpsPort: await freePort() }));
    expect(task.state).toBe('failed');
    expect(stepStates(task)).toMatchObject({ istio: 'done', injection: 'done', bookinfo: 'failed' });
    expect(task.error?.code).toBe('STALLED');
    expect(task.error?.message).toContain('reviews-v1 run without the istio-proxy sidecar. istioctl x check-inject says: Pod has sidecar.istio.io/inject=false label, preventing injection.');
    expect(task.error?.message).toContain('Take that label off the pod template of deployment reviews-v1');
    expect(String(task.error?.details?.checkInject)).toMatch(/\/bin\/istioctl x check-inject -n default deployment\/reviews-v1 --kubeconfig \S+ --context team-cluster$/);
  });
});
