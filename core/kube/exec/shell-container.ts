// Which container of a pod a shell opens in, and whether it can: the one asked for, else the
// pod's kubectl.kubernetes.io/default-container, else the first container that is not the
// istio-proxy sidecar; the pod must be Running and that container running. Errors say what to
// do next. Pure: the pod comes in as JSON.
import { AppError } from '../../contract';
import { sidecarName, type ContainerStatus, type PodObject } from '../resources/pod';

export const defaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

export function chooseShellContainer(pod: PodObject, wanted?: string): string {
  const name = pod.metadata?.name ?? '';
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  // Init containers only when named: native sidecars (istio-proxy in newer Istio) run all along.
  const all = [...containers, ...(pod.spec?.initContainers ?? []).map((c) => c.name)];
  if (wanted) {
    if (!all.includes(wanted)) {
      throw new AppError('NOT_FOUND', `Pod ${name} has no container "${wanted}". Its containers: ${all.join(', ') || 'none'}. Pick one of them.`, { pod: name, container: wanted, containers: all });
    }
    return wanted;
  }
  const annotated = pod.metadata?.annotations?.[defaultContainerAnnotation];
  if (annotated && containers.includes(annotated)) return annotated;
  const chosen = containers.find((c) => c !== sidecarName) ?? containers[0];
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
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const status = statuses.find((s) => s.name === container);
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
