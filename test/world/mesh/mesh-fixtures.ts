// Hand-made config snapshots for the data plane's unit tests: Bookinfo's Services and pods, the
// ingress gateway pod, and builders for Istio objects in their raw (API server) shape, converted
// through the same functions the informers use. Test support only.
import { destinationRuleFrom, gatewayFrom, podFrom, serviceFrom, virtualServiceFrom, type MeshSnapshot, type Pod } from './mesh-config.js';

let ip = 10;
let created = 0;

export function pod(namespace: string, name: string, labels: Record<string, string>, options: { ready?: boolean; sidecar?: boolean; env?: Record<string, string>; deleting?: boolean; serviceAccount?: string } = {}): Pod {
  ip++;
  // A Deployment's pod name: <deployment>-<pod-template-hash>-<suffix>, owned by the ReplicaSet.
  const owned = /^(.+)-([a-z0-9]{9,10})-[a-z0-9]{5}$/.exec(name);
  const owner = owned ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${owned[1]}-${owned[2]}`, uid: `rs-${name}`, controller: true }] } : {};
  return podFrom({
    metadata: { namespace, name, labels: { ...labels, ...(owned ? { 'pod-template-hash': owned[2] } : {}) }, ...owner, ...(options.deleting ? { deletionTimestamp: '2026-11-25T12:00:00Z' } : {}) },
    spec: {
      serviceAccountName: options.serviceAccount ?? 'default',
      containers: [
        { name: labels['app'] ?? 'app', ports: [{ containerPort: 9080 }], env: Object.entries(options.env ?? {}).map(([n, value]) => ({ name: n, value })) },
        ...(options.sidecar === false ? [] : [{ name: 'istio-proxy' }]),
      ],
    },
    status: { phase: 'Running', podIP: `10.244.0.${ip}`, conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }] },
  });
}

export function service(namespace: string, name: string, port: number, selector: Record<string, string>, targetPort?: number) {
  return serviceFrom({ metadata: { namespace, name }, spec: { selector, clusterIP: `10.96.0.${++ip}`, ports: [{ name: 'http', port, targetPort: targetPort ?? port }] } });
}

export function gateway(namespace: string, name: string, hosts: string[], selector: Record<string, string> = { istio: 'ingressgateway' }) {
  return gatewayFrom({ metadata: { namespace, name }, spec: { selector, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts }] } });
}

export function virtualService(namespace: string, name: string, spec: Record<string, unknown>) {
  created++;
  return virtualServiceFrom({ metadata: { namespace, name, creationTimestamp: `2026-11-25T12:00:${String(created).padStart(2, '0')}Z` }, spec });
}

export function destinationRule(namespace: string, name: string, host: string, versions: string[]) {
  created++;
  return destinationRuleFrom({ metadata: { namespace, name, creationTimestamp: `2026-11-25T12:00:${String(created).padStart(2, '0')}Z` }, spec: { host, subsets: versions.map((v) => ({ name: v, labels: { version: v } })) } });
}

/** Bookinfo in `default` with sidecars, the DestinationRules of destination-rule-all.yaml and the bookinfo gateway + VirtualService. */
export function bookinfoSnapshot(extra: Partial<MeshSnapshot> = {}): MeshSnapshot {
  const pods = [
    pod('istio-system', 'istio-ingressgateway-5d9c6c8b9-abcde', { app: 'istio-ingressgateway', istio: 'ingressgateway' }, { serviceAccount: 'istio-ingressgateway-service-account' }),
    pod('default', 'productpage-v1-7c9f8d7b6-aaaaa', { app: 'productpage', version: 'v1' }, { serviceAccount: 'bookinfo-productpage' }),
    pod('default', 'details-v1-6f8d7c9b5-bbbbb', { app: 'details', version: 'v1' }, { serviceAccount: 'bookinfo-details' }),
    pod('default', 'ratings-v1-5d6c8b7a4-ccccc', { app: 'ratings', version: 'v1' }, { serviceAccount: 'bookinfo-ratings' }),
    pod('default', 'reviews-v1-8b7c6d5e4-ddddd', { app: 'reviews', version: 'v1' }, { serviceAccount: 'bookinfo-reviews' }),
    pod('default', 'reviews-v2-9c8d7e6f5-eeeee', { app: 'reviews', version: 'v2' }, { serviceAccount: 'bookinfo-reviews' }),
    pod('default', 'reviews-v3-0d9e8f7a6-fffff', { app: 'reviews', version: 'v3' }, { serviceAccount: 'bookinfo-reviews' }),
  ];
  const services = ['productpage', 'details', 'ratings', 'reviews'].map((s) => service('default', s, 9080, { app: s }));
  services.push(service('istio-system', 'istio-ingressgateway', 80, { istio: 'ingressgateway' }, 8080));
  return {
    pods: [...pods, ...(extra.pods ?? [])],
    services: [...services, ...(extra.services ?? [])],
    gateways: [gateway('default', 'bookinfo-gateway', ['*']), ...(extra.gateways ?? [])],
    destinationRules: [
      destinationRule('default', 'productpage', 'productpage', ['v1']),
      destinationRule('default', 'reviews', 'reviews', ['v1', 'v2', 'v3']),
      destinationRule('default', 'ratings', 'ratings', ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm']),
      destinationRule('default', 'details', 'details', ['v1', 'v2']),
      ...(extra.destinationRules ?? []),
    ],
    virtualServices: [
      virtualService('default', 'bookinfo', {
        hosts: ['*'],
        gateways: ['bookinfo-gateway'],
        http: [{
          match: [{ uri: { exact: '/productpage' } }, { uri: { prefix: '/static' } }, { uri: { exact: '/login' } }, { uri: { exact: '/logout' } }, { uri: { prefix: '/api/v1/products' } }],
          route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
        }],
      }),
      ...(extra.virtualServices ?? []),
    ],
  };
}

export function reviewsWeights(weights: Record<string, number>) {
  return virtualService('default', 'reviews', {
    hosts: ['reviews'],
    http: [{ route: Object.entries(weights).map(([subset, weight]) => ({ destination: { host: 'reviews', subset }, weight })) }],
  });
}
