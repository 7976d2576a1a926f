// One `up` per data dir across processes (CLI, app, a second terminal): the plan runs holding
// `<dataDir>/lab-up.lock`; a second `up` says on its first step that it waits, then finds the
// work done.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, type PlanStepInfo } from '../contract';
import type { TaskContext } from '../tasks';
import { toolDeps } from '../tools';
import { withLock } from '../tools/file-lock';

/** Holds the lock for `work`; while another process holds it, says so on the first step and waits. */
export async function withUpLock(dataDir: string, context: TaskContext, first: PlanStepInfo | undefined, work: () => Promise<void>): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let acquired = false;
  try {
    await withLock(join(dataDir, 'lab-up.lock'), toolDeps(), {
      signal: context.signal,
      onWait: (pid) => {
        const detail = `Another meshdeck up is running (pid ${pid}); waiting for it to finish`;
        context.log(detail, first?.id ?? 'preflight');
        if (first) context.updateStep({ ...first, state: 'running', detail });
      },
    }, async () => {
      acquired = true;
      await work();
    });
  } catch (error) {
    if (!acquired && error instanceof AppError && error.code === 'CANCELLED') {
      throw new AppError('CANCELLED', 'Cancelled while waiting for the other meshdeck up; nothing was changed. Run up again when it has finished.');
    }
    throw error;
  }
}
