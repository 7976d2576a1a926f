// Reads and writes a service's routing in the cluster: which versions it has and who owns its
// VirtualService and DestinationRule, a preview (YAML + diff against the live objects), applying
// a split or any other change of core/policies' model — composed with what is there, so a slider
// move keeps a fault and a fault keeps the split — and removing what MeshDeck wrote. Writes are core/kube's server-side applies (field
// manager "meshdeck") with the resourceVersion MeshDeck last saw as a precondition, so an edit
// made by someone else since then is a CONFLICT, never silently overwritten; a face's `basedOn`
// (routing-basis.ts) makes that hold between two MeshDeck writers too. Applies to one
// service are serialized. Between slider moves it keeps what does not change — the service's
// versions, what it last wrote — and a watch of the namespace (routing-watch.ts) says when that
// stopped being true, so a move whose subsets did not change is a single PATCH. Each write
// records what it replaced (routing-undo.ts), so MeshDeck's last change can be undone.
import { AppError, type RoutingBasisInfo, type TrafficApplyInfo, type TrafficPreviewInfo, type TrafficRemoveInfo, type TrafficRouteRequest, type TrafficServiceInfo } from '../contract';
import { applyPolicyChange, MANAGED_BY, policyObjects, readPolicy, type PolicyChange, type PolicyObjects, type ServicePolicy } from '../policies';
import { applyObject, changedMeanwhile, DEPLOYMENT, deleteObject, DESTINATION_RULE, getObject, listObjects, replaceObject, SERVICE, VIRTUAL_SERVICE, type KubeClients, type KubeObject, type ResourceInfo, type ServiceObject, type WorkloadObject, type WrittenObject } from '../kube';
import { movedKinds, ROUTING_KINDS, routingMoved } from './routing-basis';
import { listRoutedServices, managersOf, workloadsOf } from './routing-listing';
import { ownerOf } from './routing-objects';
import { newChangeId, undoneMark, undoSteps, withUndoRecord } from './routing-undo';
import { NamespaceWatch, type RoutingKind } from './routing-watch';
import { diffRouting, routingYaml } from './routing-yaml';
import { versionLabelKey, versionsOfService } from './subsets';

const RESOURCES: Record<RoutingKind, ResourceInfo> = { VirtualService: VIRTUAL_SERVICE, DestinationRule: DESTINATION_RULE };
const REVIEW_AGAIN = 'Review the routing again (reload the preview), then apply or take over.';
/** resourceVersions remembered per object as MeshDeck's own (read or written): enough for a burst of moves. */
const KNOWN_VERSIONS = 16;

/** What MeshDeck last saw or wrote of one object: its resourceVersion and spec. */
interface Seen {
  resourceVersion: string;
  spec: string;
}

type ServiceState = Partial<Record<RoutingKind, Seen>>;
type UndoneObject = { kind: RoutingKind; name: string; action: TrafficApplyInfo['objects'][number]['action'] | 'deleted'; resourceVersion: string };
type LiveRouting = Partial<Record<RoutingKind, KubeObject>>;

/** A service's versions as read from the cluster, good while `watch` reports no change since `generation`. */
interface ServiceFacts {
  versions: string[];
  versionLabel: string;
  watch: NamespaceWatch;
  generation: number;
}

export interface RoutingServiceOptions {
  clients: () => Promise<KubeClients>;
  /** Namespace used when a request names none (the lab's Bookinfo namespace). */
  defaultNamespace: string;
}

function seenOf(object: KubeObject): Seen {
  return { resourceVersion: object.metadata?.resourceVersion ?? '', spec: JSON.stringify(object.spec ?? {}) };
}

/** The same CONFLICT, saying what to do next. */
function reviewAgain(error: AppError): AppError {
  return new AppError('CONFLICT', `${error.message} ${REVIEW_AGAIN}`, { ...error.details, reason: 'moved' });
}

/** What this core last saw of the service is what the face's `basedOn` names (and the watch does not know of a newer object). */
function consistent(watch: NamespaceWatch, state: ServiceState, basedOn: RoutingBasisInfo, service: string): boolean {
  return ROUTING_KINDS.every((kind) => (state[kind]?.resourceVersion ?? null) === basedOn[kind] && !(basedOn[kind] === null && typeof watch.resourceVersionOf(kind, service) === 'string'));
}

