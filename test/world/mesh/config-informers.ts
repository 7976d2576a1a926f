// Keeps a live MeshSnapshot from the API server with @kubernetes/client-node informers (list +
// watch, never polling): Pods and Services always; Gateways, VirtualServices and
// DestinationRules once their CRDs exist, at the best version the CRD serves (v1, else v1beta1,
// else v1alpha3). It converts objects as events arrive and tells waiters about each change.
import { ApiextensionsV1Api, CoreV1Api, CustomObjectsApi, makeInformer, type Informer, type KubeConfig, type KubernetesListObject, type KubernetesObject, type ObjectCache } from '@kubernetes/client-node';
import { destinationRuleFrom, gatewayFrom, podFrom, serviceFrom, virtualServiceFrom, type MeshSnapshot } from './mesh-config.js';

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

type Kind = keyof MeshSnapshot;
type Watched = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;

const istioKinds = {
  gateways: { crd: 'gateways.networking.istio.io', plural: 'gateways' },
  virtualServices: { crd: 'virtualservices.networking.istio.io', plural: 'virtualservices' },
  destinationRules: { crd: 'destinationrules.networking.istio.io', plural: 'destinationrules' },
} as const;
type IstioKind = keyof typeof istioKinds;

const converters: Record<Kind, (raw: unknown) => unknown> = {
  gateways: gatewayFrom,
  virtualServices: virtualServiceFrom,
  destinationRules: destinationRuleFrom,
  services: serviceFrom,
  pods: podFrom,
};

const versionPreference = ['v1', 'v1beta1', 'v1alpha3'];

/** The version an Istio CRD serves that we prefer, if any. */
export function preferredServedVersion(crd: unknown): string | undefined {
  const spec = (crd as { spec?: { versions?: { name?: string; served?: boolean }[] } }).spec;
  const served = new Set((spec?.versions ?? []).filter((v) => v.served !== false).map((v) => v.name));
  return versionPreference.find((v) => served.has(v));
}

export function watchMeshConfig(kc: KubeConfig, onError: (error: unknown) => void = () => undefined): MeshConfigWatch {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const extensions = kc.makeApiClient(ApiextensionsV1Api);
  const objects: Record<Kind, Map<string, unknown>> = { gateways: new Map(), virtualServices: new Map(), destinationRules: new Map(), services: new Map(), pods: new Map() };
  let cached: MeshSnapshot | undefined;
  let changes = 0;
  let stopped = false;
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  const running: Watched[] = [];
  const istio: Partial<Record<IstioKind, { version: string; informer: Watched; started: Promise<void> }>> = {};

  const changed = (): void => {
    cached = undefined;
    changes++;
    for (const wake of [...waiters]) wake();
  };

  const keyOf = (obj: KubernetesObject): string => `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;

  /** Wires an informer into `objects[kind]` and restarts it after errors (ListWatch stops on them). */
  function track(kind: Kind, informer: Watched): Promise<void> {
    const store = objects[kind];
    const put = (obj: KubernetesObject): void => {
      store.set(keyOf(obj), converters[kind](obj));
      changed();
    };
    informer.on('add', put);
    informer.on('update', put);
    informer.on('delete', (obj) => {
      store.delete(keyOf(obj));
      changed();
    });
    let backoff = 250;
    informer.on('error', (error: unknown) => {
      if (stopped || !running.includes(informer)) return;
      onError(error);
      // Reconnecting after a failed watch is not polling: nothing is read until the watch is back.
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped && running.includes(informer)) informer.start().then(() => (backoff = 250), () => undefined);
      }, backoff);
      timers.add(timer);
      backoff = Math.min(backoff * 2, 10_000);
    });
    running.push(informer);
    return informer.start().catch((error: unknown) => onError(error));
  }

  function untrack(kind: Kind, informer: Watched): void {
    running.splice(running.indexOf(informer), 1);
    void informer.stop();
    objects[kind].clear();
    changed();
  }

  function followCrd(crd: KubernetesObject, deleted: boolean): Promise<void> | undefined {
    const entry = Object.entries(istioKinds).find(([, k]) => k.crd === crd.metadata?.name);
    if (!entry) return undefined;
    const [kind, { plural }] = entry as [IstioKind, (typeof istioKinds)[IstioKind]];
    const version = deleted ? undefined : preferredServedVersion(crd);
    const current = istio[kind];
    if (current && current.version === version) return current.started;
    if (current) {
      untrack(kind, current.informer);
      delete istio[kind];
    }
    if (!version || stopped) return undefined;
    const group = 'networking.istio.io';
    const list = (): Promise<KubernetesListObject<KubernetesObject>> =>
      custom.listCustomObjectForAllNamespaces({ group, version, resourcePlural: plural }) as Promise<KubernetesListObject<KubernetesObject>>;
    const informer = makeInformer(kc, `/apis/${group}/${version}/${plural}`, list) as Watched;
    const started = track(kind, informer);
    istio[kind] = { version, informer, started };
    return started;
  }

  const pods = makeInformer(kc, '/api/v1/pods', () => core.listPodForAllNamespaces() as Promise<KubernetesListObject<KubernetesObject>>) as Watched;
  const services = makeInformer(kc, '/api/v1/services', () => core.listServiceForAllNamespaces() as Promise<KubernetesListObject<KubernetesObject>>) as Watched;
  const crds = makeInformer(kc, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', () => extensions.listCustomResourceDefinition() as Promise<KubernetesListObject<KubernetesObject>>) as Watched;
  const istioStarts: Promise<void>[] = [];
  crds.on('add', (crd) => {
    const started = followCrd(crd, false);
    if (started) istioStarts.push(started);
  });
  crds.on('update', (crd) => void followCrd(crd, false));
  crds.on('delete', (crd) => void followCrd(crd, true));
  let crdBackoff = 250;
  crds.on('error', (error: unknown) => {
    if (stopped) return;
    onError(error);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) crds.start().then(() => (crdBackoff = 250), () => undefined);
    }, crdBackoff);
    timers.add(timer);
    crdBackoff = Math.min(crdBackoff * 2, 10_000);
  });

  const synced = (async () => {
    await Promise.all([track('pods', pods), track('services', services), crds.start().catch((error: unknown) => onError(error))]);
    await Promise.all(istioStarts);
  })();

  function snapshot(): MeshSnapshot {
    cached ??= {
      gateways: [...objects.gateways.values()] as MeshSnapshot['gateways'],
      virtualServices: [...objects.virtualServices.values()] as MeshSnapshot['virtualServices'],
      destinationRules: [...objects.destinationRules.values()] as MeshSnapshot['destinationRules'],
      services: [...objects.services.values()] as MeshSnapshot['services'],
      pods: [...objects.pods.values()] as MeshSnapshot['pods'],
    };
    return cached;
  }

  function until(predicate: (s: MeshSnapshot) => boolean, signal?: AbortSignal): Promise<MeshSnapshot> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const current = snapshot();
        if (!predicate(current)) return;
        waiters.delete(check);
        signal?.removeEventListener('abort', cancel);
        resolve(current);
      };
      const cancel = (): void => {
        waiters.delete(check);
        reject(signal?.reason as Error);
      };
      if (signal?.aborted) return cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      waiters.add(check);
      check();
    });
  }

  async function stop(): Promise<void> {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    const all = [...running, crds];
    running.length = 0;
    await Promise.all(all.map((i) => i.stop()));
  }

  return { snapshot, synced, until, version: () => changes, stop };
}
