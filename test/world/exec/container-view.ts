// What a process sees inside one of the world's containers: a tiny read-only filesystem
// (/etc/hostname, os-release, hosts, resolv.conf, the service-account namespace, /var/log, the
// commands in /bin), the environment the kubelet would give it (PATH, HOSTNAME, the container's
// env from the pod spec, the kubernetes Service variables) and whether bash is installed: only
// when the image name says "bash", so clients must be able to fall back to sh.
import type { OutboundRequest, OutboundResult } from '../pod-network.js';
import type { KubeObject } from '../store.js';

/** How a process in the container reaches the network (from the pod's IP). */
export type ContainerNetwork = (req: OutboundRequest, signal: AbortSignal) => Promise<OutboundResult>;

export interface ContainerView {
  namespace: string;
  pod: string;
  container: string;
  image: string;
  hostname: string;
  podIP: string;
  /** Absent when the world has no pod network to send through. */
  network?: ContainerNetwork;
  /** Ordered like a real container's environment. */
  env: Map<string, string>;
  /** Absolute path → content. */
  files: Map<string, string>;
  dirs: Set<string>;
  /** Command names installed in /bin. */
  commands: Set<string>;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath?: string } };
}

interface PodShape {
  spec?: {
    nodeName?: string;
    serviceAccountName?: string;
    containers?: { name: string; image?: string; env?: EnvVar[] }[];
    initContainers?: { name: string; image?: string; env?: EnvVar[] }[];
  };
  status?: { podIP?: string; hostIP?: string };
}

export const baseCommands = ['cat', 'echo', 'env', 'hostname', 'ls', 'pwd', 'sh', 'sleep', 'stty', 'which'];
const kubernetesServiceHost = '10.96.0.1';

function fieldValue(pod: KubeObject, path: string): string | undefined {
  const shape = pod as PodShape & KubeObject;
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace;
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'spec.nodeName':
      return shape.spec?.nodeName;
    case 'spec.serviceAccountName':
      return shape.spec?.serviceAccountName ?? 'default';
    case 'status.podIP':
      return shape.status?.podIP;
    case 'status.hostIP':
      return shape.status?.hostIP;
    default: {
      const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
      if (label?.[1]) return pod.metadata.labels?.[label[1]];
      return undefined;
    }
  }
}

function addDir(dirs: Set<string>, path: string): void {
  for (let p = path; p !== '/' && p !== ''; p = p.slice(0, p.lastIndexOf('/')) || '/') dirs.add(p);
  dirs.add('/');
}

export function containerView(pod: KubeObject, container: string, network?: ContainerNetwork): ContainerView {
  const shape = pod as PodShape & KubeObject;
  const spec = [...(shape.spec?.containers ?? []), ...(shape.spec?.initContainers ?? [])].find((c) => c.name === container);
  const image = spec?.image ?? '';
  const name = pod.metadata.name ?? '';
  const namespace = pod.metadata.namespace ?? 'default';
  const podIP = shape.status?.podIP ?? '';

  const env = new Map<string, string>([
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['HOSTNAME', name],
  ]);
  for (const v of spec?.env ?? []) {
    const value = v.value ?? (v.valueFrom?.fieldRef?.fieldPath ? fieldValue(pod, v.valueFrom.fieldRef.fieldPath) : undefined);
    env.set(v.name, value ?? '');
  }
  env.set('KUBERNETES_SERVICE_HOST', kubernetesServiceHost);
  env.set('KUBERNETES_SERVICE_PORT', '443');
  env.set('KUBERNETES_SERVICE_PORT_HTTPS', '443');
  env.set('KUBERNETES_PORT', `tcp://${kubernetesServiceHost}:443`);
  env.set('KUBERNETES_PORT_443_TCP', `tcp://${kubernetesServiceHost}:443`);
  env.set('KUBERNETES_PORT_443_TCP_PROTO', 'tcp');
  env.set('KUBERNETES_PORT_443_TCP_PORT', '443');
  env.set('KUBERNETES_PORT_443_TCP_ADDR', kubernetesServiceHost);
  env.set('HOME', '/root');

  const commands = new Set(baseCommands);
  if (/bash/i.test(image)) commands.add('bash');
  // curlimages/curl (samples/curl/curl.yaml) ships curl; the world's other images do not.
  if (/(^|\/)curlimages\/curl([:@]|$)/.test(image)) commands.add('curl');

  const files = new Map<string, string>([
    ['/etc/hostname', `${name}\n`],
    ['/etc/os-release', 'NAME="MeshDeck test world"\nID=meshdeck-world\nVERSION_ID=1\nPRETTY_NAME="MeshDeck test world container"\n'],
    ['/etc/hosts', `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${podIP ? `${podIP}\t${name}\n` : ''}`],
    ['/etc/resolv.conf', `search ${namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`],
    ['/var/run/secrets/kubernetes.io/serviceaccount/namespace', namespace],
  ]);
  for (const command of commands) files.set(`/bin/${command}`, '');
  const dirs = new Set<string>();
  for (const path of [...files.keys()]) addDir(dirs, path.slice(0, path.lastIndexOf('/')) || '/');
  for (const dir of ['/root', '/tmp', '/var/log', '/usr/bin']) addDir(dirs, dir);

  return { namespace, pod: name, container, image, hostname: name, podIP, ...(network ? { network } : {}), env, files, dirs, commands };
}

/** Normalizes `path` against `cwd`: resolves ".", ".." and repeated slashes. */
export function resolvePath(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Names directly inside a directory, sorted. */
export function listDir(view: ContainerView, dir: string): string[] {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const names = new Set<string>();
  for (const path of [...view.files.keys(), ...view.dirs]) {
    if (path === dir || !path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const first = rest.split('/')[0];
    if (first) names.add(first);
  }
  return [...names].sort();
}
