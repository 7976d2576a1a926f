// The port-conflict messages real Docker engines print when kind's node container cannot
// publish a host port, each mapped to the port (and address) it names.
import { describe, expect, it } from 'vitest';
import { isPortConflict, takenPort } from './taken-port';

const run = (daemon: string): string =>
  `ERROR: failed to create cluster: command "docker run --name meshdeck-control-plane ..." failed with error: exit status 125\n\nCommand Output: 3f2a\ndocker: Error response from daemon: ${daemon}\n\nRun 'docker run --help' for more information`;

describe('takenPort', () => {
  it('reads Docker 28 when another program holds the port (HostIP:HostPort:ContainerIP:Port/proto)', () => {
    const text = run('failed to set up container networking: driver failed programming external connectivity on endpoint meshdeck-control-plane (5b1f0c9e): failed to bind host port for 127.0.0.1:8080:172.18.0.2:30080/tcp: address already in use');
    expect(takenPort(text)).toEqual({ port: 8080, address: '127.0.0.1' });
    expect(isPortConflict(text)).toBe(true);
  });

  it('reads the IPv6 and port-range forms of the bridge driver', () => {
    expect(takenPort('failed to bind host port for [::1]:8443:[fd00::2]:30443/tcp: address already in use')).toEqual({ port: 8443, address: '::1' });
    expect(takenPort('failed to bind host port 8081 for 0.0.0.0:8080-8090:172.18.0.2:30080/tcp: address already in use')).toEqual({ port: 8080, address: '0.0.0.0' });
  });

  it("reads Docker's port allocator when another container holds the port", () => {
    expect(takenPort(run('driver failed programming external connectivity on endpoint meshdeck-control-plane (5b1f): Bind for 127.0.0.1:8080 failed: port is already allocated'))).toEqual({ port: 8080, address: '127.0.0.1' });
    expect(takenPort('Bind for :::8443 failed: port is already allocated')).toEqual({ port: 8443, address: '::' });
  });

  it('reads the userland proxy of older engines and Docker Desktop', () => {
    expect(takenPort(run('driver failed programming external connectivity on endpoint x (1): Error starting userland proxy: listen tcp4 127.0.0.1:8080: bind: address already in use'))).toEqual({ port: 8080, address: '127.0.0.1' });
    expect(takenPort('Ports are not available: exposing port TCP 127.0.0.1:8443 -> 0.0.0.0:0: listen tcp 127.0.0.1:8443: bind: Only one usage of each socket address (protocol/network address/port) is normally permitted.')).toEqual({ port: 8443, address: '127.0.0.1' });
  });

  it('names no port for other failures', () => {
    expect(takenPort('docker: Error response from daemon: Conflict. The container name "/meshdeck-control-plane" is already in use')).toBeUndefined();
    expect(isPortConflict('no space left on device')).toBe(false);
  });
});
