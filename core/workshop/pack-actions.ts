// Runs a setup, solution or cleanup on the lab: removes what it names (if present), applies its
// objects (server-side apply, field manager meshdeck; `sample:` files read from the lab's Istio
// release) and rollout-restarts workloads the way kubectl does (the restartedAt annotation).
// It ends when the Deployments it applied or restarted have rolled out, as `kubectl rollout
// status` would: a check right after "Solve for me" must see the new pods, not the old ones.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError, type WorkshopActionInfo } from '../contract';
import { applyObjects, deleteObject, getObject, kubeError, objectPath, parseManifests, waitForDeployments, type KubeClients, type KubeObject, type ManifestObject } from '../kube';
import type { ObjectRef, ObjectSource, PackActions } from './pack-types';

export type ActionObject = WorkshopActionInfo['objects'][number];

export interface ActionContext {
  clients: KubeClients;
  /** The samples/ folder of the lab's Istio release. */
  samplesDir: () => Promise<string>;
  /** Where objects naming no namespace go: the lesson's first namespace. */
  namespace: string;
  signal: AbortSignal;
  log(line: string): void;
}

/** The objects a source applies, each with its namespace filled in when it names none. */
export async function objectsOfSource(source: ObjectSource, ctx: Pick<ActionContext, 'samplesDir'>): Promise<ManifestObject[]> {
  let objects: ManifestObject[];
  if (source.kind === 'objects') objects = source.objects;
  else {
    // samplesDir is <release>/samples and sample paths start with samples/.
    const path = join(dirname(await ctx.samplesDir()), source.sample);
    const text = await readFile(path, 'utf8').catch(() => {
      throw new AppError('NOT_FOUND', `${source.sample} is not in the lab's Istio release (${path}); the pack needs another Istio version, or fix the path.`, { sample: source.sample });
    });
    objects = parseManifests(text, source.sample);
  }
  const namespace = source.namespace;
  return namespace ? objects.map((o) => (o.metadata.namespace ? o : { ...o, metadata: { ...o.metadata, namespace } })) : objects;
}

async function removeRef(ref: ObjectRef, ctx: ActionContext): Promise<ActionObject | null> {
  const resource = await ctx.clients.discovery.resolve(ref.apiVersion, ref.kind, ctx.signal);
  if (!resource) return null;
  const namespace = resource.namespaced ? (ref.namespace ?? ctx.namespace) : undefined;
  const live = await getObject<KubeObject>(ctx.clients, resource, namespace, ref.name, ctx.signal);
  if (!live) return null;
  await deleteObject(ctx.clients, resource, namespace, ref.name, live.metadata?.resourceVersion ?? '');
  ctx.log(`Deleted ${ref.kind} ${namespace ? `${namespace}/` : ''}${ref.name}`);
  return { kind: ref.kind, name: ref.name, namespace: namespace ?? '', action: 'deleted' };
}

/** `kubectl rollout restart`: a new pod template annotation makes the controller roll the pods. */
async function restartRef(ref: ObjectRef, ctx: ActionContext): Promise<ActionObject> {
  const resource = await ctx.clients.discovery.resolve('apps/v1', ref.kind, ctx.signal);
  const namespace = ref.namespace ?? ctx.namespace;
  if (!resource) throw new AppError('K8S_API', `The cluster has no apps/v1 ${ref.kind}; restart names a Deployment, StatefulSet or DaemonSet.`, { kind: ref.kind });
  const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } };
  try {
    await ctx.clients.http.request('PATCH', objectPath(resource, namespace, ref.name), { body: JSON.stringify(body), contentType: 'application/strategic-merge-patch+json', signal: ctx.signal });
  } catch (error) {
    throw kubeError(error, `Restarting ${ref.kind} ${namespace}/${ref.name}`, ctx.clients.server);
  }
  ctx.log(`Restarted ${ref.kind} ${namespace}/${ref.name}`);
  return { kind: ref.kind, name: ref.name, namespace, action: 'restarted' };
}

/** Removes, then applies, then restarts; what each object became. */
export async function runActions(actions: PackActions, ctx: ActionContext): Promise<ActionObject[]> {
  const done: ActionObject[] = [];
  for (const ref of actions.remove) {
    const removed = await removeRef(ref, ctx);
    if (removed) done.push(removed);
  }
  const objects: ManifestObject[] = [];
  for (const source of actions.apply) objects.push(...(await objectsOfSource(source, ctx)));
  if (objects.length) {
    const results = await applyObjects(ctx.clients, objects, { namespace: ctx.namespace, signal: ctx.signal });
    for (const r of results) {
      ctx.log(`${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} ${r.action}`);
      done.push({ kind: r.kind, name: r.name, namespace: r.namespace ?? '', action: r.action });
    }
  }
  for (const ref of actions.restart) done.push(await restartRef(ref, ctx));
  await waitForRollouts(done, ctx);
  return done;
}

/** A rollout that shows no progress for this long is reported (image pulls on a slow network take minutes). */
const ROLLOUT_STALL_MS = 5 * 60_000;

async function waitForRollouts(done: ActionObject[], ctx: ActionContext): Promise<void> {
  const byNamespace = new Map<string, string[]>();
  for (const o of done) {
    if (o.kind !== 'Deployment' || o.action === 'deleted' || o.action === 'unchanged') continue;
    byNamespace.set(o.namespace, [...(byNamespace.get(o.namespace) ?? []), o.name]);
  }
  for (const [namespace, names] of byNamespace) {
    ctx.log(`Waiting for ${names.join(', ')} in ${namespace} to roll out`);
    await waitForDeployments(ctx.clients, { namespace, names, signal: ctx.signal, stallMs: ROLLOUT_STALL_MS });
  }
}
