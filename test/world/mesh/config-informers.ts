// Keeps a live MeshSnapshot from the API server with @kubernetes/client-node informers (list +
// watch, never polling): Pods and Services always; Gateways, VirtualServices, DestinationRules,
// PeerAuthentications and AuthorizationPolicies once their CRDs exist, at the best version the CRD serves (v1, else v1beta1,
// else v1alpha3). It converts objects as events arrive and tells waiters about each change.
import { ApiextensionsV1Api, CoreV1Api, CustomObjectsApi, makeInformer, type Informer, type KubeConfig, type KubernetesListObject, type KubernetesObject, type ObjectCache } from '@kubernetes/client-node';
import { destinationRuleFrom, gatewayFrom, podFrom, serviceFrom, virtualServiceFrom, type MeshSnapshot } from './mesh-config.js';
import { authorizationPolicyFrom, peerAuthenticationFrom } from './security-config.js';

export interface MeshConfigWatch {
  snapshot(): MeshSnapshot;
  /** Resolves after the first list of every resource (and of every Istio kind whose CRD existed). */
  synced: Promise<void>;
  /** Resolves with the first snapshot (now or after a change) for which `predicate` holds. */
  until(predicate: (snapshot: MeshSnapshot) => boolean, signal?: AbortSignal): Promise<MeshSnapshot>;
  /** Bumped on every change the informers deliver. */
  version(): number;
  stop(): Promise<void>;
}

type Kind = keyof Required<MeshSnapshot>;
type Watched = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;

const istioKinds = {
  gateways: { crd: 'gateways.networking.istio.io', group: 'networking.istio.io', plural: 'gateways' },
  virtualServices: { crd: 'virtualservices.networking.istio.io', group: 'networking.istio.io', plural: 'virtualservices' },
  destinationRules: { crd: 'destinationrules.networking.istio.io', group: 'networking.istio.io', plural: 'destinationrules' },
  peerAuthentications: { crd: 'peerauthentications.security.istio.io', group: 'security.istio.io', plural: 'peerauthentications' },
  authorizationPolicies: { crd: 'authorizationpolicies.security.istio.io', group: 'security.istio.io', plural: 'authorizationpolicies' },
} as const;
type IstioKind = keyof typeof istioKinds;

const converters: Record<Kind, (raw: unknown) => unknown> = {
  gateways: gatewayFrom,
  virtualServices: virtualServiceFrom,
  destinationRules: destinationRuleFrom,
  services: serviceFrom,
  pods: podFrom,
  peerAuthentications: peerAuthenticationFrom,
  authorizationPolicies: authorizationPolicyFrom,
};

const versionPreference = ['v1', 'v1beta1', 'v1alpha3'];

/** The version an Istio CRD serves that we prefer, if any. */
export function preferredServedVersion(crd: unknown): string | undefined {
  const spec = (crd as { spec?: { versions?: { name?: string; served?: boolean }[] } }).spec;
  const served = new Set((spec?.versions ?? []).filter((v) => v.served !== false).map((v) => v.name));
  return versionPreference.find((v) => served.has(v));
}

export function watchMeshConfig(kc: KubeConfig, onError: (error: unknown) => void = () => undefined): MeshConfigWatch {
  return new MeshConfigInformers(kc, onError);
}

/** The informers behind a MeshConfigWatch and the converted objects they deliver. */
class MeshConfigInformers implements MeshConfigWatch {
  readonly synced: Promise<void>;
  private readonly objects: Record<Kind, Map<string, unknown>> = { gateways: new Map(), virtualServices: new Map(), destinationRules: new Map(), services: new Map(), pods: new Map(), peerAuthentications: new Map(), authorizationPolicies: new Map() };
  private readonly custom: CustomObjectsApi;
  private readonly crds: Watched;
  private cached: MeshSnapshot | undefined;
  private changes = 0;
  private stopped = false;
  private readonly waiters = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running: Watched[] = [];
  private readonly istio: Partial<Record<IstioKind, { version: string; informer: Watched; started: Promise<void> }>> = {};

