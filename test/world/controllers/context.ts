// What every controller gets: the API (writes go through admission and bookkeeping like any
// client's), the store (reads and change events), the world's settings (delays, failures) and
// an event recorder. Also small helpers for controller references and keys.
import type { ResourceApi } from '../resource-api.js';
import type { ResourceType } from '../resources.js';
import type { KubeObject, OwnerReference, Store } from '../store.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { EventRecorder } from './events.js';
import type { ImagePulls } from './image-pulls.js';

export interface WorldDelays {
  /** Pending (unscheduled) → bound to the node. */
  schedule: number;
  /** Image pull per pod (ContainerCreating). */
  pull: number;
  /** Each init container's run. */
  initContainer: number;
  /** Containers created → Running. */
  start: number;
  /** Running → Ready (readiness probes passing). */
  ready: number;
  /** Graceful termination of a deleted pod. */
  terminate: number;
  /** First image pull back-off; doubles per retry like the kubelet's. */
  backoff: number;
}

export const zeroDelays: WorldDelays = { schedule: 0, pull: 0, initContainer: 0, start: 0, ready: 0, terminate: 0, backoff: 50 };

/** Roughly what a laptop kind cluster shows with cached images. */
export const realisticDelays: WorldDelays = { schedule: 20, pull: 1500, initContainer: 400, start: 600, ready: 2500, terminate: 1000, backoff: 5000 };

/** Stage delays for the pods whose "namespace/name" matches, over the world's (first match wins). */
export interface PodDelayRule {
  match: RegExp;
  delays: Partial<WorldDelays>;
}

export interface WorldSettings {
  delays: WorldDelays;
  /** Per-workload timing (istiod slower than a gateway, say), for benchmarks of a whole install. */
  podDelays: PodDelayRule[];
  /** Images that fail to pull (ErrImagePull → ImagePullBackOff) while they match. */
  failingImages: RegExp[];
  nodeName: string;
  nodeIP: string;
  sidecarInjection: 'namespace-label' | 'webhook' | 'off';
  istioVersion: string;
  caPem: string;
}

/** The delays that hold for one pod. */
export function delaysFor(settings: WorldSettings, pod: KubeObject): WorldDelays {
  const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
  const rule = settings.podDelays.find((r) => r.match.test(key));
  return rule ? { ...settings.delays, ...rule.delays } : settings.delays;
}

export interface ControllerContext {
  api: ResourceApi;
  store: Store;
  settings: WorldSettings;
  events: EventRecorder;
  type(group: string, resource: string): ResourceType;
  onError(controller: string, key: string, error: unknown): void;
  /** Runs the containers whose image it claims as real processes (the rest stay simulated). */
  runtime?: ContainerRuntime;
  /** The node's image pulls; without them every image is already present. */
  images?: ImagePulls;
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function ownerRefTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function keyOf(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name ?? ''}` : (obj.metadata.name ?? '');
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** FNV-32a, as the controllers hash pod templates. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString(fmt.Sprint(hash)): the pod-template-hash alphabet without vowels. */
export function templateHash(template: unknown): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...String(fnv32a(JSON.stringify(template ?? {})))].map((ch) => alphabet[ch.charCodeAt(0) % alphabet.length] ?? 'b').join('');
}

/** intstr "25%" or 1 against a total; rounded up for surge, down for unavailable, as upstream. */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) {
    const v = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(v) : Math.floor(v);
  }
  if (typeof value === 'string' && value !== '') return Number(value);
  return 0;
}
