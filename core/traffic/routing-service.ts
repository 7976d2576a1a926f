// Reads and writes a service's routing in the cluster: which versions it has and who owns its
// VirtualService and DestinationRule, a preview (YAML + diff against the live objects), applying
// a split, and removing what MeshDeck wrote. Writes are server-side applies (field manager
// "meshdeck") with the resourceVersion MeshDeck last saw as a precondition, so an edit made by
// someone else since then is a CONFLICT, never silently overwritten. Applies to one service are
// serialized; the fast path (a slider move) is a single PATCH.
import { AppError, checkSplit, type RoutingRefInfo, type TrafficApplyInfo, type TrafficPreviewInfo, type TrafficRemoveInfo, type TrafficRouteRequest, type TrafficServiceInfo } from '../contract';
import { kubeError, KubeStatusError, type KubeClients, type KubeObject } from '../kube';
import { buildRouting, ownerOf, readRouting, serviceHost } from './routing-objects';
import { diffRouting, routingYaml } from './routing-yaml';
import { VERSION_LABELS, versionsOfService } from './subsets';

type RoutingKind = 'VirtualService' | 'DestinationRule';
const NETWORKING = '/apis/networking.istio.io/v1';
const PLURAL: Record<RoutingKind, string> = { VirtualService: 'virtualservices', DestinationRule: 'destinationrules' };

interface ServiceObject extends KubeObject {
  spec?: { selector?: Record<string, string> };
}

interface WorkloadObject extends KubeObject {
  spec?: { replicas?: number; template?: { metadata?: { labels?: Record<string, string> } } };
  status?: { replicas?: number; readyReplicas?: number };
}

interface VirtualServiceObject extends KubeObject {
  spec?: { hosts?: string[] };
}

/** What MeshDeck last saw or wrote of one object: its resourceVersion and spec. */
interface Seen {
  resourceVersion: string;
  spec: string;
}

interface ServiceState {
  VirtualService?: Seen;
  DestinationRule?: Seen;
}

export interface RoutingServiceOptions {
  clients: () => Promise<KubeClients>;
  /** Namespace used when a request names none (the lab's Bookinfo namespace). */
  defaultNamespace: string;
}

function objectPath(kind: RoutingKind, namespace: string, name?: string): string {
  const base = `${NETWORKING}/namespaces/${encodeURIComponent(namespace)}/${PLURAL[kind]}`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
}

function managersOf(object: KubeObject): string[] {
  const fields = (object.metadata?.['managedFields'] ?? []) as { manager?: string }[];
  return [...new Set(fields.map((f) => f.manager ?? '').filter((m) => m !== ''))];
}

function refOf(kind: RoutingKind, object: KubeObject): RoutingRefInfo {
  return { kind, name: object.metadata?.name ?? '', owner: ownerOf(object) === 'meshdeck' ? 'meshdeck' : 'foreign', resourceVersion: object.metadata?.resourceVersion ?? '', managers: managersOf(object) };
}

function seenOf(object: KubeObject): Seen {
  return { resourceVersion: object.metadata?.resourceVersion ?? '', spec: JSON.stringify(object['spec'] ?? {}) };
}

/** The label key the service's workloads carry their version in (Kiali's order), default "version". */
function versionLabelOf(workloads: readonly { labels: Record<string, string> }[]): string {
  for (const key of VERSION_LABELS) if (workloads.some((w) => w.labels[key] !== undefined)) return key;
  return 'version';
}

