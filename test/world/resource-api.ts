// The verbs of the Kubernetes API on stored objects: get, list, create, update, patch (all four
// flavours), delete with graceful deletion, finalizers and propagation, deletecollection.
// HTTP handlers and in-process controllers both call it, so admission (defaulting, injection,
// validation) and metadata bookkeeping happen once. Encoding and transport live in http-api.ts.
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { serverSideApply, trackUpdate } from './apply.js';
import { clone, deepEqual, isObject } from './json.js';
import { builtInListSemantics, schemaListSemantics, type ListSemantics } from './list-semantics.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patch.js';
import { apiVersionOf, virtualResources, type ResourceRegistry, type ResourceType } from './resources.js';
import { listObjects, type ListOptions, type ListResult } from './resource-list.js';
import { checkObjectIdentity, randomSuffix, specOf, timestamp, tracksGeneration, validateObjectName } from './object-meta.js';
import { answerReview } from './reviews.js';
import { ApiError, alreadyExists, badRequest, conflict, forbidden, invalid, notFound, staleObjectMessage, unsupportedMediaType } from './status.js';
import type { KubeObject, Store } from './store.js';
import { writeRequest, type FieldValidation, type WriteRequest, type WriteVerb } from './write-request.js';

export interface UserInfo {
  username: string;
  groups: string[];
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
  user?: UserInfo;
  subresource?: string;
  fieldValidation?: FieldValidation;
  warnings?: string[];
}

export interface PatchOptions extends WriteOptions {
  force?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface DeleteResult {
  object: KubeObject;
  /** True when the object is gone; false while finalizers or a grace period keep it. */
  removed: boolean;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface AdmissionContext {
  operation: 'CREATE' | 'UPDATE';
  type: ResourceType;
  object: KubeObject;
  old?: KubeObject;
  subresource?: string;
  api: ResourceApi;
  dryRun: boolean;
  request: WriteRequest;
}

/** Mutates or rejects (throws ApiError) an object on its way into the store. */
export type Admission = (context: AdmissionContext) => void;

export type { ListOptions, ListResult } from './resource-list.js';
export { randomSuffix, timestamp } from './object-meta.js';

export const systemUser: UserInfo = { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] };

export class ResourceApi {
  private readonly admissions: Admission[] = [];
  private readonly semanticsCache = new Map<string, { rv: string; semantics: ListSemantics }>();

