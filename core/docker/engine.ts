// Reads what MeshDeck needs to know about the Docker engine and the kind nodes on it, and turns
// connection failures into DOCKER_NOT_RUNNING with advice. Nothing here changes the engine.

import type Docker from 'dockerode';
import { AppError } from '../contract';

export const KIND_CLUSTER_LABEL = 'io.x-k8s.kind.cluster';
export const KIND_ROLE_LABEL = 'io.x-k8s.kind.role';

export interface EngineInfo {
  version: string;
  apiVersion: string;
  operatingSystem: string;
  osType: string;
  architecture: string;
  cpus: number;
  memoryBytes: number;
}

export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
}

export interface KindNodeInfo {
  cluster: string;
  role: string;
  name: string;
  state: string;
  ports: PublishedPort[];
}

export async function inspectEngine(docker: Docker, endpoint: string): Promise<EngineInfo> {
  try {
    const [info, version] = await Promise.all([docker.info(), docker.version()]);
    return {
      version: String(version.Version ?? info.ServerVersion ?? 'unknown'),
      apiVersion: String(version.ApiVersion ?? 'unknown'),
      operatingSystem: String(info.OperatingSystem ?? 'unknown'),
      osType: String(info.OSType ?? 'unknown'),
      architecture: String(info.Architecture ?? 'unknown'),
      cpus: Number(info.NCPU ?? 0),
      memoryBytes: Number(info.MemTotal ?? 0),
    };
  } catch (error) {
    throw dockerUnreachable(error, endpoint);
  }
}

export async function listKindNodes(docker: Docker, endpoint: string): Promise<KindNodeInfo[]> {
  try {
    const containers = await docker.listContainers({ all: true, filters: { label: [KIND_CLUSTER_LABEL] } });
    return containers.map((container) => ({
      cluster: container.Labels[KIND_CLUSTER_LABEL] ?? '',
      role: container.Labels[KIND_ROLE_LABEL] ?? '',
      name: (container.Names[0] ?? '').replace(/^\//, ''),
      state: container.State,
      ports: (container.Ports ?? [])
        .filter((port) => port.PublicPort !== undefined)
        .map((port) => ({ hostIp: port.IP ?? '', hostPort: port.PublicPort, containerPort: port.PrivatePort })),
    }));
  } catch (error) {
    throw dockerUnreachable(error, endpoint);
  }
}

export function dockerUnreachable(error: unknown, endpoint: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'EACCES') {
    return new AppError(
      'DOCKER_NOT_RUNNING',
      `Permission denied on the Docker socket ${endpoint}. Add your user to the docker group (\`sudo usermod -aG docker $USER\`, then log in again) or use rootless Docker.`,
      { endpoint, reason },
    );
  }
  return new AppError(
    'DOCKER_NOT_RUNNING',
    `Cannot reach the Docker engine at ${endpoint} (${reason}). Start Docker (Docker Desktop, or \`sudo systemctl start docker\`), or point DOCKER_HOST at a running engine.`,
    { endpoint, reason },
  );
}

/** An error of the connection to the engine itself (stopped, restarted, socket gone), not of what was asked of it. */
export function isDockerConnectionError(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'DOCKER_NOT_RUNNING';
  const { code = '', syscall } = (error ?? {}) as NodeJS.ErrnoException;
  // ENOENT and EACCES are the socket's only when connecting (a file being written can fail so too).
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code) || (['ENOENT', 'EACCES'].includes(code) && syscall === 'connect')) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /connect (ECONNREFUSED|ENOENT|EACCES)|socket hang up|ECONNRESET|EPIPE/.test(message);
}
