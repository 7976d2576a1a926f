// What a fresh kind cluster already holds before anyone applies anything: the system
// namespaces, the control-plane Node, the "kubernetes" Service with its Endpoints, and the
// "standard" StorageClass. Written through ResourceApi so every object is fully formed.
import { release } from 'node:os';
import type { ResourceApi } from './resource-api.js';
import type { ResourceRegistry } from './resources.js';
import type { KubeObject } from './store.js';

export interface SeedOptions {
  api: ResourceApi;
  registry: ResourceRegistry;
  nodeName: string;
  nodeIP: string;
  kubernetesVersion: string;
  clusterName: string;
}

type Create = (group: string, resource: string, namespace: string | undefined, body: KubeObject, manager?: string) => KubeObject;

export function seedCluster(options: SeedOptions): void {
  const { api, registry } = options;
  const create: Create = (group, resource, namespace, body, manager = 'kube-apiserver') => {
    const type = registry.get(group, resource);
    if (!type) throw new Error(`unknown resource ${group}/${resource}`);
    return api.create(type, type.versions[0]?.name ?? 'v1', namespace, body, { fieldManager: manager });
  };
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']) {
    create('', 'namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  seedNode(options, create);
  create('', 'services', 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], type: 'ClusterIP' },
  });
  create('', 'endpoints', 'default', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: options.nodeIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  create('storage.k8s.io', 'storageclasses', undefined, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
}

/** The control-plane Node as the kubelet registers it, then its status as the kubelet reports it. */
function seedNode(options: SeedOptions, create: Create): void {
  const { api, registry } = options;
  const node = create('', 'nodes', undefined, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: options.nodeName,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': options.nodeName,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
        'node.kubernetes.io/exclude-from-external-load-balancers': '',
      },
      annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock', 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'], providerID: `kind://docker/${options.clusterName}/${options.nodeName}` },
  }, 'kubelet');
  const nodeType = registry.get('', 'nodes');
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const condition = (type: string, status: string, reason: string, message: string): Record<string, string> => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  if (nodeType) {
    api.update(nodeType, 'v1', undefined, options.nodeName, {
      ...node,
      status: {
        capacity: { cpu: '2', 'ephemeral-storage': '102626232Ki', 'hugepages-2Mi': '0', memory: '8148052Ki', pods: '110' },
        allocatable: { cpu: '2', 'ephemeral-storage': '102626232Ki', 'hugepages-2Mi': '0', memory: '8148052Ki', pods: '110' },
        conditions: [
          condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
          condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
          condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
          condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
        ],
        addresses: [
          { type: 'InternalIP', address: options.nodeIP },
          { type: 'Hostname', address: options.nodeName },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: '0d3b5c6a8f2e4d1b9a7c6e5f4d3c2b1a',
          systemUUID: '4c4c4544-0047-3010-8052-b4c04f4d3232',
          bootID: '6b1e0f3a-9c2d-4e5f-8a7b-1c2d3e4f5a6b',
          kernelVersion: release(),
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          containerRuntimeVersion: 'containerd://2.0.2',
          kubeletVersion: options.kubernetesVersion,
          kubeProxyVersion: options.kubernetesVersion,
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    }, { subresource: 'status', fieldManager: 'kubelet' });
  }
}
