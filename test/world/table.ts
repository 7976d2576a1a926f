// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` negotiates. Columns and
// cell text follow the kube-apiserver printers (pkg/printers/internalversion) for the kinds a
// mesh user looks at, CRD additionalPrinterColumns for custom resources, and the default
// "Name, Created At" convertor for the rest. Pure functions of the objects and the clock.
import { getPath, isObject } from './json.js';
import type { PrinterColumn, ResourceType } from './resources.js';
import { formatLabels, formatRequirements, requirementsOf, type LabelSelectorObject } from './selectors.js';
import type { KubeObject } from './store.js';
import { humanDuration, since } from './table-time.js';
import { podCells } from './table-pod.js';

export { humanDuration } from './table-time.js';

export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean | null | unknown[] | Record<string, unknown>;

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumn[];
  rows: { cells: Cell[]; object?: unknown }[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function column(name: string, priority = 0, type = 'string', format = '', description = ''): TableColumn {
  return { name, type, format, description, priority };
}

const nameColumn = column('Name', 0, 'string', 'name', 'Name must be unique within a namespace.');
const ageColumn = column('Age', 0, 'string', '', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

interface Printer {
  columns: TableColumn[];
  cells(obj: KubeObject, now: number): Cell[];
}

type Obj = Record<string, unknown>;

function field<T>(obj: unknown, path: string): T | undefined {
  return getPath(obj, path) as T | undefined;
}

function containersOf(template: unknown): { names: string; images: string } {
  const containers = field<{ name?: string; image?: string }[]>(template, 'spec.containers') ?? [];
  return { names: containers.map((c) => c.name ?? '').join(','), images: containers.map((c) => c.image ?? '').join(',') };
}

function selectorText(selector: unknown): string {
  return formatRequirements(requirementsOf(selector as LabelSelectorObject | undefined));
}

function serviceCells(svc: KubeObject, now: number): Cell[] {
  const spec = (svc['spec'] ?? {}) as { type?: string; clusterIP?: string; externalIPs?: string[]; externalName?: string; ports?: { port: number; nodePort?: number; protocol?: string }[]; selector?: Record<string, string> };
  const ingress = field<{ ip?: string; hostname?: string }[]>(svc, 'status.loadBalancer.ingress') ?? [];
  const type = spec.type ?? 'ClusterIP';
  let external = '<none>';
  if (type === 'ExternalName') external = spec.externalName ?? '<none>';
  else if (type === 'LoadBalancer') {
    const addresses = [...ingress.map((i) => i.ip || i.hostname || ''), ...(spec.externalIPs ?? [])].filter((a) => a);
    external = addresses.length > 0 ? addresses.join(',') : '<pending>';
  } else if ((spec.externalIPs ?? []).length > 0) external = (spec.externalIPs ?? []).join(',');
  const ports = (spec.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
  return [svc.metadata.name ?? '', type, spec.clusterIP || '<none>', external, ports || '<none>', since(svc.metadata.creationTimestamp, now), formatLabels(spec.selector)];
}

const printers: Record<string, Printer> = {
  '/pods': {
    columns: [
      nameColumn,
      column('Ready', 0, 'string', '', 'The aggregate readiness state of this pod for accepting traffic.'),
      column('Status', 0, 'string', '', 'The aggregate status of the containers in this pod.'),
      column('Restarts', 0, 'string', '', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      ageColumn,
      column('IP', 1, 'string', '', 'podIP address allocated to the pod.'),
      column('Node', 1, 'string', '', 'NodeName indicates in which node this pod is scheduled.'),
      column('Nominated Node', 1, 'string', '', 'nominatedNodeName is set only when this pod preempts other pods on the node.'),
      column('Readiness Gates', 1, 'string', '', 'If specified, all readiness gates will be evaluated for pod readiness.'),
    ],
    cells: podCells,
  },
  'apps/deployments': {
    columns: [nameColumn, column('Ready'), column('Up-to-date'), column('Available'), ageColumn, column('Containers', 1), column('Images', 1), column('Selector', 1)],
    cells(d, now) {
      const c = containersOf(field(d, 'spec.template'));
      return [
        d.metadata.name ?? '',
        `${field<number>(d, 'status.readyReplicas') ?? 0}/${field<number>(d, 'spec.replicas') ?? 0}`,
        field<number>(d, 'status.updatedReplicas') ?? 0,
        field<number>(d, 'status.availableReplicas') ?? 0,
        since(d.metadata.creationTimestamp, now),
        c.names,
        c.images,
        selectorText(field(d, 'spec.selector')),
      ];
    },
  },
  'apps/replicasets': {
    columns: [nameColumn, column('Desired'), column('Current'), column('Ready'), ageColumn, column('Containers', 1), column('Images', 1), column('Selector', 1)],
    cells(rs, now) {
      const c = containersOf(field(rs, 'spec.template'));
      return [rs.metadata.name ?? '', field<number>(rs, 'spec.replicas') ?? 0, field<number>(rs, 'status.replicas') ?? 0, field<number>(rs, 'status.readyReplicas') ?? 0, since(rs.metadata.creationTimestamp, now), c.names, c.images, selectorText(field(rs, 'spec.selector'))];
    },
  },
  'apps/statefulsets': {
    columns: [nameColumn, column('Ready'), ageColumn, column('Containers', 1), column('Images', 1)],
    cells(s, now) {
      const c = containersOf(field(s, 'spec.template'));
      return [s.metadata.name ?? '', `${field<number>(s, 'status.readyReplicas') ?? 0}/${field<number>(s, 'spec.replicas') ?? 0}`, since(s.metadata.creationTimestamp, now), c.names, c.images];
    },
  },
  'apps/daemonsets': {
    columns: [nameColumn, column('Desired'), column('Current'), column('Ready'), column('Up-to-date'), column('Available'), column('Node Selector'), ageColumn, column('Containers', 1), column('Images', 1), column('Selector', 1)],
    cells(ds, now) {
      const c = containersOf(field(ds, 'spec.template'));
      const n = (p: string): number => field<number>(ds, `status.${p}`) ?? 0;
      return [ds.metadata.name ?? '', n('desiredNumberScheduled'), n('currentNumberScheduled'), n('numberReady'), n('updatedNumberScheduled'), n('numberAvailable'), formatLabels(field(ds, 'spec.template.spec.nodeSelector')), since(ds.metadata.creationTimestamp, now), c.names, c.images, selectorText(field(ds, 'spec.selector'))];
    },
  },
  '/services': {
    columns: [nameColumn, column('Type'), column('Cluster-IP'), column('External-IP'), column('Port(s)'), ageColumn, column('Selector', 1)],
    cells: serviceCells,
  },
  '/namespaces': {
    columns: [nameColumn, column('Status'), ageColumn],
    cells: (ns, now) => [ns.metadata.name ?? '', field<string>(ns, 'status.phase') ?? '', since(ns.metadata.creationTimestamp, now)],
  },
  '/nodes': {
    columns: [nameColumn, column('Status'), column('Roles'), ageColumn, column('Version'), column('Internal-IP', 1), column('External-IP', 1), column('OS-Image', 1), column('Kernel-Version', 1), column('Container-Runtime', 1)],
    cells(node, now) {
      const ready = (field<{ type: string; status: string }[]>(node, 'status.conditions') ?? []).find((c) => c.type === 'Ready');
      const roles = Object.keys(node.metadata.labels ?? {})
        .filter((l) => l.startsWith('node-role.kubernetes.io/'))
        .map((l) => l.slice('node-role.kubernetes.io/'.length));
      const addresses = field<{ type: string; address: string }[]>(node, 'status.addresses') ?? [];
      const info = (k: string): string => field<string>(node, `status.nodeInfo.${k}`) ?? '';
      return [
        node.metadata.name ?? '',
        ready?.status === 'True' ? 'Ready' : 'NotReady',
        roles.length > 0 ? roles.join(',') : '<none>',
        since(node.metadata.creationTimestamp, now),
        info('kubeletVersion'),
        addresses.find((a) => a.type === 'InternalIP')?.address ?? '<none>',
        addresses.find((a) => a.type === 'ExternalIP')?.address ?? '<none>',
        info('osImage'),
        info('kernelVersion'),
        info('containerRuntimeVersion'),
      ];
    },
  },
  '/configmaps': {
    columns: [nameColumn, column('Data', 0, 'integer'), ageColumn],
    cells: (cm, now) => [cm.metadata.name ?? '', Object.keys((cm['data'] as Obj | undefined) ?? {}).length + Object.keys((cm['binaryData'] as Obj | undefined) ?? {}).length, since(cm.metadata.creationTimestamp, now)],
  },
  '/secrets': {
    columns: [nameColumn, column('Type'), column('Data', 0, 'integer'), ageColumn],
    cells: (s, now) => [s.metadata.name ?? '', (s['type'] as string | undefined) ?? 'Opaque', Object.keys((s['data'] as Obj | undefined) ?? {}).length, since(s.metadata.creationTimestamp, now)],
  },
  '/serviceaccounts': {
    columns: [nameColumn, column('Secrets', 0, 'integer'), ageColumn],
    cells: (sa, now) => [sa.metadata.name ?? '', ((sa['secrets'] as unknown[] | undefined) ?? []).length, since(sa.metadata.creationTimestamp, now)],
  },
  '/endpoints': {
    columns: [nameColumn, column('Endpoints'), ageColumn],
    cells(ep, now) {
      const list: string[] = [];
      let total = 0;
      for (const subset of (ep['subsets'] as { addresses?: { ip: string }[]; ports?: { port: number }[] }[] | undefined) ?? []) {
        for (const a of subset.addresses ?? []) {
          const ports = subset.ports?.length ? subset.ports : [undefined];
          for (const p of ports) {
            total++;
            if (list.length < 3) list.push(p ? `${a.ip}:${p.port}` : a.ip);
          }
        }
      }
      const text = list.length === 0 ? '<none>' : total > 3 ? `${list.join(',')} + ${total - 3} more...` : list.join(',');
      return [ep.metadata.name ?? '', text, since(ep.metadata.creationTimestamp, now)];
    },
  },
  '/events': {
    columns: [column('Last Seen'), column('Type'), column('Reason'), column('Object'), column('Subobject', 1), column('Source', 1), column('Message'), column('First Seen', 1), column('Count', 1), column('Name', 1, 'string', 'name')],
    cells(ev, now) {
      const involved = (ev['involvedObject'] ?? {}) as { kind?: string; name?: string; fieldPath?: string };
      const source = (ev['source'] ?? {}) as { component?: string; host?: string };
      const last = (ev['lastTimestamp'] as string | undefined) || (ev['eventTime'] as string | undefined) || ev.metadata.creationTimestamp;
      const first = (ev['firstTimestamp'] as string | undefined) || (ev['eventTime'] as string | undefined) || ev.metadata.creationTimestamp;
      return [
        since(last, now),
        (ev['type'] as string | undefined) ?? '',
        (ev['reason'] as string | undefined) ?? '',
        `${(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`,
        involved.fieldPath ?? '',
        [source.component, source.host].filter((s) => s).join(', '),
        ((ev['message'] as string | undefined) ?? '').trim(),
        since(first, now),
        (ev['count'] as number | undefined) ?? 1,
        ev.metadata.name ?? '',
      ];
    },
  },
};

const createdAtPrinter: Printer = {
  columns: [nameColumn, column('Created At', 0, 'date', '', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  cells: (obj) => [obj.metadata.name ?? '', obj.metadata.creationTimestamp ?? ''],
};

/** Evaluates the simple JSONPaths CRDs use (".spec.hosts", ".status.conditions[0].type"). */
function jsonPathValue(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const raw of path.replace(/^\{?\.?/, '').replace(/\}$/, '').split('.')) {
    if (raw === '') continue;
    const m = /^([^[]*)((?:\[[^\]]*\])*)$/.exec(raw);
    const name = m?.[1] ?? raw;
    if (name) {
      if (!isObject(current)) return undefined;
      current = current[name];
    }
    for (const index of (m?.[2] ?? '').match(/\[([^\]]*)\]/g) ?? []) {
      const inner = index.slice(1, -1);
      if (!Array.isArray(current)) return undefined;
      const filter = /^\?\(@\.(\w+)=="?([^"]*)"?\)$/.exec(inner);
      if (filter) current = current.find((item) => isObject(item) && String(item[filter[1] ?? '']) === filter[2]);
      else current = current[Number(inner) < 0 ? current.length + Number(inner) : Number(inner)];
    }
  }
  return current;
}

function crdPrinter(columns: PrinterColumn[] | undefined): Printer {
  const defined = columns && columns.length > 0 ? columns : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  return {
    columns: [nameColumn, ...defined.map((c) => column(c.name, c.priority ?? 0, c.type, c.format ?? '', c.description ?? ''))],
    cells(obj, now) {
      const cells: Cell[] = [obj.metadata.name ?? ''];
      for (const c of defined) {
        const value = jsonPathValue(obj, c.jsonPath);
        if (value === undefined || value === null) cells.push(null);
        else if (c.type === 'date') cells.push(typeof value === 'string' ? humanDuration(now - Date.parse(value)) : null);
        else if (c.type === 'string') cells.push(typeof value === 'string' ? value : JSON.stringify(value));
        else if (c.type === 'integer' || c.type === 'number') cells.push(typeof value === 'number' ? value : Number(value));
        else if (c.type === 'boolean') cells.push(Boolean(value));
        else cells.push(value as Cell);
      }
      return cells;
    },
  };
}

function printerFor(type: ResourceType, version: string): Printer {
  if (type.crdName) return crdPrinter(type.versions.find((v) => v.name === version)?.printerColumns);
  return printers[`${type.group}/${type.resource}`] ?? createdAtPrinter;
}

export interface TableOptions {
  includeObject: IncludeObject;
  noHeaders?: boolean;
  now: number;
  /** Re-labels each object with the apiVersion it was requested in. */
  present: (obj: KubeObject) => KubeObject;
}

export function toTable(type: ResourceType, version: string, objects: KubeObject[], options: TableOptions): Table {
  const printer = printerFor(type, version);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: options.noHeaders ? [] : printer.columns,
    rows: objects.map((obj) => {
      const row: { cells: Cell[]; object?: unknown } = { cells: printer.cells(obj, options.now) };
      if (options.includeObject === 'Object') row.object = options.present(obj);
      else if (options.includeObject === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
      return row;
    }),
  };
}
