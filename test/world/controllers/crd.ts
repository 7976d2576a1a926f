// CustomResourceDefinitions: validates them on admission, serves their resources as soon as
// they are stored (all served versions, printer columns, status/scale subresources), reports
// NamesAccepted/Established, and on deletion removes every custom object before releasing the
// CRD, so discovery drops the resources only when nothing of them is left.
import { clone, deepEqual, isObject } from '../json.js';
import type { Admission } from '../resource-api.js';
import { timestamp } from '../resource-api.js';
import { allVerbs, compareKubeVersions, type PrinterColumn, type ResourceType } from '../resources.js';
import { invalid, type StatusCause } from '../status.js';
import type { KubeObject } from '../store.js';
import { type ControllerContext } from './context.js';
import { WorkQueue } from './queue.js';

const cleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  additionalPrinterColumns?: PrinterColumn[];
  subresources?: { status?: unknown; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { plural?: string; singular?: string; kind?: string; listKind?: string; shortNames?: string[]; categories?: string[] };
  versions?: CrdVersion[];
}

export function crdAdmission(): Admission {
  return (ctx) => {
    if (ctx.type.group !== 'apiextensions.k8s.io' || ctx.type.resource !== 'customresourcedefinitions' || ctx.subresource === 'status') return;
    const crd = ctx.object;
    const spec = (crd['spec'] ?? {}) as CrdSpec;
    const causes: StatusCause[] = [];
    const required = (value: unknown, field: string): void => {
      if (value === undefined || value === '') causes.push({ reason: 'FieldValueRequired', message: 'Required value', field });
    };
    required(spec.group, 'spec.group');
    required(spec.names?.plural, 'spec.names.plural');
    required(spec.names?.kind, 'spec.names.kind');
    if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: "${spec.scope ?? ''}": supported values: "Cluster", "Namespaced"`, field: 'spec.scope' });
    const versions = spec.versions ?? [];
    if (versions.length === 0) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.versions' });
    const storage = versions.filter((v) => v.storage).length;
    if (versions.length > 0 && storage !== 1) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(versions.map((v) => v.name))}: must have exactly one version marked as storage version`, field: 'spec.versions' });
    const expected = `${spec.names?.plural ?? ''}.${spec.group ?? ''}`;
    if (crd.metadata.name !== expected) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${crd.metadata.name ?? ''}": must be spec.names.plural+"."+spec.group`, field: 'metadata.name' });
    if (causes.length > 0) throw invalid('apiextensions.k8s.io', 'CustomResourceDefinition', crd.metadata.name ?? '', causes);
    if (ctx.operation === 'CREATE') {
      if (!(crd.metadata.finalizers ?? []).includes(cleanupFinalizer)) crd.metadata.finalizers = [...(crd.metadata.finalizers ?? []), cleanupFinalizer];
      crd['status'] = { acceptedNames: { kind: '', plural: '' }, conditions: [], storedVersions: [] };
    }
  };
}

export function typeFromCrd(crd: KubeObject): ResourceType | undefined {
  const spec = (crd['spec'] ?? {}) as CrdSpec;
  const served = (spec.versions ?? []).filter((v) => v.served !== false);
  if (!spec.group || !spec.names?.plural || !spec.names.kind || served.length === 0) return undefined;
  // Discovery lists the preferred (highest-priority) version first, like the real server.
  const sorted = [...served].sort((a, b) => compareKubeVersions(a.name, b.name));
  const subresources = new Set<string>();
  for (const v of served) {
    if (v.subresources?.status !== undefined) subresources.add('status');
    if (v.subresources?.scale !== undefined) subresources.add('scale');
  }
  const scale = served.find((v) => v.subresources?.scale)?.subresources?.scale;
  return {
    group: spec.group,
    versions: sorted.map((v) => ({ name: v.name, printerColumns: v.additionalPrinterColumns ?? [] })),
    resource: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    kind: spec.names.kind,
    namespaced: spec.scope === 'Namespaced',
    shortNames: spec.names.shortNames ?? [],
    categories: spec.names.categories ?? [],
    verbs: allVerbs,
    subresources: [...subresources],
    crdName: crd.metadata.name ?? '',
    ...(scale ? { scalePaths: scale } : {}),
  };
}

export class CrdController {
  readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('crd', (key) => this.reconcile(key), ctx.onError);
    this.unsubscribe = ctx.store.subscribe((event) => {
      if (event.typeKey !== 'apiextensions.k8s.io/customresourcedefinitions') return;
      // Registration is synchronous: a CR applied right after its CRD must find its resource.
      if (event.type === 'DELETED') {
        const previous = event.previous ? typeFromCrd(event.previous) : undefined;
        if (previous) ctx.api.registry.unregister(previous.group, previous.resource);
        return;
      }
      const type = typeFromCrd(event.object);
      if (type && !event.object.metadata.deletionTimestamp) {
        const existing = ctx.api.registry.get(type.group, type.resource);
        if (!existing || !deepEqual(existing, type)) ctx.api.registry.register(type);
      }
      this.queue.add(event.object.metadata.name ?? '');
    });
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private reconcile(name: string): void {
    const crdType = this.ctx.type('apiextensions.k8s.io', 'customresourcedefinitions');
    const crd = this.ctx.api.tryGet(crdType, undefined, name);
    if (!crd) return;
    const type = typeFromCrd(crd);
    if (crd.metadata.deletionTimestamp) {
      if (type) {
        const key = this.ctx.api.storageKey(type);
        for (const obj of this.ctx.store.list(key)) {
          try {
            this.ctx.api.delete(type, obj.metadata.namespace, obj.metadata.name ?? '');
          } catch {
            // Already gone.
          }
        }
        if (this.ctx.store.count(key) > 0) return this.queue.addAfter(name, 10);
      }
      const next = clone(crd);
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== cleanupFinalizer);
      this.ctx.api.update(crdType, 'v1', undefined, name, next, { fieldManager: 'kube-apiserver' });
      return;
    }
    const spec = (crd['spec'] ?? {}) as CrdSpec;
    const now = timestamp(this.ctx.api.now());
    const previous = ((crd['status'] as { conditions?: { type: string; lastTransitionTime: string }[] } | undefined)?.conditions ?? []);
    const since = (t: string): string => previous.find((c) => c.type === t)?.lastTransitionTime ?? now;
    const names = spec.names ?? {};
    const status = {
      acceptedNames: {
        kind: names.kind,
        listKind: names.listKind ?? `${names.kind ?? ''}List`,
        plural: names.plural,
        singular: names.singular ?? (names.kind ?? '').toLowerCase(),
        ...(names.shortNames ? { shortNames: names.shortNames } : {}),
        ...(names.categories ? { categories: names.categories } : {}),
      },
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: since('NamesAccepted'), reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: since('Established'), reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
      storedVersions: [...new Set([...((crd['status'] as { storedVersions?: string[] } | undefined)?.storedVersions ?? []), ...(spec.versions ?? []).filter((v) => v.storage).map((v) => v.name)])],
    };
    if (isObject(crd['status']) && deepEqual(crd['status'], status)) return;
    this.ctx.api.update(crdType, 'v1', undefined, name, { ...crd, status }, { subresource: 'status', fieldManager: 'kube-apiserver' });
  }
}
