// The kind cluster config MeshDeck asks for: one control-plane node whose ingress node ports are
// published on host ports, on loopback unless the user opted into LAN sharing. Pure: writing
// the file and running kind happen in kind-cli.ts. Node labels go in `nodes[].labels`, never in
// kubeadm patches (kind ≥ Kubernetes 1.36 generates kubeadm v1beta4 and ignores v1beta3 patches).

import { stringify } from 'yaml';
import { AppError } from '../contract';

export const KIND_API_VERSION = 'kind.x-k8s.io/v1alpha4';
export const DEFAULT_NODE_IMAGE = 'kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5';
export const DEFAULT_CLUSTER_NAME = 'meshdeck';
export const LOOPBACK_ADDRESS = '127.0.0.1';
export const ALL_INTERFACES = '0.0.0.0';

export interface KindPortMapping {
  containerPort: number;
  hostPort: number;
  listenAddress: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface KindNode {
  role: 'control-plane' | 'worker';
  image: string;
  labels: Record<string, string>;
  extraPortMappings: KindPortMapping[];
}

/** kind's v1alpha4 `Cluster`, only the fields MeshDeck sets. */
export interface KindCluster {
  kind: 'Cluster';
  apiVersion: typeof KIND_API_VERSION;
  name: string;
  nodes: KindNode[];
}

export interface KindClusterOptions {
  name: string;
  /** Host port that reaches the ingress gateway's HTTP port (default 8080 in the plan). */
  httpHostPort: number;
  httpsHostPort: number;
  /** The ingress gateway Service's fixed nodePorts; the node's containerPort must equal them. */
  httpNodePort: number;
  httpsNodePort: number;
  /** Where the host ports listen; loopback unless `lanSharing`. */
  listenAddress?: string;
  /** Publish on every interface (0.0.0.0). Grafana grants anonymous Admin: only on explicit opt-in. */
  lanSharing?: boolean;
  nodeImage?: string;
  /** Extra node labels, merged over `ingress-ready: "true"`. */
  nodeLabels?: Record<string, string>;
}

const CLUSTER_NAME = /^[a-z0-9.-]+$/;

function checkPort(label: string, port: number, min: number, max: number): void {
  if (!Number.isInteger(port) || port < min || port > max) {
    throw new AppError('INVALID_ARGUMENT', `The ${label} must be a whole number from ${min} to ${max}, not ${port}.`, { field: label, value: String(port) });
  }
}

/** The Kubernetes context kind writes for a cluster. */
export function kindContextName(clusterName: string): string {
  return `kind-${clusterName}`;
}

export function kindClusterConfig(options: KindClusterOptions): KindCluster {
  if (!CLUSTER_NAME.test(options.name)) {
    throw new AppError('INVALID_ARGUMENT', `"${options.name}" is not a valid cluster name: use lower-case letters, digits, dots and dashes.`, { field: 'name', value: options.name });
  }
  checkPort('HTTP host port', options.httpHostPort, 1, 65535);
  checkPort('HTTPS host port', options.httpsHostPort, 1, 65535);
  // Kubernetes' default service-node-port-range.
  checkPort('HTTP node port', options.httpNodePort, 30000, 32767);
  checkPort('HTTPS node port', options.httpsNodePort, 30000, 32767);
  if (options.httpHostPort === options.httpsHostPort) {
    throw new AppError('INVALID_ARGUMENT', `The HTTP and HTTPS host ports must differ (both are ${options.httpHostPort}).`, { field: 'httpsHostPort', value: String(options.httpsHostPort) });
  }
  if (options.httpNodePort === options.httpsNodePort) {
    throw new AppError('INVALID_ARGUMENT', `The HTTP and HTTPS node ports must differ (both are ${options.httpNodePort}).`, { field: 'httpsNodePort', value: String(options.httpsNodePort) });
  }
  const listenAddress = options.lanSharing ? ALL_INTERFACES : (options.listenAddress ?? LOOPBACK_ADDRESS);
  const mapping = (containerPort: number, hostPort: number): KindPortMapping => ({ containerPort, hostPort, listenAddress, protocol: 'TCP' });
  return {
    kind: 'Cluster',
    apiVersion: KIND_API_VERSION,
    name: options.name,
    nodes: [
      {
        role: 'control-plane',
        image: options.nodeImage ?? DEFAULT_NODE_IMAGE,
        labels: { 'ingress-ready': 'true', ...options.nodeLabels },
        extraPortMappings: [mapping(options.httpNodePort, options.httpHostPort), mapping(options.httpsNodePort, options.httpsHostPort)],
      },
    ],
  };
}

/** The config as the YAML file handed to `kind create cluster --config`. */
export function renderKindConfig(config: KindCluster): string {
  return stringify(config);
}
