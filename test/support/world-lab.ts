// A lab in seconds for feature tests (traffic, logs, shells): a test world with Istio's CRDs and
// Bookinfo (from the shared upstream release files) applied through MeshDeck's own apply, the
// mesh data plane standing for the ingress gateway, and a MESHDECK_HOME that remembers this
// world as the user's lab (`--context` style), so the CLI and `meshdeck serve` find it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyObjects, createKubeClients, loadManifests, type KubeClients } from '../../core/kube';
import { startWorld, type World, type WorldOptions } from '../world/index.js';
import { startMeshDataPlane, type MeshDataPlane, type MeshSnapshot } from '../world/mesh/index.js';
import { worldAccessLog } from '../world/mesh/world-access-log.js';
import { startMirror } from '../world/mirror/index.js';
import { requireIstioReference } from './istio-reference';

export const bookinfoFile = (file: string) => join(requireIstioReference('The world lab'), 'samples', 'bookinfo', file);

export interface WorldLab {
  dir: string;
  world: World;
  mesh: MeshDataPlane;
  clients: KubeClients;
  context: string;
  namespace: string;
  /** MESHDECK_HOME and KUBECONFIG for a CLI or `meshdeck serve` that should use this lab. */
  env: NodeJS.ProcessEnv;
  home: string;
  stop(): Promise<void>;
}

const bookinfoReady = (s: MeshSnapshot) =>
  s.pods.filter((p) => p.namespace === 'default' && p.ready && p.hasSidecar && ['productpage', 'details', 'ratings', 'reviews'].includes(p.labels['app'] ?? '')).length === 6 && s.gateways.length > 0;

export async function startWorldLab(options: { seed?: number; world?: WorldOptions } = {}): Promise<WorldLab> {
  const reference = requireIstioReference('startWorldLab');
  const dir = await mkdtemp(join(tmpdir(), 'meshdeck-worldlab-'));
  const world = await startWorld({ dir, ...options.world });
  const context = world.contextName;
  const clients = createKubeClients({ kubeconfig: world.kubeconfigPath, context });
  let mesh: MeshDataPlane | undefined;
  try {
    await applyObjects(clients, await loadManifests([join(reference, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml')]));
    await applyObjects(clients, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { 'istio-injection': 'enabled' } } }]);
    await applyObjects(clients, await loadManifests([bookinfoFile('platform/kube/bookinfo.yaml'), bookinfoFile('networking/bookinfo-gateway.yaml')]), { namespace: 'default' });
    mesh = await startMeshDataPlane({ kubeconfigPath: world.kubeconfigPath, context, host: '127.0.0.1', port: 0, onAccessLog: worldAccessLog(world), podNetwork: world.podNetwork, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
    await mesh.until(bookinfoReady, AbortSignal.timeout(30_000));
  } catch (error) {
    clients.close();
    await mesh?.stop();
    await world.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const home = join(dir, 'home');
  await mkdir(home, { recursive: true, mode: 0o700 });
  await writeFile(join(home, 'lab.json'), `${JSON.stringify({ context, httpPort: mesh.port }, null, 2)}\n`, { mode: 0o600 });
  const running = mesh;
  return {
    dir,
    world,
    mesh: running,
    clients,
    context,
    namespace: 'default',
    home,
    env: { ...process.env, MESHDECK_HOME: home, KUBECONFIG: world.kubeconfigPath },
    async stop() {
      clients.close();
      await running.stop();
      await world.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A world lab whose `env` also reaches the world's mirror: what the CLI reads from the lab's Istio
 * release (samples/curl/curl.yaml, a lesson's `sample:` objects) is cached by `up`; a lab made
 * without up downloads that release from the mirror. `stop` ends both.
 */
export async function startWorldLabWithRelease(options: { seed?: number } = {}): Promise<WorldLab> {
  const lab = await startWorldLab(options);
  const mirror = await startMirror().catch(async (error: unknown) => {
    await lab.stop();
    throw error;
  });
  return {
    ...lab,
    env: { ...lab.env, MESHDECK_MIRROR: mirror.url },
    async stop() {
      await mirror.stop();
      await lab.stop();
    },
  };
}
