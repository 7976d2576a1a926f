// The node side of a cluster's node ports on a real Docker engine: inside the node container a
// busybox `nc -ll -p <nodePort> -e nc host.docker.internal <hostPort>` accepts each connection
// Docker publishes and relays it, one forked nc per connection, to the data plane's listener
// on the host. `host.docker.internal` is the container's host-gateway entry; the host side
// must listen on exactly the address that name resolves to inside the node.
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import type Docker from 'dockerode';

export interface Forward {
  containerPort: number;
  hostPort: number;
}

async function execOutput(docker: Docker, containerId: string, cmd: string[]): Promise<string> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(stream, stdout, stderr);
  stream.on('end', () => (stdout.end(), stderr.end()));
  const [out, err] = await Promise.all([text(stdout), text(stderr)]);
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new Error(`docker exec ${cmd.join(' ')} failed with exit code ${ExitCode}: ${err.trim()}`);
  return out;
}

/** The address `host.docker.internal` names inside the node (Docker's host-gateway, e.g. 172.17.0.1). */
export async function hostGatewayAddress(docker: Docker, containerId: string): Promise<string> {
  const hosts = await execOutput(docker, containerId, ['cat', '/etc/hosts']);
  for (const line of hosts.split('\n')) {
    const [address, ...names] = line.trim().split(/\s+/);
    if (address && /^\d+\.\d+\.\d+\.\d+$/.test(address) && names.includes('host.docker.internal')) return address;
  }
  throw new Error('the node container has no IPv4 host.docker.internal entry (it needs --add-host host.docker.internal:host-gateway)');
}

/** Starts one persistent relay per node port; they end with the container. */
export async function startForwarders(docker: Docker, containerId: string, forwards: Forward[]): Promise<void> {
  for (const { containerPort, hostPort } of forwards) {
    const cmd = ['nc', '-ll', '-p', String(containerPort), '-e', 'nc', 'host.docker.internal', String(hostPort)];
    const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: false, AttachStderr: false });
    await exec.start({ Detach: true });
    const state = await exec.inspect();
    // A relay that exited at once (port taken in the node, bad flags) shows up here, not later.
    if (!state.Running && state.ExitCode !== null) throw new Error(`the forwarder for node port ${containerPort} exited with code ${state.ExitCode}`);
  }
}
