// Prometheus's Kubernetes service discovery, as target groups: the `__address__` and
// `__meta_kubernetes_*` labels its pod, endpoints, service and node roles produce
// (prometheus/discovery/kubernetes: pod.go buildPod, endpoints.go buildEndpoints, service.go
// buildService, node.go buildNode, v2.42). Debian's prometheus is built without Kubernetes SD, so
// the world computes these and hands them over as file_sd; the upstream relabelling then runs in
// the real Prometheus unchanged. Pure: objects in, groups out.

type Obj = Record<string, unknown>;
export type Labels = Record<string, string>;
export interface TargetGroup {
  targets: string[];
  labels: Labels;
}
export type Role = 'pod' | 'endpoints' | 'service' | 'node';

const prefix = '__meta_kubernetes_';

/** strutil.SanitizeLabelName */
function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

function obj(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function meta(o: Obj): { name: string; namespace: string; uid: string; labels: Labels; annotations: Labels; owners: Obj[] } {
  const m = obj(o['metadata']);
  return { name: str(m['name']), namespace: str(m['namespace']), uid: str(m['uid']), labels: obj(m['labels']) as Labels, annotations: obj(m['annotations']) as Labels, owners: list(m['ownerReferences']) };
}

/** `<kind>_label_<name>`, `_labelpresent_`, `_annotation_`, `_annotationpresent_` for one object. */
function objectLabels(kind: string, o: Obj): Labels {
  const m = meta(o);
  const out: Labels = {};
  for (const [k, v] of Object.entries(m.labels)) {
    out[`${prefix}${kind}_label_${sanitize(k)}`] = str(v);
    out[`${prefix}${kind}_labelpresent_${sanitize(k)}`] = 'true';
  }
  for (const [k, v] of Object.entries(m.annotations)) {
    out[`${prefix}${kind}_annotation_${sanitize(k)}`] = str(v);
    out[`${prefix}${kind}_annotationpresent_${sanitize(k)}`] = 'true';
  }
  return out;
}

function podReady(pod: Obj): string {
  const ready = list(obj(pod['status'])['conditions']).find((c) => c['type'] === 'Ready');
  return ready ? str(ready['status']).toLowerCase() : 'unknown';
}

/** pod.go podLabels: what every target of a pod carries. */
export function podLabels(pod: Obj): Labels {
  const m = meta(pod);
  const status = obj(pod['status']);
  const spec = obj(pod['spec']);
  const owner = m.owners.find((o) => o['controller'] === true);
  return {
    [`${prefix}pod_name`]: m.name,
    [`${prefix}pod_ip`]: str(status['podIP']),
    [`${prefix}pod_ready`]: podReady(pod),
    [`${prefix}pod_phase`]: str(status['phase']),
    [`${prefix}pod_node_name`]: str(spec['nodeName']),
    [`${prefix}pod_host_ip`]: str(status['hostIP']),
    [`${prefix}pod_uid`]: m.uid,
    ...(owner ? { [`${prefix}pod_controller_kind`]: str(owner['kind']), [`${prefix}pod_controller_name`]: str(owner['name']) } : {}),
    ...objectLabels('pod', pod),
  };
}

function containerTargets(pod: Obj, ip: string): { address: string; labels: Labels }[] {
  const spec = obj(pod['spec']);
  const out: { address: string; labels: Labels }[] = [];
  const add = (containers: Obj[], init: boolean): void => {
    for (const c of containers) {
      const base = { [`${prefix}pod_container_name`]: str(c['name']), [`${prefix}pod_container_image`]: str(c['image']), [`${prefix}pod_container_init`]: String(init) };
      const ports = list(c['ports']);
      // A container without ports still gets a target, on the bare pod IP.
      if (ports.length === 0) out.push({ address: ip, labels: base });
      for (const p of ports) {
        out.push({
          address: `${ip}:${str(p['containerPort'])}`,
          labels: { ...base, [`${prefix}pod_container_port_name`]: str(p['name']), [`${prefix}pod_container_port_number`]: str(p['containerPort']), [`${prefix}pod_container_port_protocol`]: str(p['protocol']) || 'TCP' },
        });
      }
    }
  };
  add(list(spec['containers']), false);
  add(list(spec['initContainers']), true);
  return out;
}

export function podGroups(pods: Obj[]): TargetGroup[] {
  const groups: TargetGroup[] = [];
  for (const pod of pods) {
    const ip = str(obj(pod['status'])['podIP']);
    if (!ip) continue;
    const common = { [`${prefix}namespace`]: meta(pod).namespace, ...podLabels(pod) };
    for (const t of containerTargets(pod, ip)) groups.push({ targets: [t.address], labels: { ...common, ...t.labels } });
  }
  return groups;
}

function serviceLabels(svc: Obj): Labels {
  return { [`${prefix}service_name`]: meta(svc).name, ...objectLabels('service', svc) };
}

export function serviceGroups(services: Obj[]): TargetGroup[] {
  const groups: TargetGroup[] = [];
  for (const svc of services) {
    const m = meta(svc);
    const spec = obj(svc['spec']);
    const type = str(spec['type']) || 'ClusterIP';
    const common: Labels = { [`${prefix}namespace`]: m.namespace, ...serviceLabels(svc), [`${prefix}service_type`]: type };
    if (type === 'ExternalName') common[`${prefix}service_external_name`] = str(spec['externalName']);
    else common[`${prefix}service_cluster_ip`] = str(spec['clusterIP']);
    for (const p of list(spec['ports'])) {
      groups.push({
        targets: [`${m.name}.${m.namespace}.svc:${str(p['port'])}`],
        labels: { ...common, [`${prefix}service_port_name`]: str(p['name']), [`${prefix}service_port_number`]: str(p['port']), [`${prefix}service_port_protocol`]: str(p['protocol']) || 'TCP' },
      });
    }
  }
  return groups;
}

export function endpointsGroups(endpoints: Obj[], services: Obj[], pods: Obj[]): TargetGroup[] {
  const groups: TargetGroup[] = [];
  for (const ep of endpoints) {
    const m = meta(ep);
    const svc = services.find((s) => meta(s).namespace === m.namespace && meta(s).name === m.name);
    const common: Labels = { [`${prefix}namespace`]: m.namespace, [`${prefix}endpoints_name`]: m.name, ...objectLabels('endpoints', ep), ...(svc ? serviceLabels(svc) : {}) };
    for (const subset of list(ep['subsets'])) {
      const addresses = [...list(subset['addresses']).map((a) => ({ a, ready: 'true' })), ...list(subset['notReadyAddresses']).map((a) => ({ a, ready: 'false' }))];
      for (const port of list(subset['ports'])) {
        for (const { a, ready } of addresses) {
          const labels: Labels = { ...common, [`${prefix}endpoint_port_name`]: str(port['name']), [`${prefix}endpoint_port_protocol`]: str(port['protocol']) || 'TCP', [`${prefix}endpoint_ready`]: ready };
          const ref = obj(a['targetRef']);
          if (str(ref['kind'])) {
            labels[`${prefix}endpoint_address_target_kind`] = str(ref['kind']);
            labels[`${prefix}endpoint_address_target_name`] = str(ref['name']);
          }
          if (str(a['nodeName'])) labels[`${prefix}endpoint_node_name`] = str(a['nodeName']);
          if (str(a['hostname'])) labels[`${prefix}endpoint_hostname`] = str(a['hostname']);
          const pod = str(ref['kind']) === 'Pod' ? pods.find((p) => meta(p).namespace === (str(ref['namespace']) || m.namespace) && meta(p).name === str(ref['name'])) : undefined;
          groups.push({ targets: [`${str(a['ip'])}:${str(port['port'])}`], labels: { ...labels, ...(pod ? podLabels(pod) : {}) } });
        }
      }
    }
  }
  return groups;
}

export function nodeGroups(nodes: Obj[]): TargetGroup[] {
  return nodes.flatMap((node) => {
    const status = obj(node['status']);
    const addresses = list(status['addresses']);
    const ip = str(addresses.find((a) => a['type'] === 'InternalIP')?.['address']) || str(addresses[0]?.['address']);
    if (!ip) return [];
    const port = str(obj(obj(status['daemonEndpoints'])['kubeletEndpoint'])['Port']) || '10250';
    const labels: Labels = { [`${prefix}node_name`]: meta(node).name, [`${prefix}node_provider_id`]: str(obj(node['spec'])['providerID']), ...objectLabels('node', node) };
    for (const a of addresses) labels[`${prefix}node_address_${sanitize(str(a['type']))}`] = str(a['address']);
    return [{ targets: [`${ip}:${port}`], labels }];
  });
}

export interface ClusterObjects {
  pods: Obj[];
  services: Obj[];
  endpoints: Obj[];
  nodes: Obj[];
}

/** The groups one kubernetes_sd_configs entry would see (namespaces.names filter included). */
export function groupsFor(role: Role, objects: ClusterObjects, namespaces?: string[]): TargetGroup[] {
  const inScope = (o: Obj): boolean => !namespaces || namespaces.length === 0 || namespaces.includes(meta(o).namespace);
  switch (role) {
    case 'pod': return podGroups(objects.pods.filter(inScope));
    case 'service': return serviceGroups(objects.services.filter(inScope));
    case 'endpoints': return endpointsGroups(objects.endpoints.filter(inScope), objects.services, objects.pods);
    case 'node': return nodeGroups(objects.nodes);
  }
}
