// Watches one namespace for the routing service's cache between slider moves: its Services and
// Deployments (a generation that moves whenever one changes, since a service's versions may have)
// and its VirtualServices and DestinationRules (the resourceVersion the cluster holds, so an edit
// made by someone else is noticed without reading the object). Reflectors from core/kube; they
// stop with stop() or when the clients close.
import { collectionPath, DEPLOYMENT, DESTINATION_RULE, Reflector, SERVICE, VIRTUAL_SERVICE, type KubeClients } from '../kube';

export type RoutingKind = 'VirtualService' | 'DestinationRule';

export class NamespaceWatch {
  private generationCount = 0;
  private readonly workloads: Reflector[];
  private readonly routing: Record<RoutingKind, Reflector>;

  constructor(
    clients: KubeClients,
    private readonly namespace: string,
  ) {
    const changed = (): void => {
      this.generationCount++;
    };
    const ignore = (): void => undefined;
    this.workloads = [SERVICE, DEPLOYMENT].map((resource) => new Reflector(clients, { path: collectionPath(resource, namespace) }, changed));
    this.routing = {
      VirtualService: new Reflector(clients, { path: collectionPath(VIRTUAL_SERVICE, namespace) }, ignore),
      DestinationRule: new Reflector(clients, { path: collectionPath(DESTINATION_RULE, namespace) }, ignore),
    };
    for (const reflector of this.reflectors()) reflector.start();
  }

  /** Moves whenever a Service or Deployment of the namespace changes (and on every re-list). */
  get generation(): number {
    return this.generationCount;
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
}
