// Reset of a lesson (or of the whole workshop): deletes, in the lesson's namespaces (and
// istio-system for mesh-wide security), every object of the lesson kinds that neither the lab
// made (Bookinfo's gateway objects) nor a setup of the lesson applies, so what the attendee or
// MeshDeck added is gone; the caller then reapplies the setups. Namespaces are never deleted.
import { deleteObject, listObjects, type KubeObject } from '../kube';
import type { ActionContext, ActionObject } from './pack-actions';
import { objectsOfSource } from './pack-actions';
import type { PackLesson } from './pack-types';

export const LESSON_KINDS = [
  { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' },
  { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule' },
  { apiVersion: 'networking.istio.io/v1', kind: 'Gateway' },
  { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry' },
  { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar' },
  { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' },
  { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy' },
  { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication' },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
] as const;

const MESH_NAMESPACE = 'istio-system';
const MESH_WIDE = new Set(['PeerAuthentication', 'AuthorizationPolicy']);
/** The lab's own objects (Bookinfo's ingress), kept by every reset. */
const LAB_OWN = new Set(['Gateway/bookinfo-gateway', 'VirtualService/bookinfo']);

function key(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** kind/namespace/name of everything the lessons' setups apply. */
async function setupKeys(lessons: PackLesson[], ctx: ActionContext): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const lesson of lessons) {
    for (const task of lesson.tasks) {
      for (const source of task.setup.apply) {
        for (const o of await objectsOfSource(source, ctx)) keys.add(key(o.kind, o.metadata.namespace ?? lesson.namespaces[0] ?? 'default', o.metadata.name));
      }
    }
  }
  return keys;
}

/** Deletes what the lessons' namespaces gained of the lesson kinds; returns what went. */
export async function clearLessonObjects(lessons: PackLesson[], ctx: ActionContext): Promise<ActionObject[]> {
  const keep = await setupKeys(lessons, ctx);
  const namespaces = [...new Set(lessons.flatMap((l) => l.namespaces))];
  const removed: ActionObject[] = [];
  for (const { apiVersion, kind } of LESSON_KINDS) {
    const resource = await ctx.clients.discovery.resolve(apiVersion, kind, ctx.signal);
    // A cluster without the kind (no Gateway API CRDs) has nothing of it to clear.
    if (!resource) continue;
    const where = MESH_WIDE.has(kind) ? [...namespaces, MESH_NAMESPACE] : namespaces;
    for (const namespace of where) {
      for (const object of await listObjects<KubeObject>(ctx.clients, resource, namespace, { signal: ctx.signal })) {
        const name = object.metadata?.name ?? '';
        if (LAB_OWN.has(`${kind}/${name}`) || keep.has(key(kind, namespace, name))) continue;
        if (await deleteObject(ctx.clients, resource, namespace, name, object.metadata?.resourceVersion ?? '')) {
          ctx.log(`Deleted ${kind} ${namespace}/${name}`);
          removed.push({ kind, name, namespace, action: 'deleted' });
        }
      }
    }
  }
  return removed;
}
