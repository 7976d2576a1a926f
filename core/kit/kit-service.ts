// The kit's tasks on the core's task manager: export, import (each a task with byte progress
// that can be cancelled) and inspect (the manifest only, nothing loaded). Relative paths are
// resolved against the core's working folder here, once.

import { resolve } from 'node:path';
import { AppError, type KitManifestInfo, type TaskInfo } from '../contract';
import type { TaskManager } from '../tasks';
import type { KitDeps, KitProgress } from './kit-deps';
import { exportKit } from './kit-export';
import { importKit } from './kit-import';
import { openKit } from './kit-verify';

export class KitService {
  constructor(
    private readonly tasks: TaskManager,
    private readonly deps: () => KitDeps,
    private readonly cwd: () => string = () => process.cwd(),
  ) {}

  export(params: { path: string; overwrite?: boolean }): TaskInfo {
    const path = resolve(this.cwd(), params.path);
    this.refuseBusy(path);
    return this.tasks.start('kit-export', `Export the offline kit to ${path}`, (context) => exportKit(this.deps(), { path, ...(params.overwrite ? { overwrite: true } : {}) }, progressOf(context)));
  }

  import(params: { path: string }): TaskInfo {
    const path = resolve(this.cwd(), params.path);
    this.refuseBusy(path);
    return this.tasks.start('kit-import', `Import the offline kit ${path}`, (context) => importKit(this.deps(), { path }, progressOf(context)));
  }

  /** The manifest, after checking that every listed part is there with its size (no hashing). */
  async inspect(path: string): Promise<KitManifestInfo> {
    return (await openKit(resolve(this.cwd(), path))).manifest;
  }

  private refuseBusy(path: string): void {
    const busy = this.tasks.list().find((task) => (task.kind === 'kit-export' || task.kind === 'kit-import') && task.state === 'running');
    if (busy) throw new AppError('CONFLICT', `"${busy.title}" is still running; wait for it to finish (or cancel it), then try ${path} again.`, { taskId: busy.id });
  }
}

function progressOf(context: { signal: AbortSignal; step(text: string, percent?: number | null): void; log(line: string): void }): KitProgress {
  return { signal: context.signal, progress: (detail, percent) => context.step(detail, percent), log: (line) => context.log(line) };
}
