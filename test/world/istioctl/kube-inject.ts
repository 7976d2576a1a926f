// `istioctl kube-inject -f FILE`: adds Istio's sidecar to every pod template in a manifest
// (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod) — istio-init, istio-proxy,
// volumes, labels and the sidecar.istio.io/status annotation — and passes other objects
// through. Templates that opt out (sidecar.istio.io/inject: "false") are left alone. Pure.
import { parseAllDocuments, stringify } from 'yaml';

type Obj = Record<string, unknown>;

const volumes: Obj[] = [
  { name: 'workload-socket', emptyDir: {} },
  { name: 'credential-socket', emptyDir: {} },
  { name: 'workload-certs', emptyDir: {} },
  { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
  { name: 'istio-data', emptyDir: {} },
  { name: 'istio-podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } }] } },
  { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
  { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
];

export function proxyImage(version: string): string {
  return `${version.startsWith('1.30.') ? 'registry.istio.io/release' : 'docker.io/istio'}/proxyv2:${version}`;
}

function podTemplate(doc: Obj): Obj | undefined {
  const spec = doc.spec as Obj | undefined;
  switch (doc.kind) {
    case 'Pod':
      return doc;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return spec?.template as Obj | undefined;
    case 'CronJob':
      return ((spec?.jobTemplate as Obj | undefined)?.spec as Obj | undefined)?.template as Obj | undefined;
    default:
      return undefined;
  }
}

function injectTemplate(template: Obj, image: string): void {
  const metadata = ((template.metadata as Obj | undefined) ?? (template.metadata = {})) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const spec = ((template.spec as Obj | undefined) ?? (template.spec = {})) as { containers?: Obj[]; initContainers?: Obj[]; volumes?: Obj[] };
  const containers = spec.containers ?? [];
  if (metadata.annotations?.['sidecar.istio.io/inject'] === 'false' || metadata.labels?.['sidecar.istio.io/inject'] === 'false') return;
  if (containers.some((c) => c.name === 'istio-proxy')) return;
  const labels = metadata.labels ?? {};
  const first = containers[0]?.name as string | undefined;
  metadata.labels = {
    ...labels,
    'security.istio.io/tlsMode': 'istio',
    'service.istio.io/canonical-name': labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels.app ?? 'unknown',
    'service.istio.io/canonical-revision': labels['service.istio.io/canonical-revision'] ?? labels['app.kubernetes.io/version'] ?? labels.version ?? 'latest',
  };
  metadata.annotations = {
    ...(metadata.annotations ?? {}),
    'istio.io/rev': 'default',
    ...(first ? { 'kubectl.kubernetes.io/default-container': first, 'kubectl.kubernetes.io/default-logs-container': first } : {}),
    'prometheus.io/path': '/stats/prometheus',
    'prometheus.io/port': '15020',
    'prometheus.io/scrape': 'true',
    'sidecar.istio.io/status': JSON.stringify({ initContainers: ['istio-init'], containers: ['istio-proxy'], volumes: volumes.map((v) => v.name), imagePullSecrets: null, revision: 'default' }),
  };
  spec.initContainers = [...(spec.initContainers ?? []), {
    name: 'istio-init', image, args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020', '--log_output_level=default:info'],
    resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: false, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0 },
  }];
  spec.containers = [...containers, {
    name: 'istio-proxy', image,
    args: ['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'ISTIO_META_APP_CONTAINERS', value: containers.map((c) => String(c.name)).join(',') },
    ],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 },
    resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsGroup: 1337, runAsNonRoot: true, runAsUser: 1337 },
    volumeMounts: [
      { mountPath: '/var/run/secrets/workload-spiffe-uds', name: 'workload-socket' },
      { mountPath: '/var/run/secrets/credential-uds', name: 'credential-socket' },
      { mountPath: '/var/run/secrets/workload-spiffe-credentials', name: 'workload-certs' },
      { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
      { mountPath: '/var/lib/istio/data', name: 'istio-data' },
      { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
      { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
      { mountPath: '/etc/istio/pod', name: 'istio-podinfo' },
    ],
  }];
  spec.volumes = [...(spec.volumes ?? []), ...volumes.map((v) => structuredClone(v))];
}

export function kubeInject(manifest: string, version: string): string {
  const image = proxyImage(version);
  const docs = parseAllDocuments(manifest).map((d) => d.toJS() as Obj | null).filter((d): d is Obj => !!d);
  return docs
    .map((doc) => {
      const template = podTemplate(doc);
      if (template) injectTemplate(template, image);
      return stringify(doc);
    })
    .join('---\n');
}
