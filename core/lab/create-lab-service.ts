// The real LabService: decides which lab task may start (one at a time: up, down or reset),
// resolves the lab's config from the request or the remembered lab, and hands the work to
// lab-tasks.ts with the real LabDeps. Everything from the outside world comes in through the options.

import { AppError, type LabOptionsInfo, type TaskInfo } from '../contract';
import type { DoctorDeps } from '../doctor';
import { readKubeContexts } from '../kube';
import type { TaskManager } from '../tasks';
import { bookinfoUrl } from '../gateways';
import { createLabDeps } from './create-lab-deps';
import { BOOKINFO_NAMESPACE, resolveLabConfig, type LabConfig, type LabRequest } from './lab-config';
import { recallLab } from './lab-memory';
import type { LabService } from './lab-service';
import { readLabStatus } from './lab-status';
import { runLabDown, runLabReset, runLabUp } from './lab-tasks';

export interface LabServiceOptions {
  tasks: TaskManager;
  dataDir: string;
  mirror: string;
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  userKubeconfig: string;
  doctorDeps: (ports: number[]) => DoctorDeps;
  stallMs?: number;
}

export interface LabServiceWithRequests extends LabService {
  /** `up` with the CLI-only choices (user-chosen kind/istioctl binaries). */
  upWith(request: LabRequest): TaskInfo;
}

export function createLabService(options: LabServiceOptions): LabServiceWithRequests {
  const environment = { dataDir: options.dataDir, userKubeconfig: options.userKubeconfig, ...(options.stallMs !== undefined ? { stallMs: options.stallMs } : {}) };
  const deps = createLabDeps(options);
  const running = (kind: TaskInfo['kind']) => options.tasks.list().find((task) => task.kind === kind && task.state === 'running');
  /** One lab task at a time: the running task of this kind (asked again, it is handed back), or a refusal naming the one in the way. */
  function runningOrRefuse(kind: TaskInfo['kind'], conflicts: [TaskInfo['kind'], string][]): TaskInfo | undefined {
    const same = running(kind);
    if (same) return same;
    const conflict = conflicts.find(([other]) => running(other));
    if (conflict) throw new AppError('INVALID_ARGUMENT', conflict[1]);
    return undefined;
  }

  async function configFor(selector: { name?: string; context?: string }): Promise<LabConfig> {
    const remembered = await recallLab(options.dataDir);
    const request: LabOptionsInfo = selector.name || selector.context ? { ...remembered, ...selector } : remembered;
    if (selector.name && !selector.context) delete request.context;
    return resolveLabConfig(request, environment);
  }

  function upWith(request: LabRequest): TaskInfo {
    const busy = runningOrRefuse('lab-up', [
      ['lab-down', 'The lab is being deleted; wait for that to finish, then create it again.'],
      ['lab-reset', 'Bookinfo’s routing is being reset; wait for that to finish, then run up again.'],
    ]);
    if (busy) return busy;
    const config = resolveLabConfig(request, environment);
    const title = config.provider === 'kind' ? `Create my mesh (${config.name})` : `Set up the mesh on ${config.context}`;
    return options.tasks.start('lab-up', title, (context) => runLabUp(context, config, request, deps, options.dataDir));
  }

  return {
    upWith,
    up: (request) => upWith(request),
    contexts: async () => readKubeContexts(options.userKubeconfig),
    // SCAFFOLD (issue 15, replaced before landing): the lab registry builds these.
    removal: () => Promise.reject(new AppError('INTERNAL', 'lab.removal is being built.')),
    list: () => Promise.reject(new AppError('INTERNAL', 'lab.list is being built.')),
    select: () => Promise.reject(new AppError('INTERNAL', 'lab.select is being built.')),
    target: async (selector = {}) => {
      const config = await configFor(selector);
      return { kubeconfigPath: config.kubeconfigPath, context: config.context, namespace: BOOKINFO_NAMESPACE, bookinfoUrl: bookinfoUrl({ httpPort: config.httpPort }) };
    },
    status: async (selector) => readLabStatus(await configFor(selector), AbortSignal.timeout(30_000)),
    down: (selector) => {
      const busy = runningOrRefuse('lab-down', [
        ['lab-up', 'A lab is being created: cancel it first, then delete the lab.'],
        ['lab-reset', 'Bookinfo’s routing is being reset; wait for that to finish, then delete the lab.'],
      ]);
      return busy ?? options.tasks.start('lab-down', 'Delete the lab', async (context) => runLabDown(context, await configFor(selector), deps));
    },
    reset: (selector) => {
      const busy = runningOrRefuse('lab-reset', [
        ['lab-up', 'A lab is being created: let it finish (or cancel it), then reset its routing.'],
        ['lab-down', 'The lab is being deleted, so there is no routing to reset.'],
      ]);
      return busy ?? options.tasks.start('lab-reset', 'Reset Bookinfo routing', async (context) => runLabReset(context, await configFor(selector), deps));
    },
  };
}
