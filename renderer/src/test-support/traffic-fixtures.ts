// Test support: Traffic fixtures shared by the routing reducer and routing flow tests: Bookinfo's
// reviews and ratings services, routing objects, splits and the answer to an apply.

import type { RoutingRefInfo, TrafficApplyInfo, TrafficRouteRequest, TrafficServiceInfo, WeightInfo } from '../../../core/contract';

export const NOW = Date.parse('2025-05-01T10:00:00Z');

export function ref(kind: RoutingRefInfo['kind'], owner: RoutingRefInfo['owner'], name = 'reviews'): RoutingRefInfo {
  return { kind, name, owner, resourceVersion: '7', managers: owner === 'meshdeck' ? ['meshdeck'] : ['kubectl-client-side-apply'] };
}

export function reviews(extra: Partial<TrafficServiceInfo> = {}): TrafficServiceInfo {
  return {
    name: 'reviews',
    namespace: 'bookinfo',
    host: 'reviews.bookinfo.svc.cluster.local',
    versions: ['v1', 'v2', 'v3'].map((name) => ({ name, workloads: [`reviews-${name}`], pods: 1, ready: 1 })),
    owner: 'none',
    objects: [],
    weights: null,
    ...extra,
  };
}

export function ratings(): TrafficServiceInfo {
  return { name: 'ratings', namespace: 'bookinfo', host: 'ratings.bookinfo.svc.cluster.local', versions: [{ name: 'v1', workloads: ['ratings-v1'], pods: 1, ready: 1 }], owner: 'none', objects: [], weights: null };
}

export const managed = (weights: WeightInfo[]) => reviews({ owner: 'meshdeck', objects: [ref('DestinationRule', 'meshdeck'), ref('VirtualService', 'meshdeck')], weights });
export const split = (v1: number, v2: number, v3: number): WeightInfo[] => [
  { version: 'v1', weight: v1 },
  { version: 'v2', weight: v2 },
  { version: 'v3', weight: v3 },
];

export function applied(request: TrafficRouteRequest & { seq?: number }, at = NOW): TrafficApplyInfo {
  return {
    service: request.service,
    namespace: request.namespace ?? 'bookinfo',
    weights: request.weights,
    objects: [
      { kind: 'DestinationRule', name: request.service, action: 'configured', resourceVersion: '10' },
      { kind: 'VirtualService', name: request.service, action: 'configured', resourceVersion: '11' },
    ],
    acceptedAt: new Date(at).toISOString(),
    ...(request.seq === undefined ? {} : { seq: request.seq }),
  };
}
