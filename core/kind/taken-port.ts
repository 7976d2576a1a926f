// Finds the host port a failed `docker run` (as kind quotes it) could not publish, in every form
// real engines print it. Docker 28 (moby libnetwork): the port allocator's "Bind for
// 127.0.0.1:8080 failed: port is already allocated" (another container holds it), or bridge's
// "failed to bind host port for 127.0.0.1:8080:172.18.0.2:30080/tcp: address already in use"
// (another program holds it; the binding is HostIP:HostPort:ContainerIP:Port/proto, IPv6 in
// brackets). Older engines and Docker Desktop: the userland proxy's "listen tcp4 127.0.0.1:8080:
// bind: address already in use". Pure.

export interface TakenPort {
  port: number;
  /** The host address as the engine wrote it (127.0.0.1, 0.0.0.0, ::1, …), when it named one. */
  address?: string;
}

// An address: IPv4, bracketed IPv6, or the bare IPv6 Go prints in "Bind for :::8080".
const HOST = String.raw`(\[[0-9a-fA-F:.%\w]*\]|[0-9.]+|[0-9a-fA-F:]*?)`;

const FORMS: RegExp[] = [
  // portallocator.ErrPortAlreadyAllocated (libnetwork/portallocator/portallocator.go)
  new RegExp(String.raw`Bind for ${HOST}:(\d+) failed: port is already allocated`),
  // bindTCPOrUDP in libnetwork/drivers/bridge/port_mapping_linux.go, with PortBinding.String();
  // "failed to bind host port 8080 for …" when a range was asked for.
  new RegExp(String.raw`failed to bind host port (?:\d+ )?for ${HOST}:(\d+)(?:-\d+)?:\S*: address already in use`),
  // Go's net.Listen in the userland proxy, also Docker Desktop's "Ports are not available: … listen tcp …".
  new RegExp(String.raw`listen (?:tcp|udp)[46]? ${HOST}:(\d+): bind: (?:address already in use|Only one usage of each socket address)`),
];

/** The port (and address) a port-conflict message names, or undefined when it names none. */
export function takenPort(stderr: string): TakenPort | undefined {
  for (const form of FORMS) {
    const match = form.exec(stderr);
    if (!match) continue;
    const address = (match[1] ?? '').replace(/^\[|\]$/g, '');
    return { port: Number(match[2]), ...(address ? { address } : {}) };
  }
  return undefined;
}

/** Whether the text is a port conflict at all (the port may be unnamed). */
export function isPortConflict(stderr: string): boolean {
  return /address already in use|port is already allocated|Only one usage of each socket address/i.test(stderr);
}
