import { describe, expect, it } from 'vitest';
import { endpointsGroups, groupsFor, nodeGroups, serviceGroups } from './kubernetes-sd-targets.js';

const pod = {
  metadata: { name: 'reviews-v2-5b6c7d8e9f-abcde', namespace: 'default', uid: 'u1', labels: { app: 'reviews', 'service.istio.io/canonical-name': 'reviews' }, annotations: { 'prometheus.io/port': '15020' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'reviews-v2-5b6c7d8e9f', controller: true }] },
  spec: { nodeName: 'meshdeck-control-plane', containers: [{ name: 'reviews', image: 'r:1', ports: [{ containerPort: 9080 }] }, { name: 'sidecar' , image: 's:1' }], initContainers: [{ name: 'istio-proxy', image: 'p:1', ports: [{ name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' }] }] },
  status: { phase: 'Running', podIP: '10.244.0.9', hostIP: '172.18.0.2', conditions: [{ type: 'Ready', status: 'True' }] },
};

describe("Prometheus's Kubernetes SD labels, computed by the world", () => {
  it('role pod: one target per container port (a bare pod IP for a container without ports), pod labels sanitized', () => {
    const groups = groupsFor('pod', { pods: [pod, { ...pod, status: { phase: 'Pending' } }], services: [], endpoints: [], nodes: [] });
    expect(groups.map((g) => g.targets[0])).toEqual(['10.244.0.9:9080', '10.244.0.9', '10.244.0.9:15090']);
    expect(groups[0]?.labels).toMatchObject({
      __meta_kubernetes_namespace: 'default', __meta_kubernetes_pod_name: 'reviews-v2-5b6c7d8e9f-abcde', __meta_kubernetes_pod_ip: '10.244.0.9', __meta_kubernetes_pod_ready: 'true', __meta_kubernetes_pod_phase: 'Running',
      __meta_kubernetes_pod_node_name: 'meshdeck-control-plane', __meta_kubernetes_pod_controller_kind: 'ReplicaSet', __meta_kubernetes_pod_controller_name: 'reviews-v2-5b6c7d8e9f',
      __meta_kubernetes_pod_label_app: 'reviews', __meta_kubernetes_pod_label_service_istio_io_canonical_name: 'reviews', __meta_kubernetes_pod_labelpresent_app: 'true',
      __meta_kubernetes_pod_annotation_prometheus_io_port: '15020', __meta_kubernetes_pod_container_name: 'reviews', __meta_kubernetes_pod_container_port_number: '9080', __meta_kubernetes_pod_container_port_protocol: 'TCP', __meta_kubernetes_pod_container_init: 'false',
    });
    expect(groups[2]?.labels).toMatchObject({ __meta_kubernetes_pod_container_init: 'true', __meta_kubernetes_pod_container_port_name: 'http-envoy-prom' });
    expect(groupsFor('pod', { pods: [pod], services: [], endpoints: [], nodes: [] }, ['istio-system'])).toEqual([]);
  });

  it('role endpoints, service and node', () => {
    const svc = { metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver' } }, spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] } };
    const ep = { metadata: { name: 'kubernetes', namespace: 'default' }, subsets: [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }] };
    expect(endpointsGroups([ep], [svc], [])).toEqual([{ targets: ['172.18.0.2:6443'], labels: expect.objectContaining({ __meta_kubernetes_namespace: 'default', __meta_kubernetes_service_name: 'kubernetes', __meta_kubernetes_endpoint_port_name: 'https', __meta_kubernetes_endpoint_ready: 'true', __meta_kubernetes_service_label_component: 'apiserver' }) }]);
    expect(serviceGroups([svc])[0]).toMatchObject({ targets: ['kubernetes.default.svc:443'], labels: { __meta_kubernetes_service_cluster_ip: '10.96.0.1', __meta_kubernetes_service_port_name: 'https', __meta_kubernetes_service_type: 'ClusterIP' } });
    const node = { metadata: { name: 'meshdeck-control-plane', labels: { 'kubernetes.io/os': 'linux' } }, status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'meshdeck-control-plane' }], daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } } };
    expect(nodeGroups([node])[0]).toMatchObject({ targets: ['172.18.0.2:10250'], labels: { __meta_kubernetes_node_name: 'meshdeck-control-plane', __meta_kubernetes_node_label_kubernetes_io_os: 'linux', __meta_kubernetes_node_address_InternalIP: '172.18.0.2', __meta_kubernetes_node_address_Hostname: 'meshdeck-control-plane' } });
  });
});
