// Contract handlers for the lab itself: up, status, down, reset and the kubeconfig contexts
// a user may pick. Which face may name its own binaries is decided here.
import { AppError, type AppStatusInfo } from '../../contract';
import type { LabServiceWithRequests } from '../../lab';
import type { Handlers } from '../../rpc';

type LabHandlers = Pick<Handlers, 'lab.up' | 'lab.status' | 'lab.down' | 'lab.removal' | 'lab.list' | 'lab.select' | 'lab.reset' | 'kube.contexts'>;

export function labHandlers(lab: LabServiceWithRequests, face: AppStatusInfo['face']): LabHandlers {
  return {
    'lab.up': (params) => {
      // Running a binary a page named would let any script in a UI face execute files: only a terminal user chooses them.
      if (face !== 'cli' && (params.kindPath !== undefined || params.istioctlPath !== undefined)) {
        throw new AppError('INVALID_ARGUMENT', 'A kind or istioctl binary of your own is chosen on the command line (`meshdeck up --kind PATH --istioctl PATH`); the app uses the ones it downloads.', { path: params.kindPath !== undefined ? 'kindPath' : 'istioctlPath' });
      }
      return { taskId: lab.upWith(params).id };
    },
    'lab.status': (params) => lab.status(params),
    'lab.down': ({ confirmed, ...selector }) => {
      if (!confirmed) throw new AppError('INVALID_ARGUMENT', 'Taking the lab down needs confirmation: a kind lab loses its cluster and everything in it (lab.removal lists what goes). Confirm, then ask again.');
      return { taskId: lab.down(selector).id };
    },
    'lab.removal': (selector) => lab.removal(selector),
    'lab.list': () => lab.list(),
    'lab.select': (selector) => lab.select(selector),
    'lab.reset': (params) => ({ taskId: lab.reset(params).id }),
    'kube.contexts': () => lab.contexts(),
  };
}
