// The world's own small equivalents of the upstream Istio YAML, used only when the reference
// folder beside the repo is missing: Bookinfo (same names, labels and ports as upstream), its
// networking samples, the addons, the demo/default profiles and minimal CRDs.
import { stringify } from 'yaml';
import { ownCrdYaml } from '../istioctl/istio-crds.js';
import type { ReleaseFile } from './istio-release-files.js';

type Doc = Record<string, unknown>;

function yamlFile(path: string, docs: Doc[]): ReleaseFile {
  return { path, content: Buffer.from(docs.map((doc) => stringify(doc)).join('---\n')), mode: 0o644 };
}

function service(name: string, namespace: string | undefined, port: number, targetPort: number, portName: string, labels: Record<string, string>): Doc {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(namespace ? { namespace } : {}), labels: { ...labels, service: name } },
    spec: { ports: [{ port, targetPort, name: portName }], selector: labels },
  };
}

function deployment(name: string, namespace: string | undefined, labels: Record<string, string>, image: string, port: number, serviceAccount?: string): Doc {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(namespace ? { namespace } : {}), labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...(serviceAccount ? { serviceAccountName: serviceAccount } : {}),
          containers: [{ name: name.replace(/-v\d$/, ''), image, imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: port }] }],
        },
      },
    },
  };
}

function bookinfo(): Doc[] {
  const docs: Doc[] = [];
  const workloads: Array<[string, string[]]> = [['details', ['v1']], ['ratings', ['v1']], ['reviews', ['v1', 'v2', 'v3']], ['productpage', ['v1']]];
  for (const [app, versions] of workloads) {
    docs.push(service(app, undefined, 9080, 9080, 'http', { app }));
    docs.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `bookinfo-${app}`, labels: { account: app } } });
    for (const version of versions) {
      const image = `registry.istio.io/release/examples-bookinfo-${app}-${version}:1.20.3`;
      docs.push(deployment(`${app}-${version}`, undefined, { app, version }, image, 9080, `bookinfo-${app}`));
    }
  }
  return docs;
}

function virtualService(name: string, http: unknown[]): Doc {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name }, spec: { hosts: [name], http } };
}

function weighted(host: string, weights: Array<[string, number]>): unknown[] {
  return [{ route: weights.map(([subset, weight]) => ({ destination: { host, subset }, weight })) }];
}

