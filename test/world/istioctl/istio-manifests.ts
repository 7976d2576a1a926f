// Renders what `istioctl install` creates, grouped by component in install order: Istio core
// (namespace, CRDs, reader RBAC, validating webhook), Istiod (mesh ConfigMaps, Deployment,
// Service, injector webhook) and each gateway (Deployment + Service with the overlay's
// k8s.service applied the way the chart copies it). Pure: applying and waiting are elsewhere.
import { istioCrds } from './istio-crds.js';
import type { GatewaySpec, InstallSpec } from './install-spec.js';

type Obj = Record<string, unknown>;
export type ComponentName = 'Base' | 'Pilot' | 'IngressGateways' | 'EgressGateways';

export interface Component {
  name: ComponentName;
  /** The words istioctl prints: "Istio core", "Istiod", "Ingress gateways", "Egress gateways". */
  title: string;
  icon: string;
  objects: Obj[];
  /** Deployments (in istio-system) that must be ready before the component counts as installed. */
  deployments: string[];
}

export const ISTIO_NAMESPACE = 'istio-system';
export const COMPONENT_LABEL = 'operator.istio.io/component';

function labels(component: ComponentName, version: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, 'install.operator.istio.io/owning-resource': 'unknown', [COMPONENT_LABEL]: component, 'istio.io/rev': 'default', 'app.kubernetes.io/version': version, 'app.kubernetes.io/part-of': 'istio' };
}

function meta(name: string, component: ComponentName, version: string, namespaced = true, extra: Record<string, string> = {}): Obj {
  return { name, ...(namespaced ? { namespace: ISTIO_NAMESPACE } : {}), labels: labels(component, version, extra) };
}

const notDisabled = { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] };

/**
 * The four selectors of the default revision's injector, in the chart's order
 * (istio-discovery/templates/mutatingwebhook.yaml): rev.namespace., rev.object., namespace., object.
 * `istioctl x check-inject` reads them to explain why a pod is (not) injected.
 */
function injectorWebhooks(): Obj[] {
  const core = (prefix: string, namespaceSelector: Obj, objectSelector: Obj): Obj => ({
    name: `${prefix}sidecar-injector.istio.io`,
    clientConfig: { service: { name: 'istiod', namespace: ISTIO_NAMESPACE, path: '/inject', port: 443 } },
    sideEffects: 'None', rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
    failurePolicy: 'Fail', reinvocationPolicy: 'Never', admissionReviewVersions: ['v1'],
    namespaceSelector, objectSelector,
  });
  const exists = (key: string): Obj => ({ key, operator: 'DoesNotExist' });
  return [
    core('rev.namespace.', { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['default'] }, exists('istio-injection')] }, { matchExpressions: [notDisabled] }),
    core('rev.object.', { matchExpressions: [exists('istio.io/rev'), exists('istio-injection')] }, { matchExpressions: [notDisabled, { key: 'istio.io/rev', operator: 'In', values: ['default'] }] }),
    core('namespace.', { matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }] }, { matchExpressions: [notDisabled] }),
    core('object.', { matchExpressions: [exists('istio-injection'), exists('istio.io/rev')] }, { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] }, exists('istio.io/rev')] }),
  ];
}

// As the charts annotate their pods for Prometheus: istiod's own monitoring port (istio-discovery's
// deployment.yaml), the gateways' merged endpoint with its path (gateways/*/templates/deployment.yaml).
function prometheusAnnotations(component: ComponentName): Record<string, string> {
  if (component === 'Pilot') return { 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true' };
  return { 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/stats/prometheus' };
}

function deployment(name: string, component: ComponentName, version: string, podLabels: Record<string, string>, container: Obj, replicas = 1): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, component, version, true, podLabels),
    spec: {
      replicas,
      selector: { matchLabels: podLabels },
      strategy: { rollingUpdate: { maxSurge: '100%', maxUnavailable: '25%' } },
      template: {
        metadata: {
          labels: { ...podLabels, 'sidecar.istio.io/inject': 'false', 'service.istio.io/canonical-name': name, 'service.istio.io/canonical-revision': 'latest' },
          annotations: { 'sidecar.istio.io/inject': 'false', ...prometheusAnnotations(component) },
        },
        spec: { serviceAccountName: name === 'istiod' ? 'istiod' : `${name}-service-account`, containers: [container] },
      },
    },
  };
}

function base(version: string): Component {
  const objects: Obj[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ISTIO_NAMESPACE } },
    ...istioCrds().map((crd) => ({ ...crd, metadata: { ...(crd.metadata as Obj), labels: { ...(((crd.metadata as Obj).labels as Obj | undefined) ?? {}), ...labels('Base', version) } } })),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('istio-reader-service-account', 'Base', version) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta('istio-reader-clusterrole-istio-system', 'Base', version, false),
      rules: [{ apiGroups: ['config.istio.io', 'security.istio.io', 'networking.istio.io', 'authentication.istio.io', 'rbac.istio.io', 'telemetry.istio.io', 'extensions.istio.io'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta('istio-reader-clusterrole-istio-system', 'Base', version, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'istio-reader-clusterrole-istio-system' },
      subjects: [{ kind: 'ServiceAccount', name: 'istio-reader-service-account', namespace: ISTIO_NAMESPACE }],
    },
  ];
  return { name: 'Base', title: 'Istio core', icon: '⛵️', objects, deployments: [] };
}

