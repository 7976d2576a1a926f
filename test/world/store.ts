// The world's etcd: objects by type and namespace/name, one global resourceVersion counter,
// a bounded history of change events (for watches from a resourceVersion) and an index of
// owner UIDs for the garbage collector. It does no validation or defaulting; it never
// mutates what callers hand it after storing, and callers must not mutate what it returns.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  typeKey: string;
  namespace: string;
  object: KubeObject;
  /** The object before this change (MODIFIED and DELETED only). */
  previous?: KubeObject;
  rv: number;
}

interface Entry {
  object: KubeObject;
  json?: string;
}

interface Table {
  entries: Map<string, Entry>;
  sortedKeys: string[] | null;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class Store {
  private revision = 0;
  private readonly tables = new Map<string, Table>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private history: StoreEvent[] = [];
  private compacted = 0;
  private readonly owners = new Map<string, Set<string>>();

  constructor(private readonly historyLimit = 20_000) {}

  /** The newest resourceVersion handed out. */
  get resourceVersion(): number {
    return this.revision;
  }

  /** Watches from a resourceVersion older than this are answered with 410 Gone. */
  get compactedResourceVersion(): number {
    return this.compacted;
  }

  /** Drops history up to the current revision, as an etcd compaction would (tests of 410). */
  compact(): void {
    this.history = [];
    this.compacted = this.revision;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private table(typeKey: string): Table {
    let t = this.tables.get(typeKey);
    if (!t) {
      t = { entries: new Map(), sortedKeys: null };
      this.tables.set(typeKey, t);
    }
    return t;
  }

  get(typeKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.tables.get(typeKey)?.entries.get(objectKey(namespace, name))?.object;
  }

  /** The object's JSON, serialised once per revision: GETs of unchanged objects cost a lookup. */
  json(typeKey: string, namespace: string | undefined, name: string): string | undefined {
    const entry = this.tables.get(typeKey)?.entries.get(objectKey(namespace, name));
    if (!entry) return undefined;
    entry.json ??= JSON.stringify(entry.object);
    return entry.json;
  }

  /** JSON for an object returned by list(): the cached text when a GET made one, else fresh.
   * Lists do not fill the cache, so listing everything does not double the world's memory. */
  jsonOf(typeKey: string, object: KubeObject): string {
    const entry = this.tables.get(typeKey)?.entries.get(objectKey(object.metadata.namespace, object.metadata.name ?? ''));
    if (entry && entry.object === object && entry.json !== undefined) return entry.json;
    return JSON.stringify(object);
  }

  /** Objects sorted by namespace/name (etcd key order), optionally in one namespace. */
  list(typeKey: string, namespace?: string): KubeObject[] {
    const t = this.tables.get(typeKey);
    if (!t) return [];
    t.sortedKeys ??= [...t.entries.keys()].sort();
    const out: KubeObject[] = [];
    const prefix = namespace ? `${namespace}/` : undefined;
    for (const key of t.sortedKeys) {
      if (prefix !== undefined && !key.startsWith(prefix)) continue;
      const entry = t.entries.get(key);
      if (entry) out.push(entry.object);
    }
    return out;
  }

  count(typeKey: string): number {
    return this.tables.get(typeKey)?.entries.size ?? 0;
  }

  typeKeys(): string[] {
    return [...this.tables.keys()];
  }

  /** Stores a new revision of an object (already validated), stamping its resourceVersion. */
  put(typeKey: string, object: KubeObject): KubeObject {
    const t = this.table(typeKey);
    const key = objectKey(object.metadata.namespace, object.metadata.name ?? '');
    const previous = t.entries.get(key)?.object;
    this.revision++;
    object.metadata.resourceVersion = String(this.revision);
    if (!previous) t.sortedKeys = null;
    t.entries.set(key, { object });
    this.indexOwners(typeKey, key, previous, object);
    this.emit({ type: previous ? 'MODIFIED' : 'ADDED', typeKey, namespace: object.metadata.namespace ?? '', object, ...(previous ? { previous } : {}), rv: this.revision });
    return object;
  }

  remove(typeKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const t = this.tables.get(typeKey);
    const key = objectKey(namespace, name);
    const previous = t?.entries.get(key)?.object;
    if (!t || !previous) return undefined;
    t.entries.delete(key);
    t.sortedKeys = null;
    this.indexOwners(typeKey, key, previous, undefined);
    this.revision++;
    // The DELETED event carries the final state at the deletion's revision, like etcd's watch.
    const finalState: KubeObject = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(this.revision) } };
    this.emit({ type: 'DELETED', typeKey, namespace: namespace ?? '', object: finalState, previous, rv: this.revision });
    return finalState;
  }

  /** Keys ("typeKey|namespace/name") of objects that list the UID among their owners. */
  dependentsOf(uid: string): { typeKey: string; namespace: string | undefined; name: string }[] {
    const keys = this.owners.get(uid);
    if (!keys) return [];
    return [...keys].map((k) => {
      const [typeKey = '', objKey = ''] = k.split('|');
      const slash = objKey.indexOf('/');
      return slash < 0 ? { typeKey, namespace: undefined, name: objKey } : { typeKey, namespace: objKey.slice(0, slash), name: objKey.slice(slash + 1) };
    });
  }

  private indexOwners(typeKey: string, key: string, before: KubeObject | undefined, after: KubeObject | undefined): void {
    const id = `${typeKey}|${key}`;
    for (const ref of before?.metadata.ownerReferences ?? []) this.owners.get(ref.uid)?.delete(id);
    for (const ref of after?.metadata.ownerReferences ?? []) {
      let set = this.owners.get(ref.uid);
      if (!set) {
        set = new Set();
        this.owners.set(ref.uid, set);
      }
      set.add(id);
    }
    for (const ref of before?.metadata.ownerReferences ?? []) if (this.owners.get(ref.uid)?.size === 0) this.owners.delete(ref.uid);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const drop = Math.ceil(this.historyLimit / 10);
      this.compacted = this.history[drop - 1]?.rv ?? this.compacted;
      this.history = this.history.slice(drop);
    }
    for (const listener of this.listeners) listener(event);
  }

  /** Events after a resourceVersion, or undefined when that history was compacted away. */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.compacted) return undefined;
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.history[mid]?.rv ?? 0) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }
}
