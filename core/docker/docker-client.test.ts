// Where MeshDeck's Docker client points, and what it tells the user when the docker CLI's
// default socket is missing but another engine's socket exists.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDockerEndpoint, dockerOptionsFromHost } from './docker-client';

const home = '/home/ann-test-no-docker-config';

describe('createDockerEndpoint', () => {
  it('hints at a Colima socket when the default socket is missing and no context selects it', () => {
    const colima = join(home, '.colima', 'default', 'docker.sock');
    const endpoint = createDockerEndpoint({ HOME: home }, (path) => path === colima);
    expect(endpoint.description).toBe(process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock');
    if (process.platform !== 'win32') expect(endpoint.hint).toContain(`DOCKER_HOST=unix://${colima}`);
  });

  it('gives no hint when the default socket exists', () => {
    expect(createDockerEndpoint({ HOME: home }, () => true).hint).toBeUndefined();
  });
});

describe('dockerOptionsFromHost', () => {
  it('parses sockets, plain TCP and ssh endpoints', () => {
    expect(dockerOptionsFromHost('unix:///run/user/1000/docker.sock', {})).toEqual({ socketPath: '/run/user/1000/docker.sock' });
    expect(dockerOptionsFromHost('tcp://10.0.0.5:2375', {})).toEqual({ host: '10.0.0.5', port: 2375, protocol: 'http' });
    expect(dockerOptionsFromHost('ssh://ann@build.example', { SSH_AUTH_SOCK: '/tmp/agent' })).toEqual({ protocol: 'ssh', host: 'build.example', port: 22, username: 'ann', sshOptions: { agent: '/tmp/agent' } });
  });
});
