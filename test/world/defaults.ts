// Admission for built-in kinds: the defaulting and validation the real API server applies on
// create and update (pods, services with ClusterIP/NodePort allocation, workloads, namespaces,
// secrets), so objects read back look like a real cluster's. Controllers are elsewhere.
import { randomSuffix, type Admission, type AdmissionContext } from './resource-api.js';
import { isObject } from './json.js';
import { matchesRequirements, requirementsOf, type LabelSelectorObject } from './selectors.js';
import { invalid, type StatusCause } from './status.js';
import type { KubeObject } from './store.js';

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
  return isObject(value) ? value : {};
}

function defaultContainer(c: Obj): void {
  const image = String(c['image'] ?? '');
  const tag = image.includes('@') ? 'digest' : (image.split('/').pop() ?? '').split(':')[1];
  c['imagePullPolicy'] ??= !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
  c['terminationMessagePath'] ??= '/dev/termination-log';
  c['terminationMessagePolicy'] ??= 'File';
  c['resources'] ??= {};
  for (const p of (c['ports'] as Obj[] | undefined) ?? []) p['protocol'] ??= 'TCP';
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    const pr = c[probe];
    if (isObject(pr)) {
      pr['timeoutSeconds'] ??= 1;
      pr['periodSeconds'] ??= 10;
      pr['successThreshold'] ??= 1;
      pr['failureThreshold'] ??= 3;
      if (isObject(pr['httpGet'])) pr['httpGet']['scheme'] ??= 'HTTP';
    }
  }
}

/** PodSpec defaults (SetDefaults_PodSpec and friends). */
export function defaultPodSpec(spec: Obj): void {
  spec['restartPolicy'] ??= 'Always';
  spec['terminationGracePeriodSeconds'] ??= 30;
  spec['dnsPolicy'] ??= 'ClusterFirst';
  spec['securityContext'] ??= {};
  spec['schedulerName'] ??= 'default-scheduler';
  if (spec['serviceAccountName'] === undefined && spec['serviceAccount'] !== undefined) spec['serviceAccountName'] = spec['serviceAccount'];
  for (const c of [...((spec['containers'] as Obj[] | undefined) ?? []), ...((spec['initContainers'] as Obj[] | undefined) ?? [])]) defaultContainer(c);
  for (const v of (spec['volumes'] as Obj[] | undefined) ?? []) {
    if (isObject(v['configMap'])) v['configMap']['defaultMode'] ??= 420;
    if (isObject(v['secret'])) v['secret']['defaultMode'] ??= 420;
  }
}

function podCauses(spec: Obj, prefix: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const containers = (spec['containers'] as Obj[] | undefined) ?? [];
  if (containers.length === 0) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${prefix}.containers` });
  containers.forEach((c, i) => {
    if (!c['name']) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${prefix}.containers[${i}].name` });
    if (!c['image']) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${prefix}.containers[${i}].image` });
  });
  return causes;
}

const kubeApiAccess = (): Obj => ({
  name: `kube-api-access-${randomSuffix()}`,
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
});

function admitPod(ctx: AdmissionContext): void {
  const pod = ctx.object;
  const spec = obj(pod['spec']);
  pod['spec'] = spec;
  if (ctx.operation === 'CREATE') {
    spec['serviceAccountName'] ??= spec['serviceAccount'] ?? 'default';
    spec['serviceAccount'] ??= spec['serviceAccountName'];
    spec['enableServiceLinks'] ??= true;
    spec['priority'] ??= 0;
    spec['preemptionPolicy'] ??= 'PreemptLowerPriority';
    spec['tolerations'] ??= [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ];
    // The service account admission plugin mounts the API token, as in every real pod.
    if (spec['automountServiceAccountToken'] !== false) {
      const volume = kubeApiAccess();
      spec['volumes'] = [...((spec['volumes'] as Obj[] | undefined) ?? []), volume];
      for (const c of (spec['containers'] as Obj[] | undefined) ?? []) {
        c['volumeMounts'] = [...((c['volumeMounts'] as Obj[] | undefined) ?? []), { name: volume['name'], readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }];
      }
    }
    defaultPodSpec(spec);
    const causes = podCauses(spec, 'spec');
    if (causes.length > 0) throw invalid('', 'Pod', pod.metadata.name ?? '', causes);
    const hasResources = ((spec['containers'] as Obj[] | undefined) ?? []).some((c) => Object.keys(obj(c['resources'])).length > 0);
    pod['status'] = { phase: 'Pending', qosClass: hasResources ? 'Burstable' : 'BestEffort' };
  } else {
    defaultPodSpec(spec);
  }
}

function checkSelector(ctx: AdmissionContext, spec: Obj): void {
  const selector = spec['selector'] as LabelSelectorObject | undefined;
  const labels = obj(obj(spec['template'])['metadata'])['labels'] as Record<string, string> | undefined;
  const name = ctx.object.metadata.name ?? '';
  if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
    throw invalid(ctx.type.group, ctx.type.kind, name, [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' }]);
  }
  if (!matchesRequirements(requirementsOf(selector), labels)) {
    throw invalid(ctx.type.group, ctx.type.kind, name, [
      { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(labels ?? {})}: \`selector\` does not match template \`labels\``, field: 'spec.template.metadata.labels' },
    ]);
  }
  const causes = podCauses(obj(obj(spec['template'])['spec']), 'spec.template.spec');
  if (causes.length > 0) throw invalid(ctx.type.group, ctx.type.kind, name, causes);
}

