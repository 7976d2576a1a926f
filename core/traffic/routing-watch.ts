// Watches one namespace: its Services and Deployments (a generation that moves whenever one
// changes, since a service's versions may have) and its VirtualServices and DestinationRules
// (the resourceVersion the cluster holds, so an edit made by someone else is noticed without
// reading the object). The routing service's cache uses it between slider moves; the cluster
// follow (cluster-follow.ts) passes a listener to hear what changed. Reflectors from core/kube;
// they stop with stop() or when the clients close.
import { collectionPath, DEPLOYMENT, DESTINATION_RULE, Reflector, SERVICE, VIRTUAL_SERVICE, type KubeClients, type KubeObject } from '../kube';

export type RoutingKind = 'VirtualService' | 'DestinationRule';

/** What a follower hears: a routing object that changed (null: deleted), workloads that changed, any reflector's news. */
export interface NamespaceListener {
  routing(kind: RoutingKind, object: KubeObject, resourceVersion: string | null): void;
  workloads(): void;
  /** Any list, event or trouble of any of the namespace's reflectors. */
  updated(watch: NamespaceWatch): void;
}

export class NamespaceWatch {
  private generationCount = 0;
  private readonly workloads: Reflector[];
  private readonly routing: Record<RoutingKind, Reflector>;

  constructor(
    clients: KubeClients,
    private readonly namespace: string,
    listener?: NamespaceListener,
  ) {
    const changed = (reflector: () => Reflector): (() => void) => {
      let synced = false;
      return () => {
        this.generationCount++;
        // The first list is what was there, not a change.
        if (synced && reflector().trouble === undefined) listener?.workloads();
        synced ||= reflector().synced;
        listener?.updated(this);
      };
    };
    this.workloads = [SERVICE, DEPLOYMENT].map((resource) => {
      const reflector: Reflector = new Reflector(clients, { path: collectionPath(resource, namespace) }, changed(() => reflector));
      return reflector;
    });
    this.routing = {
      VirtualService: this.routingReflector(clients, 'VirtualService', listener),
      DestinationRule: this.routingReflector(clients, 'DestinationRule', listener),
    };
    for (const reflector of this.reflectors()) reflector.start();
  }

  /** Moves whenever a Service or Deployment of the namespace changes (and on every re-list). */
  get generation(): number {
    return this.generationCount;
  }

  /** Every reflector has listed and none reports trouble. */
  get healthy(): boolean {
    return this.reflectors().every((r) => r.synced && r.trouble === undefined);
  }

  /** Some reflector reports a connection or API problem. */
  get troubled(): boolean {
    return this.reflectors().some((r) => r.trouble !== undefined);
  }

  /** Whether what was read at `generation` still holds: the watches are up and nothing changed since. */
  isCurrent(generation: number): boolean {
    return generation === this.generationCount && this.workloads.every((r) => r.synced && r.trouble === undefined);
  }

  /** The resourceVersion the cluster holds for the object; null when there is none, undefined when the watch cannot say. */
  resourceVersionOf(kind: RoutingKind, name: string): string | null | undefined {
    const reflector = this.routing[kind];
    if (!reflector.synced || reflector.trouble !== undefined) return undefined;
    return reflector.objects.get(`${this.namespace}/${name}`)?.metadata?.resourceVersion ?? null;
  }

  stop(): void {
    for (const reflector of this.reflectors()) reflector.stop();
  }

  private reflectors(): Reflector[] {
    return [...this.workloads, this.routing.VirtualService, this.routing.DestinationRule];
  }

  /** A routing collection's reflector; with a listener, each list or event is compared with the last to say what changed. */
  private routingReflector(clients: KubeClients, kind: RoutingKind, listener: NamespaceListener | undefined): Reflector {
    const resource = kind === 'VirtualService' ? VIRTUAL_SERVICE : DESTINATION_RULE;
    let seen: Map<string, KubeObject> | undefined;
    const reflector: Reflector = new Reflector(clients, { path: collectionPath(resource, this.namespace) }, () => {
      if (listener && reflector.synced) {
        const now = new Map(reflector.objects);
        if (seen) {
          for (const [key, object] of now) if (seen.get(key)?.metadata?.resourceVersion !== object.metadata?.resourceVersion) listener.routing(kind, object, object.metadata?.resourceVersion ?? '');
          for (const [key, object] of seen) if (!now.has(key)) listener.routing(kind, object, null);
        }
        seen = now;
      }
      listener?.updated(this);
    });
    return reflector;
  }
}