function networking(): ReleaseFile[] {
  const dir = 'samples/bookinfo/networking';
  const subsets = (versions: string[]): unknown[] => versions.map((v) => ({ name: v, labels: { version: v } }));
  const rule = (host: string, versions: string[]): Doc => ({
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: host }, spec: { host, subsets: subsets(versions) },
  });
  const jason = { headers: { 'end-user': { exact: 'jason' } } };
  return [
    yamlFile(`${dir}/bookinfo-gateway.yaml`, [
      { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'bookinfo-gateway' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } },
      {
        apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'bookinfo' },
        spec: {
          hosts: ['*'], gateways: ['bookinfo-gateway'],
          http: [{
            match: [{ uri: { exact: '/productpage' } }, { uri: { prefix: '/static' } }, { uri: { exact: '/login' } }, { uri: { exact: '/logout' } }, { uri: { prefix: '/api/v1/products' } }],
            route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
          }],
        },
      },
    ]),
    yamlFile(`${dir}/destination-rule-all.yaml`, [rule('productpage', ['v1']), rule('reviews', ['v1', 'v2', 'v3']), rule('ratings', ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm']), rule('details', ['v1', 'v2'])]),
    yamlFile(`${dir}/virtual-service-all-v1.yaml`, ['productpage', 'reviews', 'ratings', 'details'].map((host) => virtualService(host, weighted(host, [['v1', 100]])))),
    yamlFile(`${dir}/virtual-service-reviews-90-10.yaml`, [virtualService('reviews', weighted('reviews', [['v1', 90], ['v2', 10]]))]),
    yamlFile(`${dir}/virtual-service-reviews-80-20.yaml`, [virtualService('reviews', weighted('reviews', [['v1', 80], ['v2', 20]]))]),
    yamlFile(`${dir}/virtual-service-reviews-50-v3.yaml`, [virtualService('reviews', weighted('reviews', [['v1', 50], ['v3', 50]]))]),
    yamlFile(`${dir}/virtual-service-reviews-v2-v3.yaml`, [virtualService('reviews', weighted('reviews', [['v2', 50], ['v3', 50]]))]),
    yamlFile(`${dir}/virtual-service-reviews-v3.yaml`, [virtualService('reviews', weighted('reviews', [['v3', 100]]))]),
    yamlFile(`${dir}/virtual-service-reviews-test-v2.yaml`, [virtualService('reviews', [{ match: [jason], route: [{ destination: { host: 'reviews', subset: 'v2' } }] }, ...weighted('reviews', [['v1', 100]])])]),
    yamlFile(`${dir}/virtual-service-ratings-test-delay.yaml`, [virtualService('ratings', [
      { match: [jason], fault: { delay: { percentage: { value: 100.0 }, fixedDelay: '7s' } }, route: [{ destination: { host: 'ratings', subset: 'v1' } }] },
      ...weighted('ratings', [['v1', 100]]),
    ])]),
    yamlFile(`${dir}/virtual-service-ratings-test-abort.yaml`, [virtualService('ratings', [
      { match: [jason], fault: { abort: { percentage: { value: 100.0 }, httpStatus: 500 } }, route: [{ destination: { host: 'ratings', subset: 'v1' } }] },
      ...weighted('ratings', [['v1', 100]]),
    ])]),
  ];
}

function addon(name: string, serviceName: string, port: number, targetPort: number, image: string, env: Array<{ name: string; value: string }> = []): Doc[] {
  const labels = { 'app.kubernetes.io/name': name, app: name };
  const workload = deployment(name, 'istio-system', labels, image, targetPort);
  if (env.length > 0) {
    const containers = ((workload.spec as Doc).template as Doc).spec as { containers: Array<Record<string, unknown>> };
    containers.containers[0]!.env = env;
  }
  return [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'istio-system' } }, workload, service(serviceName, 'istio-system', port, targetPort, `http-${name}`, labels)];
}

function addons(): ReleaseFile[] {
  return [
    yamlFile('samples/addons/prometheus.yaml', addon('prometheus', 'prometheus', 9090, 9090, 'docker.io/prom/prometheus:v3.10.0')),
    yamlFile('samples/addons/grafana.yaml', addon('grafana', 'grafana', 3000, 3000, 'docker.io/grafana/grafana:12.0.1', [
      { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'true' }, { name: 'GF_AUTH_ANONYMOUS_ORG_ROLE', value: 'Admin' },
    ])),
    yamlFile('samples/addons/kiali.yaml', addon('kiali', 'kiali', 20001, 20001, 'quay.io/kiali/kiali:v2.26')),
    yamlFile('samples/addons/jaeger.yaml', addon('jaeger', 'tracing', 80, 16686, 'docker.io/jaegertracing/jaeger:2.14.0')),
    yamlFile('samples/addons/loki.yaml', addon('loki', 'loki', 3100, 3100, 'docker.io/grafana/loki:3.6.5')),
  ];
}

function profiles(): ReleaseFile[] {
  const operator = (profile: string, egress: boolean): Doc => ({
    apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator',
    spec: { ...(egress ? { components: { egressGateways: [{ name: 'istio-egressgateway', enabled: true }] } } : {}), values: { profile } },
  });
  return [yamlFile('manifests/profiles/demo.yaml', [operator('demo', true)]), yamlFile('manifests/profiles/default.yaml', [operator('default', false)])];
}

export function fallbackIstioFiles(): ReleaseFile[] {
  return [
    yamlFile('samples/bookinfo/platform/kube/bookinfo.yaml', bookinfo()),
    ...networking(),
    ...addons(),
    ...profiles(),
    { path: 'manifests/charts/base/files/crd-all.gen.yaml', content: Buffer.from(ownCrdYaml()), mode: 0o644 },
  ];
}
