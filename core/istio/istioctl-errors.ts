// Turns a failed `istioctl` run into an AppError with advice: an unknown kube context, an
// unreachable cluster, or COMMAND_FAILED quoting what istioctl said (its "✘ ..." progress lines
// on stderr carry the reason of a failed install, with the resources that were not ready). Pure.

import { AppError, isAppError } from '../contract';

const UNREACHABLE = [/connection refused/i, /Unable to connect to the server/i, /no such host/i, /i\/o timeout/i, /failed to query the Kubernetes API Server/i, /the server could not find the requested resource/i];

function tail(text: string, lines = 3): string {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).slice(-lines).join(' ');
}

/**
 * Maps an error thrown by core/exec while running `istioctl <action>`; other errors pass
 * through. `outputTail` holds istioctl's last progress lines about failures, if any.
 */
export function istioctlFailure(error: unknown, action: string, outputTail: string[] = []): unknown {
  if (!isAppError(error) || error.code !== 'COMMAND_FAILED') return error;
  const stderr = typeof error.details?.stderr === 'string' ? error.details.stderr : error.message;
  const exitCode = Number(error.details?.exitCode ?? -1);
  const base = { command: String(error.details?.command ?? ''), stderr, exitCode, output: outputTail };
  const context = /context "([^"]*)" does not exist/.exec(stderr);
  if (context) {
    return new AppError('CLUSTER_NOT_FOUND', `The kube context "${context[1]}" does not exist, so istioctl could not ${action}. Pick a context from your kubeconfig or create the cluster first.`, { ...base, context: context[1] ?? '' });
  }
  if (UNREACHABLE.some((pattern) => pattern.test(stderr))) {
    return new AppError('K8S_API', `istioctl could not ${action}: the cluster's API server did not answer (${tail(stderr, 1)}). Check that the cluster is running (docker ps, kind get clusters).`, base);
  }
  const said = outputTail.length > 0 ? outputTail.join(' ') : tail(stderr);
  return new AppError('COMMAND_FAILED', `istioctl could not ${action}: ${said || error.message}`, base);
}