export class RoutingService {
  private readonly state = new Map<string, ServiceState>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly options: RoutingServiceOptions) {}

  private namespaceOf(namespace: string | undefined): string {
    return namespace ?? this.options.defaultNamespace;
  }

  private async get<T extends KubeObject>(clients: KubeClients, path: string, what: string): Promise<T | undefined> {
    try {
      return (await clients.http.request<T>('GET', path)).body;
    } catch (error) {
      if (error instanceof KubeStatusError && error.statusCode === 404) return undefined;
      throw kubeError(error, what, clients.server);
    }
  }

  private async list<T extends KubeObject>(clients: KubeClients, path: string, what: string): Promise<T[]> {
    try {
      return (await clients.http.request<{ items?: T[] }>('GET', path)).body.items ?? [];
    } catch (error) {
      if (error instanceof KubeStatusError && error.statusCode === 404 && path.startsWith(NETWORKING)) {
        throw new AppError('K8S_API', `The cluster on context "${clients.context}" has no Istio networking API: Istio is not installed. Create the mesh in Setup (or \`meshdeck up\`) first.`, { context: clients.context });
      }
      throw kubeError(error, what, clients.server);
    }
  }

  /** Services of a namespace that select at least one workload, with their versions and routing. */
  async services(namespaceIn?: string): Promise<TrafficServiceInfo[]> {
    const namespace = this.namespaceOf(namespaceIn);
    const clients = await this.options.clients();
    const ns = encodeURIComponent(namespace);
    const [services, deployments, virtualServices, destinationRules] = await Promise.all([
      this.list<ServiceObject>(clients, `/api/v1/namespaces/${ns}/services`, `Reading services of ${namespace}`),
      this.list<WorkloadObject>(clients, `/apis/apps/v1/namespaces/${ns}/deployments`, `Reading deployments of ${namespace}`),
      this.list<VirtualServiceObject>(clients, objectPath('VirtualService', namespace), `Reading VirtualServices of ${namespace}`),
      this.list<KubeObject>(clients, objectPath('DestinationRule', namespace), `Reading DestinationRules of ${namespace}`),
    ]);
    const workloads = deployments.map((d) => ({
      name: d.metadata?.name ?? '',
      labels: d.spec?.template?.metadata?.labels ?? {},
      replicas: d.status?.replicas ?? d.spec?.replicas ?? 0,
      ready: d.status?.readyReplicas ?? 0,
    }));
    const out: TrafficServiceInfo[] = [];
    for (const service of services) {
      const name = service.metadata?.name ?? '';
      const selector = service.spec?.selector;
      if (!selector || Object.keys(selector).length === 0) continue;
      const versions = versionsOfService({ name, namespace, selector }, workloads);
      if (versions.length === 0) continue;
      const host = serviceHost(name, namespace);
      const forHost = (hosts: readonly string[] | undefined) => (hosts ?? []).some((h) => h === name || h === host || h === `${name}.${namespace}`);
      const vs = virtualServices.find((v) => v.metadata?.name === name);
      const others = virtualServices.filter((v) => v !== vs && !(v.spec as { gateways?: string[] } | undefined)?.gateways?.length && forHost(v.spec?.hosts));
      const dr = destinationRules.find((d) => d.metadata?.name === name) ?? destinationRules.find((d) => forHost([(d['spec'] as { host?: string } | undefined)?.host ?? '']));
      const objects: RoutingRefInfo[] = [...(vs ? [refOf('VirtualService', vs)] : []), ...others.map((o) => refOf('VirtualService', o)), ...(dr ? [refOf('DestinationRule', dr)] : [])];
      const owner = objects.length === 0 ? 'none' : objects.some((o) => o.owner === 'foreign') ? 'foreign' : 'meshdeck';
      const routing = readRouting(vs, name, namespace);
      out.push({ name, namespace, host, versions, owner, objects, weights: routing.weights, ...(routing.headerRoute ? { headerRoute: routing.headerRoute } : {}) });
    }
    return out.sort((a, b) => Number(b.versions.length > 1) - Number(a.versions.length > 1) || a.name.localeCompare(b.name));
  }

  private async wanted(clients: KubeClients, request: TrafficRouteRequest, namespace: string): Promise<{ destinationRule: KubeObject; virtualService: KubeObject }> {
    const ns = encodeURIComponent(namespace);
    const [service, deployments] = await Promise.all([
      this.get<ServiceObject>(clients, `/api/v1/namespaces/${ns}/services/${encodeURIComponent(request.service)}`, `Reading service ${namespace}/${request.service}`),
      this.list<WorkloadObject>(clients, `/apis/apps/v1/namespaces/${ns}/deployments`, `Reading deployments of ${namespace}`),
    ]);
    if (!service) throw new AppError('NOT_FOUND', `There is no service "${request.service}" in namespace ${namespace}. Pick one of the services the Traffic screen lists (\`meshdeck traffic --services\`).`, { service: request.service, namespace });
    const selector = service.spec?.selector ?? {};
    const workloads = deployments.map((d) => ({ name: d.metadata?.name ?? '', labels: d.spec?.template?.metadata?.labels ?? {}, replicas: d.status?.replicas ?? 0, ready: d.status?.readyReplicas ?? 0 }));
    const versions = versionsOfService({ name: request.service, namespace, selector }, workloads);
    if (versions.length === 0) throw new AppError('INVALID_ARGUMENT', `Service ${namespace}/${request.service} selects no workload with a version label (version, app.kubernetes.io/version or service.istio.io/canonical-revision), so there is nothing to split.`, { service: request.service });
    const known = versions.map((v) => v.name);
    const problems = checkSplit(request.weights, known);
    if (request.headerRoute && !known.includes(request.headerRoute.version)) problems.push(`The header rule sends to ${request.headerRoute.version}, which ${request.service} does not have (it has ${known.join(', ')}).`);
    if (problems.length > 0) throw new AppError('INVALID_ARGUMENT', `${problems.join(' ')}`, { service: request.service, versions: known });
    const selected = workloads.filter((w) => Object.entries(selector).every(([k, v]) => w.labels[k] === v));
    return buildRouting({ service: request.service, namespace, versions: known, weights: request.weights, ...(request.headerRoute ? { headerRoute: request.headerRoute } : {}), versionLabel: versionLabelOf(selected) });
  }

  private async live(clients: KubeClients, service: string, namespace: string): Promise<{ VirtualService?: KubeObject; DestinationRule?: KubeObject }> {
    const [vs, dr] = await Promise.all([
      this.get(clients, objectPath('VirtualService', namespace, service), `Reading VirtualService ${namespace}/${service}`),
      this.get(clients, objectPath('DestinationRule', namespace, service), `Reading DestinationRule ${namespace}/${service}`),
    ]);
    return { ...(vs ? { VirtualService: vs } : {}), ...(dr ? { DestinationRule: dr } : {}) };
  }

  private remember(key: string, live: { VirtualService?: KubeObject; DestinationRule?: KubeObject }): void {
    this.state.set(key, { ...(live.VirtualService ? { VirtualService: seenOf(live.VirtualService) } : {}), ...(live.DestinationRule ? { DestinationRule: seenOf(live.DestinationRule) } : {}) });
  }

  async preview(request: TrafficRouteRequest): Promise<TrafficPreviewInfo> {
    const namespace = this.namespaceOf(request.namespace);
    const clients = await this.options.clients();
    const [wanted, live] = await Promise.all([this.wanted(clients, request, namespace), this.live(clients, request.service, namespace)]);
    // What the user reviewed is what an apply may replace: remember it as the precondition.
    this.remember(`${namespace}/${request.service}`, live);
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

  apply(request: TrafficRouteRequest & { seq?: number }): Promise<TrafficApplyInfo> {
    const namespace = this.namespaceOf(request.namespace);
    const key = `${namespace}/${request.service}`;
    return this.serialized(key, async () => {
      const clients = await this.options.clients();
      const wanted = await this.wanted(clients, request, namespace);
      let state = this.state.get(key);
      let live: { VirtualService?: KubeObject; DestinationRule?: KubeObject } | undefined;
      if (!state || request.takeOver) {
        live = await this.live(clients, request.service, namespace);
        this.remember(key, live);
        state = this.state.get(key) ?? {};
      }
      if (live && !request.takeOver) {
        const foreign = [live.DestinationRule, live.VirtualService].filter((o): o is KubeObject => o !== undefined && ownerOf(o) === 'foreign');
        if (foreign.length > 0) {
          const what = foreign.map((o) => `${o.kind ?? ''} ${o.metadata?.name ?? ''} (written by ${managersOf(o).join(', ') || 'someone else'})`).join(' and ');
          throw new AppError('CONFLICT', `${what} already exist${foreign.length === 1 ? 's' : ''} and MeshDeck did not write ${foreign.length === 1 ? 'it' : 'them'}. Nothing was changed. Use “Take over” (or --take-over) to replace ${foreign.length === 1 ? 'it' : 'them'} with MeshDeck’s routing.`, {
            service: request.service,
            namespace,
            objects: foreign.map((o) => `${o.kind ?? ''}/${o.metadata?.name ?? ''}`),
          });
        }
      }
      const results: TrafficApplyInfo['objects'] = [];
      // Subsets before the route that uses them (Istio's make-before-break order).
      for (const [kind, object] of [['DestinationRule', wanted.destinationRule], ['VirtualService', wanted.virtualService]] as const) {
        const seen = state[kind];
        const spec = JSON.stringify(object['spec'] ?? {});
        if (seen && seen.spec === spec && !request.takeOver) {
          results.push({ kind, name: request.service, action: 'unchanged', resourceVersion: seen.resourceVersion });
          continue;
        }
        const foreignLive = live?.[kind] && ownerOf(live[kind]) === 'foreign' ? live[kind] : undefined;
        const written = foreignLive ? await this.replace(clients, kind, object, foreignLive, namespace) : await this.serverSideApply(clients, kind, object, namespace, seen);
        state[kind] = seenOf(written.object);
        this.state.set(key, state);
        results.push({ kind, name: request.service, action: written.action, resourceVersion: written.object.metadata?.resourceVersion ?? '' });
      }
      return { service: request.service, namespace, weights: request.weights.map((w) => ({ ...w })), objects: results, acceptedAt: new Date().toISOString(), ...(request.seq !== undefined ? { seq: request.seq } : {}) };
    });
  }

  private conflict(kind: RoutingKind, name: string, namespace: string): AppError {
    return new AppError('CONFLICT', `${kind} ${namespace}/${name} was changed in the cluster by someone else since MeshDeck last read it. Nothing was overwritten. Review the routing again (reload the preview), then apply or take over.`, { kind, name, namespace });
  }

  private async serverSideApply(clients: KubeClients, kind: RoutingKind, object: KubeObject, namespace: string, seen: Seen | undefined): Promise<{ object: KubeObject; action: 'created' | 'configured' | 'unchanged' }> {
    const name = object.metadata?.name ?? '';
    // The precondition: only the version MeshDeck saw may be replaced; none means it must not exist yet.
    const body = { ...object, metadata: { ...object.metadata, namespace, ...(seen ? { resourceVersion: seen.resourceVersion } : {}) } };
    try {
      const answer = await clients.http.request<KubeObject>('PATCH', objectPath(kind, namespace, name), {
        query: { fieldManager: 'meshdeck', force: 'true' },
        body: JSON.stringify(body),
        contentType: 'application/apply-patch+yaml',
      });
      const rv = answer.body.metadata?.resourceVersion ?? '';
      if (!seen && answer.statusCode !== 201) {
        // It appeared since MeshDeck looked: someone else made it. Forget what we knew and say so.
        this.state.delete(`${namespace}/${name}`);
        if (ownerOf(answer.body) !== 'meshdeck') throw this.conflict(kind, name, namespace);
      }
      return { object: answer.body, action: answer.statusCode === 201 ? 'created' : seen?.resourceVersion === rv ? 'unchanged' : 'configured' };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof KubeStatusError && error.statusCode === 409) {
        this.state.delete(`${namespace}/${name}`);
        throw this.conflict(kind, name, namespace);
      }
      throw kubeError(error, `Applying ${kind} ${namespace}/${name}`, clients.server);
    }
  }

  /** Take over: replaces a foreign object outright (PUT with its resourceVersion), so none of its old fields linger. */
  private async replace(clients: KubeClients, kind: RoutingKind, object: KubeObject, live: KubeObject, namespace: string): Promise<{ object: KubeObject; action: 'configured' }> {
    const name = object.metadata?.name ?? '';
    const body = { ...object, metadata: { ...object.metadata, namespace, resourceVersion: live.metadata?.resourceVersion ?? '' } };
    try {
      const answer = await clients.http.request<KubeObject>('PUT', objectPath(kind, namespace, name), { query: { fieldManager: 'meshdeck' }, body: JSON.stringify(body) });
      return { object: answer.body, action: 'configured' };
    } catch (error) {
      if (error instanceof KubeStatusError && error.statusCode === 409) {
        this.state.delete(`${namespace}/${name}`);
        throw this.conflict(kind, name, namespace);
      }
      throw kubeError(error, `Taking over ${kind} ${namespace}/${name}`, clients.server);
    }
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
        try {
          await clients.http.request('DELETE', objectPath(kind, namespace, request.service), { body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: object.metadata?.resourceVersion ?? '' } }) });
          removed.push({ kind, name: request.service });
        } catch (error) {
          if (error instanceof KubeStatusError && error.statusCode === 404) continue;
          if (error instanceof KubeStatusError && error.statusCode === 409) throw this.conflict(kind, request.service, namespace);
          throw kubeError(error, `Deleting ${kind} ${namespace}/${request.service}`, clients.server);
        }
      }
      this.state.delete(key);
      return { service: request.service, namespace, removed };
    });
  }
}
