// The cluster's node containers on a real Docker engine: named and labelled like kind's
// (`<cluster>-control-plane`, io.x-k8s.kind.cluster / io.x-k8s.kind.role), on the `kind`
// network, publishing the config's extraPortMappings exactly as kind asks Docker to. A failed
// start surfaces Docker's own words, inside the "docker run" error kind would print.
import type Docker from 'dockerode';
import type { NodeConfig, PortMapping } from './kind-config.js';

export const KIND_CLUSTER_LABEL = 'io.x-k8s.kind.cluster';
export const KIND_ROLE_LABEL = 'io.x-k8s.kind.role';
/** Marks containers made by the test world, with the state dir that owns them. */
export const WORLD_STATE_LABEL = 'dev.meshdeck.world.state';

export class DockerRunError extends Error {
  constructor(
    readonly command: string,
    readonly output: string,
  ) {
    super(`command "${command}" failed with error: exit status 125`);
  }
}

function publishFlag(mapping: PortMapping): string {
  const host = mapping.hostPort > 0 ? String(mapping.hostPort) : '';
  return `--publish=${mapping.listenAddress}:${host}:${mapping.containerPort}/${mapping.protocol}`;
}

/** The `docker run` line kind would have run, for error messages users can recognise. */
export function dockerRunLine(clusterName: string, nodeName: string, node: NodeConfig): string {
  return [
    'docker run', `--name ${nodeName}`, `--hostname ${nodeName}`, `--label ${KIND_ROLE_LABEL}=${node.role}`,
    '--privileged --security-opt seccomp=unconfined --security-opt apparmor=unconfined --tmpfs /tmp --tmpfs /run --volume /var --volume /lib/modules:/lib/modules:ro',
    '-e KIND_EXPERIMENTAL_CONTAINERD_SNAPSHOTTER --detach --tty', `--label ${KIND_CLUSTER_LABEL}=${clusterName}`,
    '--net kind --restart=on-failure:1 --init=false --cgroupns=private',
    ...node.extraPortMappings.map(publishFlag),
    '-e KUBECONFIG=/etc/kubernetes/admin.conf', node.image,
  ].join(' ');
}

async function ensureKindNetwork(docker: Docker): Promise<string> {
  const networks = await docker.listNetworks({ filters: { name: ['kind'] } });
  if (networks.some((n) => n.Name === 'kind')) return 'kind';
  try {
    await docker.createNetwork({ Name: 'kind', Driver: 'bridge', Labels: { [WORLD_STATE_LABEL]: 'shared' } });
    return 'kind';
  } catch {
    // Another create won the race, or the engine has no free subnet: the default bridge serves too.
    const again = await docker.listNetworks({ filters: { name: ['kind'] } });
    return again.some((n) => n.Name === 'kind') ? 'kind' : 'bridge';
  }
}

export interface CreatedNode {
  name: string;
  role: string;
  containerId: string;
}

export async function createNodeContainer(
  docker: Docker,
  options: { clusterName: string; nodeName: string; node: NodeConfig; image: string; stateRoot: string },
): Promise<CreatedNode> {
  const { clusterName, nodeName, node } = options;
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const mapping of node.extraPortMappings) {
    const key = `${mapping.containerPort}/${mapping.protocol.toLowerCase()}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: mapping.listenAddress, HostPort: mapping.hostPort > 0 ? String(mapping.hostPort) : '' });
  }
  const network = await ensureKindNetwork(docker);
  const container = await docker.createContainer({
    name: nodeName,
    Hostname: nodeName,
    Image: options.image,
    // A PID 1 that ends on SIGTERM, so `docker stop` is as quick as on a real node.
    Cmd: ['/bin/sh', '-c', "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"],
    Labels: {
      [KIND_CLUSTER_LABEL]: clusterName,
      [KIND_ROLE_LABEL]: node.role,
      [WORLD_STATE_LABEL]: options.stateRoot,
      'dev.meshdeck.world.requested-image': node.image,
      ...node.labels,
    },
    ExposedPorts: exposed,
    Tty: true,
    HostConfig: {
      PortBindings: bindings,
      NetworkMode: network,
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 1 },
      // Lets a forwarder inside the node reach listeners on the host (the world's data plane).
      ExtraHosts: ['host.docker.internal:host-gateway'],
    },
  });
  try {
    await container.start();
  } catch (error) {
    // The created container stays: kind's cleanup deletes it (and says so) unless --retain.
    const message = (error as { json?: { message?: string } }).json?.message ?? (error as Error).message;
    throw new DockerRunError(dockerRunLine(clusterName, nodeName, node), `${container.id}\ndocker: Error response from daemon: ${message}\n\nRun 'docker run --help' for more information`);
  }
  return { name: nodeName, role: node.role, containerId: container.id };
}

export async function removeClusterContainers(docker: Docker, clusterName: string): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${KIND_CLUSTER_LABEL}=${clusterName}`, WORLD_STATE_LABEL] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  return containers.map((c) => (c.Names[0] ?? '').replace(/^\//, '')).sort();
}