  constructor(
    private readonly kc: KubeConfig,
    private readonly onError: (error: unknown) => void,
  ) {
    const core = kc.makeApiClient(CoreV1Api);
    const extensions = kc.makeApiClient(ApiextensionsV1Api);
    this.custom = kc.makeApiClient(CustomObjectsApi);
    const pods = makeInformer(kc, '/api/v1/pods', () => core.listPodForAllNamespaces() as Promise<KubernetesListObject<KubernetesObject>>) as Watched;
    const services = makeInformer(kc, '/api/v1/services', () => core.listServiceForAllNamespaces() as Promise<KubernetesListObject<KubernetesObject>>) as Watched;
    this.crds = makeInformer(kc, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', () => extensions.listCustomResourceDefinition() as Promise<KubernetesListObject<KubernetesObject>>) as Watched;
    const istioStarts: Promise<void>[] = [];
    this.crds.on('add', (crd) => {
      const started = this.followCrd(crd, false);
      if (started) istioStarts.push(started);
    });
    this.crds.on('update', (crd) => void this.followCrd(crd, false));
    this.crds.on('delete', (crd) => void this.followCrd(crd, true));
    this.restartOnError(this.crds, () => !this.stopped);
    const crdsStarted = this.crds.start().catch((error: unknown) => onError(error));
    this.synced = (async () => {
      await Promise.all([this.track('pods', pods), this.track('services', services), crdsStarted]);
      await Promise.all(istioStarts);
    })();
  }

  // The public methods are bound: callers pass them around on their own (`config.snapshot`).
  readonly snapshot = (): MeshSnapshot => {
    const objects = this.objects;
    this.cached ??= {
      gateways: [...objects.gateways.values()] as MeshSnapshot['gateways'],
      virtualServices: [...objects.virtualServices.values()] as MeshSnapshot['virtualServices'],
      destinationRules: [...objects.destinationRules.values()] as MeshSnapshot['destinationRules'],
      services: [...objects.services.values()] as MeshSnapshot['services'],
      pods: [...objects.pods.values()] as MeshSnapshot['pods'],
      peerAuthentications: [...objects.peerAuthentications.values()] as MeshSnapshot['peerAuthentications'],
      authorizationPolicies: [...objects.authorizationPolicies.values()] as MeshSnapshot['authorizationPolicies'],
    };
    return this.cached;
  };

  readonly until = (predicate: (s: MeshSnapshot) => boolean, signal?: AbortSignal): Promise<MeshSnapshot> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const current = this.snapshot();
        if (!predicate(current)) return;
        this.waiters.delete(check);
        signal?.removeEventListener('abort', cancel);
        resolve(current);
      };
      const cancel = (): void => {
        this.waiters.delete(check);
        reject(signal?.reason as Error);
      };
      if (signal?.aborted) return cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      this.waiters.add(check);
      check();
    });

  readonly version = (): number => this.changes;

  readonly stop = async (): Promise<void> => {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const all = [...this.running, this.crds];
    this.running.length = 0;
    await Promise.all(all.map((i) => i.stop()));
  };

  private changed(): void {
    this.cached = undefined;
    this.changes++;
    for (const wake of [...this.waiters]) wake();
  }

  /** ListWatch stops on errors: start it again with backoff while `wanted` holds. Reconnecting is not polling: nothing is read until the watch is back. */
  private restartOnError(informer: Watched, wanted: () => boolean): void {
    let backoff = 250;
    informer.on('error', (error: unknown) => {
      if (!wanted()) return;
      this.onError(error);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (wanted()) informer.start().then(() => (backoff = 250), () => undefined);
      }, backoff);
      this.timers.add(timer);
      backoff = Math.min(backoff * 2, 10_000);
    });
  }

  /** Wires an informer into `objects[kind]`, restarted after errors while it is still wanted. */
  private track(kind: Kind, informer: Watched): Promise<void> {
    const store = this.objects[kind];
    const put = (obj: KubernetesObject): void => {
      store.set(keyOf(obj), converters[kind](obj));
      this.changed();
    };
    informer.on('add', put);
    informer.on('update', put);
    informer.on('delete', (obj) => {
      store.delete(keyOf(obj));
      this.changed();
    });
    this.restartOnError(informer, () => !this.stopped && this.running.includes(informer));
    this.running.push(informer);
    return informer.start().catch((error: unknown) => this.onError(error));
  }

  private untrack(kind: Kind, informer: Watched): void {
    this.running.splice(this.running.indexOf(informer), 1);
    void informer.stop();
    this.objects[kind].clear();
    this.changed();
  }

  /** Follows an Istio CRD: an informer at its preferred served version, replaced when that changes. */
  private followCrd(crd: KubernetesObject, deleted: boolean): Promise<void> | undefined {
    const entry = Object.entries(istioKinds).find(([, k]) => k.crd === crd.metadata?.name);
    if (!entry) return undefined;
    const [kind, { group, plural }] = entry as [IstioKind, (typeof istioKinds)[IstioKind]];
    const version = deleted ? undefined : preferredServedVersion(crd);
    const current = this.istio[kind];
    if (current && current.version === version) return current.started;
    if (current) {
      this.untrack(kind, current.informer);
      delete this.istio[kind];
    }
    if (!version || this.stopped) return undefined;
    const list = (): Promise<KubernetesListObject<KubernetesObject>> =>
      this.custom.listCustomObjectForAllNamespaces({ group, version, resourcePlural: plural }) as Promise<KubernetesListObject<KubernetesObject>>;
    const informer = makeInformer(this.kc, `/apis/${group}/${version}/${plural}`, list) as Watched;
    const started = this.track(kind, informer);
    this.istio[kind] = { version, informer, started };
    return started;
  }
}

const keyOf = (obj: KubernetesObject): string => `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