export class RoutingService {
  private readonly state = new Map<string, ServiceState>();
  private readonly facts = new Map<string, ServiceFacts>();
  private readonly known = new Map<string, string[]>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private watching: { clients: KubeClients; byNamespace: Map<string, NamespaceWatch> } | undefined;

  constructor(private readonly options: RoutingServiceOptions) {}

  /** Stops the namespace watches; the service keeps working, reading again on the next apply. */
  close(): void {
    for (const watch of this.watching?.byNamespace.values() ?? []) watch.stop();
    this.watching = undefined;
  }

  private namespaceOf(namespace: string | undefined): string {
    return namespace ?? this.options.defaultNamespace;
  }

  /** Services of a namespace that select at least one workload, with their versions and routing. */
  async services(namespaceIn?: string): Promise<TrafficServiceInfo[]> {
    return listRoutedServices(await this.options.clients(), this.namespaceOf(namespaceIn));
  }

  /** The namespace's watch on these clients, started on first use; a new set of clients starts over. */
  private watchOf(clients: KubeClients, namespace: string): NamespaceWatch {
    if (this.watching?.clients !== clients) {
      this.close();
      this.watching = { clients, byNamespace: new Map() };
    }
    let watch = this.watching.byNamespace.get(namespace);
    if (!watch) {
      watch = new NamespaceWatch(clients, namespace);
      this.watching.byNamespace.set(namespace, watch);
    }
    return watch;
  }

  /** The service's versions and version label: remembered while the watch sees no Service or Deployment change. */
  private async factsOf(clients: KubeClients, service: string, namespace: string): Promise<ServiceFacts> {
    const key = `${namespace}/${service}`;
    const watch = this.watchOf(clients, namespace);
    const cached = this.facts.get(key);
    if (cached && cached.watch === watch && watch.isCurrent(cached.generation)) return cached;
    const generation = watch.generation;
    const [found, deployments] = await Promise.all([getObject<ServiceObject>(clients, SERVICE, namespace, service), listObjects<WorkloadObject>(clients, DEPLOYMENT, namespace)]);
    if (!found) throw new AppError('NOT_FOUND', `There is no service "${service}" in namespace ${namespace}. Pick one of the services the Traffic screen lists (or that \`meshdeck shift\` lists).`, { service, namespace });
    const selector = found.spec?.selector ?? {};
    const workloads = workloadsOf(deployments);
    const versions = versionsOfService({ name: service, namespace, selector }, workloads).map((v) => v.name);
    if (versions.length === 0) throw new AppError('INVALID_ARGUMENT', `Service ${namespace}/${service} selects no workload with a version label (version, app.kubernetes.io/version or service.istio.io/canonical-revision), so there is nothing to split.`, { service });
    const selected = workloads.filter((w) => Object.entries(selector).every(([k, v]) => w.labels?.[k] === v));
    const facts = { versions, versionLabel: versionLabelKey(selected), watch, generation };
    this.facts.set(key, facts);
    return facts;
  }

  /** The service's policy as `objects` hold it (none: where Kubernetes alone would send requests), with its versions. */
  async policyOf(clients: KubeClients, service: string, namespace: string, objects: LiveRouting): Promise<{ policy: ServicePolicy; versions: string[] }> {
    const { versions, versionLabel } = await this.factsOf(clients, service, namespace);
    return { policy: readPolicy({ service, namespace, versions, versionLabel, virtualService: objects.VirtualService, destinationRule: objects.DestinationRule }), versions };
  }

  /** The objects after `change`, composed with what `objects` hold: a weight change keeps faults, retries and rules. */
  private async wanted(clients: KubeClients, service: string, namespace: string, change: PolicyChange, objects: LiveRouting): Promise<PolicyObjects> {
    return composed(service, namespace, await this.factsOf(clients, service, namespace), change, objects);
  }

  /** What MeshDeck last saw of the objects, as objects to compose with (a split taking over starts from nothing, as it always did). */
  private basis(state: ServiceState, change: PolicyChange, takeOver: boolean | undefined): LiveRouting {
    if (takeOver && change.kind === 'split') return {};
    const of = (seen: Seen | undefined): KubeObject | undefined => (seen ? { spec: JSON.parse(seen.spec) as unknown } : undefined);
    const vs = of(state.VirtualService);
    const dr = of(state.DestinationRule);
    return { ...(vs ? { VirtualService: vs } : {}), ...(dr ? { DestinationRule: dr } : {}) };
  }

