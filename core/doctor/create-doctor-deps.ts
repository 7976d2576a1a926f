// Wires the doctor to the real machine: the Docker endpoint from the environment, the real
// /proc, real sockets and the configured download mirror.

import { appDataDir } from '../paths';
import { createDockerEndpoint } from '../docker';
import { DEFAULT_MIRROR } from '../tools';
import { measureDockerStorage } from './docker-storage';
import { findExecutableOnDisk, isPortFreeOnLoopback, probeUrlWithHead, readTextFile, readVersionOutput, type DoctorDeps } from './doctor-deps';

export const DEFAULT_GATEWAY_PORTS = [8080, 8443];

export function createDoctorDeps(env: NodeJS.ProcessEnv = process.env, overrides: Partial<DoctorDeps> = {}): DoctorDeps {
  const docker = overrides.docker ?? createDockerEndpoint(env);
  return {
    docker,
    platform: process.platform,
    arch: process.arch,
    dataDir: appDataDir(env),
    mirror: env.MESHDECK_MIRROR || DEFAULT_MIRROR,
    ports: DEFAULT_GATEWAY_PORTS,
    readTextFile,
    isPortFree: isPortFreeOnLoopback,
    findExecutable: (candidates) => findExecutableOnDisk(candidates, env),
    readVersion: readVersionOutput,
    probeUrl: probeUrlWithHead,
    dockerStorage: () => measureDockerStorage(docker),
    ...overrides,
  };
}
