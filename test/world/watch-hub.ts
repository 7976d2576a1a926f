// Watches: one subscription to the store fanned out to every watcher of a type, with the real
// resourceVersion rules (unset/"0" = current state as ADDED then changes; N = changes after N;
// compacted N = 410 Expired as an ERROR event), selector transitions (an object leaving a
// selector is DELETED for that watcher), BOOKMARKs when asked, sendInitialEvents and
// timeoutSeconds. Transport is the sink's job; this module never touches HTTP.
import type { ResourceApi } from './resource-api.js';
import type { ResourceType } from './resources.js';
import { matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector, type FieldRequirement, type Requirement } from './selectors.js';
import { badRequest, gone } from './status.js';
import type { KubeObject, Store, StoreEvent } from './store.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchSink {
  send(type: WatchEventType, object: unknown): void;
  close(): void;
}

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowBookmarks?: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
}

interface Watcher {
  storageKey: string;
  namespace?: string;
  labels: Requirement[];
  fields: FieldRequirement[];
  sink: WatchSink;
  lastRv: number;
  timers: NodeJS.Timeout[];
}

export class WatchHub {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly unsubscribe: () => void;
  bookmarkIntervalMs: number;

  constructor(
    private readonly store: Store,
    private readonly api: ResourceApi,
    options: { bookmarkIntervalMs?: number } = {},
  ) {
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 30_000;
    this.unsubscribe = store.subscribe((event) => this.dispatch(event));
  }

  /** Number of open watches (for tests and the benchmark). */
  get size(): number {
    let n = 0;
    for (const set of this.watchers.values()) n += set.size;
    return n;
  }

  /** Starts a watch; selector errors throw before anything is sent. Returns a stop function. */
  watch(request: WatchRequest, sink: WatchSink): () => void {
    const labels = parseLabelSelector(request.labelSelector);
    const storageKey = this.api.storageKey(request.type);
    const fields = parseFieldSelector(request.fieldSelector, storageKey);
    const watcher: Watcher = {
      storageKey,
      ...(request.type.namespaced && request.namespace ? { namespace: request.namespace } : {}),
      labels,
      fields,
      sink,
      lastRv: this.store.resourceVersion,
      timers: [],
    };
    const rv = request.resourceVersion;
    const fromState = rv === undefined || rv === '' || rv === '0' || request.sendInitialEvents === true;
    if (fromState) {
      for (const obj of this.store.list(storageKey, watcher.namespace)) {
        if (this.matches(watcher, obj)) sink.send('ADDED', obj);
      }
      if (request.sendInitialEvents && request.allowBookmarks) {
        sink.send('BOOKMARK', this.bookmark(request.type, { 'k8s.io/initial-events-end': 'true' }));
      }
    } else {
      const since = Number(rv);
      if (!Number.isInteger(since)) throw badRequest(`invalid resource version: ${rv}`);
      const history = this.store.eventsSince(since);
      if (!history) {
        // Like the watch cache: the stream opens and its only event is a 410 Expired Status.
        sink.send('ERROR', gone(`too old resource version: ${since} (${this.store.compactedResourceVersion + 1})`).toStatus());
        sink.close();
        return () => undefined;
      }
      for (const event of history) if (event.typeKey === storageKey) this.deliver(watcher, event);
    }
    let set = this.watchers.get(storageKey);
    if (!set) {
      set = new Set();
      this.watchers.set(storageKey, set);
    }
    set.add(watcher);
    const stop = (): void => {
      for (const t of watcher.timers) clearTimeout(t);
      this.watchers.get(storageKey)?.delete(watcher);
    };
    if (request.allowBookmarks) {
      const timer = setInterval(() => sink.send('BOOKMARK', this.bookmark(request.type)), this.bookmarkIntervalMs);
      timer.unref();
      watcher.timers.push(timer);
    }
    if (request.timeoutSeconds && request.timeoutSeconds > 0) {
      const timer = setTimeout(() => {
        stop();
        sink.close();
      }, request.timeoutSeconds * 1000);
      timer.unref();
      watcher.timers.push(timer);
    }
    return stop;
  }

  private bookmark(type: ResourceType, annotations?: Record<string, string>): KubeObject {
    return {
      kind: type.kind,
      apiVersion: type.group ? `${type.group}/${type.versions[0]?.name ?? 'v1'}` : 'v1',
      metadata: { resourceVersion: String(this.store.resourceVersion), ...(annotations ? { annotations } : {}) },
    };
  }

  private matches(watcher: Watcher, obj: KubeObject | undefined): boolean {
    if (!obj) return false;
    if (watcher.namespace && obj.metadata.namespace !== watcher.namespace) return false;
    if (watcher.labels.length > 0 && !matchesRequirements(watcher.labels, obj.metadata.labels)) return false;
    if (watcher.fields.length > 0 && !matchesFields(watcher.fields, obj)) return false;
    return true;
  }

  private deliver(watcher: Watcher, event: StoreEvent): void {
    const now = this.matches(watcher, event.object);
    if (event.type === 'MODIFIED') {
      const before = this.matches(watcher, event.previous);
      if (now && before) watcher.sink.send('MODIFIED', event.object);
      else if (now) watcher.sink.send('ADDED', event.object);
      else if (before) watcher.sink.send('DELETED', event.object);
    } else if (now) watcher.sink.send(event.type, event.object);
    watcher.lastRv = event.rv;
  }

  private dispatch(event: StoreEvent): void {
    const set = this.watchers.get(event.typeKey);
    if (!set) return;
    for (const watcher of set) this.deliver(watcher, event);
  }

  /** Ends every watch (world shutdown). */
  closeAll(): void {
    for (const set of this.watchers.values()) {
      for (const w of set) {
        for (const t of w.timers) clearTimeout(t);
        w.sink.close();
      }
      set.clear();
    }
    this.unsubscribe();
  }
}