  async live(clients: KubeClients, service: string, namespace: string): Promise<LiveRouting> {
    const [vs, dr] = await Promise.all([getObject(clients, VIRTUAL_SERVICE, namespace, service), getObject(clients, DESTINATION_RULE, namespace, service)]);
    return { ...(vs ? { VirtualService: vs } : {}), ...(dr ? { DestinationRule: dr } : {}) };
  }

  /** Remembers a resourceVersion of an object as one MeshDeck read or wrote itself. */
  private learn(kind: RoutingKind, namespace: string, name: string, resourceVersion: string): void {
    const key = `${kind}/${namespace}/${name}`;
    const versions = [...(this.known.get(key) ?? []).filter((v) => v !== resourceVersion), resourceVersion].slice(-KNOWN_VERSIONS);
    this.known.set(key, versions);
  }

  /** The watch holds a version of the object MeshDeck read or wrote: nobody else has changed it since. */
  private untouched(watch: NamespaceWatch, kind: RoutingKind, namespace: string, name: string): boolean {
    const watched = watch.resourceVersionOf(kind, name);
    return typeof watched === 'string' && (this.known.get(`${kind}/${namespace}/${name}`) ?? []).includes(watched);
  }

  private remember(key: string, namespace: string, live: LiveRouting): ServiceState {
    const state: ServiceState = {};
    for (const kind of ['VirtualService', 'DestinationRule'] as const) {
      const object = live[kind];
      if (!object) continue;
      state[kind] = seenOf(object);
      this.learn(kind, namespace, object.metadata?.name ?? '', state[kind].resourceVersion);
    }
    this.state.set(key, state);
    return state;
  }

  preview(request: TrafficRouteRequest): Promise<TrafficPreviewInfo> {
    return this.previewChange(request.service, request.namespace, splitChange(request), request.takeOver);
  }

  /** The objects one change gives, composed with the live ones, as YAML and a diff against them. */
  async previewChange(service: string, namespaceIn: string | undefined, change: PolicyChange, takeOver?: boolean): Promise<TrafficPreviewInfo> {
    const namespace = this.namespaceOf(namespaceIn);
    const clients = await this.options.clients();
    const live = await this.live(clients, service, namespace);
    // What the user reviewed is what an apply may replace: remember it as the precondition.
    const state = this.remember(`${namespace}/${service}`, namespace, live);
    const wanted = await this.wanted(clients, service, namespace, change, this.basis(state, change, takeOver));
    const owners = [live.VirtualService, live.DestinationRule].filter((o): o is KubeObject => o !== undefined).map((o) => ownerOf(o));
    const owner = owners.length === 0 ? 'none' : owners.includes('foreign') ? 'foreign' : 'meshdeck';
    return {
      yaml: routingYaml([wanted.destinationRule, wanted.virtualService]),
      diff: diffRouting({ ...(live.VirtualService ? { vs: live.VirtualService } : {}), ...(live.DestinationRule ? { dr: live.DestinationRule } : {}) }, wanted),
      owner,
    };
  }

