// The catalogue of resource types the world serves: built-in kinds plus whatever CRDs add.
// It owns names, scopes, verbs, short names, subresources and per-version printer columns;
// discovery, routing and the store all ask it, and it knows nothing about stored objects.

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface ResourceVersion {
  name: string;
  /** CRD additionalPrinterColumns; built-in kinds have printers in table.ts instead. */
  printerColumns?: PrinterColumn[];
}

export interface ResourceType {
  group: string;
  /** Served versions, preferred (storage) version first. */
  versions: ResourceVersion[];
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresources served, e.g. status, scale, log. */
  subresources: string[];
  /** Set for types that a CustomResourceDefinition defines. */
  crdName?: string;
  /** Paths for the scale subresource of CRDs (specReplicasPath etc.). */
  scalePaths?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const createOnly = ['create'];

export function typeKey(group: string, resource: string): string {
  return `${group}/${resource}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

interface BuiltIn {
  resource: string;
  kind: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: string[];
  verbs?: string[];
  singular?: string;
}

function builtIns(group: string, versions: string[], list: BuiltIn[]): ResourceType[] {
  return list.map((b) => ({
    group,
    versions: versions.map((name) => ({ name })),
    resource: b.resource,
    singular: b.singular ?? b.kind.toLowerCase(),
    kind: b.kind,
    namespaced: b.namespaced ?? true,
    shortNames: b.shortNames ?? [],
    categories: b.categories ?? [],
    verbs: b.verbs ?? allVerbs,
    subresources: b.subresources ?? [],
  }));
}

function builtInTypes(): ResourceType[] {
  const all = ['all'];
  return [
    ...builtIns('', ['v1'], [
      { resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status', 'finalize'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
      { resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status'] },
      { resource: 'pods', kind: 'Pod', shortNames: ['po'], categories: all, subresources: ['status', 'log'] },
      { resource: 'services', kind: 'Service', shortNames: ['svc'], categories: all, subresources: ['status'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
      { resource: 'endpoints', kind: 'Endpoints', shortNames: ['ep'], singular: 'endpoints' },
      { resource: 'serviceaccounts', kind: 'ServiceAccount', shortNames: ['sa'] },
      { resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] },
      { resource: 'secrets', kind: 'Secret' },
      { resource: 'events', kind: 'Event', shortNames: ['ev'] },
      { resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', shortNames: ['pvc'], subresources: ['status'] },
      { resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, shortNames: ['pv'], subresources: ['status'] },
      { resource: 'limitranges', kind: 'LimitRange', shortNames: ['limits'] },
      { resource: 'resourcequotas', kind: 'ResourceQuota', shortNames: ['quota'], subresources: ['status'] },
      { resource: 'podtemplates', kind: 'PodTemplate' },
      { resource: 'replicationcontrollers', kind: 'ReplicationController', shortNames: ['rc'], categories: all, subresources: ['status', 'scale'] },
    ]),
    ...builtIns('apps', ['v1'], [
      { resource: 'deployments', kind: 'Deployment', shortNames: ['deploy'], categories: all, subresources: ['status', 'scale'] },
      { resource: 'replicasets', kind: 'ReplicaSet', shortNames: ['rs'], categories: all, subresources: ['status', 'scale'] },
      { resource: 'statefulsets', kind: 'StatefulSet', shortNames: ['sts'], categories: all, subresources: ['status', 'scale'] },
      { resource: 'daemonsets', kind: 'DaemonSet', shortNames: ['ds'], categories: all, subresources: ['status'] },
      { resource: 'controllerrevisions', kind: 'ControllerRevision' },
    ]),
    ...builtIns('batch', ['v1'], [
      { resource: 'jobs', kind: 'Job', categories: all, subresources: ['status'] },
      { resource: 'cronjobs', kind: 'CronJob', shortNames: ['cj'], categories: all, subresources: ['status'] },
    ]),
    ...builtIns('apiextensions.k8s.io', ['v1'], [
      { resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: ['status'] },
    ]),
    ...builtIns('rbac.authorization.k8s.io', ['v1'], [
      { resource: 'roles', kind: 'Role' },
      { resource: 'rolebindings', kind: 'RoleBinding' },
      { resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
      { resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
    ]),
    ...builtIns('admissionregistration.k8s.io', ['v1'], [
      { resource: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', namespaced: false, categories: ['api-extensions'] },
      { resource: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', namespaced: false, categories: ['api-extensions'] },
      { resource: 'validatingadmissionpolicies', kind: 'ValidatingAdmissionPolicy', namespaced: false, categories: ['api-extensions'], subresources: ['status'] },
      { resource: 'validatingadmissionpolicybindings', kind: 'ValidatingAdmissionPolicyBinding', namespaced: false, categories: ['api-extensions'] },
    ]),
    ...builtIns('policy', ['v1'], [{ resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', shortNames: ['pdb'], subresources: ['status'] }]),
    ...builtIns('autoscaling', ['v2', 'v1'], [
      { resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'], categories: all, subresources: ['status'] },
    ]),
    ...builtIns('networking.k8s.io', ['v1'], [
      { resource: 'ingresses', kind: 'Ingress', shortNames: ['ing'], subresources: ['status'] },
      { resource: 'ingressclasses', kind: 'IngressClass', namespaced: false },
      { resource: 'networkpolicies', kind: 'NetworkPolicy', shortNames: ['netpol'] },
    ]),
    ...builtIns('discovery.k8s.io', ['v1'], [{ resource: 'endpointslices', kind: 'EndpointSlice' }]),
    ...builtIns('coordination.k8s.io', ['v1'], [{ resource: 'leases', kind: 'Lease' }]),
    ...builtIns('storage.k8s.io', ['v1'], [{ resource: 'storageclasses', kind: 'StorageClass', namespaced: false, shortNames: ['sc'] }]),
    ...builtIns('scheduling.k8s.io', ['v1'], [{ resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] }]),
    ...builtIns('authorization.k8s.io', ['v1'], [
      { resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: createOnly },
      { resource: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: createOnly },
    ]),
    ...builtIns('authentication.k8s.io', ['v1'], [
      { resource: 'selfsubjectreviews', kind: 'SelfSubjectReview', namespaced: false, verbs: createOnly },
    ]),
  ];
}

/** Resources whose objects are never stored: a create returns a computed answer. */
export const virtualResources = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

export interface GroupInfo {
  name: string;
  versions: string[];
  preferredVersion: string;
}

/** Kubernetes version ordering: GA > beta > alpha, higher numbers first (v2 > v1 > v1beta2). */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [-1, 0, 0];
    const stability = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [sa, ma, na] = parse(a);
  const [sb, mb, nb] = parse(b);
  if (sa !== sb) return sb - sa;
  if (ma !== mb) return mb - ma;
  if (na !== nb) return nb - na;
  return a.localeCompare(b);
}

export class ResourceRegistry {
  private readonly types = new Map<string, ResourceType>();
  private readonly listeners = new Set<() => void>();
  private groupOrder: string[] = [];

  constructor() {
    for (const t of builtInTypes()) this.add(t);
  }

  private add(type: ResourceType): void {
    this.types.set(typeKey(type.group, type.resource), type);
    if (!this.groupOrder.includes(type.group)) this.groupOrder.push(type.group);
  }

  /** Adds or replaces a type (CRDs); discovery listeners are told. */
  register(type: ResourceType): void {
    this.add(type);
    this.changed();
  }

  unregister(group: string, resource: string): void {
    if (this.types.delete(typeKey(group, resource))) {
      if (![...this.types.values()].some((t) => t.group === group)) this.groupOrder = this.groupOrder.filter((g) => g !== group);
      this.changed();
    }
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  get(group: string, resource: string): ResourceType | undefined {
    return this.types.get(typeKey(group, resource));
  }

  /** The type at group/version/resource, only when that version is served. */
  lookup(group: string, version: string, resource: string): ResourceType | undefined {
    const type = this.types.get(typeKey(group, resource));
    return type?.versions.some((v) => v.name === version) ? type : undefined;
  }

  byKind(group: string, kind: string): ResourceType | undefined {
    for (const t of this.types.values()) if (t.group === group && t.kind === kind) return t;
    return undefined;
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && t.versions.some((v) => v.name === version));
  }

  /** API groups (not the legacy core group), in registration order like the real server. */
  groups(): GroupInfo[] {
    const result: GroupInfo[] = [];
    for (const name of this.groupOrder) {
      if (name === '') continue;
      const versions = new Set<string>();
      let preferred = '';
      for (const t of this.types.values()) {
        if (t.group !== name) continue;
        for (const v of t.versions) versions.add(v.name);
        // The first-listed version of the first type is the storage/preferred one for built-ins;
        // CRD versions are pre-sorted by priority in the CRD controller.
        if (!preferred) preferred = t.versions[0]?.name ?? '';
      }
      if (versions.size === 0) continue;
      const sorted = [...versions].sort(compareKubeVersions);
      result.push({ name, versions: sorted, preferredVersion: preferred || sorted[0] || '' });
    }
    return result;
  }
}