function admitWorkload(ctx: AdmissionContext): void {
  const spec = obj(ctx.object['spec']);
  ctx.object['spec'] = spec;
  const resource = ctx.type.resource;
  if (resource !== 'daemonsets') spec['replicas'] ??= 1;
  spec['revisionHistoryLimit'] ??= 10;
  if (resource === 'deployments') {
    const strategy = obj(spec['strategy']);
    strategy['type'] ??= 'RollingUpdate';
    if (strategy['type'] === 'RollingUpdate') strategy['rollingUpdate'] = { maxUnavailable: '25%', maxSurge: '25%', ...obj(strategy['rollingUpdate']) };
    spec['strategy'] = strategy;
    spec['progressDeadlineSeconds'] ??= 600;
  }
  if (resource === 'statefulsets') {
    spec['podManagementPolicy'] ??= 'OrderedReady';
    const strategy = obj(spec['updateStrategy']);
    strategy['type'] ??= 'RollingUpdate';
    if (strategy['type'] === 'RollingUpdate') strategy['rollingUpdate'] = { partition: 0, ...obj(strategy['rollingUpdate']) };
    spec['updateStrategy'] = strategy;
    spec['persistentVolumeClaimRetentionPolicy'] ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
  }
  if (resource === 'daemonsets') {
    const strategy = obj(spec['updateStrategy']);
    strategy['type'] ??= 'RollingUpdate';
    if (strategy['type'] === 'RollingUpdate') strategy['rollingUpdate'] = { maxUnavailable: 1, maxSurge: 0, ...obj(strategy['rollingUpdate']) };
    spec['updateStrategy'] = strategy;
  }
  if (resource === 'replicasets') delete spec['revisionHistoryLimit'];
  const template = obj(spec['template']);
  spec['template'] = template;
  template['metadata'] = { creationTimestamp: null, ...obj(template['metadata']) };
  template['spec'] = obj(template['spec']);
  defaultPodSpec(template['spec'] as Obj);
  checkSelector(ctx, spec);
}

