// Istio's sidecar injection as the world's mutating admission: pods created in a namespace
// labelled istio-injection=enabled (or labelled sidecar.istio.io/inject=true themselves) get the
// istio-init init container and the istio-proxy sidecar, with the labels and annotations istiod
// adds, so Bookinfo pods show 2/2. Opt-outs and the "webhook must exist" mode follow Istio.
// The sidecar takes one of the two shapes of Istio's injection-template.yaml: a native sidecar
// (an init container with restartPolicy Always, right after istio-init) or a classic one (last
// of the containers, istio-init last of the init containers), chosen as istiod 1.30 chooses.
import type { Admission } from './resource-api.js';
import { isObject } from './json.js';
import type { KubeObject } from './store.js';

type Obj = Record<string, unknown>;

export interface InjectionSettings {
  mode: () => 'namespace-label' | 'webhook' | 'off';
  istioVersion: () => string;
  namespace: (name: string) => KubeObject | undefined;
  /** True when a MutatingWebhookConfiguration of Istio's injector exists (webhook mode). */
  webhookInstalled: () => boolean;
  /** status.nodeInfo.kubeletVersion of every node, which istiod reads to decide on native sidecars. */
  kubeletVersions: () => string[];
  /** The istio-sidecar-injector ConfigMap of an installed control plane, if any. */
  injectorConfig?: () => KubeObject | undefined;
}

const nativeAnnotation = 'sidecar.istio.io/nativeSidecar';

function minorOf(version: string): number {
  return Number(/^v?\d+\.(\d+)/.exec(version)?.[1] ?? NaN);
}

/**
 * What ENABLE_NATIVE_SIDECARS=auto (istiod's default since 1.27) decides without a pod annotation:
 * native only when every node's kubelet is at least 1.33, where sidecar containers are stable
 * (DetectNativeSidecar in pkg/kube/inject/webhook.go). Istio before 1.27 defaulted to false.
 */
export function nativeSidecarsByDefault(istioVersion: string, kubeletVersions: string[]): boolean {
  if (!(minorOf(istioVersion) >= 27)) return false;
  return kubeletVersions.length > 0 && kubeletVersions.every((v) => minorOf(v) >= 33);
}

/** The pod annotation wins both ways over the default (injectPod in pkg/kube/inject/inject.go). */
export function wantsNativeSidecar(annotations: Record<string, string> | undefined, byDefault: boolean): boolean {
  const value = annotations?.[nativeAnnotation];
  if (value === 'true') return true;
  if (value === 'false') return false;
  return byDefault;
}

function hasProxy(spec: { containers?: { name: string }[]; initContainers?: { name: string }[] } | undefined): boolean {
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].some((c) => c.name === 'istio-proxy');
}

function wantsInjection(pod: KubeObject, namespace: KubeObject | undefined): boolean {
  const podLabel = pod.metadata.labels?.['sidecar.istio.io/inject'];
  const podAnnotation = pod.metadata.annotations?.['sidecar.istio.io/inject'];
  if (podLabel === 'false' || podAnnotation === 'false') return false;
  const spec = pod['spec'] as { hostNetwork?: boolean; containers?: { name: string }[]; initContainers?: { name: string }[] } | undefined;
  if (spec?.hostNetwork) return false;
  if (hasProxy(spec)) return false;
  const nsLabel = namespace?.metadata.labels?.['istio-injection'];
  if (nsLabel === 'disabled') return false;
  if (nsLabel === 'enabled') return true;
  return podLabel === 'true';
}

// As a native sidecar the proxy drains when the pod starts shutting down (the template's preStop).
const drainOnStop: Obj = { preStop: { exec: { command: ['pilot-agent', 'request', '--debug-port=15020', 'POST', 'drain'] } } };

