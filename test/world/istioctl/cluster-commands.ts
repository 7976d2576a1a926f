// The istioctl commands that only read or prune the cluster: version (client, and with
// --remote the control and data plane versions), x precheck and uninstall --purge (there is no
// verify-install since Istio 1.24). They look for what `install` made by its component labels and names.
import type { KubernetesObject } from '@kubernetes/client-node';
import { istioCrds } from './istio-crds.js';
import { COMPONENT_LABEL, ISTIO_NAMESPACE } from './istio-manifests.js';
import { errorText, type KubeAccess } from './kube-access.js';
import { IstioctlError, type Io } from './istioctl-io.js';

type Kinds = Array<[apiVersion: string, kind: string, namespaced: boolean]>;

const installedKinds: Kinds = [
  ['apps/v1', 'Deployment', true], ['v1', 'Service', true], ['v1', 'ConfigMap', true], ['v1', 'ServiceAccount', true],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole', false], ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', false],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', false], ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', false],
];

async function installedObjects(kube: KubeAccess): Promise<KubernetesObject[]> {
  const found: KubernetesObject[] = [];
  for (const [apiVersion, kind, namespaced] of installedKinds) {
    const items = await kube.list(apiVersion, kind, namespaced ? ISTIO_NAMESPACE : undefined, COMPONENT_LABEL);
    found.push(...items.map((item) => ({ ...item, apiVersion, kind })));
  }
  return found;
}

export async function version(kube: (() => KubeAccess) | undefined, client: string, short: boolean, io: Io): Promise<void> {
  if (!kube) {
    io.out(short ? `${client}\n` : `client version: ${client}\n`);
    return;
  }
  const access = kube();
  const istiod = (await access.list('apps/v1', 'Deployment', ISTIO_NAMESPACE)).find((d) => d.metadata?.name === 'istiod');
  if (!istiod) {
    io.out(`Istio is not present in the cluster: no running Istio pods in namespace "${ISTIO_NAMESPACE}"\nclient version: ${client}\n`);
    return;
  }
  const pods = (await access.list('v1', 'Pod')) as Array<KubernetesObject & { spec?: { containers?: Array<{ name: string; image?: string }> } }>;
  const proxies = pods.filter((p) => p.spec?.containers?.some((c) => c.name === 'istio-proxy'));
  const plane = istiod.metadata?.labels?.['app.kubernetes.io/version'] ?? client;
  io.out(`client version: ${client}\ncontrol plane version: ${plane}\n`);
  io.out(proxies.length > 0 ? `data plane version: ${plane} (${proxies.length} proxies)\n` : '');
}

export async function precheck(kube: KubeAccess, io: Io): Promise<void> {
  let gitVersion = '';
  try {
    const response = await fetchVersion(kube);
    gitVersion = response;
  } catch (error) {
    throw new IstioctlError(`failed to query the Kubernetes API Server: ${errorText(error)}`);
  }
  const [major, minor] = gitVersion.replace(/^v/, '').split('.').map(Number);
  if ((major ?? 0) === 1 && (minor ?? 0) < 32) {
    io.out(`Error [IST0141] (Cluster) The Kubernetes Version "${gitVersion}" is lower than the minimum version: 1.32\n`);
    throw new IstioctlError('Issues found when checking the cluster. Istio may not be safe to install or upgrade.\nSee https://istio.io/latest/docs/reference/config/analysis for more information about causes and resolutions.');
  }
  io.out('✔ No issues found when checking the cluster. Istio is safe to install or upgrade!\n  To get started, check out https://istio.io/latest/docs/setup/getting-started/.\n');
}

async function fetchVersion(kube: KubeAccess): Promise<string> {
  const cluster = kube.config.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster');
  const opts: { headers?: Record<string, string>; ca?: Buffer | string; cert?: Buffer | string; key?: Buffer | string } = {};
  await kube.config.applyToHTTPSOptions(opts);
  const https = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = https.request(`${cluster.server}/version`, { ...opts, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        try {
          resolve((JSON.parse(body) as { gitVersion: string }).gitVersion);
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export async function uninstall(kube: KubeAccess, purge: boolean, io: Io): Promise<void> {
  if (!purge) throw new IstioctlError('at least one of the --revision (or --istioNamespace), --filename or --purge flags must be set');
  io.out('All Istio resources will be pruned from the cluster\n');
  // Deletes run side by side; the report keeps istioctl's order (objects, then CRDs).
  const objects = (await installedObjects(kube)).map((object) => ({
    apiVersion: object.apiVersion!, kind: object.kind!,
    metadata: { name: object.metadata?.name ?? '', ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}) },
  }));
  const crds = istioCrds().map((crd) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: (crd.metadata as { name: string }).name } }));
  const removed = await Promise.all([...objects, ...crds].map(async (object) => ((await kube.remove(object)) ? object : undefined)));
  for (const object of removed) {
    if (!object) continue;
    const namespace = 'namespace' in object.metadata ? `${String(object.metadata.namespace)}:` : '';
    io.out(`  Removed ${object.kind}:${namespace}${object.metadata.name}.\n`);
  }
  // The progress log (operator/pkg/util/progress, a pb bar on stderr) says this; "Removed …" lines are the logger's stdout.
  io.err('✔ Uninstall complete\n');
}