  /** Serializes work per service so applies land in the order they were asked for. */
  private serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return next;
  }

  async apply(request: TrafficRouteRequest & { seq?: number }): Promise<TrafficApplyInfo> {
    const { objects, namespace } = await this.applyChange(request.service, request.namespace, splitChange(request), request);
    return { service: request.service, namespace, weights: request.weights.map((w) => ({ ...w })), objects, acceptedAt: new Date().toISOString(), ...(request.seq !== undefined ? { seq: request.seq } : {}) };
  }

  /** The one write path for every change of the service's routing: precondition, ownership, composition with what is there, then the DR before the VS. */
  applyChange(service: string, namespaceIn: string | undefined, change: PolicyChange, options: { takeOver?: boolean; basedOn?: RoutingBasisInfo }): Promise<{ namespace: string; objects: TrafficApplyInfo['objects'] }> {
    const namespace = this.namespaceOf(namespaceIn);
    const key = `${namespace}/${service}`;
    // A take over replaces whatever is there; otherwise the version the face saw must still hold.
    const basedOn = options.takeOver ? undefined : options.basedOn;
    return this.serialized(key, async () => {
      const clients = await this.options.clients();
      // A change that is wrong whatever is there (weights not summing to 100, an unknown version) is said before ownership.
      const facts = await this.factsOf(clients, service, namespace);
      composed(service, namespace, facts, change, {});
      const watch = this.watchOf(clients, namespace);
      let state = this.state.get(key);
      let live: LiveRouting | undefined;
      if (!state || options.takeOver || (basedOn && !consistent(watch, state, basedOn, service))) {
        live = await this.live(clients, service, namespace);
        state = this.remember(key, namespace, live);
        const moved = basedOn ? movedKinds(basedOn, live) : [];
        if (basedOn && moved.length > 0) throw routingMoved(moved, live, basedOn, service, namespace);
        if (!options.takeOver) refuseForeign(live, service, namespace);
      }
      const wanted = composed(service, namespace, facts, change, this.basis(state, change, options.takeOver));
      const results: TrafficApplyInfo['objects'] = [];
      const changeId = newChangeId();
      // Subsets before the route that uses them (Istio's make-before-break order).
      for (const [kind, object] of [['DestinationRule', wanted.destinationRule], ['VirtualService', wanted.virtualService]] as const) {
        const seen = state[kind];
        if (seen && seen.spec === JSON.stringify(object.spec ?? {}) && !options.takeOver && this.untouched(watch, kind, namespace, service)) {
          results.push({ kind, name: service, action: 'unchanged', resourceVersion: seen.resourceVersion });
          continue;
        }
        const foreignLive = live?.[kind] && ownerOf(live[kind]) === 'foreign' ? live[kind] : undefined;
        const recorded = withUndoRecord(object, changeId, seen?.spec);
        const written = await this.write(
          key,
          () => (foreignLive ? replaceObject<KubeObject>(clients, recorded, { resourceVersion: foreignLive.metadata?.resourceVersion ?? '' }) : this.applyAt(clients, kind, recorded, seen, basedOn !== undefined)),
          basedOn ? () => this.movedSince(clients, basedOn, service, namespace) : undefined,
        );
        state[kind] = seenOf(written.object);
        this.learn(kind, namespace, service, state[kind].resourceVersion);
        this.state.set(key, state);
        results.push({ kind, name: service, action: written.action, resourceVersion: state[kind].resourceVersion });
      }
      return { namespace, objects: results };
    });
  }

  /** Runs a write; on CONFLICT forgets what it knew of the service (the next action reads again) and says what to do. */
  private async write<T>(key: string, work: () => Promise<T>, explain?: () => Promise<AppError>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
      this.state.delete(key);
      // A face that said what it saw is told what is there now.
      throw explain ? await explain().catch(() => reviewAgain(error)) : reviewAgain(error);
    }
  }

  /** The CONFLICT for a write the API server refused: the live objects against the face's basis. */
  private async movedSince(clients: KubeClients, basedOn: RoutingBasisInfo, service: string, namespace: string): Promise<AppError> {
    const live = await this.live(clients, service, namespace);
    const moved = movedKinds(basedOn, live);
    return routingMoved(moved.length > 0 ? moved : ['VirtualService'], live, basedOn, service, namespace);
  }

  /** Server-side apply at the version MeshDeck saw; none seen means it must not exist yet (`strict`: not even one MeshDeck wrote). */
  private async applyAt(clients: KubeClients, kind: RoutingKind, object: KubeObject, seen: Seen | undefined, strict: boolean): Promise<WrittenObject<KubeObject>> {
    const written = await applyObject(clients, object, seen ? { resourceVersion: seen.resourceVersion } : {});
    // It appeared since MeshDeck looked and someone else made it (or, strict, another MeshDeck writer).
    if (!seen && written.action !== 'created' && (strict || ownerOf(written.object) !== 'meshdeck')) throw changedMeanwhile(RESOURCES[kind], object.metadata?.namespace, object.metadata?.name ?? '');
    return written;
  }

  /** Puts the service's objects back as they were before MeshDeck's last change (deleting what it created); CONFLICT when they changed since. */
  undo(request: { service: string; namespace?: string; basedOn?: RoutingBasisInfo }): Promise<{ namespace: string; objects: UndoneObject[] }> {
    const namespace = this.namespaceOf(request.namespace);
    const { service, basedOn } = request;
    const key = `${namespace}/${service}`;
    return this.serialized(key, async () => {
      const clients = await this.options.clients();
      const live = await this.live(clients, service, namespace);
      const moved = basedOn ? movedKinds(basedOn, live) : [];
      if (basedOn && moved.length > 0) throw routingMoved(moved, live, basedOn, service, namespace);
      const objects: UndoneObject[] = [];
      this.state.delete(key);
      for (const step of undoSteps(live, service, namespace)) {
        const resourceVersion = step.object.metadata?.resourceVersion ?? '';
        if (step.action === 'delete') {
          await deleteObject(clients, RESOURCES[step.kind], namespace, service, resourceVersion);
          objects.push({ kind: step.kind, name: service, action: 'deleted', resourceVersion });
          continue;
        }
        const restored = { apiVersion: step.object.apiVersion, kind: step.kind, metadata: { name: service, namespace, labels: { [MANAGED_BY.key]: MANAGED_BY.value }, annotations: undoneMark(step.change) }, spec: step.spec } as KubeObject;
        const written = await applyObject(clients, restored, { resourceVersion });
        this.learn(step.kind, namespace, service, written.object.metadata?.resourceVersion ?? '');
        objects.push({ kind: step.kind, name: service, action: written.action, resourceVersion: written.object.metadata?.resourceVersion ?? '' });
      }
      return { namespace, objects };
    });
  }

  /** Deletes the VirtualService and DestinationRule MeshDeck wrote for the service; foreign ones are left alone. */
  remove(request: { service: string; namespace?: string }): Promise<TrafficRemoveInfo> {
    const namespace = this.namespaceOf(request.namespace);
    const key = `${namespace}/${request.service}`;
    return this.serialized(key, async () => {
      const clients = await this.options.clients();
      const live = await this.live(clients, request.service, namespace);
      const removed: TrafficRemoveInfo['removed'] = [];
      // The route before the subsets it uses.
      for (const kind of ['VirtualService', 'DestinationRule'] as const) {
        const object = live[kind];
        if (!object || ownerOf(object) !== 'meshdeck') continue;
        const deleted = await this.write(key, () => deleteObject(clients, RESOURCES[kind], namespace, request.service, object.metadata?.resourceVersion ?? ''));
        if (deleted) removed.push({ kind, name: request.service });
      }
      this.state.delete(key);
      return { service: request.service, namespace, removed };
    });
  }
}

