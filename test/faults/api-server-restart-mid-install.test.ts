// Fault: the API server restarts while Bookinfo is being installed. What the user sees: an apply
// sent while it is down fails with K8S_API and advice (no stack); the wait that was watching the
// rollout reconnects on its own and finishes; applying again changes nothing that was applied.
import { expect, it } from 'vitest';
import { AppError } from '../../core/contract';
import { applyObjects, createKubeClients, DEPLOYMENT, listObjects, loadManifests, waitForDeployments, type KubeObject } from '../../core/kube';
import { describeWithIstioReference } from '../support/reference-suite';
import { bookinfoFile } from '../support/world-lab';
import { startWorld } from '../world/index';

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describeWithIstioReference('fault: API server restarted mid-install', () => {
  it('the rollout wait survives the restart, an apply while down says K8S_API with advice, and re-applying loses nothing', async () => {
    // Pods take a while, so the restart lands while the wait is watching them.
    const world = await startWorld({ delays: { schedule: 100, pull: 400, start: 300, ready: 400 } });
    const clients = createKubeClients({ kubeconfig: world.kubeconfigPath, context: world.contextName });
    try {
      const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo' } };
      const bookinfo = await loadManifests([bookinfoFile('platform/kube/bookinfo.yaml')]);
      await applyObjects(clients, [namespace]);
      await applyObjects(clients, bookinfo, { namespace: 'bookinfo' });

      let watching!: () => void;
      const watchesOpen = new Promise<void>((resolve) => (watching = resolve));
      const wait = waitForDeployments(clients, {
        namespace: 'bookinfo',
        stallMs: 20_000,
        // Called once the lists are in and the watches are being opened, while pods are still coming up.
        onProgress: (ready, total) => {
          if (total > 0 && ready < total) watching();
        },
      });
      await watchesOpen;

      let whileDown: AppError | undefined;
      await world.restartApiServer(async () => {
        whileDown = await caught(applyObjects(clients, bookinfo, { namespace: 'bookinfo' }));
      });
      expect(whileDown?.code).toBe('K8S_API');
      expect(whileDown?.message).not.toMatch(/\n\s+at /);
      expect(whileDown?.message.length).toBeGreaterThan(20);

      await wait;
      const deployments = await listObjects(clients, DEPLOYMENT, 'bookinfo');
      expect(deployments.map((d) => d.metadata?.name).sort()).toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3']);

      // The user runs it again: the same objects, nothing duplicated or lost.
      await applyObjects(clients, bookinfo, { namespace: 'bookinfo' });
      await waitForDeployments(clients, { namespace: 'bookinfo', stallMs: 20_000 });
      const after = await listObjects(clients, DEPLOYMENT, 'bookinfo');
      expect(after.map((d) => d.metadata?.uid).sort()).toEqual(deployments.map((d) => d.metadata?.uid).sort());
    } finally {
      clients.close();
      await world.stop();
    }
  }, 30_000);
});
