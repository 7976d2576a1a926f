// Endpoints and EndpointSlices follow Services' selectors: ready pods are addresses, the rest
// notReadyAddresses, target ports resolved (named ports through the pods' container ports).
// A pod change re-syncs the Services of its namespace; a Service deletion removes both objects.
import { deepEqual } from '../json.js';
import { matchesRequirements, type Requirement } from '../selectors.js';
import type { KubeObject } from '../store.js';
import { keyOf, splitKey, type ControllerContext } from './context.js';
import { WorkQueue } from './queue.js';
import { isPodReady } from './replicaset.js';

type Obj = Record<string, unknown>;

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

function resolvePort(pod: KubeObject, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of ((pod['spec'] as Obj)['containers'] as { ports?: { name?: string; containerPort: number }[] }[] | undefined) ?? []) {
    const found = c.ports?.find((p) => p.name === target);
    if (found) return found.containerPort;
  }
  return undefined;
}

export class EndpointsController {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('endpoints', (key) => this.reconcile(key), ctx.onError);
    this.unsubscribe = ctx.store.subscribe((event) => {
      if (event.typeKey === '/services') this.queue.add(keyOf(event.object));
      else if (event.typeKey === '/pods') {
        for (const svc of ctx.store.list('/services', event.namespace)) this.queue.add(keyOf(svc));
      }
    });
    for (const svc of ctx.store.list('/services')) this.queue.add(keyOf(svc));
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const svc = this.ctx.store.get('/services', namespace, name);
    const epType = this.ctx.type('', 'endpoints');
    const sliceType = this.ctx.type('discovery.k8s.io', 'endpointslices');
    const existing = this.ctx.store.get('/endpoints', namespace, name);
    const slices = this.ctx.store.list('discovery.k8s.io/endpointslices', namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name);
    if (!svc || svc.metadata.deletionTimestamp) {
      if (existing) this.ctx.api.delete(epType, namespace, name);
      for (const s of slices) this.ctx.api.delete(sliceType, namespace, s.metadata.name ?? '');
      return;
    }
    const spec = svc['spec'] as { selector?: Record<string, string>; ports?: ServicePort[] };
    // Services without a selector have their endpoints managed by someone else.
    if (!spec.selector || Object.keys(spec.selector).length === 0) return;
    const requirements: Requirement[] = Object.entries(spec.selector).map(([k, v]) => ({ key: k, operator: 'eq', values: [v] }));
    const pods = this.ctx.store
      .list('/pods', namespace)
      .filter((p) => matchesRequirements(requirements, p.metadata.labels) && (p['status'] as { podIP?: string } | undefined)?.podIP && !p.metadata.deletionTimestamp);
    const ports = spec.ports ?? [];
    const ready: Obj[] = [];
    const notReady: Obj[] = [];
    const sliceEndpoints: Obj[] = [];
    let resolved: Obj[] = [];
    for (const pod of pods) {
      const ip = (pod['status'] as { podIP: string }).podIP;
      const address = {
        ip,
        nodeName: (pod['spec'] as { nodeName?: string }).nodeName,
        targetRef: { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid },
      };
      const isReady = isPodReady(pod);
      (isReady ? ready : notReady).push(address);
      sliceEndpoints.push({
        addresses: [ip],
        conditions: { ready: isReady, serving: isReady, terminating: false },
        nodeName: address.nodeName,
        targetRef: address.targetRef,
      });
      if (resolved.length === 0) {
        resolved = ports
          .map((p) => ({ p, port: resolvePort(pod, p) }))
          .filter((x) => x.port !== undefined)
          .map(({ p, port }) => ({ ...(p.name ? { name: p.name } : {}), port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
      }
    }
    const sortByIp = (a: Obj, b: Obj): number => String(a['ip']).localeCompare(String(b['ip']), undefined, { numeric: true });
    ready.sort(sortByIp);
    notReady.sort(sortByIp);
    const subsets = ready.length + notReady.length > 0 ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports: resolved }] : undefined;
    const labels = { ...(svc.metadata.labels ?? {}), 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' };
    const endpoints: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels }, ...(subsets ? { subsets } : {}) };
    if (!existing) this.ctx.api.create(epType, 'v1', namespace, endpoints, { fieldManager: 'kube-controller-manager' });
    else if (!deepEqual(existing['subsets'], endpoints['subsets']) || !deepEqual(existing.metadata.labels, labels)) {
      this.ctx.api.update(epType, 'v1', namespace, name, { ...existing, metadata: { ...existing.metadata, labels }, subsets }, { fieldManager: 'kube-controller-manager' });
    }
    const sliceLabels = {
      ...(svc.metadata.labels ?? {}),
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'kubernetes.io/service-name': name,
    };
    const sliceBody = {
      addressType: 'IPv4',
      endpoints: sliceEndpoints,
      ports: resolved.length > 0 ? resolved : null,
    };
    const [slice, ...extra] = slices;
    for (const s of extra) this.ctx.api.delete(sliceType, namespace, s.metadata.name ?? '');
    const owner = [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }];
    if (!slice) {
      this.ctx.api.create(sliceType, 'v1', namespace, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: `${name}-`, namespace, labels: sliceLabels, ownerReferences: owner }, ...sliceBody }, { fieldManager: 'endpointslice-controller' });
    } else if (!deepEqual(slice['endpoints'], sliceBody.endpoints) || !deepEqual(slice['ports'] ?? null, sliceBody.ports)) {
      this.ctx.api.update(sliceType, 'v1', namespace, slice.metadata.name ?? '', { ...slice, ...sliceBody }, { fieldManager: 'endpointslice-controller' });
    }
  }
}
