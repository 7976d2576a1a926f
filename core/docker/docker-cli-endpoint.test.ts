// The docker CLI's engine resolution, read from a temporary HOME as the CLI would read the real
// one: DOCKER_HOST, then DOCKER_CONTEXT, then config.json's currentContext and its meta.json.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextDirName, resolveDockerCliEndpoint } from './docker-cli-endpoint';

let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'meshdeck-docker-cli-'));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const resolve = (env: NodeJS.ProcessEnv, platform: NodeJS.Platform = 'darwin') => resolveDockerCliEndpoint({ env, home, platform, readFile: read });

/** What `docker context create NAME --docker host=HOST` writes. */
async function context(name: string, host: string, configDir = join(home, '.docker')): Promise<void> {
  const dir = join(configDir, 'contexts', 'meta', contextDirName(name));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: { Description: name }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
}

async function currentContext(name: string, configDir = join(home, '.docker')): Promise<void> {
  await mkdir(configDir, { recursive: true });
  await writeFile(join(configDir, 'config.json'), JSON.stringify({ auths: {}, currentContext: name }));
}

describe('the engine the docker CLI (and kind) uses', () => {
  it('names its context directory by the SHA-256 of the name, as cli/context/store does', () => {
    expect(contextDirName('default')).toBe('37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });

  it("follows config.json's currentContext to the context's endpoint (Colima, OrbStack, Docker Desktop)", async () => {
    await context('colima', `unix://${home}/.colima/default/docker.sock`);
    await currentContext('colima');
    expect(resolve({})).toEqual({ host: `unix://${home}/.colima/default/docker.sock`, context: 'colima', from: 'config' });
  });

  it('lets DOCKER_CONTEXT win over config.json, and DOCKER_HOST over both', async () => {
    await context('colima', 'unix:///colima.sock');
    await context('orbstack', 'unix:///orbstack.sock');
    await currentContext('colima');
    expect(resolve({ DOCKER_CONTEXT: 'orbstack' })).toMatchObject({ host: 'unix:///orbstack.sock', context: 'orbstack', from: 'DOCKER_CONTEXT' });
    expect(resolve({ DOCKER_CONTEXT: 'orbstack', DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toEqual({ host: 'tcp://10.0.0.5:2375', context: 'default', from: 'DOCKER_HOST' });
  });

  it('reads DOCKER_CONFIG instead of ~/.docker', async () => {
    const configDir = join(home, 'elsewhere');
    await context('desktop-linux', `unix://${home}/.docker/run/docker.sock`, configDir);
    await currentContext('desktop-linux', configDir);
    expect(resolve({ DOCKER_CONFIG: configDir })).toMatchObject({ context: 'desktop-linux', host: `unix://${home}/.docker/run/docker.sock` });
    expect(resolve({})).toEqual({ host: 'unix:///var/run/docker.sock', context: 'default', from: 'default' });
  });

  it('uses the default socket for the "default" context, a missing or unreadable config, and on Windows the pipe', async () => {
    expect(resolve({})).toEqual({ host: 'unix:///var/run/docker.sock', context: 'default', from: 'default' });
    await currentContext('default');
    expect(resolve({})).toMatchObject({ host: 'unix:///var/run/docker.sock', context: 'default' });
    await writeFile(join(home, '.docker', 'config.json'), '{not json');
    expect(resolve({}, 'win32')).toEqual({ host: 'npipe:////./pipe/docker_engine', context: 'default', from: 'default' });
  });

  it('says what is wrong with a context that does not exist, as kind would fail on it', async () => {
    await currentContext('gone');
    const endpoint = resolve({});
    expect(endpoint.problem).toContain('The docker context "gone" (from currentContext in');
    expect(endpoint.problem).toContain('docker context ls');
    expect(resolve({ DOCKER_CONTEXT: 'typo' }).problem).toContain('"typo" (from DOCKER_CONTEXT) does not exist');
  });

  it('picks up the TLS files of a remote context', async () => {
    await context('remote', 'tcp://build.example:2376');
    const tls = join(home, '.docker', 'contexts', 'tls', contextDirName('remote'), 'docker');
    await mkdir(tls, { recursive: true });
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) await writeFile(join(tls, file), 'pem');
    expect(resolve({ DOCKER_CONTEXT: 'remote' })).toEqual({
      host: 'tcp://build.example:2376', context: 'remote', from: 'DOCKER_CONTEXT',
      tls: { ca: join(tls, 'ca.pem'), cert: join(tls, 'cert.pem'), key: join(tls, 'key.pem') },
    });
  });
});
