// A world lab with the dashboards too: startWorldLab() (Bookinfo behind the mesh data plane) plus
// what the plan's addons and gateways steps apply — the release's samples/addons with Grafana
// made embeddable (core/addons) and the monitor gateway objects (core/gateways) — through
// MeshDeck's own apply, then waits until the data plane routes every dashboard host. Prometheus
// is the real binary (test/world/prometheus/); without it installed its pod stays unready with
// RunContainerError, so the lab then waits for the other three only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readAddonObjects } from '../../core/addons';
import { monitorGatewayObjects } from '../../core/gateways';
import { applyObjects } from '../../core/kube';
import type { World } from '../world/index.js';
import type { MeshSnapshot } from '../world/mesh/index.js';
import { prometheusBinary } from '../world/prometheus/prometheus-runtime.js';
import { requireIstioReference } from './istio-reference';
import { startWorldLab, type WorldLab } from './world-lab';

const ADDON_APPS = ['grafana', 'kiali', 'jaeger', ...(existsSync(prometheusBinary()) ? ['prometheus'] : [])];

function dashboardsRouted(snapshot: MeshSnapshot): boolean {
  const ready = (app: string) => snapshot.pods.some((p) => p.namespace === 'istio-system' && p.ready && (p.labels['app'] ?? p.labels['app.kubernetes.io/name']) === app);
  return snapshot.virtualServices.filter((v) => v.name.startsWith('monitor-')).length === 4 && snapshot.gateways.some((g) => g.name === 'monitor-gateway') && ADDON_APPS.every(ready);
}

export async function startWorldLabWithDashboards(options: Parameters<typeof startWorldLab>[0] = {}): Promise<WorldLab> {
  const lab = await startWorldLab(options);
  try {
    await applyObjects(lab.clients, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } }]);
    await applyObjects(lab.clients, await readAddonObjects(join(requireIstioReference('The world lab with dashboards'), 'samples', 'addons')), { namespace: 'istio-system' });
    await applyObjects(lab.clients, monitorGatewayObjects());
    await lab.mesh.until(dashboardsRouted, AbortSignal.timeout(30_000));
    // Without the binary, the pod settles in RunContainerError (saying so) rather than staying "starting".
    if (!existsSync(prometheusBinary())) await untilWorld(lab.world, () => lab.world.store.list('/pods', 'istio-system').some((pod) => JSON.stringify(pod['status'] ?? {}).includes('RunContainerError')), AbortSignal.timeout(30_000));
  } catch (error) {
    await lab.stop();
    throw error;
  }
  return lab;
}

/** Resolves once `predicate` holds for the world's objects, checked on every change (no polling). */
function untilWorld(world: World, predicate: () => boolean, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate()) return;
      stop();
      resolve();
    };
    const unsubscribe = world.store.subscribe(check);
    const onAbort = () => {
      stop();
      reject(new Error('the world did not reach the expected state in time'));
    };
    const stop = () => {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    check();
  });
}

const GRAFANA_IMAGE = /grafana\/grafana/;

/**
 * Grafana's image stops pulling and its pod is replaced: the new pod sits in ImagePullBackOff and
 * the Deployment has no ready replica, as on a laptop that lost its network mid-workshop.
 */
export async function breakGrafana(lab: WorldLab): Promise<void> {
  lab.world.failImages(GRAFANA_IMAGE);
  const pods = () => lab.world.store.list('/pods', 'istio-system').filter((pod) => pod.metadata.labels?.['app'] === 'grafana' || pod.metadata.labels?.['app.kubernetes.io/name'] === 'grafana');
  for (const pod of pods()) await lab.clients.http.request('DELETE', `/api/v1/namespaces/istio-system/pods/${pod.metadata.name}`);
  await untilWorld(
    lab.world,
    () => {
      const deployment = lab.world.store.get('apps/deployments', 'istio-system', 'grafana') as { status?: { readyReplicas?: number } } | undefined;
      const backingOff = pods().some((pod) => JSON.stringify((pod as { status?: unknown }).status ?? {}).includes('ImagePullBackOff'));
      return (deployment?.status?.readyReplicas ?? 0) === 0 && backingOff;
    },
    AbortSignal.timeout(30_000),
  );
}

/** Grafana's image pulls again and the Deployment is ready. */
export async function repairGrafana(lab: WorldLab): Promise<void> {
  lab.world.failImages();
  await untilWorld(
    lab.world,
    () => ((lab.world.store.get('apps/deployments', 'istio-system', 'grafana') as { status?: { readyReplicas?: number } } | undefined)?.status?.readyReplicas ?? 0) >= 1,
    AbortSignal.timeout(30_000),
  );
}