  constructor(
    readonly registry: ResourceRegistry,
    readonly store: Store,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** Admission plugins run in the order added: mutating ones first, validating ones last. */
  addAdmission(admission: Admission): void {
    this.admissions.push(admission);
  }

  storageKey(type: ResourceType): string {
    return `${type.group}/${type.resource}`;
  }

  /** How lists merge for this type: Go-type merge keys, or the CRD's schema. */
  semantics(type: ResourceType): ListSemantics {
    if (!type.crdName) return builtInListSemantics;
    const crd = this.store.get('apiextensions.k8s.io/customresourcedefinitions', undefined, type.crdName);
    if (!crd) return builtInListSemantics;
    const rv = crd.metadata.resourceVersion ?? '';
    const cached = this.semanticsCache.get(type.crdName);
    if (cached && cached.rv === rv) return cached.semantics;
    const versions = (crd['spec'] as { versions?: { storage?: boolean; schema?: { openAPIV3Schema?: unknown } }[] } | undefined)?.versions ?? [];
    const schema = (versions.find((v) => v.storage) ?? versions[0])?.schema?.openAPIV3Schema;
    const semantics = schemaListSemantics(schema);
    this.semanticsCache.set(type.crdName, { rv, semantics });
    return semantics;
  }

  private nowString(): string {
    return timestamp(this.now());
  }

  private checkNamespace(type: ResourceType, namespace: string | undefined, name: string, creating: boolean): void {
    if (!type.namespaced) return;
    if (!namespace) throw badRequest('the server could not find the requested resource: a namespace is required');
    const ns = this.store.get('/namespaces', undefined, namespace);
    if (!ns) throw notFound('', 'namespaces', namespace);
    if (creating && ns.metadata.deletionTimestamp) {
      throw forbidden(type.group, type.resource, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(this.storageKey(type), type.namespaced ? namespace : undefined, name);
    if (!obj) throw notFound(type.group, type.resource, name);
    return obj;
  }

  tryGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(this.storageKey(type), type.namespaced ? namespace : undefined, name);
  }

  list(type: ResourceType, namespace: string | undefined, options: ListOptions = {}): ListResult {
    return listObjects(this.store, this.storageKey(type), type.namespaced ? namespace || undefined : undefined, options);
  }

  private runAdmission(context: AdmissionContext): void {
    for (const admission of this.admissions) admission(context);
  }

  private defaultManager(options: WriteOptions): string {
    return options.fieldManager ?? 'unknown';
  }

  create(type: ResourceType, version: string, namespace: string | undefined, body: KubeObject, options: WriteOptions = {}): KubeObject {
    return this.createObject(type, version, namespace, body, options);
  }

  private createObject(type: ResourceType, version: string, namespace: string | undefined, body: KubeObject, options: WriteOptions, applied?: KubeObject): KubeObject {
    if (!isObject(body) || !isObject(body.metadata)) {
      if (isObject(body)) (body as KubeObject).metadata = {};
      else throw badRequest('the object provided is not a valid JSON object');
    }
    if (virtualResources.has(type.resource)) return answerReview(type, version, body, options.user ?? systemUser);
    checkObjectIdentity(type, version, body, undefined, namespace);
    const obj = clone(body);
    obj.apiVersion = apiVersionOf(type.group, type.versions[0]?.name ?? version);
    obj.kind = type.kind;
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    if (type.namespaced) meta.namespace = namespace ?? meta.namespace;
    else delete meta.namespace;
    validateObjectName(type, obj);
    this.checkNamespace(type, meta.namespace, meta.name ?? '', true);
    const key = this.storageKey(type);
    if (this.store.get(key, meta.namespace, meta.name ?? '')) throw alreadyExists(type.group, type.resource, meta.name ?? '');
    meta.uid = randomUUID();
    meta.creationTimestamp = this.nowString();
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta['selfLink'];
    if (tracksGeneration(type)) meta.generation = 1;
    else delete meta.generation;
    if (type.subresources.includes('status') && options.subresource !== 'status' && !type.crdName) {
      // Built-in status is owned by controllers; a client cannot create it (CRs keep theirs).
      delete obj['status'];
    } else if (type.crdName && type.subresources.includes('status')) delete obj['status'];
    this.runAdmission({ operation: 'CREATE', type, object: obj, api: this, dryRun: options.dryRun ?? false, request: writeRequest(applied ? 'apply' : 'create', version, options, applied) });
    if (!applied) {
      meta.managedFields = trackUpdate(undefined, obj, {
        manager: this.defaultManager(options),
        apiVersion: apiVersionOf(type.group, version),
        semantics: this.semantics(type),
        now: this.nowString(),
      });
    }
    if (options.dryRun) return obj;
    return this.store.put(key, obj);
  }

  update(type: ResourceType, version: string, namespace: string | undefined, name: string, body: KubeObject, options: WriteOptions = {}): KubeObject {
    if (!isObject(body) || !isObject(body.metadata)) throw badRequest('the object provided is not a valid JSON object');
    checkObjectIdentity(type, version, body, name, namespace);
    const old = this.get(type, namespace, name);
    const rv = body.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw conflict(type.group, type.resource, name, staleObjectMessage);
    if ((rv === undefined || rv === '') && type.crdName) {
      throw invalid(type.group, type.kind, name, [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0x0: must be specified for an update', field: 'metadata.resourceVersion' }]);
    }
    return this.write(type, version, old, clone(body), options, undefined, 'update');
  }

  /** Shared tail of update, patch and apply: status/spec split, admission, bookkeeping, store. */
  private write(type: ResourceType, version: string, old: KubeObject, next: KubeObject, options: WriteOptions, applied: KubeObject | undefined, verb: WriteVerb): KubeObject {
    const hasStatus = type.subresources.includes('status');
    if (options.subresource === 'status') {
      // The status subresource changes status only (and nothing in spec or metadata).
      const status = next['status'];
      next = clone(old);
      if (status === undefined) delete next['status'];
      else next['status'] = status;
    } else if (hasStatus) {
      if (old['status'] === undefined) delete next['status'];
      else next['status'] = clone(old['status']);
    }
    next.apiVersion = apiVersionOf(type.group, type.versions[0]?.name ?? version);
    next.kind = type.kind;
    const meta = next.metadata;
    meta.name = old.metadata.name;
    if (type.namespaced) meta.namespace = old.metadata.namespace;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) {
      meta.deletionTimestamp = old.metadata.deletionTimestamp;
      if (old.metadata.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (meta.generateName === undefined && old.metadata.generateName !== undefined) meta.generateName = old.metadata.generateName;
    if (tracksGeneration(type)) {
      meta.generation = (old.metadata.generation ?? 1) + (deepEqual(specOf(old), specOf(next)) ? 0 : 1);
    }
    if (!applied) meta.managedFields = clone(old.metadata.managedFields);
    const subresource = options.subresource ? { subresource: options.subresource } : {};
    this.runAdmission({ operation: 'UPDATE', type, object: next, old, api: this, dryRun: options.dryRun ?? false, ...subresource, request: writeRequest(verb, version, options, applied) });
    if (!applied) {
      meta.managedFields = trackUpdate(old, next, {
        manager: this.defaultManager(options),
        apiVersion: apiVersionOf(type.group, version),
        semantics: this.semantics(type),
        now: this.nowString(),
        ...(options.subresource ? { subresource: options.subresource } : {}),
      });
    }
    if (meta.managedFields && meta.managedFields.length === 0) delete meta.managedFields;
    const comparableOld = { ...old, metadata: { ...old.metadata, resourceVersion: undefined, managedFields: undefined } };
    const comparableNew = { ...next, metadata: { ...next.metadata, resourceVersion: undefined, managedFields: undefined } };
    // A no-op write keeps the resourceVersion and sends no watch event, like the real server.
    if (deepEqual(comparableOld, comparableNew)) return old;
    if (options.dryRun) return next;
    if (meta.deletionTimestamp && (meta.finalizers ?? []).length === 0 && this.readyToRemove(type, next)) {
      this.store.put(this.storageKey(type), next);
      return this.store.remove(this.storageKey(type), meta.namespace, meta.name ?? '') ?? next;
    }
    return this.store.put(this.storageKey(type), next);
  }

  /** Namespaces also wait for spec.finalizers; pods wait for the kubelet during their grace period. */
  private readyToRemove(type: ResourceType, obj: KubeObject): boolean {
    if (type.resource === 'namespaces' && type.group === '') {
      const specFinalizers = (obj['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? [];
      return specFinalizers.length === 0;
    }
    if (type.resource === 'pods' && type.group === '') return (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0;
    return true;
  }

  patch(type: ResourceType, version: string, namespace: string | undefined, name: string, patchType: PatchType, body: string, options: PatchOptions = {}): KubeObject {
    if (patchType === 'apply') return this.apply(type, version, namespace, name, body, options);
    let patch: unknown;
    try {
      patch = JSON.parse(body);
    } catch (error) {
      throw badRequest(`error decoding patch: ${(error as Error).message}`);
    }
    const old = this.get(type, namespace, name);
    let patched: unknown;
    if (patchType === 'json') patched = applyJsonPatch(old, patch);
    else if (patchType === 'merge') patched = applyMergePatch(old, patch);
    else {
      if (type.crdName) throw unsupportedMediaType('application/strategic-merge-patch+json');
      patched = applyStrategicMergePatch(old, patch, this.semantics(type));
    }
    if (!isObject(patched) || !isObject(patched['metadata'])) throw badRequest('the patch produced an object without metadata');
    const next = patched as KubeObject;
    const rv = next.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(type.group, type.resource, name, staleObjectMessage);
    checkObjectIdentity(type, version, { ...next, apiVersion: apiVersionOf(type.group, version) }, name, namespace);
    return this.write(type, version, old, next, options, undefined, 'patch');
  }

  private apply(type: ResourceType, version: string, namespace: string | undefined, name: string, body: string, options: PatchOptions): KubeObject {
    if (!options.fieldManager) throw badRequest('PATCH, application/apply-patch+yaml: fieldManager is required for apply requests');
    let parsed: unknown;
    try {
      parsed = parseYaml(body);
    } catch (error) {
      throw badRequest(`error decoding YAML: ${(error as Error).message}`);
    }
    if (!isObject(parsed)) throw badRequest('error decoding YAML: the apply configuration is not an object');
    const config = parsed as KubeObject;
    if (!config.apiVersion || !config.kind) {
      throw badRequest(`${!config.kind ? 'Object \'Kind\' is missing' : 'Object \'apiVersion\' is missing'} in '${body.slice(0, 200)}'`);
    }
    if (!isObject(config.metadata)) config.metadata = {};
    checkObjectIdentity(type, version, config, name, namespace);
    if (config.apiVersion !== apiVersionOf(type.group, version)) {
      throw badRequest(`the API version in the data (${config.apiVersion}) does not match the expected API version (${apiVersionOf(type.group, version)})`);
    }
    config.metadata.name = name;
    const old = this.tryGet(type, namespace, name);
    const applyOptions = {
      manager: options.fieldManager,
      force: options.force ?? false,
      apiVersion: apiVersionOf(type.group, version),
      semantics: this.semantics(type),
      ignoreStatus: type.subresources.includes('status') && options.subresource !== 'status',
      now: this.nowString(),
    };
    if (!old) {
      const created = serverSideApply(undefined, config, applyOptions);
      return this.createObject(type, version, namespace, created, options, config);
    }
    const rv = config.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(type.group, type.resource, name, staleObjectMessage);
    const merged = serverSideApply(old, config, applyOptions);
    return this.write(type, version, old, merged, options, config, 'apply');
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): DeleteResult {
    const key = this.storageKey(type);
    const obj = this.get(type, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== obj.metadata.uid) {
      throw conflict(type.group, type.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
      throw conflict(type.group, type.resource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion ?? ''}`);
    }
    if (options.dryRun) return { object: obj, removed: false };
    const next = clone(obj);
    const meta = next.metadata;
    const policy = options.propagationPolicy ?? 'Background';
    if (policy === 'Orphan') this.orphanDependents(obj);

    let grace = 0;
    if (type.group === '' && type.resource === 'pods') {
      const spec = next['spec'] as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
      grace = options.gracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? 30;
      // A pod never bound to a node has nothing to stop: it goes at once, like the real server.
      if (!spec?.nodeName) grace = 0;
      if (meta.deletionTimestamp && meta.deletionGracePeriodSeconds !== undefined) grace = Math.min(grace, meta.deletionGracePeriodSeconds);
    }
    const namespaceFinalizers = type.group === '' && type.resource === 'namespaces' ? ((next['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? []) : [];
    if (policy === 'Foreground' && !(meta.finalizers ?? []).includes('foregroundDeletion') && this.store.dependentsOf(meta.uid ?? '').length > 0) {
      meta.finalizers = [...(meta.finalizers ?? []), 'foregroundDeletion'];
    }
    const finalizers = meta.finalizers ?? [];
    if (finalizers.length === 0 && namespaceFinalizers.length === 0 && grace === 0) {
      const removed = this.store.remove(key, type.namespaced ? namespace : undefined, name) ?? obj;
      return { object: removed, removed: true };
    }
    if (meta.deletionTimestamp && meta.deletionGracePeriodSeconds === grace && deepEqual(meta.finalizers, obj.metadata.finalizers)) return { object: obj, removed: false };
    const now = this.now();
    meta.deletionTimestamp ??= timestamp(new Date(now.getTime() + grace * 1000));
    meta.deletionGracePeriodSeconds = grace;
    if (type.group === '' && type.resource === 'namespaces') {
      next['status'] = { ...(isObject(next['status']) ? next['status'] : {}), phase: 'Terminating' };
    }
    return { object: this.store.put(key, next), removed: false };
  }

  private orphanDependents(owner: KubeObject): void {
    const uid = owner.metadata.uid ?? '';
    for (const dep of this.store.dependentsOf(uid)) {
      const current = this.store.get(dep.typeKey, dep.namespace, dep.name);
      if (!current) continue;
      const next = clone(current);
      next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
      this.store.put(dep.typeKey, next);
    }
  }

  deleteCollection(type: ResourceType, namespace: string | undefined, listOptions: ListOptions, deleteOptions: DeleteOptions = {}): KubeObject[] {
    const { items } = this.list(type, namespace, { ...listOptions, limit: 0, continue: undefined });
    const out: KubeObject[] = [];
    for (const obj of [...items]) {
      try {
        out.push(this.delete(type, obj.metadata.namespace, obj.metadata.name ?? '', deleteOptions).object);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
    return out;
  }
}