function proxyContainer(image: string, appContainers: string[], native: boolean): Obj {
  return {
    name: 'istio-proxy',
    image,
    imagePullPolicy: 'IfNotPresent',
    ...(native ? { restartPolicy: 'Always', lifecycle: drainOnStop } : {}),
    args: ['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    env: [
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      { name: 'INSTANCE_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
      { name: 'SERVICE_ACCOUNT', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.serviceAccountName' } } },
      { name: 'ISTIO_META_APP_CONTAINERS', value: appContainers.join(',') },
      { name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' },
      { name: 'ISTIO_KUBE_APP_PROBERS', value: '{}' },
      { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
      { name: 'ISTIO_META_MESH_ID', value: 'cluster.local' },
      { name: 'TRUST_DOMAIN', value: 'cluster.local' },
    ],
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' }, initialDelaySeconds: 0, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4, successThreshold: 1 },
    startupProbe: { httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' }, initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: 3, failureThreshold: 600, successThreshold: 1 },
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '10m', memory: '40Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsGroup: 1337, runAsNonRoot: true, runAsUser: 1337 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: [
      { mountPath: '/var/run/secrets/workload-spiffe-uds', name: 'workload-socket' },
      { mountPath: '/var/run/secrets/credential-uds', name: 'credential-socket' },
      { mountPath: '/var/run/secrets/workload-spiffe-credentials', name: 'workload-certs' },
      { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
      { mountPath: '/var/run/secrets/istio/crl', name: 'istio-ca-crl' },
      { mountPath: '/var/lib/istio/data', name: 'istio-data' },
      { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
      { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
      { mountPath: '/etc/istio/pod', name: 'istio-podinfo' },
    ],
  };
}

function initContainer(image: string): Obj {
  return {
    name: 'istio-init',
    image,
    imagePullPolicy: 'IfNotPresent',
    args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020', '--log_output_level=default:info'],
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '10m', memory: '40Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: false, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

const istioVolumes: Obj[] = [
  { name: 'workload-socket', emptyDir: {} },
  { name: 'credential-socket', emptyDir: {} },
  { name: 'workload-certs', emptyDir: {} },
  { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
  { name: 'istio-data', emptyDir: {} },
  { name: 'istio-podinfo', downwardAPI: { defaultMode: 420, items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.annotations' } }] } },
  { name: 'istio-token', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
  { name: 'istiod-ca-cert', configMap: { defaultMode: 420, name: 'istio-ca-root-cert' } },
  { name: 'istio-ca-crl', configMap: { defaultMode: 420, name: 'istio-ca-crl', optional: true } },
];

/** Istio's proxy image: 1.30.x is published to registry.istio.io, 1.31.x went back to docker.io. */
export function proxyImage(version: string): string {
  return `${version.startsWith('1.30.') ? 'registry.istio.io/release' : 'docker.io/istio'}/proxyv2:${version}`;
}

/** The proxy image an installed injector names: its values' global.hub and global.tag, as istiod templates it. */
export function injectorProxyImage(configMap: KubeObject | undefined): string | undefined {
  const values = (configMap?.['data'] as { values?: string } | undefined)?.values;
  if (!values) return undefined;
  try {
    const global = (JSON.parse(values) as { global?: { hub?: string; tag?: string } }).global;
    return global?.hub && global.tag ? `${global.hub}/proxyv2:${global.tag}` : undefined;
  } catch {
    return undefined;
  }
}

interface PodTemplateParts {
  metadata: { name?: string; generateName?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Obj;
}

export interface SidecarShape {
  image: string;
  /** istio-proxy as a native sidecar (init container, restartPolicy Always) instead of a container. */
  native: boolean;
}

/**
 * Adds what istiod's injector adds to a pod or pod template: istio-init, istio-proxy, the
 * volumes, the canonical labels and the status annotation. Shared by the admission below and
 * by `istioctl kube-inject`, as in Istio itself. The order is reorderPod's (webhook.go): native
 * istio-init, istio-proxy, then the pod's own init containers; classic the pod's, then istio-init.
 */
export function injectSidecar({ metadata, spec }: PodTemplateParts, { image, native }: SidecarShape): void {
  const containers = (spec['containers'] as Obj[] | undefined) ?? [];
  const ownInits = (spec['initContainers'] as Obj[] | undefined) ?? [];
  const appContainers = containers.map((c) => String(c['name']));
  const proxy = proxyContainer(image, appContainers, native);
  spec['initContainers'] = native ? [initContainer(image), proxy, ...ownInits] : [...ownInits, initContainer(image)];
  spec['containers'] = native ? containers : [...containers, proxy];
  spec['volumes'] = [...((spec['volumes'] as Obj[] | undefined) ?? []), ...istioVolumes.map((v) => structuredClone(v))];
  const labels = metadata.labels ?? {};
  metadata.labels = {
    ...labels,
    'security.istio.io/tlsMode': 'istio',
    'service.istio.io/canonical-name': labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels['app'] ?? (metadata.generateName ?? metadata.name ?? 'unknown').replace(/-[a-z0-9]+-?$/, ''),
    'service.istio.io/canonical-revision': labels['service.istio.io/canonical-revision'] ?? labels['app.kubernetes.io/version'] ?? labels['version'] ?? 'latest',
  };
  const first = appContainers[0];
  const own = metadata.annotations ?? {};
  // The template names the first app container only where the pod names none itself.
  const defaults: Record<string, string> = first ? { 'kubectl.kubernetes.io/default-container': first, 'kubectl.kubernetes.io/default-logs-container': first } : {};
  metadata.annotations = {
    ...defaults,
    ...own,
    'istio.io/rev': 'default',
    'prometheus.io/path': '/stats/prometheus',
    'prometheus.io/port': '15020',
    'prometheus.io/scrape': 'true',
    'sidecar.istio.io/status': JSON.stringify({
      initContainers: native ? ['istio-init', 'istio-proxy'] : ['istio-init'],
      containers: native ? null : ['istio-proxy'],
      volumes: istioVolumes.map((v) => v['name']),
      imagePullSecrets: null,
      revision: 'default',
    }),
  };
}

export function sidecarInjection(settings: InjectionSettings): Admission {
  return (ctx) => {
    if (ctx.operation !== 'CREATE' || ctx.type.group !== '' || ctx.type.resource !== 'pods') return;
    const mode = settings.mode();
    if (mode === 'off' || (mode === 'webhook' && !settings.webhookInstalled())) return;
    const pod = ctx.object;
    if (!wantsInjection(pod, settings.namespace(pod.metadata.namespace ?? ''))) return;
    const spec = pod['spec'] as Obj;
    const byDefault = nativeSidecarsByDefault(settings.istioVersion(), settings.kubeletVersions());
    const image = injectorProxyImage(settings.injectorConfig?.()) ?? proxyImage(settings.istioVersion());
    injectSidecar({ metadata: pod.metadata, spec }, { image, native: wantsNativeSidecar(pod.metadata.annotations, byDefault) });
    if (!isObject(spec['securityContext'])) spec['securityContext'] = {};
  };
}
