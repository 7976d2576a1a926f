// The real LabService against the test world's release mirror, for tests that drive `up`/`down`
// in process: the task manager, a promise for a task's end, and its step states by id.
import type { TaskInfo } from '../../core/contract';
import { createDoctorDeps } from '../../core/doctor';
import { createLabService, type LabServiceWithRequests } from '../../core/lab';
import { TaskManager } from '../../core/tasks';

export interface LabHarness {
  lab: LabServiceWithRequests;
  tasks: TaskManager;
  /** Resolves with the task once it is no longer running. */
  finished(task: TaskInfo): Promise<TaskInfo>;
}

export function stepStates(task: TaskInfo): Record<string, string> {
  return Object.fromEntries((task.steps ?? []).map((step) => [step.id, step.state]));
}

const SLOW_TASK_MS = 45_000;

function describeSteps(task: TaskInfo): string {
  return (task.steps ?? []).map((step) => `${step.id}=${step.state}${step.state === 'running' ? ` (${step.detail ?? ''}; log: ${(step.logTail ?? []).slice(-3).join(' | ')})` : ''}`).join(', ');
}

export function createLabHarness(options: { dataDir: string; mirrorUrl: string; env: NodeJS.ProcessEnv; userKubeconfig: string; onUpdate?: (task: TaskInfo) => void; stallMs?: number }): LabHarness {
  const waiters = new Map<string, (task: TaskInfo) => void>();
  const tasks = new TaskManager({
    onUpdate: (task) => {
      options.onUpdate?.(task);
      if (task.state !== 'running') waiters.get(task.id)?.(task);
    },
  });
  const { env, mirrorUrl } = options;
  const lab = createLabService({
    tasks,
    dataDir: options.dataDir,
    mirror: mirrorUrl,
    platform: 'linux',
    arch: 'x64',
    env,
    userKubeconfig: options.userKubeconfig,
    doctorDeps: (ports) => createDoctorDeps(env, { ports, mirror: mirrorUrl }),
    stallMs: options.stallMs ?? 60_000,
  });
  return {
    lab,
    tasks,
    finished: (task) =>
      new Promise((resolve) => {
        const current = tasks.get(task.id);
        if (current.state !== 'running') return resolve(current);
        // A task that outlives the usual test timeout says where it is, so a timed-out test can be read.
        const slow = setTimeout(() => console.warn(`Lab task ${task.id} still running after ${SLOW_TASK_MS / 1000} s: ${describeSteps(tasks.get(task.id))}`), SLOW_TASK_MS);
        slow.unref();
        waiters.set(task.id, (done) => {
          clearTimeout(slow);
          resolve(done);
        });
      }),
  };
}