function pilot(spec: InstallSpec, version: string): Component {
  const podLabels = { app: 'istiod', istio: 'pilot' };
  const mesh = JSON.stringify(spec.meshConfig);
  const container: Obj = {
    name: 'discovery',
    image: `${spec.hub}/pilot:${spec.tag}`,
    args: ['discovery', '--monitoringAddr=:15014', '--log_output_level=default:info', '--domain', 'cluster.local', '--keepaliveMaxServerConnectionAge', '30m'],
    ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 15010, protocol: 'TCP' }, { containerPort: 15012, protocol: 'TCP' }, { containerPort: 15017, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 1, periodSeconds: 3, timeoutSeconds: 5 },
    resources: spec.pilot.resources ?? { requests: { cpu: spec.profile === 'demo' ? '10m' : '500m', memory: spec.profile === 'demo' ? '100Mi' : '2048Mi' } },
  };
  const objects: Obj[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('istiod', 'Pilot', version, true, { app: 'istiod' }) },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('istio', 'Pilot', version), data: { mesh, meshNetworks: 'networks: {}' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('istio-sidecar-injector', 'Pilot', version), data: { values: JSON.stringify({ global: { hub: spec.hub, tag: spec.tag } }), config: 'policy: enabled\n' } },
    deployment('istiod', 'Pilot', version, podLabels, container),
    {
      apiVersion: 'v1', kind: 'Service', metadata: meta('istiod', 'Pilot', version, true, { app: 'istiod', istio: 'pilot' }),
      spec: {
        selector: podLabels,
        ports: [
          { port: 15010, name: 'grpc-xds', protocol: 'TCP' }, { port: 15012, name: 'https-dns', protocol: 'TCP' },
          { port: 443, name: 'https-webhook', targetPort: 15017, protocol: 'TCP' }, { port: 15014, name: 'http-monitoring', protocol: 'TCP' },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: meta('istio-sidecar-injector', 'Pilot', version, false, { app: 'sidecar-injector' }),
      webhooks: injectorWebhooks(),
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: meta('istio-validator-istio-system', 'Pilot', version, false),
      webhooks: [{
        name: 'rev.validation.istio.io',
        clientConfig: { service: { name: 'istiod', namespace: ISTIO_NAMESPACE, path: '/validate', port: 443 } },
        rules: [{ apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['*'] }],
        sideEffects: 'None', admissionReviewVersions: ['v1beta1', 'v1'], failurePolicy: 'Ignore',
      }],
    },
  ];
  return { name: 'Pilot', title: 'Istiod', icon: '🧠', objects, deployments: ['istiod'] };
}

function gatewayPorts(gateway: GatewaySpec, profile: string): Obj[] {
  if (gateway.kind === 'egress') return [{ port: 80, targetPort: 8080, name: 'http2', protocol: 'TCP' }, { port: 443, targetPort: 8443, name: 'https', protocol: 'TCP' }];
  const ports: Obj[] = [
    { port: 15021, targetPort: 15021, name: 'status-port', protocol: 'TCP' },
    { port: 80, targetPort: 8080, name: 'http2', protocol: 'TCP' },
    { port: 443, targetPort: 8443, name: 'https', protocol: 'TCP' },
  ];
  if (profile === 'demo') ports.push({ port: 31400, targetPort: 31400, name: 'tcp', protocol: 'TCP' }, { port: 15443, targetPort: 15443, name: 'tls', protocol: 'TCP' });
  return ports;
}

function gatewayObjects(spec: InstallSpec, gateway: GatewaySpec, version: string): Obj[] {
  const component: ComponentName = gateway.kind === 'ingress' ? 'IngressGateways' : 'EgressGateways';
  const podLabels = { app: gateway.name, istio: gateway.kind === 'ingress' ? 'ingressgateway' : 'egressgateway', ...(gateway.label ?? {}) };
  const ports = (gateway.service.ports as Obj[] | undefined) ?? gatewayPorts(gateway, spec.profile);
  const container: Obj = {
    name: 'istio-proxy',
    image: `${spec.hub}/proxyv2:${spec.tag}`,
    args: ['proxy', 'router', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning', '--log_output_level=default:info'],
    ports: [
      ...ports.map((p) => ({ containerPort: Number(p.targetPort ?? p.port), protocol: String(p.protocol ?? 'TCP') })),
      { containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' },
    ].filter((p, i, all) => all.findIndex((q) => q.containerPort === p.containerPort) === i),
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 30 },
    resources: gateway.resources ?? { requests: { cpu: '10m', memory: '40Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
  };
  // The chart copies every key of k8s.service (type, ports with nodePort, externalTrafficPolicy...).
  const { ports: _ports, ...serviceRest } = gateway.service;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(`${gateway.name}-service-account`, component, version, true, podLabels) },
    deployment(gateway.name, component, version, podLabels, container, gateway.replicas ?? 1),
    {
      apiVersion: 'v1', kind: 'Service', metadata: meta(gateway.name, component, version, true, podLabels),
      spec: { type: gateway.kind === 'ingress' ? 'LoadBalancer' : 'ClusterIP', ...serviceRest, selector: podLabels, ports },
    },
  ];
}

/** Components in the order istioctl installs them; gateways of one kind form one component. */
export function renderComponents(spec: InstallSpec, version: string): Component[] {
  const components: Component[] = [base(version)];
  if (spec.pilot.enabled) components.push(pilot(spec, version));
  for (const kind of ['ingress', 'egress'] as const) {
    const enabled = spec.gateways.filter((g) => g.kind === kind && g.enabled);
    if (enabled.length === 0) continue;
    components.push({
      name: kind === 'ingress' ? 'IngressGateways' : 'EgressGateways',
      title: kind === 'ingress' ? 'Ingress gateways' : 'Egress gateways',
      icon: kind === 'ingress' ? '🛬' : '🛫',
      objects: enabled.flatMap((g) => gatewayObjects(spec, g, version)),
      deployments: enabled.map((g) => g.name),
    });
  }
  return components;
}
