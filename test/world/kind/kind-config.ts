// kind's v1alpha4 cluster config: strict decoding (same field names and Go type names as
// sigs.k8s.io/kind/pkg/apis/config/v1alpha4), kind's defaults, and kind's Validate() with its
// error texts. Pure: reading the file and checking host ports happen elsewhere.
import { isMap, isScalar, parseDocument } from 'yaml';
import { decodeStrict, type GoType } from './strict-decode.js';

export const DEFAULT_NODE_IMAGE = 'kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5';
export const KIND_API_VERSION = 'kind.x-k8s.io/v1alpha4';

export interface PortMapping {
  containerPort: number;
  hostPort: number;
  listenAddress: string;
  protocol: string;
}

export interface Mount {
  containerPath?: string;
  hostPath?: string;
  readOnly?: boolean;
  selinuxRelabel?: boolean;
  propagation?: string;
}

export interface NodeConfig {
  role: string;
  image: string;
  labels: Record<string, string>;
  extraMounts: Mount[];
  extraPortMappings: PortMapping[];
}

export interface Networking {
  ipFamily: string;
  apiServerPort: number;
  apiServerAddress: string;
  podSubnet: string;
  serviceSubnet: string;
  disableDefaultCNI: boolean;
  kubeProxyMode: string;
}

export interface ClusterConfig {
  name: string;
  nodes: NodeConfig[];
  networking: Networking;
  featureGates: Record<string, boolean>;
}

export class KindConfigError extends Error {}

const str = (name?: string): GoType => ({ kind: 'string', ...(name ? { name } : {}) });
const int32: GoType = { kind: 'int32' };
const bool: GoType = { kind: 'bool' };
const strings: GoType = { kind: 'seq', item: str(), name: '[]string' };
const patchJson6902: GoType = {
  kind: 'struct', name: 'v1alpha4.PatchJSON6902',
  fields: () => ({ group: str(), version: str(), kind: str(), patch: str() }),
};
const patches6902: GoType = { kind: 'seq', item: patchJson6902, name: '[]v1alpha4.PatchJSON6902' };
const portMapping: GoType = {
  kind: 'struct', name: 'v1alpha4.PortMapping',
  fields: () => ({ containerPort: int32, hostPort: int32, listenAddress: str(), protocol: str('v1alpha4.PortMappingProtocol') }),
};
const mount: GoType = {
  kind: 'struct', name: 'v1alpha4.Mount',
  fields: () => ({ containerPath: str(), hostPath: str(), readOnly: bool, selinuxRelabel: bool, propagation: str('v1alpha4.MountPropagation') }),
};
const node: GoType = {
  kind: 'struct', name: 'v1alpha4.Node',
  fields: () => ({
    role: str('v1alpha4.NodeRole'), image: str(),
    labels: { kind: 'map', value: str(), name: 'map[string]string' },
    extraMounts: { kind: 'seq', item: mount, name: '[]v1alpha4.Mount' },
    extraPortMappings: { kind: 'seq', item: portMapping, name: '[]v1alpha4.PortMapping' },
    kubeadmConfigPatches: strings, kubeadmConfigPatchesJSON6902: patches6902,
  }),
};
const networking: GoType = {
  kind: 'struct', name: 'v1alpha4.Networking',
  fields: () => ({
    ipFamily: str('v1alpha4.ClusterIPFamily'), apiServerPort: int32, apiServerAddress: str(), podSubnet: str(), serviceSubnet: str(),
    disableDefaultCNI: bool, kubeProxyMode: str('v1alpha4.ProxyMode'), dnsSearch: strings,
  }),
};
const cluster: GoType = {
  kind: 'struct', name: 'v1alpha4.Cluster',
  fields: () => ({
    kind: str(), apiVersion: str(), name: str(),
    nodes: { kind: 'seq', item: node, name: '[]v1alpha4.Node' },
    networking,
    featureGates: { kind: 'map', value: bool, name: 'map[string]bool' },
    runtimeConfig: { kind: 'map', value: str(), name: 'map[string]string' },
    kubeadmConfigPatches: strings, kubeadmConfigPatchesJSON6902: patches6902,
    containerdConfigPatches: strings, containerdConfigPatchesJSON6902: strings,
  }),
};

