// Which container of a pod a shell opens in, and whether it can: the one asked for (init
// containers too: a native istio-proxy sidecar runs all along), else the pod's
// kubectl.kubernetes.io/default-container, else the first app container that is not the
// istio-proxy sidecar; the pod must be Running and that container running. Errors say what to
// do next. Pure: the pod comes in as JSON.
import { AppError } from '../../contract';
import type { ContainerStatus, PodObject } from '../resources/pod';
import { containerNames, containerStatus, DEFAULT_CONTAINER_ANNOTATION, defaultShellContainer } from '../resources/pod-containers';

export const defaultContainerAnnotation = DEFAULT_CONTAINER_ANNOTATION;

export function chooseShellContainer(pod: PodObject, wanted?: string): string {
  const name = pod.metadata?.name ?? '';
  const all = containerNames(pod);
  if (wanted) {
    if (!all.includes(wanted)) {
      throw new AppError('NOT_FOUND', `Pod ${name} has no container "${wanted}". Its containers: ${all.join(', ') || 'none'}. Pick one of them.`, { pod: name, container: wanted, containers: all });
    }
    return wanted;
  }
  const chosen = defaultShellContainer(pod);
  if (!chosen) throw new AppError('INVALID_ARGUMENT', `Pod ${name} has no containers to open a shell in.`, { pod: name });
  return chosen;
}

function waitingWhy(status: ContainerStatus | undefined): string {
  const state = status?.state;
  if (state?.waiting) return state.waiting.reason ?? 'waiting';
  if (state?.terminated) return `terminated${state.terminated.reason ? `: ${state.terminated.reason}` : ''}`;
  return 'not started';
}

/** Throws INVALID_ARGUMENT unless the pod runs and its container `container` is running. */
export function assertShellable(pod: PodObject, container: string): void {
  const name = pod.metadata?.name ?? '';
  const status = containerStatus(pod, container);
  if (pod.metadata?.['deletionTimestamp'] !== undefined) {
    throw new AppError('INVALID_ARGUMENT', `Pod ${name} is shutting down. Open the shell in the pod that replaces it.`, { pod: name });
  }
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase !== 'Running') {
    throw new AppError('INVALID_ARGUMENT', `Pod ${name} is ${phase} (container ${container}: ${waitingWhy(status)}), so there is no running container to open a shell in. Wait until it runs, or check its events and logs.`, {
      pod: name,
      phase,
    });
  }
  if (!status?.state?.running) {
    throw new AppError('INVALID_ARGUMENT', `Container ${container} in pod ${name} is not running (${waitingWhy(status)}). Wait until it runs, or pick another container.`, { pod: name, container });
  }
}
