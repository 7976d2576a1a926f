// Turns a failed `kind` run into an AppError the UI can act on: a taken host port, Docker not
// reachable, or else COMMAND_FAILED with kind's own words. It reads the stderr tail that
// core/exec attaches; it never runs anything itself.

import { AppError, isAppError } from '../contract';
import { isPortConflict, takenPort } from './taken-port';

const DOCKER_DOWN = [
  /Cannot connect to the Docker daemon/i,
  /Is the docker daemon running/i,
  /error during connect/i,
  /failed to get docker info/i,
  /"docker": executable file not found/i,
  /permission denied while trying to connect to the Docker daemon/i,
];

function stderrOf(error: AppError): string {
  const stderr = error.details?.stderr;
  return typeof stderr === 'string' ? stderr : error.message;
}

/** The last few meaningful stderr lines, for messages that quote kind. */
function tail(stderr: string, lines = 3): string {
  return stderr.split('\n').map((line) => line.trim()).filter(Boolean).slice(-lines).join(' ');
}

/** Maps an error thrown by core/exec while running `kind <action>`; other errors pass through. */
export function kindFailure(error: unknown, action: string): unknown {
  if (!isAppError(error) || error.code !== 'COMMAND_FAILED') return error;
  const stderr = stderrOf(error);
  const base = { command: String(error.details?.command ?? ''), stderr };
  if (isPortConflict(stderr)) {
    const port = takenPort(stderr)?.port;
    const which = port ? `Port ${port}` : 'A host port of the cluster';
    return new AppError(
      'PORT_IN_USE',
      `${which} is already in use by another program, so kind could not ${action}. Stop that program or pick another port for MeshDeck, then try again.`,
      port ? { ...base, port: Number(port) } : base,
    );
  }
  if (DOCKER_DOWN.some((pattern) => pattern.test(stderr))) {
    const permission = /permission denied/i.test(stderr);
    return new AppError(
      'DOCKER_NOT_RUNNING',
      permission
        ? `kind could not ${action}: this user may not talk to Docker. Add yourself to the docker group (or use Docker Desktop), then try again.`
        : `kind could not ${action} because Docker is not reachable. Start Docker (Docker Desktop, Colima or the docker service) and try again.`,
      base,
    );
  }
  const missing = /could not locate any control plane nodes for cluster named '([^']+)'/.exec(stderr);
  if (missing) {
    return new AppError('CLUSTER_NOT_FOUND', `There is no kind cluster named "${missing[1]}". Create it first (meshdeck up), or pick an existing one.`, { ...base, cluster: missing[1] ?? '' });
  }
  return new AppError('COMMAND_FAILED', `kind could not ${action}: ${tail(stderr) || error.message}`, { ...base, exitCode: Number(error.details?.exitCode ?? -1) });
}