type Raw = Record<string, unknown>;

function typeMeta(text: string): { kind: string; apiVersion: string } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const line = doc.errors[0]!.linePos?.[0]?.line ?? 1;
    throw new KindConfigError(`could not determine kind / apiVersion for config: yaml: line ${line}: ${doc.errors[0]!.message.split('\n')[0]}`);
  }
  const contents = doc.contents;
  const get = (key: string): string => {
    if (!isMap(contents)) return '';
    const value = contents.get(key, true);
    return isScalar(value) ? String(value.value ?? '') : '';
  };
  return { kind: get('kind'), apiVersion: get('apiVersion') };
}

function defaultNode(raw: Raw): NodeConfig {
  return {
    role: (raw.role as string | undefined) ?? 'control-plane',
    image: (raw.image as string | undefined) ?? DEFAULT_NODE_IMAGE,
    labels: (raw.labels as Record<string, string> | undefined) ?? {},
    extraMounts: (raw.extraMounts as Mount[] | undefined) ?? [],
    extraPortMappings: ((raw.extraPortMappings as Raw[] | undefined) ?? []).map((m) => ({
      containerPort: (m.containerPort as number | undefined) ?? 0,
      hostPort: (m.hostPort as number | undefined) ?? 0,
      // kind publishes on every interface unless told otherwise.
      listenAddress: (m.listenAddress as string | undefined) ?? '0.0.0.0',
      protocol: (m.protocol as string | undefined) ?? 'TCP',
    })),
  };
}

/** Decodes and defaults a config file's text; `undefined` text gives kind's default config. */
export function parseKindConfig(text: string | undefined): ClusterConfig {
  let raw: Raw = {};
  if (text !== undefined) {
    const meta = typeMeta(text);
    if (meta.apiVersion !== KIND_API_VERSION) throw new KindConfigError(`unknown apiVersion: ${meta.apiVersion}`);
    if (meta.kind !== 'Cluster') throw new KindConfigError(`unknown kind ${meta.kind} for apiVersion: ${meta.apiVersion}`);
    try {
      raw = decodeStrict(text, cluster) as Raw;
    } catch (error) {
      throw new KindConfigError(`unable to decode config: ${(error as Error).message}`);
    }
  }
  const net = (raw.networking as Raw | undefined) ?? {};
  const nodes = (raw.nodes as Raw[] | undefined) ?? [{}];
  return {
    name: (raw.name as string | undefined) ?? '',
    nodes: (nodes.length > 0 ? nodes : [{}]).map((n) => defaultNode(n ?? {})),
    networking: {
      ipFamily: (net.ipFamily as string | undefined) ?? 'ipv4',
      apiServerPort: (net.apiServerPort as number | undefined) ?? 0,
      apiServerAddress: (net.apiServerAddress as string | undefined) ?? '127.0.0.1',
      podSubnet: (net.podSubnet as string | undefined) ?? '10.244.0.0/16',
      serviceSubnet: (net.serviceSubnet as string | undefined) ?? '10.96.0.0/16',
      disableDefaultCNI: (net.disableDefaultCNI as boolean | undefined) ?? false,
      kubeProxyMode: (net.kubeProxyMode as string | undefined) ?? 'iptables',
    },
    featureGates: (raw.featureGates as Record<string, boolean> | undefined) ?? {},
  };
}

/** k8s.io/apimachinery's aggregate: one error is itself, several are "[a, b]". */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

function validatePort(port: number): string | undefined {
  return port < -1 || port > 65535 ? `invalid port number: ${port}` : undefined;
}