function ipOf(n: number, base: [number, number]): string {
  return `${base[0]}.${base[1]}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** ClusterIP and NodePort allocation for Services, keeping allocations on update. */
export class ServiceAllocator {
  private nextIp = 10;
  private readonly usedNodePorts = new Set<number>();

  constructor(private readonly list: () => KubeObject[]) {}

  admission(): Admission {
    return (ctx) => {
      if (ctx.type.group !== '' || ctx.type.resource !== 'services' || ctx.subresource === 'status') return;
      const svc = ctx.object;
      const spec = obj(svc['spec']);
      svc['spec'] = spec;
      const old = ctx.old ? obj(ctx.old['spec']) : undefined;
      const type = (spec['type'] as string | undefined) ?? 'ClusterIP';
      spec['type'] = type;
      spec['sessionAffinity'] ??= 'None';
      if (type !== 'ExternalName') {
        if (old?.['clusterIP'] && spec['clusterIP'] === undefined) spec['clusterIP'] = old['clusterIP'];
        if (spec['clusterIP'] === undefined || spec['clusterIP'] === '') spec['clusterIP'] = this.allocateIp();
        spec['clusterIPs'] = [spec['clusterIP']];
        spec['ipFamilies'] ??= spec['clusterIP'] === 'None' ? ['IPv4'] : ['IPv4'];
        spec['ipFamilyPolicy'] ??= 'SingleStack';
        spec['internalTrafficPolicy'] ??= 'Cluster';
      }
      if (type === 'NodePort' || type === 'LoadBalancer') spec['externalTrafficPolicy'] ??= 'Cluster';
      if (type === 'LoadBalancer') spec['allocateLoadBalancerNodePorts'] ??= true;
      const oldPorts = (old?.['ports'] as Obj[] | undefined) ?? [];
      const ports = (spec['ports'] as Obj[] | undefined) ?? [];
      const causes: StatusCause[] = [];
      const taken = this.nodePortsInUse(svc);
      ports.forEach((p, i) => {
        p['protocol'] ??= 'TCP';
        p['targetPort'] ??= p['port'];
        if (type === 'NodePort' || type === 'LoadBalancer') {
          const previous = oldPorts.find((o) => o['port'] === p['port'] && (o['protocol'] ?? 'TCP') === p['protocol']);
          if (p['nodePort'] === undefined && previous?.['nodePort'] !== undefined) p['nodePort'] = previous['nodePort'];
          if (p['nodePort'] === undefined) p['nodePort'] = this.allocateNodePort(taken);
          const np = Number(p['nodePort']);
          if (np < 30000 || np > 32767) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${np}: provided port is not in the valid range. The range of valid ports is 30000-32767`, field: `spec.ports[${i}].nodePort` });
          else if (taken.has(np)) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${np}: provided port is already allocated`, field: `spec.ports[${i}].nodePort` });
          taken.add(np);
        } else delete p['nodePort'];
      });
      if (causes.length > 0) throw invalid('', 'Service', svc.metadata.name ?? '', causes);
      if (ctx.operation === 'CREATE') svc['status'] = { loadBalancer: {} };
    };
  }

  private nodePortsInUse(self: KubeObject): Set<number> {
    const used = new Set<number>();
    for (const svc of this.list()) {
      if (svc.metadata.uid === self.metadata.uid) continue;
      for (const p of (obj(svc['spec'])['ports'] as Obj[] | undefined) ?? []) if (p['nodePort'] !== undefined) used.add(Number(p['nodePort']));
    }
    return used;
  }

  private allocateIp(): string {
    const ip = ipOf(this.nextIp, [10, 96]);
    this.nextIp++;
    return ip;
  }

  private allocateNodePort(taken: Set<number>): number {
    for (let i = 0; i < 2768; i++) {
      const candidate = 30000 + Math.floor(Math.random() * 2768);
      if (!taken.has(candidate) && !this.usedNodePorts.has(candidate)) return candidate;
    }
    return 32767;
  }
}

/** The defaulting/validation admission for built-in kinds. */
export function builtInAdmission(): Admission {
  return (ctx) => {
    const { group, resource } = ctx.type;
    if (ctx.subresource === 'status') return;
    if (group === '' && resource === 'pods') return admitPod(ctx);
    if (group === 'apps' && ['deployments', 'replicasets', 'statefulsets', 'daemonsets'].includes(resource)) return admitWorkload(ctx);
    if (group === '' && resource === 'namespaces') {
      const ns = ctx.object;
      ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name ?? '' };
      if (ctx.operation === 'CREATE') {
        ns['spec'] = { finalizers: ['kubernetes'], ...obj(ns['spec']) };
        ns['status'] = { phase: 'Active' };
      }
      return;
    }
    if (group === '' && resource === 'secrets') {
      ctx.object['type'] ??= 'Opaque';
      return;
    }
    if (group === '' && resource === 'serviceaccounts') return;
  };
}
