// The upstream curl client (samples/curl/curl.yaml) in a world lab's namespace, with or without
// sidecar injection, and the istio.io tasks' way of using it: the real kubectl's
// `kubectl exec deploy/curl -n NS -- curl …` (exit code, stdout, stderr as the tasks see them).
import { join } from 'node:path';
import { applyObjects, loadManifests } from '../../core/kube';
import { findKubectl } from '../world/index.js';
import { KubectlRunner, type KubectlResult } from '../world/kubectl-runner.js';
import { requireIstioReference } from './istio-reference';
import type { WorldLab } from './world-lab';

export const curlSample = () => join(requireIstioReference('The curl client'), 'samples', 'curl', 'curl.yaml');

export interface CurlClient {
  namespace: string;
  injected: boolean;
  /** `kubectl exec deploy/curl -n NAMESPACE -- curl ARGS…` (the injector's default-container annotation picks curl) */
  curl(...args: string[]): Promise<KubectlResult>;
}

/** Applies curl.yaml in `namespace` (created, labelled `istio-injection=enabled` when `injected`) and waits for its pod. */
export async function deployCurl(lab: WorldLab, namespace: string, injected: boolean): Promise<CurlClient> {
  const labels: Record<string, string> = injected ? { 'istio-injection': 'enabled' } : {};
  if (namespace !== 'default') await applyObjects(lab.clients, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } }]);
  await applyObjects(lab.clients, await loadManifests([curlSample()]), { namespace });
  await lab.mesh.until((s) => s.pods.some((p) => p.namespace === namespace && p.labels['app'] === 'curl' && p.ready && p.podIP !== '' && p.hasSidecar === injected), AbortSignal.timeout(30_000));
  const kubectl = new KubectlRunner(await findKubectl(), lab.world.kubeconfigPath);
  return {
    namespace,
    injected,
    curl: (...args) => kubectl.run(['exec', 'deploy/curl', '-n', namespace, '--', 'curl', ...args]),
  };
}
