// Follows the lab's cluster for the faces that show it: while at least one caller follows a
// namespace, watches its routing objects and workloads (routing-watch.ts) and pushes
// `routing:changed` and `workloads:changed` to every face, whoever made the change (another tab,
// `meshdeck shift`, kubectl). When the watches report trouble it asks the API server whether it
// is still there; one that has not answered for `goneAfterMs` is a lab that went away
// (`lab:state` gone, and `onGone` so the core can stop what depends on it); one that answers
// again (or a recreated lab, with new clients) is running. CLI commands never start it, so they
// pay nothing.
import type { EventPayloads, LabLiveState, TrafficFollowInfo } from '../contract';
import { KubeStatusError, type KubeClients, type KubeObject } from '../kube';
import { NamespaceWatch, type RoutingKind } from './routing-watch';

export type FollowEventName = 'routing:changed' | 'workloads:changed' | 'lab:state';

export interface ClusterFollowOptions {
  clients: () => Promise<KubeClients>;
  emit<E extends FollowEventName>(name: E, payload: EventPayloads[E]): void;
  /** The lab went away: stop what depends on it. */
  onGone?: (reason: string) => void;
  /** How long the API server may not answer before the lab counts as gone. Default 4 s. */
  goneAfterMs?: number;
  /** Time between two questions to an API server that may be gone. Default 1 s. */
  probeEveryMs?: number;
}

/** The service a routing object routes: MeshDeck names its objects after it; others name it as a host. */
function serviceOf(kind: RoutingKind, object: KubeObject): string {
  const spec = object.spec as { host?: string; hosts?: string[] } | undefined;
  const host = kind === 'DestinationRule' ? spec?.host : spec?.hosts?.[0];
  return host?.split('.')[0] || (object.metadata?.name ?? '');
}

/** An API server that answered at all (even 401 or 404) is there; only no answer counts as gone. */
async function answers(clients: KubeClients, timeoutMs: number): Promise<boolean> {
  try {
    await clients.http.request('GET', '/version', { signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch (error) {
    return error instanceof KubeStatusError;
  }
}

export class ClusterFollow {
  /** Per namespace, how many follows each holder (a caller) has open: one face may follow from several screens. */
  private readonly holders = new Map<string, Map<string, number>>();
  private readonly watches = new Map<string, NamespaceWatch>();
  private clients: KubeClients | undefined;
  private current: LabLiveState | 'checking' = 'checking';
  private silentSince: number | undefined;
  private probing: ReturnType<typeof setTimeout> | undefined;
  private readonly goneAfterMs: number;
  private readonly probeEveryMs: number;

  constructor(private readonly options: ClusterFollowOptions) {
    this.goneAfterMs = options.goneAfterMs ?? 4000;
    this.probeEveryMs = options.probeEveryMs ?? 1000;
  }

  get state(): LabLiveState | 'checking' {
    return this.current;
  }

  /** Namespaces followed by at least one caller. */
  get namespaces(): string[] {
    return [...this.watches.keys()];
  }

  /** `holder` (a caller) follows `namespace`; rejects when the lab's clients cannot be built (no lab). */
  async follow(holder: string, namespace: string): Promise<TrafficFollowInfo> {
    const clients = await this.options.clients();
    if (clients !== this.clients) this.restartOn(clients);
    let held = this.holders.get(namespace);
    if (!held) {
      held = new Map();
      this.holders.set(namespace, held);
    }
    held.set(holder, (held.get(holder) ?? 0) + 1);
    if (!this.watches.has(namespace)) this.watches.set(namespace, this.watchOf(clients, namespace));
    return { namespace, state: this.current };
  }

  /** One of `holder`'s follows of `namespace` ends; its watches stop when nobody follows it. */
  unfollow(holder: string, namespace: string, all = false): boolean {
    const held = this.holders.get(namespace);
    const count = held?.get(holder) ?? 0;
    if (held && count > 0) {
      if (count === 1 || all) held.delete(holder);
      else held.set(holder, count - 1);
    }
    const was = count > 0;
    if (held && held.size === 0) {
      this.holders.delete(namespace);
      this.watches.get(namespace)?.stop();
      this.watches.delete(namespace);
    }
    if (this.watches.size === 0) this.idle();
    return was;
  }

  /** Everything `holder` followed (its face went away). */
  release(holder: string): void {
    for (const namespace of [...this.holders.keys()]) this.unfollow(holder, namespace, true);
  }

  close(): void {
    for (const watch of this.watches.values()) watch.stop();
    this.watches.clear();
    this.holders.clear();
    this.idle();
  }

  private idle(): void {
    if (this.probing !== undefined) clearTimeout(this.probing);
    this.probing = undefined;
    this.silentSince = undefined;
    this.clients = undefined;
    this.current = 'checking';
  }

  /** New clients (a recreated lab): every followed namespace is watched again through them. */
  private restartOn(clients: KubeClients): void {
    this.clients = clients;
    for (const [namespace, watch] of this.watches) {
      watch.stop();
      this.watches.set(namespace, this.watchOf(clients, namespace));
    }
  }

  private watchOf(clients: KubeClients, namespace: string): NamespaceWatch {
    return new NamespaceWatch(clients, namespace, {
      routing: (kind, object, resourceVersion) =>
        this.options.emit('routing:changed', { namespace, service: serviceOf(kind, object), kind, name: object.metadata?.name ?? '', resourceVersion }),
      workloads: () => this.options.emit('workloads:changed', { namespace }),
      updated: (watch) => {
        if (watch.healthy) this.answered();
        else if (watch.troubled) this.startProbing();
      },
    });
  }

  private startProbing(): void {
    if (this.probing !== undefined || this.watches.size === 0) return;
    this.probing = setTimeout(() => void this.probe(), 0);
    this.probing.unref?.();
  }

  /** Asks the API server (and the lab, for new clients) whether it is there, until it answers. */
  private async probe(): Promise<void> {
    const clients = await this.options.clients().catch(() => this.clients);
    if (this.watches.size === 0 || !clients) return this.idle();
    if (clients !== this.clients) this.restartOn(clients);
    const ok = await answers(clients, Math.max(500, this.probeEveryMs));
    if (this.watches.size === 0) return;
    this.probing = undefined;
    if (ok) return this.answered();
    this.silentSince ??= Date.now();
    if (Date.now() - this.silentSince >= this.goneAfterMs) this.gone(clients);
    this.probing = setTimeout(() => void this.probe(), this.probeEveryMs);
    this.probing.unref?.();
  }

  private answered(): void {
    this.silentSince = undefined;
    if (this.current === 'running') return;
    this.current = 'running';
    this.options.emit('lab:state', { state: 'running', context: this.clients?.context ?? '', at: new Date().toISOString() });
  }

  private gone(clients: KubeClients): void {
    if (this.current === 'gone') return;
    this.current = 'gone';
    const seconds = Math.round(this.goneAfterMs / 1000);
    const reason = `The lab's cluster (context ${clients.context}, ${clients.server}) has not answered for ${seconds} s: it was deleted or stopped. Create it again in Setup (or \`meshdeck up\`), or start its node container again.`;
    this.options.emit('lab:state', { state: 'gone', context: clients.context, reason, at: new Date().toISOString() });
    this.options.onGone?.(reason);
  }
}