/** The objects after `change` on the service's policy as `objects` hold it. */
function composed(service: string, namespace: string, facts: ServiceFacts, change: PolicyChange, objects: LiveRouting): PolicyObjects {
  const { versions, versionLabel } = facts;
  const policy = readPolicy({ service, namespace, versions, versionLabel, virtualService: objects.VirtualService, destinationRule: objects.DestinationRule });
  return policyObjects(applyPolicyChange(policy, change, versions));
}

/** The sliders' request as a change of the service's policy. */
function splitChange(request: TrafficRouteRequest): PolicyChange {
  return { kind: 'split', weights: request.weights, ...(request.headerRoute !== undefined ? { headerRoute: request.headerRoute } : {}) };
}

/** CONFLICT when the service's routing objects exist and MeshDeck did not write them (take-over replaces them). */
function refuseForeign(live: LiveRouting, service: string, namespace: string): void {
  const foreign = [live.DestinationRule, live.VirtualService].filter((o): o is KubeObject => o !== undefined && ownerOf(o) === 'foreign');
  if (foreign.length === 0) return;
  const what = foreign.map((o) => `${o.kind ?? ''} ${o.metadata?.name ?? ''} (written by ${managersOf(o).join(', ') || 'someone else'})`).join(' and ');
  const one = foreign.length === 1;
  throw new AppError('CONFLICT', `${what} already exist${one ? 's' : ''} and MeshDeck did not write ${one ? 'it' : 'them'}. Nothing was changed. Use “Take over” (or --take-over) to replace ${one ? 'it' : 'them'} with MeshDeck’s routing.`, {
    service,
    namespace,
    objects: foreign.map((o) => `${o.kind ?? ''}/${o.metadata?.name ?? ''}`),
  });
}
