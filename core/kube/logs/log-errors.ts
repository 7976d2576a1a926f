// Log requests fail mostly because of what was asked: a container that is not there, one still
// waiting to start, no previous instance, a pod that is gone. Those are the user's to fix, so
// they become INVALID_ARGUMENT or NOT_FOUND with the API's own words; the rest is kubeError's.
import { AppError } from '../../contract';
import { kubeError, KubeStatusError } from '../errors';

export function logError(err: unknown, what: string, server?: string): AppError {
  if (err instanceof KubeStatusError && (err.statusCode === 400 || err.statusCode === 404)) {
    const message = err.message.replace(/\.$/, '');
    if (err.statusCode === 404) {
      return new AppError('NOT_FOUND', `${what}: ${message}. Pick one that exists (the log viewer's list, or \`kubectl get pods\`).`, { httpStatus: 404 });
    }
    return new AppError('INVALID_ARGUMENT', `${what}: ${message}.`, { httpStatus: 400 });
  }
  return kubeError(err, what, server);
}