function normaliseAddress(address: string): string {
  return address === '::' || address === '[::]' ? '0.0.0.0' : address;
}

function validatePortMappings(mappings: PortMapping[]): string | undefined {
  const bound = new Map<string, Set<string>>();
  for (const mapping of mappings) {
    if (mapping.hostPort === -1 || mapping.hostPort === 0) continue;
    const key = `${mapping.hostPort}/${mapping.protocol}`;
    const address = normaliseAddress(mapping.listenAddress);
    const conflict = `port mapping with same listen address, port and protocol already configured: ${address}:${key}`;
    const addresses = bound.get(key);
    if (addresses) {
      if (address === '0.0.0.0' && addresses.size > 0) return conflict;
      if (addresses.has(address) || addresses.has('0.0.0.0')) return conflict;
    }
    bound.set(key, (addresses ?? new Set()).add(address));
  }
  return undefined;
}

function validateNode(node: NodeConfig): string | undefined {
  const errors: string[] = [];
  if (node.role !== 'control-plane' && node.role !== 'worker') errors.push(`"${node.role}" is not a valid node role`);
  if (!node.image) errors.push('image is a required field');
  for (const mapping of node.extraPortMappings) {
    const host = validatePort(mapping.hostPort);
    if (host) errors.push(`invalid hostPort: ${host}`);
    const container = validatePort(mapping.containerPort);
    if (container) errors.push(`invalid containerPort: ${container}`);
  }
  const mappings = validatePortMappings(node.extraPortMappings);
  if (mappings) errors.push(`invalid portMapping: ${mappings}`);
  return errors.length > 0 ? aggregate(errors) : undefined;
}

function validCidr(value: string): boolean {
  return /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(value) || /^[0-9a-fA-F:]+\/\d{1,3}$/.test(value);
}

/** kind's Cluster.Validate(): every problem at once, in kind's words. */
export function validateKindConfig(config: ClusterConfig): string | undefined {
  const errors: string[] = [];
  if (!/^[a-z0-9.-]+$/.test(config.name)) {
    errors.push(`'${config.name}' is not a valid cluster name, cluster names must match \`^[a-z0-9.-]+$\``);
  }
  if (config.networking.apiServerPort !== 0) {
    const port = validatePort(config.networking.apiServerPort);
    if (port) errors.push(`invalid apiServerPort: ${port}`);
  }
  if (!['ipv4', 'ipv6', 'dual'].includes(config.networking.ipFamily)) errors.push(`invalid ipFamily: ${config.networking.ipFamily}`);
  for (const [label, subnet] of [['pod', config.networking.podSubnet], ['service', config.networking.serviceSubnet]] as const) {
    if (!subnet.split(',').every(validCidr)) errors.push(`invalid ${label} subnet failed to parse cidr value:"${subnet}" with error: invalid CIDR address: ${subnet}`);
  }
  if (!['iptables', 'ipvs', 'none', 'nftables'].includes(config.networking.kubeProxyMode)) errors.push(`invalid kubeProxyMode: ${config.networking.kubeProxyMode}`);
  config.nodes.forEach((node, index) => {
    const problem = validateNode(node);
    if (problem) errors.push(`invalid configuration for node ${index}: ${problem}`);
  });
  if (!config.nodes.some((node) => node.role === 'control-plane')) errors.push('must have at least one control-plane node');
  return errors.length > 0 ? aggregate(errors) : undefined;
}

/** Container names the way kind numbers them: name-control-plane, name-control-plane2, name-worker, name-worker2. */
export function nodeNames(config: ClusterConfig): string[] {
  const counts = new Map<string, number>();
  return config.nodes.map((node) => {
    const count = (counts.get(node.role) ?? 0) + 1;
    counts.set(node.role, count);
    return `${config.name}-${node.role}${count > 1 ? count : ''}`;
  });
}
