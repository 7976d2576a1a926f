// The generator runs a face can see: starts runs under a random id, stops them, lists them, and
// pushes `traffic:window` for every closed window and `traffic:run` on every state change. A few
// runs at once at most; ended runs are kept briefly for faces that come back. Which URL to load
// is the caller's business (the lab's gateway address).

import { randomUUID } from 'node:crypto';
import { AppError, type EventPayloads, type GeneratorRunInfo } from '../../contract';
import { startTrafficGenerator, type TrafficGenerator, type TrafficGeneratorOptions } from './generator';
import type { SendFunction } from './http-send';

export type TrafficEventName = 'traffic:window' | 'traffic:run';

export interface TrafficRunsOptions {
  emit<E extends TrafficEventName>(name: E, payload: EventPayloads[E]): void;
  /** Runs going at the same time (default 4): each one holds sockets and a share of the CPU. */
  maxRunning?: number;
  /** Ended runs remembered, newest kept (default 10). */
  keepEnded?: number;
  /** Settings handed to every generator (window length, timeout, transport for tests). */
  generator?: Pick<TrafficGeneratorOptions, 'windowMs' | 'timeoutMs' | 'send' | 'agent' | 'now'>;
  now?: () => Date;
}

export interface TrafficRunRequest {
  url: string;
  /** Default 5. */
  rps?: number;
  /** Default 60. */
  durationSeconds?: number;
  concurrency?: number;
  headers?: Record<string, string>;
  /** This run's transport (the curl pod's exec) instead of HTTP from the host. */
  send?: SendFunction;
  /** Shown with the run: where its requests come from. */
  origin?: Pick<GeneratorRunInfo, 'from' | 'client'>;
}

interface Run {
  info: GeneratorRunInfo;
  generator: TrafficGenerator;
  stopRequested: boolean;
  /** Why the core stopped it (the lab went away), shown with the run. */
  stopReason?: string;
  ended: Promise<void>;
}

export const defaultRps = 5;
export const defaultDurationSeconds = 60;

export class TrafficRuns {
  private readonly runs = new Map<string, Run>();
  private readonly maxRunning: number;
  private readonly keepEnded: number;
  private readonly now: () => Date;

  constructor(private readonly options: TrafficRunsOptions) {
    this.maxRunning = options.maxRunning ?? 4;
    this.keepEnded = options.keepEnded ?? 10;
    this.now = options.now ?? (() => new Date());
  }

  start(request: TrafficRunRequest): GeneratorRunInfo {
    const running = [...this.runs.values()].filter((run) => run.info.state === 'running').length;
    if (running >= this.maxRunning) {
      throw new AppError('INVALID_ARGUMENT', `${running} traffic runs are already going; stop one before starting another.`, { running, maxRunning: this.maxRunning });
    }
    const runId = randomUUID();
    const rps = request.rps ?? defaultRps;
    const durationSeconds = request.durationSeconds ?? defaultDurationSeconds;
    // Throws INVALID_ARGUMENT for a bad rate, duration or URL before anything is registered.
    const generator = startTrafficGenerator({
      ...this.options.generator,
      url: request.url,
      rps,
      durationSeconds,
      ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
      ...(request.headers !== undefined ? { headers: request.headers } : {}),
      ...(request.send !== undefined ? { send: request.send } : {}),
      onWindow: (window) => {
        const run = this.runs.get(runId);
        if (run) run.info.totals = window.totals;
        this.options.emit('traffic:window', { runId, ...window });
      },
    });
    const info: GeneratorRunInfo = { runId, url: request.url, ...request.origin, rps, durationSeconds, state: 'running', startedAt: this.now().toISOString(), totals: generator.totals() };
    const run: Run = { info, generator, stopRequested: false, ended: Promise.resolve() };
    run.ended = generator.done.then(
      (totals) => this.finish(run, { state: run.stopRequested ? 'stopped' : 'finished', totals, ...(run.stopReason ? { error: run.stopReason } : {}) }),
      (error: unknown) => this.finish(run, { state: 'failed', totals: generator.totals(), error: error instanceof Error ? error.message : String(error) }),
    );
    this.runs.set(runId, run);
    this.options.emit('traffic:run', structuredClone(info));
    return structuredClone(info);
  }

  /** Stops a run (a no-op for one that already ended) and answers once its last window is out; `reason` is shown with it. */
  async stop(runId: string, reason?: string): Promise<GeneratorRunInfo> {
    const run = this.run(runId);
    if (run.info.state === 'running') {
      run.stopRequested = true;
      if (reason !== undefined) run.stopReason = reason;
      run.generator.stop();
    }
    await run.ended;
    return structuredClone(run.info);
  }

  get(runId: string): GeneratorRunInfo {
    return structuredClone(this.run(runId).info);
  }

  /** Running and recently ended runs, oldest first. */
  list(): GeneratorRunInfo[] {
    return [...this.runs.values()].map((run) => structuredClone(run.info));
  }

  /** For shutdown (the app quits, the pane's owner goes away) or a lab that went away (`reason`). */
  async stopAll(reason?: string): Promise<void> {
    await Promise.all([...this.runs.keys()].map((runId) => this.stop(runId, reason)));
  }

  private run(runId: string): Run {
    const run = this.runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', `No traffic run "${runId}"; it may have ended a while ago. List the runs and pick one, or start a new one.`, { runId });
    return run;
  }

  private finish(run: Run, update: Pick<GeneratorRunInfo, 'state' | 'totals' | 'error'>): void {
    run.info = { ...run.info, ...update };
    if (update.error === undefined) delete run.info.error;
    this.options.emit('traffic:run', structuredClone(run.info));
    this.forgetOldRuns();
  }

  private forgetOldRuns(): void {
    const ended = [...this.runs.values()].filter((run) => run.info.state !== 'running');
    for (const run of ended.slice(0, Math.max(0, ended.length - this.keepEnded))) this.runs.delete(run.info.runId);
  }
}
