// The workshop as a face uses it, for world tests: the one core (createProcessCore, face cli)
// over a world lab's environment, its contract methods called through the dispatcher, and the
// long ones (start, check, solve, reset) awaited to their task's end.
import { BUILT_IN_PACK_ID, type TaskInfo, type WorkshopActionInfo, type WorkshopCheckInfo, type WorkshopLessonInfo, type WorkshopPackInfo } from '../../core/contract';
import { createProcessCore } from '../../core/app/process-core';

export interface WorkshopDriver {
  pack(): Promise<WorkshopPackInfo>;
  lesson(id: string): Promise<WorkshopLessonInfo>;
  start(lesson: string): Promise<WorkshopActionInfo>;
  check(lesson: string): Promise<WorkshopCheckInfo>;
  solve(lesson: string): Promise<WorkshopActionInfo>;
  reset(lesson: string): Promise<WorkshopActionInfo>;
  resetAll(): Promise<WorkshopActionInfo>;
  close(): void;
}

export function describeCheck(check: WorkshopCheckInfo): string {
  return check.tasks
    .map((task) => `${task.task}: ${task.state}\n${task.results.map((r) => `  ${r.passed ? '✔' : '✘'} ${r.description} — expected ${r.expected}, found ${r.found}${r.message ? ` (${r.message})` : ''}`).join('\n')}`)
    .join('\n');
}

export function createWorkshopDriver(env: NodeJS.ProcessEnv, pack: string = BUILT_IN_PACK_ID): WorkshopDriver {
  const core = createProcessCore({ face: 'cli', env });
  const waiters = new Map<string, (task: TaskInfo) => void>();
  const unsubscribe = core.events.subscribe((name, payload) => {
    if (name !== 'task:update') return;
    const task = payload as TaskInfo;
    if (task.state !== 'running') waiters.get(task.id)?.(task);
  });
  // The method names are the engine's (core/contract/workshop.ts); dispatch checks them at run time.
  const call = async <T>(method: string, params: Record<string, unknown>): Promise<T> => {
    const envelope = await core.dispatcher.dispatch(method, { pack, ...params });
    if (!envelope.ok) throw new Error(`${method} ${JSON.stringify(params)} refused: ${envelope.error.code} ${envelope.error.message}`);
    return envelope.value as T;
  };
  const finished = (id: string): Promise<TaskInfo> =>
    new Promise((resolve) => {
      waiters.set(id, resolve);
      const now = core.tasks.get(id);
      if (now.state !== 'running') resolve(now);
    });
  const runTask = async (method: string, params: Record<string, unknown>): Promise<unknown> => {
    const { taskId } = await call<{ taskId: string }>(method, params);
    const task = await finished(taskId);
    waiters.delete(taskId);
    if (task.state !== 'succeeded') throw new Error(`${method} ${JSON.stringify(params)} ended ${task.state}: ${task.error?.message ?? ''}`);
    const result = task.result as unknown as { kind: string; check?: WorkshopCheckInfo; action?: WorkshopActionInfo } | undefined;
    return result?.check ?? result?.action;
  };
  return {
    pack: () => call('workshop.pack', {}),
    lesson: (id) => call('workshop.lesson', { lesson: id }),
    start: (lesson) => runTask('workshop.start', { lesson }) as Promise<WorkshopActionInfo>,
    check: (lesson) => runTask('workshop.check', { lesson }) as Promise<WorkshopCheckInfo>,
    solve: (lesson) => runTask('workshop.solve', { lesson }) as Promise<WorkshopActionInfo>,
    reset: (lesson) => runTask('workshop.reset', { lesson }) as Promise<WorkshopActionInfo>,
    resetAll: () => runTask('workshop.reset', { all: true }) as Promise<WorkshopActionInfo>,
    close: () => {
      unsubscribe();
      core.dispose();
    },
  };
}
